"""withdrawal_officials component: named officials and unnamed sources -> doc._.officials.

A thin shell: it collects hints from the statistical pipeline (sentences,
PERSON spans, other entities, coarse part of speech) and the places the
locations component found, and hands them with the text to the pure rules in
withdrawal_cli.officialtext. With the blank pipeline the hints are empty and
the rules read titles and capitalised names from the text alone.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from withdrawal_cli.extensions import doc_text
from withdrawal_cli.models import Mention, OfficialFact
from withdrawal_cli.officialtext import Official, find_officials, split_sentences, tokenize

@Language.factory("withdrawal_officials")
def make_component(nlp: Language, name: str):
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc._.officials = officials_of(doc)
        return doc


def officials_of(doc: Doc) -> list[OfficialFact]:
    text = doc_text(doc)
    toks = tokenize(text)  # once, for the sentences and the rules
    # evidence sentences: the model's; with the blank pipeline our own (its sentencizer breaks at "Lt.")
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if has_model(doc) else split_sentences(text, toks)
    has_ner = doc.has_annotation("ENT_IOB")
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    places = [(f.start, f.end) for f in (doc._.locations or [])]
    pos = {t.idx: t.pos_ for t in doc} if doc.has_annotation("POS") else None
    found = find_officials(text, persons=persons, places=places, pos=pos, has_ner=has_ner, toks=toks)
    return [_fact(text, official, sentences) for official in found]


def has_model(doc: Doc) -> bool:
    return doc.has_annotation("ENT_IOB") or doc.has_annotation("TAG")


def _fact(text: str, official: Official, sentences) -> OfficialFact:
    sentence = _sentence_text(text, official.start, sentences)
    return OfficialFact(
        text=official.text,
        start=official.start,
        end=official.end,
        sentence=sentence,
        name=official.name,
        title=official.title,
        affiliation=official.affiliation,
        mentions=[Mention(text=text[s:e], start=s, end=e) for s, e in official.mentions],
    )


def _sentence_text(text: str, pos: int, sentences) -> str:
    if sentences:
        for s, e in sentences:
            if s <= pos < e:
                return text[s:e].strip()
    for s, e in split_sentences(text):
        if s <= pos < e:
            return text[s:e].strip()
    return text[max(pos - 100, 0):pos + 100].strip()
