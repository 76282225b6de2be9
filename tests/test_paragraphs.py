"""Line structure decides sentence starts before the statistical splitter."""

from __future__ import annotations

import re

import pytest

from withdrawal_cli.components.paragraphs import line_break_starts


def starts_of(text: str) -> list[str]:
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    return [tokens[i][1] for i in line_break_starts(text, [offset for offset, _ in tokens])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Troops leave Kabul\n\nThe last soldiers left.", ["The"]),
        ("Headline here\n2025-10-01\nRudaw\nERBIL - The coalition left.", ["2025-10-01", "Rudaw", "ERBIL"]),
        ("The ministry said so.\nIraqi officials agreed.", ["Iraqi"]),
        ("the forces that were\nwithdrawn from the base", []),
        ("One sentence continues on a very long wrapped line that goes past the header limit of a hundred chars\nAnd more", []),
        ("No line breaks here. None at all.", []),
        ("Troops left the base.\n", []),
        ("Headline\n \n  body text after a blank line.", ["body"]),
        ("Short label,\nAnd a new line.", ["And"]),
        ("A long sentence that breaks after a comma, which no header line of a news article would ever do in practice,\n"
         "And goes on.", []),
        ("A line that is a wrapped sentence of well over one hundred characters in length, so it is no header at all\n"
         "Then a capital.", []),
    ],
)
def test_line_break_starts(text, expected):
    assert starts_of(text) == expected


def test_pipeline_splits_header_lines(nlp):
    doc = nlp("US troops leave Baghdad\n\n01-10-2025\nRudaw\n\nERBIL - The coalition will reduce its mission.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences[0] == "US troops leave Baghdad"
    assert "ERBIL - The coalition will reduce its mission." in sentences
