"""Blank out page chrome (widgets, sponsor lines, comment policies) before extraction.

Chrome is replaced by spaces of the same length instead of being cut out, so
character offsets of facts still point into the text the tool read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from withdrawal_cli.resources import check_choice, load_jsonl

SCOPES = ("line", "to_end")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    records = load_jsonl("chrome.jsonl", required=("pattern", "scope"), allowed=("why",))
    check_choice("chrome.jsonl", records, "scope", SCOPES)
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["scope"]) for r in records)


def chrome_line_scope(line: str) -> str | None:
    """'line' or 'to_end' when a stripped line is chrome, else None."""
    stripped = line.strip()
    if not stripped:
        return None
    for pattern, scope in _patterns():
        if pattern.fullmatch(stripped):
            return scope
    return None


def _blank(segment: str) -> str:
    return re.sub(r"[^\n]", " ", segment)


def mask_chrome(text: str) -> str:
    """The text with chrome lines blanked; same length, same newlines."""
    out: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        scope = chrome_line_scope(line)
        if scope == "to_end":
            out.append(_blank(text[offset:]))
            return "".join(out)
        out.append(_blank(line) if scope == "line" else line)
        offset += len(line)
    return "".join(out)
