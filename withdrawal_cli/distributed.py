"""Extraction on a Dask cluster (`--scheduler tcp://HOST:PORT` or $WITHDRAWAL_SCHEDULER).

This process reads the inputs (so reading errors are the same error records as
in a local run, and inputs need not be on a shared disk), checks the cache,
and sends the rest to the cluster in partitions of `partition_size`
documents. Each Dask worker builds the pipeline once and keeps it for every
later partition (a module-level cache in the worker process). Records come back
in input order, with a bounded number of partitions in flight, and stream out
as they arrive.

Dask is an optional extra (`pip install 'withdrawal[dask]'`), imported only here
and only when a scheduler is given. Workers need withdrawal (and its model)
installed too.
"""

from __future__ import annotations

import threading

from withdrawal_cli.errors import UsageError

EXTRA_HINT = "pip install 'withdrawal[dask]'"
CONNECT_TIMEOUT = "15s"

# In each Dask worker process: one Extractor per set of options, built on the first partition.
_EXTRACTORS: dict = {}
_LOCK = threading.Lock()


def _worker_extractor(options):
    with _LOCK:
        extractor = _EXTRACTORS.get(options)
        if extractor is None:
            from withdrawal_cli.extract import Extractor

            extractor = Extractor(options)
            extractor.nlp  # load now, once
            _EXTRACTORS[options] = extractor
        return extractor


def extract_partition(raws: list, options) -> list[dict]:
    """Runs on a Dask worker: the records (as JSON dicts) of one partition, in order."""
    extractor = _worker_extractor(options)
    # spaCy pipelines are not thread-safe: one partition at a time per worker process.
    with _LOCK:
        return [record.model_dump(mode="json") for record in extractor.extract_batch(raws)]


def connect(address: str):
    """A Dask Client for `address`; one-line errors for a missing extra or an unreachable scheduler."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(f"--scheduler needs Dask, which is not installed: {EXTRA_HINT}") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"--scheduler: cannot connect to the Dask scheduler at {address}: {reason}") from None


class DaskEngine:
    """Partitions of documents extracted by the workers of a Dask cluster."""

    def __init__(self, address: str, worker_options, partition_size: int = 16) -> None:
        self.address = address
        self.worker_options = worker_options
        self.batch_size = max(1, partition_size)
        # Connect now, so a bad address fails before any output.
        self._client = connect(address)
        threads = sum(self._client.nthreads().values()) or 1
        # Enough partitions in flight to keep every worker thread busy, and one more each queued.
        self.max_in_flight = 2 * threads

    def submit(self, raws: list):
        return self._client.submit(extract_partition, raws, self.worker_options, pure=False)

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # closing is best effort
                pass
            self._client = None
