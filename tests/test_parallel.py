"""--jobs N: identical records in input order; the ordered executor streams with bounded read-ahead."""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from typer.testing import CliRunner

from withdrawal_cli.extract import ExtractOptions, Extractor
from withdrawal_cli.parallel import LazyFuture, OrderedExecutor, Ready, Work, resolve_jobs

from conftest import SEEDS

runner = CliRunner()
SEED_FILES = sorted(str(p) for p in SEEDS.glob("*.txt"))


def dumps(records) -> list[dict]:
    return [r.model_dump(mode="json") for r in records]


# -- the ordered executor, with a fake engine ---------------------------------------------------


def slots_of(spec: str):
    """'WWRW...': W = work item n, R = ready item n (n = position)."""
    return [Work(raw=n) if c == "W" else Ready(record=("ready", n)) for n, c in enumerate(spec)]


def expected_of(spec: str):
    return [("done", n) if c == "W" else ("ready", n) for n, c in enumerate(spec)]


class ThreadEngine:
    """Batches done on threads after random delays, so they finish out of order."""

    def __init__(self, workers=3, seed=0):
        self.pool = ThreadPoolExecutor(workers)
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.batches = []

    def submit(self, raws):
        with self.lock:
            delay = self.rng.random() * 0.01
            self.batches.append(list(raws))

        def work():
            time.sleep(delay)
            return [("done", raw) for raw in raws]

        return self.pool.submit(work)


@pytest.mark.parametrize(
    "spec",
    ["", "W", "R", "WWWWWWWWWWW", "RRRRR", "WRWRWWRRRWWWWWWRW", "RRRWWWWWWWWWWWWWWWWWWWWWWWRRR" * 3],
)
@pytest.mark.parametrize("batch_size,in_flight", [(1, 1), (3, 2), (4, 6)])
def test_records_come_out_in_input_order(spec, batch_size, in_flight):
    engine = ThreadEngine()
    out = list(OrderedExecutor(engine.submit, batch_size, in_flight).run(slots_of(spec)))
    assert [record for record, _ in out] == expected_of(spec)
    assert all((work is None) == (c == "R") for (_, work), c in zip(out, spec))
    assert all(len(b) <= batch_size for b in engine.batches)
    assert sorted(raw for b in engine.batches for raw in b) == [n for n, c in enumerate(spec) if c == "W"]


def test_input_is_read_at_the_pace_of_output():
    """An endless input: records stream out, and read-ahead stays bounded."""
    pulled = 0

    def endless():
        nonlocal pulled
        for n in itertools.count():
            pulled += 1
            yield Work(raw=n) if n % 5 else Ready(record=("ready", n))

    engine = ThreadEngine()
    run = OrderedExecutor(engine.submit, batch_size=4, max_in_flight=2, max_queued=50).run(endless())
    first = [record for record, _ in itertools.islice(run, 200)]
    assert first[:6] == [("ready", 0), ("done", 1), ("done", 2), ("done", 3), ("done", 4), ("ready", 5)]
    assert len(first) == 200
    assert pulled <= 200 + 50 + 2 * 4  # output + queue bound + batches in flight


def test_ready_records_do_not_pile_up_behind_nothing():
    """All-ready input (every document cached) streams without touching the engine."""
    calls = []
    run = OrderedExecutor(lambda raws: calls.append(raws), batch_size=16, max_in_flight=1).run(
        Ready(record=n) for n in itertools.count()
    )
    assert [r for r, _ in itertools.islice(run, 1000)] == list(range(1000))
    assert calls == []


def test_lazy_future_computes_once():
    calls = []
    future = LazyFuture(lambda x: calls.append(x) or [x], 7)
    assert not future.done()
    assert future.result() == [7] and future.result() == [7]
    assert future.done() and calls == [7]


def test_a_short_batch_is_an_error_not_a_silent_shift():
    run = OrderedExecutor(lambda raws: LazyFuture(lambda: raws[:-1]), batch_size=2, max_in_flight=1).run(slots_of("WW"))
    with pytest.raises(RuntimeError, match="came back with 1 records"):
        list(run)


