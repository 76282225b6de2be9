"""Extraction on several processes (`--jobs N`), and the ordered executor it shares with Dask.

Each worker process builds the pipeline once (pool initializer), then extracts
the batches of documents sent to it. Records come back to the parent in input
order, as soon as the batch they belong to is done, with a bounded number of
batches in flight: the input is never read ahead without limit, so memory stays
flat however many documents stream through.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator


@dataclass
class Ready:
    """A slot whose record is already known (an error record or a cache hit)."""

    record: Any


@dataclass
class Work:
    """A slot to extract: a loaded document and its cache key (None without a cache)."""

    raw: Any
    key: str | None = None


class _Batch:
    __slots__ = ("items", "future", "left")

    def __init__(self) -> None:
        self.items: list = []
        self.future = None
        self.left = 0  # records of this batch not yet yielded


class OrderedExecutor:
    """Run Work slots in batches through `submit`, yield every slot's record in slot order.

    `submit(list_of_raw)` returns a future-like object: `.result()` gives the
    list of records of that batch, `.done()` (optional) says whether it is ready.
    At most `max_in_flight` batches are out and at most `max_queued` slots wait
    for output; beyond that the executor waits for the head of the queue before
    reading more input, so input is consumed at the pace of output.
    """

    def __init__(self, submit: Callable[[list], Any], batch_size: int, max_in_flight: int, max_queued: int = 1024) -> None:
        self.submit = submit
        self.batch_size = max(1, batch_size)
        self.max_in_flight = max(1, max_in_flight)
        self.max_queued = max(1, max_queued)

    def run(self, slots: Iterable[Ready | Work]) -> Iterator[tuple[Any, Work | None]]:
        """(record, work slot) per input slot, in order; the work slot is None for Ready slots."""
        self._queue: deque = deque()  # (slot, batch or None, index in batch)
        self._in_flight = 0
        self._current = _Batch()
        for slot in slots:
            if isinstance(slot, Work):
                batch = self._current
                self._queue.append((slot, batch, len(batch.items)))
                batch.items.append(slot)
                if len(batch.items) >= self.batch_size:
                    self._submit_current()
            else:
                self._queue.append((slot, None, 0))
            yield from self._emit()
            while self._in_flight >= self.max_in_flight or len(self._queue) >= self.max_queued:
                yield from self._emit_head()
        self._submit_current()
        while self._queue:
            yield from self._emit_head()

    def _submit_current(self) -> None:
        batch = self._current
        if batch.items:
            batch.left = len(batch.items)
            batch.future = self.submit([w.raw for w in batch.items])
            self._in_flight += 1
            self._current = _Batch()

    def _emit(self):
        """Yield from the head of the queue while records are available without waiting."""
        while self._queue:
            slot, batch, _ = self._queue[0]
            if batch is not None:
                if batch.future is None:
                    return
                done = getattr(batch.future, "done", None)
                if done is None or not done():
                    return
            yield from self._emit_head()

    def _emit_head(self):
        """Yield the head slot's record, waiting for (or submitting) its batch if needed."""
        slot, batch, index = self._queue[0]
        if batch is None:
            self._queue.popleft()
            yield slot.record, None
            return
        if batch.future is None:  # the head is in the batch still being filled: send it now
            self._submit_current()
        records = batch.future.result()
        if len(records) != len(batch.items):
            raise RuntimeError(f"a batch of {len(batch.items)} documents came back with {len(records)} records")
        self._queue.popleft()
        batch.left -= 1
        if batch.left == 0:
            self._in_flight -= 1
            batch.future = _DoneFuture(())  # drop the results
        yield records[index], slot


class _DoneFuture:
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self):
        return self.value


class LazyFuture:
    """A future for the in-process engine: computed on the first `result()`."""

    __slots__ = ("_fn", "_args", "_value", "_done")

    def __init__(self, fn: Callable, *args) -> None:
        self._fn, self._args = fn, args
        self._value, self._done = None, False

    def done(self) -> bool:
        return self._done

    def result(self):
        if not self._done:
            self._value = self._fn(*self._args)
            self._done = True
            self._fn = self._args = None
        return self._value


# -- the process pool -------------------------------------------------------------------

_WORKER_EXTRACTOR = None


def _init_worker(options) -> None:
    """Pool initializer: build the pipeline once for the life of this worker process."""
    global _WORKER_EXTRACTOR
    from withdrawal_cli.extract import Extractor

    extractor = Extractor(options)
    extractor.nlp  # load now, not on the first batch
    _WORKER_EXTRACTOR = extractor


def _run_batch(raws: list) -> list[dict]:
    return [record.model_dump(mode="json") for record in _WORKER_EXTRACTOR.extract_batch(raws)]


def resolve_jobs(jobs: int | None) -> int:
    """--jobs value: 0 or negative means one per CPU core."""
    if jobs is None:
        return 1
    if jobs <= 0:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    return jobs


def _context():
    """fork on Linux when this process has no other thread (cheapest, and nothing to re-import);
    else forkserver (safe with threads; spaCy imported once in the server); else spawn."""
    import sys
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["spacy", "withdrawal_cli.parallel"])
        return context
    return multiprocessing.get_context("spawn")


class ProcessEngine:
    """Batches of documents extracted by `jobs` worker processes, each holding its own pipeline."""

    def __init__(self, worker_options, jobs: int, batch_size: int = 4) -> None:
        self.worker_options = worker_options
        self.jobs = jobs
        self.batch_size = batch_size
        # Batches out at once: one running and a few queued per worker, so a slow batch at the head
        # of the output order does not leave the other workers idle.
        self.max_in_flight = 4 * jobs
        self._pool = None

    def submit(self, raws: list):
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=_context(), initializer=_init_worker, initargs=(self.worker_options,)
            )
        return self._pool.submit(_run_batch, raws)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
