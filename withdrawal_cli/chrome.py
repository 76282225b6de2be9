"""Blank out page chrome (widgets, sponsor lines, link lines, section labels, comment policies) before extraction.

Chrome is replaced by spaces of the same length instead of being cut out, so
character offsets of facts still point into the text the tool read.

Besides the line patterns of data/chrome.jsonl ("Related: ...", "Read more: ..." link lines among them), a
link list is chrome: a heading line ("Related coverage", "Read more:", "More on this story") and the run of short
bullet lines right under it ("- Convoy crosses the river", "» What the accord says"); bullets elsewhere (key
points written as sentences) stay. A
section line is chrome: short capitalised segments joined by separators, one of them a section label of
data/outlets.jsonl ("World | Middle East", "Outlet Name | Europe", "News › Africa"); at the top of the text a
label alone on its line is one too ("Middle East"). metadata.py still reads a masthead in such a line
(`is_section_line` tells it which blank lines were section lines).
"""

from __future__ import annotations

import re
from functools import lru_cache

from withdrawal_cli.resources import check_choice, load_jsonl

SCOPES = ("line", "to_end", "list")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    records = load_jsonl("chrome.jsonl", required=("pattern", "scope"), allowed=("why",))
    check_choice("chrome.jsonl", records, "scope", SCOPES)
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["scope"]) for r in records)


# A section line's separators: "|", "/" and "·" with spaces around them, "›", "»", ">" with or without.
SECTION_SEPARATOR = re.compile(r"\s+[|/·•]\s+|\s*[›»>]\s*")
SECTION_WORD = re.compile(r"[A-Z][\w'’.-]*|&|and|of|the")
SECTION_SEGMENT_WORDS = 3  # a section label is short
MASTHEAD_SEGMENT_WORDS = 5  # the first segment may be an outlet's name ("The Kabul Evening Standard | Asia")
HEADER_LABEL_LINES = 8  # non-blank lines at the top where a label alone on its line is chrome


@lru_cache(maxsize=1)
def _section_labels() -> frozenset[str]:
    records = load_jsonl("outlets.jsonl", required=("name",), allowed=("aliases", "kind", "self_mentions"))
    return frozenset(r["name"].lower() for r in records if r.get("kind") == "label")


def is_section_line(line: str, at_top: bool = False) -> bool:
    """'World | Middle East', 'Outlet Name | Europe', 'News › Africa'; at the top, a label alone ('Middle East').

    Every segment is a few capitalised words and one of them is a known section label, so a headline with an
    outlet suffix ('Troops leave the base | Example Monitor') is not one."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return False
    labels = _section_labels()
    parts = [p.strip() for p in SECTION_SEPARATOR.split(stripped)]
    if len(parts) == 1:
        return at_top and stripped.lower() in labels
    if not all(parts):
        return False
    for k, part in enumerate(parts):
        words = part.split()
        limit = MASTHEAD_SEGMENT_WORDS if k == 0 else SECTION_SEGMENT_WORDS
        if len(words) > limit or not all(SECTION_WORD.fullmatch(w) for w in words):
            return False
    return any(p.lower() in labels for p in parts)


def chrome_line_scope(line: str, at_top: bool = False) -> str | None:
    """'line', 'to_end' or 'list' (a link-list heading) when a stripped line is chrome, else None; `at_top`: the
    line is in the header."""
    stripped = line.strip()
    if not stripped:
        return None
    for pattern, scope in _patterns():
        if pattern.fullmatch(stripped):
            return scope
    if is_section_line(stripped, at_top):
        return "line"
    return None


# A link-list item: a bullet mark and a short headline (one sentence at most, a few words).
LINK_ITEM = re.compile(r"(?:[-–—•»·*▪►◦>]|\d{1,2}[.)])\s+(?P<headline>\S.*)")
LINK_ITEM_WORDS = 18


def is_link_item(line: str) -> bool:
    """'- Convoy crosses the river', '» What the accord says': a bullet and a headline-sized line."""
    m = LINK_ITEM.fullmatch(line.strip())
    if not m:
        return False
    headline = m.group("headline")
    if len(headline.split()) > LINK_ITEM_WORDS:
        return False
    return not re.search(r"[.!?][\"'”’]?\s+[A-Z\"“]", headline)  # two sentences: prose, not a headline


def _blank(segment: str) -> str:
    return re.sub(r"[^\n]", " ", segment)


def mask_chrome(text: str) -> str:
    """The text with chrome lines blanked; same length, same newlines."""
    out: list[str] = []
    offset = 0
    seen = 0  # non-blank lines so far
    in_list = False  # under a link-list heading: bullet headline lines are links
    for line in text.splitlines(keepends=True):
        if line.strip():
            seen += 1
        if in_list:
            if not line.strip():
                out.append(line)
                offset += len(line)
                continue
            if is_link_item(line):
                out.append(_blank(line))
                offset += len(line)
                continue
            in_list = False
        scope = chrome_line_scope(line, at_top=seen <= HEADER_LABEL_LINES)
        if scope == "list":
            in_list = True
        if scope == "to_end":
            out.append(_blank(text[offset:]))
            return "".join(out)
        out.append(_blank(line) if scope in ("line", "list") else line)
        offset += len(line)
    return "".join(out)