def test_resolve_jobs():
    assert resolve_jobs(None) == 1
    assert resolve_jobs(3) == 3
    assert resolve_jobs(0) >= 1


# -- real worker processes ------------------------------------------------------------------------


@pytest.mark.slow
def test_jobs_2_equals_local_run_with_errors_in_place(extractor, tmp_path):
    missing = str(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    inputs = [SEED_FILES[3], missing, *SEED_FILES, str(empty), SEED_FILES[0]]
    local = dumps(extractor.extract_paths(inputs))
    parallel = Extractor(ExtractOptions(jobs=2))
    got = dumps(parallel.extract_paths(inputs))
    assert got == local
    assert [r["document"]["path"] for r in got] == inputs
    assert got[1]["error"]["code"] == "not_found" and got[-2]["error"]["code"] == "empty"
    assert parallel._nlp is None  # the parent never loaded the pipeline


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_every_start_method_gives_the_local_records(blank_nlp, monkeypatch, method):
    import multiprocessing

    from withdrawal_cli import parallel

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available here")
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context(method))
    inputs = SEED_FILES * 2
    local = dumps(Extractor(ExtractOptions(model="blank"), nlp=blank_nlp).extract_paths(inputs))
    assert dumps(Extractor(ExtractOptions(model="blank", jobs=2)).extract_paths(inputs)) == local


def test_start_method_is_fork_only_without_threads():
    import threading

    from withdrawal_cli.parallel import _context

    assert _context().get_start_method() in ("fork", "forkserver", "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _context().get_start_method() != "fork"
    finally:
        stop.set()
        thread.join()


@pytest.mark.slow
def test_cli_jobs_2_output_is_identical_to_jobs_1():
    from withdrawal_cli.cli.app import app

    args = ["extract", "--format", "jsonl", "--model", "blank", "--no-cache", *SEED_FILES * 3]
    one = runner.invoke(app, [*args, "--jobs", "1"])
    two = runner.invoke(app, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    assert [json.loads(line)["document"]["path"] for line in two.stdout.splitlines()] == SEED_FILES * 3


def test_cli_rejects_negative_jobs():
    from withdrawal_cli.cli.app import app

    result = runner.invoke(app, ["extract", "--model", "blank", "--jobs", "-1", SEED_FILES[0]])
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_cli_output_dir_writes_numbered_parts_in_order(tmp_path):
    from withdrawal_cli.cli.app import app

    missing = str(tmp_path / "missing.txt")
    args = ["extract", "--model", "blank", "--no-cache", *SEED_FILES, missing]
    streamed = runner.invoke(app, [*args, "--format", "jsonl"])
    out = tmp_path / "parts"
    result = runner.invoke(app, [*args, "--output-dir", str(out), "--partition-size", "4"])
    assert result.exit_code == streamed.exit_code == 1  # the missing file, reported as in a streamed run
    assert "missing.txt" in result.stderr and "wrote 6 records to 2 part files" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.jsonl", "part-00001.jsonl"]
    assert (out / "part-00000.jsonl").read_text() + (out / "part-00001.jsonl").read_text() == streamed.stdout
    assert result.stdout == ""


def test_cli_output_dir_is_json_lines_only(tmp_path):
    from withdrawal_cli.cli.app import app

    result = runner.invoke(app, ["extract", "--model", "blank", "--format", "json", "-o", str(tmp_path), SEED_FILES[0]])
    assert result.exit_code == 2 and "--output-dir" in result.stderr


@pytest.mark.slow
def test_workers_build_the_pipeline_they_were_given(blank_nlp):
    """Extractor(nlp=blank) with --jobs: workers load 'blank' too, not the default model."""
    local = dumps(Extractor(nlp=blank_nlp).extract_paths(SEED_FILES))
    got = dumps(Extractor(ExtractOptions(jobs=2), nlp=blank_nlp).extract_paths(SEED_FILES))
    assert got == local
    assert {r["document"]["pipeline"]["model"] for r in got} == {"blank"}
