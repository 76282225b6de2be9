"""Turn input paths into decoded article texts.

Pure I/O and decoding: no spaCy here. Every input yields either a
`RawDocument` or an `InputError` carrying its path and an error code, so a
batch never loses an input silently.
"""

from __future__ import annotations

import os
import re
import sys
from html import unescape as html_unescape
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from withdrawal_cli.errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
STDIN = "-"


@dataclass
class RawDocument:
    path: str
    text: str
    is_html: bool = False
    # What an HTML extractor found in the page's own markup.
    html_title: str | None = None
    html_date: str | None = None
    html_site: str | None = None
    extra: dict = field(default_factory=dict)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given, folders recursively (sorted, article suffixes only), '-' kept.

    A path that does not exist is passed on unchanged so that reading it
    produces a `not_found` error record in its place.
    """
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not _hidden(p, path)
            )
            yield from (str(p) for p in found)
        else:
            yield raw


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_bytes(path: str, stdin: BinaryIO | None = None) -> bytes:
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    p = Path(path)
    if not p.exists():
        raise InputError(path, "not_found", "no such file or folder")
    if p.is_dir():
        raise InputError(path, "not_a_file", "is a folder with no articles")
    try:
        return p.read_bytes()
    except PermissionError:
        raise InputError(path, "unreadable", "permission denied") from None
    except OSError as exc:
        raise InputError(path, "unreadable", exc.strerror or str(exc)) from None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first few KiB: not an article."""
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too; let the decoder try it when it has a BOM.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(8, len(head) // 20)


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), else what charset detection finds, else an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "undecodable", "bytes are not text in any encoding that could be detected")
    return str(best)


def looks_html(path: str, text: str) -> bool:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in HTML_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def extract_html(path: str, html: str) -> RawDocument:
    """Body text and metadata through trafilatura, a real article extractor."""
    import trafilatura

    # trafilatura drops a <time> element with its text ("left on <time>4 May</time>" -> "left on"): move the text
    # after the element, which keeps its datetime attribute for the date metadata
    kept = _TIME_TAG.sub(lambda m: f"<time{m.group(1)}></time>{m.group(2)}", html)
    extracted = trafilatura.bare_extraction(kept, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None:
        raise InputError(path, "no_article", "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(path, "no_article", "no article text found in the HTML")
    text = _with_shown_date(text, html, data.get("date"))
    return RawDocument(
        path=path,
        text=text,
        is_html=True,
        html_title=data.get("title") or None,
        html_date=data.get("date") or None,
        html_site=data.get("sitename") or None,
    )


_TIME_TAG = re.compile(r"<time\b([^>]*)>(.*?)</time>", re.IGNORECASE | re.DOTALL)
_DATETIME_ATTR = re.compile(r"""datetime\s*=\s*["']?(\d{4}-\d{2}-\d{2})""", re.IGNORECASE)


def _with_shown_date(text: str, html: str, published: str | None) -> str:
    """The page shows its publication date in a <time> element (a byline), which trafilatura drops with its
    text: put that text back as a line after the headline, so the date the page shows is a date in the text."""
    if not published:
        return text
    for m in _TIME_TAG.finditer(html):
        attr = _DATETIME_ATTR.search(m.group(1))
        shown = html_unescape(re.sub(r"<[^>]+>", " ", m.group(2)))
        shown = re.sub(r"\s+", " ", shown).strip()
        if attr and attr.group(1) == published[:10] and re.search(r"\d", shown) and len(shown) <= 60:
            if shown in text:
                return text
            head, sep, rest = text.partition("\n")
            return f"{head}\n{shown}\n{rest}" if sep else f"{text}\n{shown}"
    return text


def load_document(path: str, stdin: BinaryIO | None = None) -> RawDocument:
    """Read, sniff and decode one input; raise InputError with a code on failure."""
    data = read_bytes(path, stdin)
    if not data.strip():
        raise InputError(path, "empty", "is empty")
    if looks_binary(data):
        raise InputError(path, "binary", "looks like a binary file, not text")
    text = decode(data, path)
    if not text.strip():
        raise InputError(path, "empty", "contains only blank text")
    if "\ufffd" in text and text.count("\ufffd") > max(8, len(text) // 50):
        raise InputError(path, "undecodable", "bytes could not be decoded as text")
    if looks_html(path, text):
        return extract_html(path, text)
    return RawDocument(path=path, text=text)
