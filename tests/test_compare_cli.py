"""`withdrawal compare-sources` through Typer's CliRunner: every format, filters, stdin, articles, bad input."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from withdrawal_cli.cli.app import app
from withdrawal_cli.compare import claim_schema

from conftest import FIXTURES, SEEDS

runner = CliRunner()
FOUR = str(FIXTURES / "compare" / "four_sources.jsonl")
WITH_ERROR = str(FIXTURES / "compare" / "with_error.json")


def run(*args, stdin=None):
    return runner.invoke(app, ["compare-sources", *args], input=stdin)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def schema():
    return claim_schema()


def test_json_is_an_array_of_claims_valid_against_the_schema(schema):
    result = run("--format", "json", FOUR)
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert isinstance(claims, list) and claims
    for claim in claims:
        jsonschema.validate(claim, schema)
    assert claims[0]["status"] == "conflict"
    assert {c["type"] for c in claims} == {"troop_count", "official", "location", "date"}


def test_jsonl_is_the_default_when_piped(schema):
    result = run(FOUR)
    assert result.exit_code == 0, result.output
    claims = jsonl(result.stdout)
    for claim in claims:
        jsonschema.validate(claim, schema)
    assert claims == json.loads(run("--format", "json", FOUR).stdout)


def test_table_view_has_every_section():
    result = run("--format", "table", FOUR)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("Sources (4)", "Conflicts (1)", "Consensus (", "Single-source claims (", "Troop levels over time"):
        assert heading in out
    assert out.index("Conflicts") < out.index("Consensus") < out.index("Single-source claims")
    assert "Gulf Wire" in out and "Sean Parnell" in out
    assert "~3,000" in out and "<2,000 planned" in out  # the timeline


def test_markdown_report():
    result = run("--format", "markdown", FOUR)
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# Source comparison\n")
    assert "## Conflicts (1)" in md and "### Troop figures" in md and "## Troop levels over time" in md
    assert "| Source | Value | Said | Evidence |" in md


@pytest.mark.parametrize(
    "args, check",
    [
        (["--only", "conflicts"], lambda cs: cs and {c["status"] for c in cs} == {"conflict"}),
        (["--only", "consensus"], lambda cs: cs and {c["status"] for c in cs} == {"consensus"}),
        (["--only", "single"], lambda cs: cs and {c["status"] for c in cs} == {"single"}),
        (["--type", "official"], lambda cs: cs and {c["type"] for c in cs} == {"official"}),
        (["--type", "location", "-t", "date"], lambda cs: cs and {c["type"] for c in cs} == {"location", "date"}),
        (["--min-sources", "3"], lambda cs: cs and all(len(c["sources"]) >= 3 for c in cs)),
        (["--min-sources", "9"], lambda cs: cs == []),
        (["--tolerance", "0.2", "--type", "troop_count", "--only", "conflicts"], lambda cs: cs == []),
    ],
)
def test_filters(args, check):
    result = run("--format", "jsonl", *args, FOUR)
    assert result.exit_code == 0, result.output
    assert check(jsonl(result.stdout))


def test_filters_apply_to_markdown_and_table():
    md = run("--format", "markdown", "--only", "conflicts", FOUR).stdout
    assert "## Consensus (0)" in md and "Sean Parnell" not in md
    table = run("--format", "table", "--type", "official", FOUR).stdout
    assert "Sean Parnell" in table and "Troop figures" not in table


def test_stdin_extraction_output_is_used_as_is():
    text = (FIXTURES / "compare" / "four_sources.jsonl").read_text(encoding="utf-8")
    result = run("--format", "jsonl", "-", stdin=text)
    assert result.exit_code == 0, result.output
    assert jsonl(result.stdout) == jsonl(run("--format", "jsonl", FOUR).stdout)


def test_error_records_are_reported_and_exit_1_while_others_are_compared():
    result = run("--format", "jsonl", WITH_ERROR)
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr and "not_found" in result.stderr
    claims = jsonl(result.stdout)
    assert any(c["id"] == "official:Sean Parnell" and c["status"] == "consensus" for c in claims)


def test_same_document_twice_is_compared_once_with_a_warning():
    result = run("--format", "jsonl", FOUR, FOUR)
    assert result.exit_code == 0
    assert "same document as an earlier input" in result.stderr
    assert jsonl(result.stdout) == jsonl(run("--format", "jsonl", FOUR).stdout)


def test_malformed_json_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"document": {"path": "x"}, "facts": []}\n{not json\n', encoding="utf-8")
    result = run("--format", "jsonl", str(bad), FOUR)
    assert result.exit_code == 1
    assert "bad.jsonl" in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.output
    assert any(c["id"] == "official:Sean Parnell" for c in jsonl(result.stdout))  # the other input went on


def test_a_folder_with_a_non_extraction_json_file_still_compares_the_rest(tmp_path):
    (tmp_path / "notes.json").write_text('{\n  "not": "extraction"\n}\n', encoding="utf-8")
    (tmp_path / "facts.jsonl").write_text((FIXTURES / "compare" / "four_sources.jsonl").read_text(encoding="utf-8"))
    result = run("--format", "jsonl", str(tmp_path))
    assert result.exit_code == 1
    assert "notes.json" in result.stderr
    assert jsonl(result.stdout) == jsonl(run("--format", "jsonl", FOUR).stdout)


@pytest.mark.parametrize(
    "args",
    [["--type", "weather", FOUR], ["--only", "maybe", FOUR], ["--min-sources", "0", FOUR], ["--format", "xml", FOUR],
     ["--published", "yesterday", FOUR]],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_schema_command_prints_the_claim_schema():
    result = runner.invoke(app, ["schema", "compare"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"TroopClaim", "PlaceClaim", "OfficialClaim", "DateClaim"} <= set(schema["$defs"])


# --- articles directly, and piped from extract (blank pipeline: our rules alone, fast) ---------------------


def test_articles_directly_and_via_extract_give_the_same_claims(tmp_path):
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:3]]
    direct = run("--format", "jsonl", "--model", "blank", *seeds)
    assert direct.exit_code == 0, direct.output
    extracted = runner.invoke(app, ["extract", "--format", "jsonl", "--model", "blank", *seeds])
    assert extracted.exit_code == 0, extracted.output
    piped = run("--format", "jsonl", "-", stdin=extracted.stdout)
    assert piped.exit_code == 0, piped.output
    assert jsonl(piped.stdout) == jsonl(direct.stdout)
    saved = tmp_path / "facts.jsonl"
    saved.write_text(extracted.stdout, encoding="utf-8")
    assert jsonl(run("--format", "jsonl", str(saved)).stdout) == jsonl(direct.stdout)


def test_source_option_names_articles(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Some 300 troops remain in Iraq, the ministry said.\n", encoding="utf-8")
    result = run("--format", "markdown", "--model", "blank", "--source", "Test Wire", "--published", "2025-01-02", str(a))
    assert result.exit_code == 0, result.output
    assert "| Test Wire | Test Wire | 2025-01-02 |" in result.stdout


def test_missing_article_is_reported_and_exit_1(tmp_path):
    result = run("--format", "jsonl", "--model", "blank", str(tmp_path / "nope.txt"), FOUR)
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr
    assert jsonl(result.stdout)  # the other input was still compared


@pytest.mark.slow
def test_real_pipe_from_extract_equals_articles_directly():
    """`withdrawal extract --format jsonl seeds/ | withdrawal compare-sources -` = `withdrawal compare-sources seeds/`."""
    import subprocess
    import sys

    exe = [sys.executable, "-m", "withdrawal_cli"]

    def call(*args, stdin=None):
        done = subprocess.run([*exe, *args], input=stdin, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
        return done

    extracted = call("extract", "--format", "jsonl", str(SEEDS))
    piped = call("compare-sources", "--format", "jsonl", "-", stdin=extracted.stdout)
    direct = call("compare-sources", "--format", "jsonl", str(SEEDS))
    assert jsonl(piped.stdout.decode()) == jsonl(direct.stdout.decode())
    assert jsonl(direct.stdout.decode())
