"""`withdrawal query` and `withdrawal export` through CliRunner and a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from withdrawal_cli.cli.app import app

from conftest import FIXTURES, ROOT, SEEDS
from test_query import fake_gazetteer  # noqa: F401  (fixture)

runner = CliRunner()
CORPUS = str(FIXTURES / "query" / "corpus.jsonl")
WITH_ERROR = str(FIXTURES / "query" / "with-error.jsonl")
MALFORMED = str(FIXTURES / "query" / "malformed.jsonl")


def run(*args, stdin=None):
    return runner.invoke(app, list(args), input=stdin)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


# -- query ---------------------------------------------------------------------------


def test_query_jsonl_lines_are_facts_with_their_document(fake_gazetteer):
    result = run("query", CORPUS, "--type", "troop_count", "--location", "Iraq", "--since", "2024", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    items = jsonl(result.stdout)
    assert [i["fact"]["text"] for i in items] == [
        "About 2,500 U.S. troops remain in Iraq",
        "Some 600 soldiers will leave Ain al-Asad air base by September 2025",
        "between 1,500 and 2,000 personnel",
        "2,000 advisers remain at Al-Asad",
        "Some 40 Danish soldiers",
    ]
    for item in items:
        assert set(item) == {"document", "fact"}
        assert set(item["document"]) == {"id", "path", "source", "published"}


def test_query_json_is_an_array_of_the_same_items(fake_gazetteer):
    as_jsonl = jsonl(run("query", CORPUS, "--official", "spokes", "-f", "jsonl").stdout)
    result = run("query", CORPUS, "--official", "spokes", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == as_jsonl
    assert [i["fact"]["name"] for i in as_jsonl] == ["Maria Delgado", "Tom Brandt"]


def test_query_table(fake_gazetteer):
    result = run("query", CORPUS, "--min", "1800", "--max", "1900", "-f", "table")
    assert result.exit_code == 0
    assert "Troop counts (1)" in result.stdout
    assert "1 fact matched in 1 document" in result.stdout


def test_query_reads_stdin_and_combines_filters(fake_gazetteer):
    stdin = open(CORPUS, encoding="utf-8").read()
    result = run("query", "-", "--type", "date", "--type", "troop_count", "--until", "2011", "--text", r"\b20(07|08)\b", "-f", "jsonl", stdin=stdin)
    assert result.exit_code == 0, result.output
    assert [i["fact"]["text"] for i in jsonl(result.stdout)] == ["2007", "nearly 170,000 troops in Iraq", "2008"]


def test_query_nothing_matched_is_not_an_error():
    result = run("query", CORPUS, "--source", "No Such Outlet", "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--location", "Atlantis"], "--location: unknown place 'Atlantis'"),
        (["--since", "2024-02-30"], "--since: '2024-02-30' is not a date"),
        (["--until", "soon"], "--until: 'soon' is not a date"),
        (["--text", "[oops"], "--text: invalid regular expression"),
        (["--min", "5", "--max", "1"], "--min 5 is larger than --max 1"),
        (["--published", "yesterday"], "--published: 'yesterday' is not an ISO date"),
    ],
)
def test_query_bad_filters_are_one_line_usage_errors(fake_gazetteer, args, message):
    result = run("query", CORPUS, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_query_unknown_type_is_a_usage_error():
    result = run("query", CORPUS, "--type", "troops")
    assert result.exit_code == 2


def test_query_malformed_json_names_file_and_line():
    result = run("query", MALFORMED, "-f", "jsonl")
    assert result.exit_code == 1
    assert f"{MALFORMED}: line 2:" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(jsonl(result.stdout)) == 9  # the first document's facts came out before the bad line


def test_query_reports_error_records_and_exits_1():
    result = run("query", WITH_ERROR, "--official", "brandt", "-f", "jsonl")
    assert result.exit_code == 1
    assert "articles/empty.txt: the file is empty (empty)" in result.stderr
    items = jsonl(result.stdout)
    assert [i["fact"]["name"] for i in items] == ["Tom Brandt"]  # errors stay out of the fact stream


def test_query_missing_input_is_reported_and_others_processed(tmp_path):
    result = run("query", str(tmp_path / "nope.jsonl"), CORPUS, "--type", "official", "-f", "jsonl")
    assert result.exit_code == 1
    assert "nope.jsonl" in result.stderr
    assert len(jsonl(result.stdout)) == 5


# -- export ---------------------------------------------------------------------------


def test_export_csv_to_stdout_reads_back():
    result = run("export", CORPUS, "--to", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == sum(len(r["facts"]) for r in jsonl(open(CORPUS, encoding="utf-8").read()))
    assert not result.stdout.startswith("\ufeff")


def test_export_csv_to_file_has_bom_unless_told_otherwise(tmp_path):
    out = tmp_path / "facts.csv"
    result = run("export", CORPUS, "--to", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert "wrote 4 documents" in result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument_id,")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 40
    run("export", CORPUS, "--to", "csv", "--no-bom", "-o", str(out))
    assert out.read_bytes().startswith(b"document_id,")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_json_formats_pass_the_contract_through(fmt):
    result = run("export", CORPUS, "--to", fmt)
    assert result.exit_code == 0
    expected = jsonl(open(CORPUS, encoding="utf-8").read())
    got = json.loads(result.stdout) if fmt == "json" else jsonl(result.stdout)
    assert got == expected


def test_export_geojson_and_markdown(fake_gazetteer, tmp_path):
    result = run("export", CORPUS, "--to", "geojson")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection" and data["features"]
    result = run("export", CORPUS, "--to", "markdown", "-o", str(tmp_path / "brief.md"))
    assert result.exit_code == 0
    assert "## Corpus summary" in (tmp_path / "brief.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("extra", [[], ["-o", "-"]])
def test_export_sqlite_requires_output_file(extra):
    result = run("export", CORPUS, "--to", "sqlite", *extra)
    assert result.exit_code == 2
    assert "-o FILE.db" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_sqlite_twice_is_idempotent_and_errors_exit_1(tmp_path):
    db = tmp_path / "facts.db"
    first = run("export", CORPUS, "--to", "sqlite", "-o", str(db))
    assert first.exit_code == 0, first.output
    again = run("export", WITH_ERROR, CORPUS, "--to", "sqlite", "-o", str(db))
    assert again.exit_code == 1
    assert "articles/empty.txt" in again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (4,)
        assert conn.execute("SELECT count(*) FROM facts").fetchone() == (40,)


def test_export_bad_output_paths_are_usage_errors(tmp_path):
    result = run("export", CORPUS, "--to", "csv", "-o", str(tmp_path / "missing" / "x.csv"))
    assert result.exit_code == 2 and "missing" in result.stderr
    result = run("export", CORPUS, "--to", "sqlite", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr
    not_db = tmp_path / "notes.db"
    not_db.write_text("plain text, not a database\n" * 50)
    result = run("export", CORPUS, "--to", "sqlite", "-o", str(not_db))
    assert result.exit_code == 2 and "cannot use as a SQLite database" in result.stderr


def test_export_malformed_json_names_file_and_line():
    result = run("export", MALFORMED, "--to", "jsonl")
    assert result.exit_code == 1
    assert f"{MALFORMED}: line 2:" in result.stderr


def test_export_unknown_format_is_a_usage_error():
    assert run("export", CORPUS, "--to", "xlsx").exit_code == 2


# -- real subprocess: the acceptance pipeline on the seeds ---------------------------


def _cli(*args, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "withdrawal_cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=600,
    )


IRAQ_PLACES = {"Iraq", "Baghdad", "Erbil", "Kurdistan Region", "Ain al-Asad", "Anbar", "Victoria", "Khalil Air Base", "Harir"}


def _gazetteer_ready() -> bool:
    from withdrawal_cli import gazetteer

    return gazetteer.resolve("Iraq") is not None and gazetteer.is_within("Erbil", "Iraq")


@pytest.mark.slow
@pytest.mark.skipif(not _gazetteer_ready(), reason="the gazetteer does not know Iraq yet")
def test_acceptance_pipeline_iraq_troops_since_2024(seed_records):
    """extract --format jsonl seeds/ | query - --type troop_count --location Iraq --since 2024."""
    from withdrawal_cli import gazetteer
    from withdrawal_cli.timeutil import bounds

    extracted = _cli("extract", "--format", "jsonl", str(SEEDS))
    assert extracted.returncode == 0, extracted.stderr.decode()
    queried = _cli("query", "-", "--type", "troop_count", "--location", "Iraq", "--since", "2024", "-f", "jsonl", stdin=extracted.stdout)
    assert queried.returncode == 0, queried.stderr.decode()
    got = [(i["document"]["id"], i["fact"]["start"]) for i in jsonl(queried.stdout.decode())]

    # Independent oracle over the same records: Iraq figures whose date (own, else published) reaches 2024.
    expected = []
    for record in map(json.loads, extracted.stdout.decode().splitlines()):
        for fact in record.get("facts", []):
            if fact["type"] != "troop_count" or not fact["location"]:
                continue
            when = fact["date"] or record["document"]["published"]
            place = gazetteer.resolve(fact["location"])
            in_iraq = fact["location"] in IRAQ_PLACES or (place is not None and place.country == "Iraq")
            if in_iraq and when and bounds(when)[1].year >= 2024:
                expected.append((record["document"]["id"], fact["start"]))
    assert got == expected
    assert got, "the seeds report Iraq troop figures in 2025 articles"
    items = jsonl(queried.stdout.decode())
    assert not [i for i in items if i["fact"]["location"] == "Syria"]
    figures = {(i["fact"]["low"], i["fact"]["high"]) for i in items}
    assert (2500, 2500) in figures
    assert not figures & {(130000, 130000), (170000, 170000), (3000, 3000), (5000, 5000)}


@pytest.mark.slow
def test_subprocess_export_csv_from_stdin():
    stdin = open(CORPUS, "rb").read()
    done = _cli("export", "-", "--to", "csv", stdin=stdin)
    assert done.returncode == 0, done.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    assert len(rows) == 40
    assert done.stdout.count(b"\r\n") >= 41  # csv module line endings, not translated
