"""Document metadata read from the text itself: title, source (outlet), publication date.

(stub: to be filled in)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from withdrawal_cli.reading import RawDocument


@dataclass
class DocumentMeta:
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_note: str | None = None


def read_metadata(raw: RawDocument, text: str) -> DocumentMeta:
    """Metadata of one article; `text` is the chrome-masked text (same offsets as raw.text)."""
    title = raw.html_title
    if title is None:
        first = next((line.strip() for line in text.splitlines() if line.strip()), None)
        title = first
    published = None
    if raw.html_date:
        try:
            published = dt.date.fromisoformat(raw.html_date[:10])
        except ValueError:
            published = None
    return DocumentMeta(title=title, source=raw.html_site, published=published)
