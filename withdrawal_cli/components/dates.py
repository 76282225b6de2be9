"""withdrawal_dates: date facts (absolute and relative) written to doc._.dates.

Spans come from our own grammar (`withdrawal_cli.datetext`, so the `blank`
pipeline finds dates too) plus the statistical NER's DATE entities; each span
is normalised on its own. Relative expressions resolve against
doc._.published, which extract.py sets from the document metadata.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from withdrawal_cli.datetext import DateMatch, dateparser_span, scan
from withdrawal_cli.extensions import doc_text


@Language.factory("withdrawal_dates")
def make_component(nlp: Language, name: str):
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = date_facts(doc)
        return doc


def date_matches(doc: Doc) -> list[DateMatch]:
    """Our grammar's matches, plus NER DATE entities it did not see at all that dateparser can read.

    Spans the grammar saw and rejected ("the Sept. 11 attacks", "Friday prayers") stay rejected.
    """
    matches, rejected = scan(doc_text(doc), doc._.published)
    taken = [(m.start, m.end) for m in matches] + rejected
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        s, e = ent.start_char, ent.end_char
        if any(s < b and e > a for a, b in taken):
            continue
        parsed = dateparser_span(ent.text, doc._.published)
        if parsed is None:
            continue
        matches.append(DateMatch(s, e, ent.text, parsed.value, parsed.granularity, parsed.relative))
        taken.append((s, e))
    matches.sort(key=lambda m: (m.start, m.end))
    return matches


def sentence_of(doc: Doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    text = doc_text(doc)
    if span is None:
        return text[start:end]
    try:
        return span.sent.text.strip()
    except ValueError:  # no sentence boundaries set
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        return text[line_start : line_end if line_end != -1 else len(text)].strip()


def date_facts(doc: Doc) -> list:
    from withdrawal_cli.models import DateFact

    return [
        DateFact(
            text=m.text,
            start=m.start,
            end=m.end,
            sentence=sentence_of(doc, m.start, m.end),
            value=m.value,
            granularity=m.granularity,
            relative=m.relative,
        )
        for m in date_matches(doc)
    ]
