"""withdrawal_dates component (stub: to be filled in)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("withdrawal_dates")
def make_component(nlp: Language, name: str):
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = []
        return doc
