"""Extraction on a Dask cluster: a LocalCluster with 2 workers gives exactly the local records."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from withdrawal_cli.errors import UsageError
from withdrawal_cli.extract import ExtractOptions, Extractor

from conftest import SEEDS

runner = CliRunner()
SEED_FILES = sorted(str(p) for p in SEEDS.glob("*.txt"))


def dumps(records) -> list[dict]:
    return [r.model_dump(mode="json") for r in records]


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    # Worker processes (as on a real cluster): each loads the pipeline once.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.mark.slow
def test_cluster_output_equals_local_run(cluster, extractor, tmp_path):
    missing = str(tmp_path / "missing.txt")
    inputs = [*SEED_FILES, missing, *SEED_FILES[:2]]
    local = dumps(extractor.extract_paths(inputs))
    remote = Extractor(ExtractOptions(scheduler=cluster.scheduler_address, partition_size=2))
    got = dumps(remote.extract_paths(inputs))
    assert got == local
    assert got[len(SEED_FILES)]["error"]["code"] == "not_found"
    assert remote._nlp is None  # the client never loaded the pipeline


@pytest.mark.slow
def test_pipeline_is_loaded_once_per_worker(cluster):
    options = ExtractOptions(model="blank", scheduler=cluster.scheduler_address, partition_size=1)
    list(Extractor(options).extract_paths(SEED_FILES * 2))
    from distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        counts = client.run(_blank_extractors)
    # Ten partitions, but at most one pipeline per worker process.
    assert all(n <= 1 for n in counts.values()) and sum(counts.values()) >= 1, counts


def _blank_extractors() -> int:
    from withdrawal_cli.distributed import _EXTRACTORS

    return sum(1 for options in _EXTRACTORS if options.model == "blank")


@pytest.mark.slow
def test_cli_scheduler_env_and_output_dir(cluster, tmp_path, monkeypatch):
    from withdrawal_cli.cli.app import app

    base = ["extract", "--model", "blank", "--no-cache", "--format", "jsonl", *SEED_FILES]
    local = runner.invoke(app, base)
    monkeypatch.setenv("WITHDRAWAL_SCHEDULER", cluster.scheduler_address)
    streamed = runner.invoke(app, base)
    assert streamed.exit_code == 0, streamed.output
    assert streamed.stdout == local.stdout

    out = tmp_path / "out"
    parts = runner.invoke(app, [*base, "--output-dir", str(out), "--partition-size", "2"])
    assert parts.exit_code == 0, parts.output
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert "".join(f.read_text(encoding="utf-8") for f in files) == local.stdout
    assert [len(f.read_text().splitlines()) for f in files] == [2, 2, 1]


@pytest.mark.slow
def test_error_records_and_exit_status_match_local(cluster, tmp_path):
    from withdrawal_cli.cli.app import app

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    args = ["extract", "--model", "blank", "--no-cache", "--format", "jsonl", str(empty), SEED_FILES[0]]
    local = runner.invoke(app, args)
    remote = runner.invoke(app, [*args, "--scheduler", cluster.scheduler_address])
    assert local.exit_code == remote.exit_code == 1
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout.splitlines()[0])["error"]["code"] == "empty"
    assert "empty.txt" in remote.stderr


def test_missing_dask_is_a_one_line_error_naming_the_extra(monkeypatch):
    from withdrawal_cli import distributed as engine

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(UsageError, match=r"withdrawal\[dask\]"):
        engine.connect("tcp://127.0.0.1:8786")


def test_unreachable_scheduler_is_a_usage_error(monkeypatch):
    pytest.importorskip("distributed")
    from withdrawal_cli import distributed as engine
    from withdrawal_cli.cli.app import app

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    result = runner.invoke(app, ["extract", "--model", "blank", "--scheduler", "tcp://127.0.0.1:9", SEED_FILES[0]])
    assert result.exit_code == 2
    assert "cannot connect to the Dask scheduler" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_jobs_and_scheduler_do_not_combine():
    from withdrawal_cli.cli.app import app

    result = runner.invoke(app, ["extract", "--model", "blank", "--jobs", "2", "--scheduler", "tcp://x:1", SEED_FILES[0]])
    assert result.exit_code == 2 and "--scheduler" in result.stderr
