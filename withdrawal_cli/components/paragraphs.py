"""withdrawal_paragraphs: line structure sets sentence starts before the statistical splitter runs.

News texts put headlines, date lines, captions and paragraphs on lines of their
own; the statistical sentence splitter often runs them together, so evidence
"sentences" became whole paragraphs. A token after a line break starts a
sentence when the break clearly ends one. The splitter keeps boundaries already
set (it only fills in the undecided tokens).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from withdrawal_cli.extensions import doc_text, token_starts

SENTENCE_END = tuple('.!?:;"\u201d\u2019)]')
# A line without final punctuation this short is a headline, date line or label, not a wrapped sentence.
MAX_HEADER_LINE = 100


def line_break_starts(text: str, token_starts: list[tuple[int, str]]) -> list[int]:
    """Indexes of tokens that start a sentence because of the line break before them.

    token_starts: (character offset, token text) of every token, in order. Only the gap since the
    previous token and the line before it are read, so the cost is linear in the text.
    """
    starts = []
    line_start = 0  # where the line holding the previous token begins
    for i in range(1, len(token_starts)):
        offset, token = token_starts[i]
        if not token.strip():
            continue
        prev_offset, prev_token = token_starts[i - 1]
        prev_end = prev_offset + len(prev_token)
        if not prev_token.strip():  # a whitespace token: the gap runs back to the last word
            j = i - 1
            while j > 0 and not token_starts[j][1].strip():
                j -= 1
            prev_offset, prev_token = token_starts[j]
            prev_end = prev_offset + len(prev_token) if prev_token.strip() else 0
        gap = text[prev_end:offset]
        newline = gap.find("\n")
        if newline < 0:
            continue
        line = text[line_start:prev_end].strip()
        line_start = prev_end + gap.rfind("\n") + 1
        if gap.count("\n") >= 2 or prev_end == 0:
            starts.append(i)
            continue
        if not (token[0].isupper() or token[0].isdigit() or token[0] in "\"\u201c'\u2018(-\u2013\u2014\u25c6\u2022"):
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
        starts = line_break_starts(text, token_starts(doc))
        for i in starts:
            doc[i].is_sent_start = True
        return doc
