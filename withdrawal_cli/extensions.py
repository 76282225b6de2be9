"""The one place that registers spaCy extension attributes.

Components read and write only these attributes, so the order of the pipeline
is the contract between them:
dates -> locations -> officials -> troop counts.
"""

from __future__ import annotations

from spacy.tokens import Doc

# (attribute, default): facts are lists of pydantic models from withdrawal_cli.models
DOC_EXTENSIONS = {
    "published": None,  # datetime.date or None: what relative dates resolve against
    "dates": None,  # list[DateFact]
    "locations": None,  # list[LocationFact]
    "officials": None,  # list[OfficialFact]
    "troop_counts": None,  # list[TroopCountFact]
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


_TEXT_KEY = "withdrawal.text"


def doc_text(doc: Doc) -> str:
    """doc.text, joined once per Doc: spaCy rejoins every token on each access, and four components read it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text `doc` was tokenized from (what doc.text would join) so components need not join it."""
    doc.user_data[_TEXT_KEY] = text

