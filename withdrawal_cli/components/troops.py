"""withdrawal_troops component: troop count facts (doc._.troop_counts).

A thin spaCy wrapper: the rules are pure functions in withdrawal_cli.troopcounts
(figures in withdrawal_cli.troopnumbers), which read the sentence boundaries and
the location and date facts written by the components that run before this one.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from withdrawal_cli.extensions import doc_text


@Language.factory("withdrawal_troops")
def make_component(nlp: Language, name: str):
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        from withdrawal_cli.troopcounts import find_troop_counts

        text = doc_text(doc)
        sentences = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(text))]
        doc._.troop_counts = find_troop_counts(
            text,
            sentences,
            locations=doc._.locations or (),
            dates=doc._.dates or (),
        )
        return doc
