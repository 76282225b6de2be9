"""withdrawal_cli.export: every format on the fixture corpus and on real seed output; streaming; idempotent SQLite."""

from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3

import pytest

from withdrawal_cli.errors import UsageError
from withdrawal_cli.export import (
    COMMON_COLUMNS,
    CSV_COLUMNS,
    DOCUMENT_COLUMNS,
    TYPE_COLUMNS,
    md_text,
    write_csv,
    write_geojson,
    write_json,
    write_jsonl,
    write_markdown,
    write_sqlite,
)

from test_query import fake_gazetteer, load_corpus  # noqa: F401  (fixture)

ERROR = {"schema_version": 1, "document": {"path": "gone.txt"}, "error": {"code": "not_found", "message": "no such file or folder"}}


def n_facts(records) -> int:
    return sum(len(r.get("facts", ())) for r in records if "error" not in r)


def csv_rows(records, **kwargs) -> tuple[list[str], list[dict], str]:
    out = io.StringIO(newline="")
    write_csv(records, out, **kwargs)
    text = out.getvalue()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    return reader.fieldnames, list(reader), text


# -- csv ---------------------------------------------------------------------------


def test_csv_column_order_is_documents_then_common_then_per_type():
    assert CSV_COLUMNS[:5] == ("document_id", "document_path", "document_title", "document_source", "document_published")
    assert CSV_COLUMNS[5:11] == ("fact_index", "type", "text", "start", "end", "sentence")
    assert CSV_COLUMNS[11:16] == ("location_name", "location_kind", "location_country", "location_lat", "location_lon")
    assert CSV_COLUMNS[16] == "troop_value" and CSV_COLUMNS[-1] == "date_relative"
    assert len(CSV_COLUMNS) == len(set(CSV_COLUMNS))


def test_csv_covers_every_field_of_the_contract():
    from withdrawal_cli.models import DateFact, LocationFact, OfficialFact, TroopCountFact

    common = {"text", "start", "end", "sentence", "type"}
    for model in (LocationFact, TroopCountFact, OfficialFact, DateFact):
        kind = model.model_fields["type"].default
        per_type = {field for _, field in TYPE_COLUMNS[kind]}
        assert set(model.model_fields) - common == per_type, kind
    assert set(COMMON_COLUMNS) - {"fact_index"} == common


def test_csv_reads_back_one_row_per_fact():
    records = load_corpus()
    header, rows, text = csv_rows(records + [ERROR])
    assert tuple(header) == CSV_COLUMNS
    assert len(rows) == n_facts(records)
    assert not text.startswith("\ufeff")
    troop = next(r for r in rows if r["type"] == "troop_count" and r["troop_qualifier"] == "range" and r["document_source"] == "Tigris Ledger")
    assert troop["troop_low"] == "1500" and troop["troop_high"] == "2000" and troop["troop_value"] == ""
    assert troop["troop_location"] == "Kurdistan Region" and troop["location_name"] == ""
    assert troop["sentence"] == "The rest will move to Irbil in the Kurdistan Region, where between 1,500 and 2,000 personnel are expected to stay."
    quoted = [r for r in rows if '"status of forces"' in r["sentence"]]
    assert len(quoted) == 2  # commas and double quotes survive the round trip
    official = next(r for r in rows if r["official_name"] == "Tom Brandt")
    assert official["official_mentions"] == "2"
    date = next(r for r in rows if r["text"] == "on Thursday")
    assert (date["date_value"], date["date_granularity"], date["date_relative"]) == ("2025-03-13", "day", "true")
    # Row order: documents in input order, facts in document order.
    first_doc = [r for r in rows if r["document_source"] == "Tigris Ledger"]
    assert [int(r["fact_index"]) for r in first_doc] == list(range(len(records[0]["facts"])))


def test_csv_multiline_and_formula_like_text_round_trips():
    record = copy.deepcopy(load_corpus()[0])
    record["facts"] = [dict(record["facts"][0], sentence='Line one, "quoted"\nline two; =SUM(A1)', text="=1+1")]
    header, rows, text = csv_rows([record])
    assert rows[0]["sentence"] == 'Line one, "quoted"\nline two; =SUM(A1)'
    assert rows[0]["text"] == "=1+1"
    assert text.count("\r\n") == 2  # header and one record: the embedded newline stays inside a quoted field


def test_csv_bom_for_spreadsheets():
    header, rows, text = csv_rows(load_corpus()[:1], bom=True)
    assert text.startswith("\ufeffdocument_id,")
    assert tuple(header) == CSV_COLUMNS


# -- json / jsonl ------------------------------------------------------------------------


