"""Library entry point of `withdrawal extract`: inputs in, typed records out.

Nothing here prints. Records come out in input order, one per input: a
`DocumentResult`, or an `ErrorRecord` where the input could not be read.

Where the work runs is chosen by the options: in this process (default), on
`jobs` worker processes (parallel.py), or on a Dask cluster (`scheduler`,
distributed.py). With `cache` on, results are looked up by content hash first
(cache.py) and only the misses are extracted; the pipeline is loaded only when
some input needs it. All paths give the same records in the same order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, replace
from typing import BinaryIO, Iterable, Iterator

from withdrawal_cli.errors import InputError, UsageError
from withdrawal_cli.reading import RawDocument, expand_paths, load_document

SCHEDULER_ENV = "WITHDRAWAL_SCHEDULER"


@dataclass(frozen=True)
class ExtractOptions:
    model: str | None = None
    published: dt.date | None = None  # overrides the text's own date line
    source: str | None = None  # overrides the outlet read from the text
    batch_size: int = 16
    jobs: int = 1  # worker processes; 0 = one per core
    cache: bool = False  # look results up in / store them to the result cache
    cache_dir: str | None = None  # default: $WITHDRAWAL_CACHE_DIR or the user cache dir
    scheduler: str | None = None  # Dask scheduler address (tcp://host:port)
    partition_size: int = 16  # documents per Dask task


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


def predicted_pipeline_info(model: str | None) -> dict | None:
    """What `pipeline_info` will say once the model is loaded, read without importing spaCy.

    Reads the model's meta.json (installed package or folder). None if it cannot
    be predicted; the caller then loads the model to find out.
    """
    from withdrawal_cli import RULES_VERSION, __version__
    from withdrawal_cli.pipeline import BLANK, resolve_model

    choice = resolve_model(model)
    info = {"model": choice.label, "model_version": None, "withdrawal_version": __version__, "rules_version": RULES_VERSION}
    if choice.name == BLANK:
        return info
    if os.path.isdir(choice.name):
        folder = choice.name
    else:
        import importlib.util

        spec = importlib.util.find_spec(choice.name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        if not locations:
            return None
        folder = locations[0]
    try:
        with open(os.path.join(folder, "meta.json"), encoding="utf-8") as handle:
            info["model_version"] = json.load(handle).get("version")
    except (OSError, ValueError):
        return None
    return info


class Extractor:
    """Holds the pipeline (loaded on first need): build once, extract any number of inputs."""

    def __init__(self, options: ExtractOptions | None = None, nlp=None) -> None:
        from withdrawal_cli.pipeline import resolve_model

        self.options = options or ExtractOptions()
        self._nlp = nlp
        if nlp is None:
            resolve_model(self.options.model)  # a missing model fails here, before any output
        self._cache = None
        self._pipeline_info: dict | None = None

    # -- the pipeline, loaded lazily -------------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            from withdrawal_cli.pipeline import build_nlp

            self._nlp = build_nlp(self.options.model)
        return self._nlp

    @property
    def pipeline_info(self) -> dict:
        if self._pipeline_info is None:  # fixed once the pipeline is loaded; every record carries it
            from withdrawal_cli.pipeline import pipeline_info

            self._pipeline_info = pipeline_info(self.nlp)
        return dict(self._pipeline_info)

    def _key_pipeline_info(self) -> dict:
        """Pipeline info for the cache key, without loading the model when it can be helped."""
        if self._nlp is None:
            predicted = predicted_pipeline_info(self.options.model)
            if predicted is not None:
                return predicted
        return self.pipeline_info

    @property
    def cache(self):
        """The ResultCache when options.cache is on, else None."""
        if self.options.cache and self._cache is None:
            from withdrawal_cli.cache import ResultCache

            published = self.options.published.isoformat() if self.options.published else None
            self._cache = ResultCache(
                self.options.cache_dir,
                pipeline=self._key_pipeline_info(),
                options={"published": published, "source": self.options.source},
            )
        return self._cache

    # -- extraction ------------------------------------------------------------------------------
    def extract_paths(self, paths: Iterable[str], stdin: BinaryIO | None = None):
        return self.extract_loaded(iter_loaded(paths, stdin))

    def extract_loaded(self, items: Iterable[RawDocument | InputError]) -> Iterator:
        """One record per item, in input order, streamed as each document finishes."""
        from withdrawal_cli.parallel import OrderedExecutor, Ready, Work

        cache = self.cache

        def slots():
            for item in items:
                if isinstance(item, InputError):
                    yield Ready(error_record(item))
                    continue
                key = None
                if cache is not None:
                    key = cache.key(item)
                    hit = cache.get(key, item.path)
                    if hit is not None:
                        yield Ready(hit)
                        continue
                yield Work(item, key)

        engine = self._engine()
        executor = OrderedExecutor(engine.submit, engine.batch_size, engine.max_in_flight)
        try:
            for record, work in executor.run(slots()):
                if work is not None:
                    if cache is not None and work.key is not None:
                        cache.put(work.key, record)
                    if isinstance(record, dict):  # from a worker process or a Dask worker
                        from withdrawal_cli.models import DocumentResult

                        record = DocumentResult.model_validate(record)
                yield record
        finally:
            engine.close()

    def extract_batch(self, raws: list[RawDocument]) -> list:
        """DocumentResults of loaded documents, in this process."""
        prepared = [self._prepare(raw) for raw in raws]
        return [self._result(doc, context) for doc, context in self.nlp.pipe(prepared, as_tuples=True, batch_size=self.options.batch_size)]

    def extract_text(self, text: str, path: str = "-"):
        """One text (no file I/O): handy for tests and library users."""
        return next(iter(self.extract_loaded([RawDocument(path=path, text=text)])))

    def _engine(self):
        options = self.options
        model = options.model
        if model is None and self._nlp is not None:
            # Workers build their own pipeline: the same one as the pipeline we were given.
            model = self._nlp.meta.get("withdrawal_label") or None
        worker_options = replace(options, model=model, jobs=1, cache=False, scheduler=None)
        if options.scheduler:
            from withdrawal_cli.distributed import DaskEngine

            return DaskEngine(options.scheduler, worker_options, options.partition_size)
        from withdrawal_cli.parallel import ProcessEngine, resolve_jobs

        jobs = resolve_jobs(options.jobs)
        if jobs > 1:
            return ProcessEngine(worker_options, jobs)
        return _LocalEngine(self)

    def _prepare(self, raw: RawDocument):
        from withdrawal_cli.chrome import mask_chrome
        from withdrawal_cli.extensions import remember_text
        from withdrawal_cli.metadata import read_metadata

        masked = mask_chrome(raw.text)
        meta = read_metadata(raw, masked)
        if self.options.published is not None:
            meta.published, meta.published_note = self.options.published, None
        if self.options.source is not None:
            meta.source = self.options.source
        doc = self.nlp.make_doc(masked)
        remember_text(doc, masked)  # the tokenizer keeps every character, so doc.text == masked
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


class _LocalEngine:
    """In this process: a batch is extracted when its first record is asked for."""

    max_in_flight = 1

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self.batch_size = extractor.options.batch_size

    def submit(self, raws: list):
        from withdrawal_cli.parallel import LazyFuture

        return LazyFuture(self.extractor.extract_batch, raws)

    def close(self) -> None:
        pass


def extract(paths: Iterable[str], options: ExtractOptions | None = None, stdin: BinaryIO | None = None):
    """Extract facts from every input path (files, folders, '-'): one record per input, in order."""
    return Extractor(options).extract_paths(paths, stdin)
