"""Library entry point of `withdrawal extract`: inputs in, typed records out.

Nothing here prints. Records come out in input order, one per input: a
`DocumentResult`, or an `ErrorRecord` where the input could not be read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import deque
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator

from withdrawal_cli.errors import InputError, UsageError
from withdrawal_cli.reading import RawDocument, expand_paths, load_document


@dataclass(frozen=True)
class ExtractOptions:
    model: str | None = None
    published: dt.date | None = None  # overrides the text's own date line
    source: str | None = None  # overrides the outlet read from the text
    batch_size: int = 16


def parse_iso_date(value: str, option: str = "--published") -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not an ISO date (YYYY-MM-DD)") from None


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def error_record(error: InputError):
    from withdrawal_cli.models import ErrorDocument, ErrorInfo, ErrorRecord

    return ErrorRecord(document=ErrorDocument(path=error.path), error=ErrorInfo(code=error.code, message=error.message))


def iter_loaded(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[RawDocument | InputError]:
    """Each expanded input, loaded, or the error that stopped it: never dropped."""
    for path in expand_paths(list(paths)):
        try:
            yield load_document(path, stdin)
        except InputError as exc:
            yield exc


class Extractor:
    """Holds the loaded pipeline: build once, call `extract` for any number of inputs."""

    def __init__(self, options: ExtractOptions | None = None, nlp=None) -> None:
        from withdrawal_cli.pipeline import build_nlp, pipeline_info

        self.options = options or ExtractOptions()
        self.nlp = nlp if nlp is not None else build_nlp(self.options.model)
        self.pipeline_info = pipeline_info(self.nlp)

    def extract_paths(self, paths: Iterable[str], stdin: BinaryIO | None = None):
        return self.extract_loaded(iter_loaded(paths, stdin))

    def extract_loaded(self, items: Iterable[RawDocument | InputError]):
        """Records in input order; errors are held back until the documents before them are out."""
        pending: deque = deque()  # (number of documents sent before it, error)
        sent = 0

        def docs():
            nonlocal sent
            for item in items:
                if isinstance(item, InputError):
                    pending.append((sent, item))
                    continue
                sent += 1
                yield self._prepare(item)

        produced = 0
        for doc, context in self.nlp.pipe(docs(), as_tuples=True, batch_size=self.options.batch_size):
            while pending and pending[0][0] <= produced:
                yield error_record(pending.popleft()[1])
            yield self._result(doc, context)
            produced += 1
        while pending:
            yield error_record(pending.popleft()[1])

    def extract_text(self, text: str, path: str = "-"):
        """One text (no file I/O): handy for tests and library users."""
        return next(iter(self.extract_loaded([RawDocument(path=path, text=text)])))

    def _prepare(self, raw: RawDocument):
        from withdrawal_cli.chrome import mask_chrome
        from withdrawal_cli.metadata import read_metadata

        masked = mask_chrome(raw.text)
        meta = read_metadata(raw, masked)
        if self.options.published is not None:
            meta.published, meta.published_note = self.options.published, None
        if self.options.source is not None:
            meta.source = self.options.source
        doc = self.nlp.make_doc(masked)
        doc._.published = meta.published
        return doc, (raw, meta)

    def _result(self, doc, context):
        from withdrawal_cli.models import DocumentInfo, DocumentResult, PipelineInfo

        raw, meta = context
        facts = [*doc._.locations, *doc._.troop_counts, *doc._.officials, *doc._.dates]
        facts.sort(key=lambda f: (f.start, f.end))
        info = DocumentInfo(
            id=document_id(raw.text),
            path=raw.path,
            title=meta.title,
            source=meta.source,
            published=meta.published.isoformat() if meta.published else None,
            published_note=meta.published_note,
            pipeline=PipelineInfo(**self.pipeline_info),
        )
        return DocumentResult(document=info, facts=facts)


def extract(paths: Iterable[str], options: ExtractOptions | None = None, stdin: BinaryIO | None = None):
    """Extract facts from every input path (files, folders, '-'): one record per input, in order."""
    return Extractor(options).extract_paths(paths, stdin)