def test_jsonl_and_json_pass_records_through():
    records = load_corpus() + [ERROR]
    out = io.StringIO()
    stats = write_jsonl(records, out)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == records
    assert (stats.documents, stats.errors, stats.facts) == (4, 1, n_facts(records))
    out = io.StringIO()
    write_json(records, out)
    assert json.loads(out.getvalue()) == records
    out = io.StringIO()
    write_json([], out)
    assert json.loads(out.getvalue()) == []


def test_json_output_validates_against_the_contract():
    import jsonschema

    from withdrawal_cli.models import extract_record_schema

    out = io.StringIO()
    write_json(load_corpus() + [ERROR], out)
    schema = extract_record_schema()
    for record in json.loads(out.getvalue()):
        jsonschema.validate(record, schema)


# -- geojson ---------------------------------------------------------------------------


def geojson(records) -> dict:
    out = io.StringIO()
    write_geojson(records, out)
    return json.loads(out.getvalue())


def check_feature_collection(data: dict) -> None:
    assert data["type"] == "FeatureCollection"
    for f in data["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["type"] in ("location", "troop_count")
        assert isinstance(f["id"], str)


def test_geojson_points_per_located_fact_in_lon_lat_order(fake_gazetteer):
    records = load_corpus()
    data = geojson(records + [ERROR])
    check_feature_collection(data)
    features = data["features"]
    by_text = {(f["properties"]["document_source"], f["properties"]["text"]): f for f in features}
    erbil = by_text[("Tigris Ledger", "Irbil")]
    assert erbil["geometry"]["coordinates"] == [44.01, 36.19]  # [longitude, latitude]
    assert erbil["properties"]["name"] == "Erbil" and erbil["properties"]["place"] == "Erbil"
    # A troop count is placed at its location's coordinates, from the gazetteer.
    danes = by_text[("Gulf Monitor", "Some 40 Danish soldiers")]
    assert danes["geometry"]["coordinates"] == [44.01, 36.19]
    assert danes["properties"]["value"] == 40 and danes["properties"]["place"] == "Erbil"
    assert danes["properties"]["sentence"] == "Some 40 Danish soldiers are based in Erbil."
    us = by_text[(None, "United States")]
    assert us["geometry"]["coordinates"] == [-98.5, 39.76]
    # Dates and officials are not on the map; every location and placed troop count is.
    located = [f for r in records for f in r["facts"] if f["type"] == "location" or (f["type"] == "troop_count" and f["location"])]
    assert len(features) == len(located)
    assert len({f["id"] for f in features}) == len(features)


def test_geojson_skips_places_without_coordinates():
    record = copy.deepcopy(load_corpus()[1])
    for fact in record["facts"]:
        if fact["type"] == "location":
            fact["lat"] = fact["lon"] = None
    data = geojson([record])  # placeholder or real gazetteer: these invented names may or may not resolve
    check_feature_collection(data)
    assert geojson([]) == {"type": "FeatureCollection", "features": []}


# -- markdown ---------------------------------------------------------------------------


def test_markdown_brief_per_document_and_corpus_summary():
    records = load_corpus()
    out = io.StringIO()
    stats = write_markdown(records + [ERROR], out)
    text = out.getvalue()
    assert text.startswith("# Withdrawal facts\n")
    assert "## Coalition trims Iraq presence" in text and "## US weighs Syria drawdown" in text
    assert "## articles/gulf\\-monitor.txt" in text or "## articles/gulf-monitor.txt" in text  # untitled: path
    assert "- Source: Tigris Ledger" in text and "- Published: 2025-03-14" in text
    assert "### Troop counts (3)" in text
    assert "**1,500–2,000 personnel; force coalition; at Kurdistan Region; kind planned**" in text
    assert "  > The rest will move to Irbil in the Kurdistan Region, where **between 1,500 and 2,000 personnel** are expected to stay." in text
    assert "- **Iraq** (country): 2 mentions" in text
    assert "**unnamed source**, senior Iraqi security official, Iraq" in text
    assert "> Tigris Ledger \\| **14 March 2025**" in text  # a pipe cannot start a table
    summary = text.split("## Corpus summary", 1)[1]
    assert "- Documents: 4" in summary
    assert "- Unreadable inputs: 1: gone.txt (not\\_found)" in summary
    assert f"- Facts: {n_facts(records)} (troop counts 10" in summary
    assert "- Published: 2024-01-10 to 2025-03-14 (1 undated)" in summary
    assert "Iraq (3)" in summary
    assert (stats.documents, stats.errors) == (4, 1)


@pytest.mark.parametrize(
    "sentence, text, expected",
    [
        ("Some 40 Danish soldiers are based in Erbil.", "Some 40 Danish soldiers", "**Some 40 Danish soldiers** are based in Erbil."),
        ("They are based in Erbil.", "Erbil", "They are based in **Erbil**."),
        ("Not found in here.", "Erbil", "Not found in here."),
        ("word " * 100 + "Erbil" + " word" * 100, "Erbil", "… " + "word " * 31 + "**Erbil** " + "word " * 31 + "…"),
    ],
)
def test_markdown_evidence_bolds_the_fact_and_cuts_long_sentences(sentence, text, expected):
    from withdrawal_cli.export import evidence

    assert evidence({"sentence": sentence, "text": text}) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("plain words", "plain words"),
        ("a | b", "a \\| b"),
        ("*bold* _it_ [link](x) <b>", "\\*bold\\* \\_it\\_ \\[link\\](x) \\<b\\>"),
        ("- leading dash", "\\- leading dash"),
        ("1. numbered", "1\\. numbered"),
        ("line\nbreak   spaces", "line break spaces"),
        ("2,500 (about)", "2,500 (about)"),
    ],
)
def test_md_text_escapes(raw, expected):
    assert md_text(raw) == expected


