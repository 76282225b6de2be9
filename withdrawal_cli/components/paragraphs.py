"""withdrawal_paragraphs: line structure sets sentence starts before the statistical splitter runs.

News texts put headlines, date lines, captions and paragraphs on lines of their
own; the statistical sentence splitter often runs them together, so evidence
"sentences" became whole paragraphs. A token after a line break starts a
sentence when the break clearly ends one. The splitter keeps boundaries already
set (it only fills in the undecided tokens).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from withdrawal_cli.extensions import doc_text

SENTENCE_END = tuple('.!?:;"\u201d\u2019)]')
# A line without final punctuation this short is a headline, date line or label, not a wrapped sentence.
MAX_HEADER_LINE = 100


# The whitespace between two tokens when it holds a line break: the gap before a line's first token.
_LINE_GAP = re.compile(r"\s*\n\s*")


def line_break_starts(text: str, token_offsets: Sequence[int]) -> list[int]:
    """Indexes of tokens that start a sentence because of the line break before them.

    token_offsets: the character offset of every token, in order (whitespace tokens included or not). Only the
    gaps that hold a line break are visited, and for each only the line before it is read.
    """
    starts = []
    line_start = 0  # where the line holding the previous token begins
    for gap in _LINE_GAP.finditer(text):
        prev_end, offset, blank = gap.start(), gap.end(), gap.group()
        if offset == len(text):
            break  # no token after the last line break
        i = bisect.bisect_left(token_offsets, offset)
        if i == 0 or i == len(token_offsets) or token_offsets[i] != offset:
            continue  # the first token, or not a token start (cannot happen after whitespace)
        line = text[line_start:prev_end].strip()
        line_start = prev_end + blank.rfind("\n") + 1
        if blank.count("\n") >= 2 or prev_end == 0:
            starts.append(i)
            continue
        first = text[offset]
        if not (first.isupper() or first.isdigit() or first in "\"\u201c'\u2018(-\u2013\u2014\u25c6\u2022"):
            continue
        if line.endswith(SENTENCE_END) or len(line) <= MAX_HEADER_LINE:
            starts.append(i)
    return starts


@Language.factory("withdrawal_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return ParagraphBoundaries()


class ParagraphBoundaries:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if "\n" not in text:
            return doc
        starts = line_break_starts(text, doc.to_array(IDX).tolist())
        for i in starts:
            doc[i].is_sent_start = True
        return doc
