"""`withdrawal extract` through Typer's CliRunner and through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from typer.testing import CliRunner

from withdrawal_cli.cli.app import app
from withdrawal_cli.models import extract_record_schema

from conftest import FIXTURES, ROOT, SEEDS

runner = CliRunner()
SEED = str(SEEDS / "000_0fb84638b4a2b18a.txt")


def run(*args, stdin=None):
    return runner.invoke(app, list(args), input=stdin)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def schema():
    return extract_record_schema()


def test_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("extract", "compare-sources", "query", "export", "schema"):
        assert command in result.output


def test_extract_jsonl_validates_against_schema(schema):
    result = run("extract", "--format", "jsonl", "--model", "blank", str(SEEDS))
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [os.path.basename(r["document"]["path"]) for r in records] == sorted(os.listdir(SEEDS))
    for record in records:
        jsonschema.validate(record, schema)
        assert record["schema_version"] == 1
        assert record["document"]["pipeline"]["model"] == "blank"


def test_real_pipeline_output_validates_against_schema(schema, seed_records):
    assert len(seed_records) == 5
    for record in seed_records:
        jsonschema.validate(record, schema)
        text = (ROOT / record["document"]["path"]).read_text(encoding="utf-8") if not os.path.isabs(
            record["document"]["path"]
        ) else open(record["document"]["path"], encoding="utf-8").read()
        for fact in record["facts"]:
            assert text[fact["start"] : fact["end"]] == fact["text"], fact


def test_json_format_is_one_array(schema):
    result = run("extract", "--format", "json", "--model", "blank", SEED)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    jsonschema.validate(data[0], schema)


def test_stdin_dash():
    result = run("extract", "--format", "jsonl", "--model", "blank", "-", stdin="About 300 troops left Kabul.")
    assert result.exit_code == 0
    assert jsonl(result.stdout)[0]["document"]["path"] == "-"


def test_published_and_source_override():
    result = run(
        "extract", "-f", "jsonl", "--model", "blank", "--published", "2024-05-06", "--source", "Desk", "-",
        stdin="Troops left on Monday.",
    )
    doc = jsonl(result.stdout)[0]["document"]
    assert (doc["published"], doc["source"]) == ("2024-05-06", "Desk")


def test_bad_published_is_usage_error():
    result = run("extract", "--model", "blank", "--published", "yesterday", SEED)
    assert result.exit_code == 2
    assert "--published" in result.stderr
    assert "Traceback" not in result.output


def test_missing_model_is_one_line_error():
    result = run("extract", "--model", "no_such_pipeline_xyz", SEED)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "pip install" in result.stderr


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n \n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary"),
        ("garbage.txt", bytes(range(128, 256)) * 4, "undecodable"),
    ],
)
def test_bad_input_gives_error_record_and_others_still_processed(tmp_path, schema, name, data, code):
    bad = tmp_path / name
    bad.write_bytes(data)
    result = run("extract", "--format", "jsonl", "--model", "blank", str(bad), SEED)
    assert result.exit_code == 1
    records = jsonl(result.stdout)
    assert len(records) == 2
    assert records[0] == {"schema_version": 1, "document": {"path": str(bad)}, "error": records[0]["error"]}
    assert records[0]["error"]["code"] == code
    assert "facts" in records[1]
    jsonschema.validate(records[0], schema)
    assert str(bad) in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_missing_path_and_unreadable_file(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text("text")
    real = type(locked).read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(type(locked), "read_bytes", deny)
    result = run("extract", "-f", "json", "--model", "blank", "missing.txt", str(locked), SEED)
    assert result.exit_code == 1
    codes = [r.get("error", {}).get("code") for r in json.loads(result.stdout)]
    assert codes == ["not_found", "unreadable", None]


def test_table_output_renders_documents():
    result = run("extract", "--format", "table", "--model", "blank", str(FIXTURES / "text" / "short_article.txt"))
    assert result.exit_code == 0
    assert "short_article.txt" in result.stdout


def test_schema_command_prints_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "DocumentResult" in json.dumps(schema)


# --- a real process -------------------------------------------------------------------------


def cli(*args, stdin=None, shell=None):
    exe = [sys.executable, "-m", "withdrawal_cli"]
    return subprocess.run([*exe, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_subprocess_extract_seeds_piped_defaults_to_jsonl():
    proc = cli("extract", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    records = jsonl(proc.stdout)
    assert len(records) == 5 and all(r["facts"] for r in records)
    assert proc.stderr == ""


@pytest.mark.slow
def test_subprocess_head_ends_quietly():
    cmd = f"{sys.executable} -m withdrawal_cli extract --model blank {SEEDS} {SEEDS} {SEEDS} | head -1"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


@pytest.mark.slow
def test_subprocess_usage_error_exit_2():
    proc = cli("extract", "--format", "yaml", SEED)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