# -- sqlite --------------------------------------------------------------------------------


def db_rows(path, sql, *args):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def test_sqlite_tables_typed_columns_and_indexes(tmp_path):
    db = tmp_path / "facts.db"
    records = load_corpus()
    stats = write_sqlite(records + [ERROR], db)
    assert (stats.documents, stats.facts, stats.errors) == (4, n_facts(records), 1)
    columns = {row[1]: row[2] for row in db_rows(db, "PRAGMA table_info(facts)")}
    assert columns["troop_low"] == "INTEGER" and columns["location_lat"] == "REAL" and columns["fact"] == "TEXT"
    assert list(columns)[:10] == ["id", "document_id", "fact_index", "type", "text", "start", "end", "sentence", "location", "date"]
    indexes = {row[1] for row in db_rows(db, "PRAGMA index_list(facts)")}
    assert {"facts_type", "facts_location", "facts_date"} <= indexes
    assert db_rows(db, "SELECT count(*) FROM documents") == [(4,)]
    assert db_rows(db, "SELECT count(*) FROM facts") == [(n_facts(records),)]
    assert db_rows(db, "SELECT source, published, fact_count FROM documents WHERE path = 'articles/levant-wire.txt'") == [
        ("Levant Wire", "2025-02-01", 9)
    ]
    # `location` unites location names and troop locations; `date` is the date a fact refers to.
    assert sorted(db_rows(db, "SELECT type, text FROM facts WHERE location = 'Erbil'")) == [
        ("location", "Erbil"),
        ("location", "Irbil"),
        ("troop_count", "Some 40 Danish soldiers"),
    ]
    assert db_rows(
        db, "SELECT troop_low, troop_high, date FROM facts WHERE type = 'troop_count' AND date >= '2025' ORDER BY troop_high"
    ) == [(None, None, "2025"), (600, 600, "2025-09"), (900, 900, "2025-02-01"), (1500, 2000, "2025-03-14"), (2500, 2500, "2025-03-14")]
    # The full fact is there as JSON.
    (fact,) = db_rows(db, "SELECT fact FROM facts WHERE official_name = 'Tom Brandt'")[0]
    assert json.loads(fact)["mentions"][1]["text"] == "Brandt"
    assert db_rows(db, "SELECT json_extract(fact, '$.qualifier') FROM facts WHERE troop_value = 900") == [("more_than",)]
    assert db_rows(db, "SELECT date_relative FROM facts WHERE text = 'on Thursday'") == [(1,)]
    # Foreign key from facts to documents holds.
    assert db_rows(db, "SELECT count(*) FROM facts LEFT JOIN documents d ON d.id = facts.document_id WHERE d.id IS NULL") == [(0,)]


def test_sqlite_re_export_does_not_duplicate_and_replaces_changed_documents(tmp_path):
    db = tmp_path / "facts.db"
    records = load_corpus()
    write_sqlite(records, db)
    before = db_rows(db, "SELECT document_id, fact_index, type, text FROM facts ORDER BY document_id, fact_index")
    write_sqlite(records, db)
    write_sqlite(records[1:2] + records[1:2], db)
    assert db_rows(db, "SELECT document_id, fact_index, type, text FROM facts ORDER BY document_id, fact_index") == before
    assert db_rows(db, "SELECT count(*) FROM documents") == [(4,)]
    # The same document (same id) re-extracted with fewer facts and a new path: its rows are replaced.
    changed = copy.deepcopy(records[1])
    changed["facts"] = changed["facts"][:2]
    changed["document"]["path"] = "elsewhere/levant.txt"
    write_sqlite([changed], db)
    doc_id = changed["document"]["id"]
    assert db_rows(db, "SELECT count(*) FROM facts WHERE document_id = ?", doc_id) == [(2,)]
    assert db_rows(db, "SELECT path, fact_count FROM documents WHERE id = ?", doc_id) == [("elsewhere/levant.txt", 2)]
    assert db_rows(db, "SELECT count(*) FROM facts") == [(len(before) - len(records[1]["facts"]) + 2,)]


