"""Read-side input of compare-sources, query and export: articles or extraction output.

Every input is one of
- extraction output of `withdrawal extract` (JSON Lines, or a JSON array / one
  object), recognised by its `.json`/`.jsonl` suffix or by content that starts
  with `{` or `[`; its records are passed through without re-running the pipeline;
- an article (anything else), run through the extractor, which is loaded only
  if some input needs it.

Records come out as plain dicts in the extract contract, in input order, and
stream: JSON Lines input is read a line at a time.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from withdrawal_cli.errors import InputError, MalformedInputError
from withdrawal_cli.reading import STDIN, expand_paths

JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}


def _expand(paths: Iterable[str]) -> Iterator[str]:
    """Like reading.expand_paths, but folders also yield extraction .json/.jsonl files."""
    for raw in paths:
        p = Path(raw)
        if raw != STDIN and p.is_dir():
            yield from expand_paths([raw])
            yield from (str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in JSON_SUFFIXES)
        else:
            yield raw


def _check_record(record, path: str, lineno: int) -> dict:
    if not isinstance(record, dict) or "document" not in record or not ("facts" in record or "error" in record):
        raise MalformedInputError(path, "malformed_json", f"line {lineno}: not a `withdrawal extract` record")
    return record


def iter_json_records(lines: Iterable[str], path: str) -> Iterator[dict]:
    """Records from JSON Lines, a JSON array or one JSON object; errors name file and line."""
    it = iter(lines)
    first = ""
    lineno = 0
    for first in it:
        lineno += 1
        if first.strip():
            break
    else:
        return
    if first.lstrip().startswith("["):
        text = first + "".join(it)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedInputError(path, "malformed_json", f"line {lineno + exc.lineno - 1}: {exc.msg}") from None
        if isinstance(data, dict):
            data = data.get("documents", [data])
        for record in data:
            yield _check_record(record, path, lineno)
        return
    # JSON Lines: every non-blank line is one record.
    for number, line in enumerate(_chain(first, it), start=lineno):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedInputError(path, "malformed_json", f"line {number}: {exc.msg}") from None
        yield _check_record(record, path, number)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


@dataclass
class JsonInput:
    lines: Iterator[str]
    path: str


@dataclass
class ArticleInput:
    path: str
    data: bytes | None = None  # already read (stdin); None: read the file when its turn comes


def looks_like_json_path(path: str) -> bool:
    return Path(path).suffix.lower() in JSON_SUFFIXES


class RecordReader:
    """Turns input paths into extract records, building the extractor only when an article needs it."""

    def __init__(self, extract_options=None, stdin: BinaryIO | None = None) -> None:
        self.extract_options = extract_options
        self.stdin = stdin
        self._extractor = None

    @property
    def extractor(self):
        if self._extractor is None:
            from withdrawal_cli.extract import Extractor

            self._extractor = Extractor(self.extract_options)
        return self._extractor

    def __call__(self, paths: Iterable[str]) -> Iterator[dict]:
        articles: list = []  # a run of consecutive article inputs, piped together
        for path in _expand(paths):
            item = self._classify(path)
            if isinstance(item, JsonInput):
                yield from self._flush(articles)
                try:
                    yield from iter_json_records(item.lines, item.path)
                except MalformedInputError as exc:
                    # the records before the bad line are out; the bad file is one error record, the rest go on
                    yield error_dict(exc)
            else:
                articles.append(item)
        yield from self._flush(articles)

    def _flush(self, articles: list) -> Iterator[dict]:
        if not articles:
            return
        batch = list(articles)
        articles.clear()
        for record in self.extractor.extract_loaded(self._load(batch)):
            yield record.model_dump(mode="json")

    def _load(self, batch: list):
        from withdrawal_cli.reading import load_document

        for item in batch:
            if isinstance(item, InputError):
                yield item
                continue
            try:
                stdin = None if item.data is None else io.BytesIO(item.data)
                yield load_document(item.path, stdin)
            except InputError as exc:
                yield exc

    def _classify(self, path: str):
        """JsonInput for extraction output, ArticleInput for an article, InputError if unopenable."""
        if path == STDIN:
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            first = stream.readline()
            while first and not first.strip():
                first = stream.readline()
            if first.lstrip().startswith((b"{", b"[")):
                text = io.TextIOWrapper(stream, encoding="utf-8")
                return JsonInput(_chain(first.decode("utf-8"), text), "<stdin>")
            return ArticleInput(path, first + stream.read())
        if looks_like_json_path(path):
            try:
                handle = open(path, encoding="utf-8")
            except FileNotFoundError:
                return InputError(path, "not_found", "no such file or folder")
            except OSError as exc:
                return InputError(path, "unreadable", exc.strerror or str(exc))
            return JsonInput(_lines_then_close(handle), path)
        return ArticleInput(path)


def error_dict(error: InputError) -> dict:
    """The extract contract's error record for an input that could not be read."""
    from withdrawal_cli import SCHEMA_VERSION

    return {"schema_version": SCHEMA_VERSION, "document": {"path": error.path}, "error": {"code": error.code, "message": error.message}}


def _lines_then_close(handle) -> Iterator[str]:
    with handle:
        yield from handle


def read_records(paths: Iterable[str], extract_options=None, stdin: BinaryIO | None = None) -> Iterator[dict]:
    """Extract records (dicts) from articles and/or extraction output, in input order."""
    return RecordReader(extract_options, stdin)(paths)