def test_sqlite_refuses_files_that_are_not_its_database(tmp_path):
    text_file = tmp_path / "notes.db"
    text_file.write_text("this is not a database, " * 100)
    with pytest.raises(UsageError, match="cannot use as a SQLite database"):
        write_sqlite(load_corpus(), text_file)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE documents (name TEXT)")
    with pytest.raises(UsageError, match="table 'documents' exists with other columns"):
        write_sqlite(load_corpus(), other)


# -- streaming: writers consume their input lazily and write as they go ------------------------


def failing_after(records, n):
    """Yields n records, then fails like a broken input would."""
    yield from records[:n]
    raise RuntimeError(f"input failed after {n} records")


@pytest.mark.parametrize("writer", [write_csv, write_jsonl, write_json, write_geojson, write_markdown])
def test_text_writers_have_written_every_document_before_the_input_fails(writer):
    records = load_corpus()
    out = io.StringIO()
    with pytest.raises(RuntimeError):
        writer(failing_after(records, 3), out)
    written = out.getvalue()
    for record in records[:3]:
        assert record["document"]["id"] in written or (record["document"].get("title") or "") in written
    if writer is write_csv:
        rows = list(csv.DictReader(io.StringIO(written, newline="")))
        assert len(rows) == n_facts(records[:3])
    if writer is write_jsonl:
        assert [json.loads(line) for line in written.splitlines()] == records[:3]


def test_csv_writer_pulls_one_document_at_a_time():
    """When the writer asks for document k+1, the rows of document k are already written."""
    records = load_corpus()
    out = io.StringIO()
    seen_rows = []

    def source():
        for record in records:
            seen_rows.append(out.getvalue().count("\r\n") - 1)  # rows written so far (minus header)
            yield record

    write_csv(source(), out)
    counts = [len(r["facts"]) for r in records]
    assert seen_rows == [sum(counts[:i]) for i in range(len(records))]  # header first, then per document


def test_sqlite_keeps_whole_documents_written_before_the_input_fails(tmp_path):
    db = tmp_path / "facts.db"
    records = load_corpus()
    with pytest.raises(RuntimeError):
        write_sqlite(failing_after(records, 3), db, commit_every=2)
    assert db_rows(db, "SELECT count(*) FROM documents") == [(3,)]
    assert db_rows(db, "SELECT count(*) FROM facts") == [(n_facts(records[:3]),)]


def test_sqlite_commits_while_streaming(tmp_path):
    """With commit_every=1 another connection sees document k before document k+1 is read."""
    db = tmp_path / "facts.db"
    records = load_corpus()
    visible = []

    def source():
        for record in records:
            if db.exists():
                try:
                    visible.append(db_rows(db, "SELECT count(*) FROM documents")[0][0])
                except sqlite3.OperationalError:
                    visible.append(None)
            yield record

    write_sqlite(source(), db, commit_every=1)
    assert visible == [0, 1, 2, 3]


# -- real extraction output of the seeds ------------------------------------------------------


def test_every_format_on_seed_output(seed_records, tmp_path):
    records = [r for r in seed_records if "error" not in r]
    assert len(records) == 5
    header, rows, _ = csv_rows(records)
    assert tuple(header) == CSV_COLUMNS and len(rows) == n_facts(records)
    for row in rows:
        assert row["document_id"] and row["type"] in ("location", "troop_count", "official", "date")
        assert int(row["end"]) > int(row["start"])

    data = geojson(records)
    check_feature_collection(data)
    for f in data["features"]:
        props = f["properties"]
        if props["type"] == "location" and props.get("lat") is not None:
            assert f["geometry"]["coordinates"] == [props["lon"], props["lat"]]

    out = io.StringIO()
    write_markdown(records, out)
    assert out.getvalue().count("\n## ") == len(records) + 1  # one brief per document, plus the summary

    db = tmp_path / "seeds.db"
    write_sqlite(records, db)
    write_sqlite(records, db)
    assert db_rows(db, "SELECT count(*) FROM documents") == [(5,)]
    assert db_rows(db, "SELECT count(*) FROM facts") == [(n_facts(records),)]
    assert db_rows(db, "SELECT count(DISTINCT type) FROM facts")[0][0] == len({f["type"] for r in records for f in r["facts"]})


def test_document_columns_match_document_fields():
    assert DOCUMENT_COLUMNS == tuple("document_" + f for f in ("id", "path", "title", "source", "published"))
