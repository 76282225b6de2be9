"""Library side of `withdrawal export`: writers from extract records to other tools' formats.

Every writer takes an iterable of extract records (dicts, as `records.read_records`
yields them) and consumes it lazily, one document at a time: csv, jsonl, json,
geojson and sqlite hold nothing per document after writing it; markdown keeps
only small corpus counters for its closing summary. Error records (unreadable
inputs) are passed through by json/jsonl (they are part of the extract
contract) and skipped by the other formats (markdown counts them). Nothing here
prints; writers return an `ExportStats`.

Quoting and escaping come from the standard library: `csv`, `json`, `sqlite3`
parameters. Markdown has no standard escaper; `md_text` backslash-escapes the
CommonMark punctuation that could change the rendering.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from withdrawal_cli.errors import UsageError, WithdrawalError

FORMATS = ("csv", "json", "jsonl", "geojson", "markdown", "sqlite")
STREAM_FORMATS = ("csv", "json", "jsonl", "geojson", "markdown")  # may go to stdout

# -- columns shared by CSV and SQLite -------------------------------------------

DOCUMENT_FIELDS = ("id", "path", "title", "source", "published")
DOCUMENT_COLUMNS = tuple(f"document_{name}" for name in DOCUMENT_FIELDS)
COMMON_COLUMNS = ("fact_index", "type", "text", "start", "end", "sentence")

# Per-type columns: (column, fact field). `official_mentions` is the number of mentions.
TYPE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "location": (
        ("location_name", "name"),
        ("location_kind", "kind"),
        ("location_country", "country"),
        ("location_lat", "lat"),
        ("location_lon", "lon"),
    ),
    "troop_count": (
        ("troop_value", "value"),
        ("troop_low", "low"),
        ("troop_high", "high"),
        ("troop_qualifier", "qualifier"),
        ("troop_unit", "unit"),
        ("troop_force", "force"),
        ("troop_location", "location"),
        ("troop_date", "date"),
        ("troop_kind", "kind"),
    ),
    "official": (
        ("official_name", "name"),
        ("official_title", "title"),
        ("official_affiliation", "affiliation"),
        ("official_mentions", "mentions"),
    ),
    "date": (
        ("date_value", "value"),
        ("date_granularity", "granularity"),
        ("date_relative", "relative"),
    ),
}
TYPE_COLUMN_NAMES = tuple(column for columns in TYPE_COLUMNS.values() for column, _ in columns)
CSV_COLUMNS = DOCUMENT_COLUMNS + COMMON_COLUMNS + TYPE_COLUMN_NAMES


@dataclass
class ExportStats:
    documents: int = 0
    facts: int = 0
    errors: int = 0
    features: int = 0  # geojson: facts placed on the map


class OutputError(WithdrawalError):
    """The output could not be written (exit 1)."""

    code = "output"


def _is_error(record: dict) -> bool:
    return "error" in record


def type_values(fact: dict) -> dict:
    """The per-type columns of one fact (all of them; other types' columns are None)."""
    row = dict.fromkeys(TYPE_COLUMN_NAMES)
    for column, name in TYPE_COLUMNS.get(fact.get("type"), ()):
        value = fact.get(name)
        if name == "mentions":
            value = len(value or ())
        row[column] = value
    return row


def fact_row(document: dict, index: int, fact: dict) -> dict:
    """One CSV row: document fields, common fact fields, per-type fields."""
    row = {column: document.get(name) for column, name in zip(DOCUMENT_COLUMNS, DOCUMENT_FIELDS)}
    row.update(fact_index=index, type=fact.get("type"), text=fact.get("text"), start=fact.get("start"), end=fact.get("end"))
    row["sentence"] = fact.get("sentence")
    row.update(type_values(fact))
    return row


# -- csv ------------------------------------------------------------------------


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(records: Iterable[dict], out: TextIO, bom: bool = False) -> ExportStats:
    """One row per fact in `CSV_COLUMNS` order (RFC 4180 via the csv module).

    `out` should be opened with newline="". `bom` writes a UTF-8 byte order mark
    first, so spreadsheet programs read the text as UTF-8.
    """
    stats = ExportStats()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in _documents(records, stats):
        document = record["document"]
        for index, fact in enumerate(record.get("facts") or ()):
            row = fact_row(document, index, fact)
            writer.writerow([_csv_cell(row[column]) for column in CSV_COLUMNS])
            stats.facts += 1
        out.flush()
    return stats


# -- json / jsonl -----------------------------------------------------------------


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def write_jsonl(records: Iterable[dict], out: TextIO) -> ExportStats:
    """The extract contract, one record per line (error records included)."""
    stats = ExportStats()
    for record in records:
        _count(stats, record)
        out.write(_dumps(record) + "\n")
        out.flush()
    return stats


def write_json(records: Iterable[dict], out: TextIO) -> ExportStats:
    """The extract contract as one JSON array, written an element at a time."""
    stats = ExportStats()
    out.write("[")
    first = True
    for record in records:
        _count(stats, record)
        out.write(("\n" if first else ",\n") + _dumps(record))
        out.flush()
        first = False
    out.write("]\n" if first else "\n]\n")
    return stats


def _documents(records: Iterable[dict], stats: ExportStats) -> Iterator[dict]:
    """The document records, in order; error records are counted in `stats` and skipped."""
    for record in records:
        if _is_error(record):
            stats.errors += 1
            continue
        stats.documents += 1
        yield record


def _count(stats: ExportStats, record: dict) -> None:
    if _is_error(record):
        stats.errors += 1
    else:
        stats.documents += 1
        stats.facts += len(record.get("facts") or ())


# -- geojson ------------------------------------------------------------------------


def _place_coordinates(name: str | None, cache: dict) -> tuple[float, float] | None:
    """(lon, lat) of a place the gazetteer knows with coordinates."""
    if not name:
        return None
    if name not in cache:
        from withdrawal_cli import gazetteer

        place = gazetteer.resolve(name)
        cache[name] = _valid_point(place.lon, place.lat) if place is not None else None
    return cache[name]


def _valid_point(lon, lat) -> tuple[float, float] | None:
    if isinstance(lon, (int, float)) and isinstance(lat, (int, float)) and -180 <= lon <= 180 and -90 <= lat <= 90:
        return (float(lon), float(lat))
    return None


def fact_point(fact: dict, cache: dict | None = None) -> tuple[float, float] | None:
    """(lon, lat) where a fact is on the map: a location's own coordinates, or a troop count's place."""
    cache = {} if cache is None else cache
    if fact.get("type") == "location":
        point = _valid_point(fact.get("lon"), fact.get("lat"))
        return point if point is not None else _place_coordinates(fact.get("name"), cache)
    if fact.get("type") == "troop_count":
        return _place_coordinates(fact.get("location"), cache)
    return None


def feature(document: dict, index: int, fact: dict, point: tuple[float, float]) -> dict:
    """A GeoJSON Point Feature; properties: document_* fields, fact_index, `place`, then the fact's fields."""
    properties = {column: document.get(name) for column, name in zip(DOCUMENT_COLUMNS, DOCUMENT_FIELDS)}
    properties["fact_index"] = index
    properties["place"] = fact.get("name") if fact.get("type") == "location" else fact.get("location")
    properties.update(fact)
    return {
        "type": "Feature",
        "id": f"{document.get('id')}-{index}",
        "geometry": {"type": "Point", "coordinates": [point[0], point[1]]},  # RFC 7946: [longitude, latitude]
        "properties": properties,
    }


def write_geojson(records: Iterable[dict], out: TextIO) -> ExportStats:
    """A FeatureCollection with a Point per located fact, written a feature at a time."""
    stats = ExportStats()
    cache: dict = {}
    out.write('{"type": "FeatureCollection", "features": [')
    first = True
    for record in _documents(records, stats):
        document = record["document"]
        for index, fact in enumerate(record.get("facts") or ()):
            stats.facts += 1
            point = fact_point(fact, cache)
            if point is None:
                continue
            out.write(("\n" if first else ",\n") + _dumps(feature(document, index, fact, point)))
            first = False
            stats.features += 1
        out.flush()
    out.write("]}\n" if first else "\n]}\n")
    return stats


# -- markdown -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LEADING_MARKER = re.compile(r"^([-+]|\d+[.)])(?=\s|$)")
TYPE_TITLES = {"troop_count": "Troop counts", "official": "Officials", "date": "Dates", "location": "Locations"}
MARKDOWN_ORDER = ("troop_count", "official", "date", "location")


def md_text(text) -> str:
    """Text as literal Markdown: whitespace collapsed to single spaces, punctuation escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    # A leading list marker ("- ", "1. ") would turn a quoted sentence into a list.
    return _MD_LEADING_MARKER.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escaped)


EVIDENCE_CONTEXT = 160  # characters of the sentence kept on each side of the fact in Markdown


def evidence(fact: dict, context: int = EVIDENCE_CONTEXT) -> str:
    """The evidence sentence as Markdown, the fact's own words in bold; a long sentence is cut around them."""
    from withdrawal_cli.query import evidence_window

    head, before, text, after, tail = evidence_window(fact, context)
    if not text:
        return head + md_text(before) + tail
    # Spaces at the edges of the bold run would stop it rendering as bold.
    parts = [head, md_text(before) + (" " if before.endswith(" ") else ""), f"**{md_text(text)}**"]
    parts.append((" " if after.startswith(" ") else "") + md_text(after) + tail)
    return "".join(parts)


def _figure(fact: dict) -> str:
    low, high = fact.get("low"), fact.get("high")
    if low is None and high is None:
        amount = "unspecified number of"
    elif low == high or high is None or low is None:
        amount = f"{(low if low is not None else high):,}"
    else:
        amount = f"{low:,}–{high:,}"
    words = [amount, fact.get("unit") or "troops"]
    if fact.get("qualifier") and fact["qualifier"] not in ("exact", "range"):
        words.append(f"({fact['qualifier'].replace('_', ' ')})")
    details = [" ".join(words)]
    for label, key in (("force", "force"), ("at", "location"), ("date", "date"), ("kind", "kind")):
        if fact.get(key):
            details.append(f"{label} {fact[key]}")
    return "; ".join(details)


def _md_fact(fact: dict) -> str:
    kind = fact.get("type")
    if kind == "troop_count":
        return f"**{md_text(_figure(fact))}**: “{md_text(fact.get('text'))}”"
    if kind == "official":
        who = md_text(fact.get("name") or "unnamed source")
        extra = [md_text(x) for x in (fact.get("title"), fact.get("affiliation")) if x]
        mentions = len(fact.get("mentions") or ())
        tail = f" ({mentions} mentions)" if mentions > 1 else ""
        return f"**{who}**" + (f", {', '.join(extra)}" if extra else "") + tail
    if kind == "date":
        value = fact.get("value") or "unresolved"
        detail = ", ".join(x for x in (fact.get("granularity"), "relative" if fact.get("relative") else None) if x)
        return f"**{md_text(value)}**" + (f" ({md_text(detail)})" if detail else "") + f": “{md_text(fact.get('text'))}”"
    return f"**{md_text(fact.get('text'))}**"


def _md_locations(facts: list[dict]) -> list[str]:
    """Locations folded by canonical name: one line per place with its mention count and first evidence."""
    places: dict[str, list[dict]] = {}
    for fact in facts:
        places.setdefault(fact.get("name") or fact.get("text"), []).append(fact)
    lines = []
    for name, mentions in places.items():
        first = mentions[0]
        detail = ", ".join(str(x) for x in (first.get("kind"), first.get("country")) if x and x != name)
        count = f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''}"
        lines.append(f"- **{md_text(name)}**" + (f" ({md_text(detail)})" if detail else "") + f": {count}")
        lines.append(f"  > {evidence(first)}")
    return lines


@dataclass
class _Summary:
    stats: ExportStats = field(default_factory=ExportStats)
    by_type: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)  # documents mentioning each place
    officials: Counter = field(default_factory=Counter)  # documents quoting each named official
    first_published: str | None = None
    last_published: str | None = None
    undated: int = 0
    error_paths: list = field(default_factory=list)

    def add(self, record: dict) -> None:
        if _is_error(record):
            self.stats.errors += 1
            if len(self.error_paths) < 20:
                self.error_paths.append((record["document"].get("path"), record["error"].get("code")))
            return
        document, facts = record["document"], record.get("facts") or []
        self.stats.documents += 1
        self.stats.facts += len(facts)
        self.by_type.update(f.get("type") for f in facts)
        self.sources[document.get("source") or "(no source)"] += 1
        published = document.get("published")
        if published:
            self.first_published = min(filter(None, (self.first_published, published)))
            self.last_published = max(filter(None, (self.last_published, published)))
        else:
            self.undated += 1
        self.places.update({f.get("name") for f in facts if f.get("type") == "location" and f.get("name")})
        self.officials.update({f.get("name") for f in facts if f.get("type") == "official" and f.get("name")})


def markdown_document(record: dict) -> str:
    """The brief of one document: metadata, then facts grouped by type with their evidence."""
    document, facts = record["document"], record.get("facts") or []
    lines = [f"## {md_text(document.get('title') or document.get('path'))}", ""]
    lines.append(f"- Source: {md_text(document.get('source') or 'unknown')}")
    lines.append(f"- Published: {md_text(document.get('published') or 'unknown')}")
    if document.get("published_note"):
        lines.append(f"- Date note: {md_text(document['published_note'])}")
    lines.append(f"- Path: {md_text(document.get('path'))}")
    lines.append(f"- Document id: {md_text(document.get('id'))}")
    lines.append("")
    if not facts:
        lines += ["No facts found.", ""]
    by_type: dict[str, list[dict]] = {}
    for fact in facts:
        by_type.setdefault(fact.get("type"), []).append(fact)
    for kind in MARKDOWN_ORDER:
        group = by_type.get(kind)
        if not group:
            continue
        lines += [f"### {TYPE_TITLES[kind]} ({len(group)})", ""]
        if kind == "location":
            lines += _md_locations(group)
        else:
            for fact in group:
                lines.append(f"- {_md_fact(fact)}")
                lines.append(f"  > {evidence(fact)}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _top(counter: Counter, n: int = 10) -> str:
    return ", ".join(f"{md_text(name)} ({count})" for name, count in counter.most_common(n)) or "none"


def markdown_summary(summary: _Summary) -> str:
    stats = summary.stats
    lines = ["## Corpus summary", ""]
    lines.append(f"- Documents: {stats.documents}")
    if stats.errors:
        shown = "; ".join(f"{md_text(p)} ({md_text(c)})" for p, c in summary.error_paths)
        lines.append(f"- Unreadable inputs: {stats.errors}: {shown}")
    per_type = ", ".join(f"{TYPE_TITLES[k].lower()} {summary.by_type.get(k, 0)}" for k in MARKDOWN_ORDER)
    lines.append(f"- Facts: {stats.facts} ({per_type})")
    if summary.first_published:
        span = summary.first_published
        if summary.last_published != summary.first_published:
            span += f" to {summary.last_published}"
        lines.append(f"- Published: {span}" + (f" ({summary.undated} undated)" if summary.undated else ""))
    elif stats.documents:
        lines.append("- Published: unknown for every document")
    lines.append(f"- Sources: {_top(summary.sources)}")
    lines.append(f"- Places (documents mentioning them): {_top(summary.places)}")
    lines.append(f"- Named officials (documents quoting them): {_top(summary.officials)}")
    return "\n".join(lines) + "\n"


def write_markdown(records: Iterable[dict], out: TextIO, title: str = "Withdrawal facts") -> ExportStats:
    """A brief per document as it arrives, then a corpus summary."""
    summary = _Summary()
    out.write(f"# {md_text(title)}\n\n")
    for record in records:
        summary.add(record)
        if not _is_error(record):
            out.write(markdown_document(record) + "\n")
            out.flush()
    out.write(markdown_summary(summary))
    return summary.stats


# -- sqlite -------------------------------------------------------------------------

_TYPE_SQL = {
    "location_lat": "REAL",
    "location_lon": "REAL",
    "troop_value": "INTEGER",
    "troop_low": "INTEGER",
    "troop_high": "INTEGER",
    "official_mentions": "INTEGER",
    "date_relative": "INTEGER",
}

DOCUMENT_SQL_COLUMNS = (
    ("id", "TEXT PRIMARY KEY"),
    ("path", "TEXT NOT NULL"),
    ("title", "TEXT"),
    ("source", "TEXT"),
    ("published", "TEXT"),
    ("published_note", "TEXT"),
    ("model", "TEXT"),
    ("model_version", "TEXT"),
    ("withdrawal_version", "TEXT"),
    ("rules_version", "TEXT"),
    ("fact_count", "INTEGER NOT NULL"),
)
FACT_SQL_COLUMNS = (
    ("id", "INTEGER PRIMARY KEY"),
    ("document_id", "TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE"),
    ("fact_index", "INTEGER NOT NULL"),
    ("type", "TEXT NOT NULL"),
    ("text", "TEXT NOT NULL"),
    ("start", "INTEGER NOT NULL"),
    ("end", "INTEGER NOT NULL"),
    ("sentence", "TEXT NOT NULL"),
    ("location", "TEXT"),  # the place: a location's name, a troop count's location
    ("date", "TEXT"),  # the date the fact refers to, as `withdrawal query` reads it
    *((column, _TYPE_SQL.get(column, "TEXT")) for column in TYPE_COLUMN_NAMES),
    ("fact", "TEXT NOT NULL"),  # the whole fact as JSON (json_extract works on it)
)


def _q(name: str) -> str:
    return '"' + name + '"'


def sqlite_schema() -> list[str]:
    """DDL of the export database (idempotent: IF NOT EXISTS)."""
    documents = ",\n  ".join(f"{_q(c)} {t}" for c, t in DOCUMENT_SQL_COLUMNS)
    facts = ",\n  ".join(f"{_q(c)} {t}" for c, t in FACT_SQL_COLUMNS)
    return [
        f"CREATE TABLE IF NOT EXISTS documents (\n  {documents}\n)",
        f"CREATE TABLE IF NOT EXISTS facts (\n  {facts},\n  UNIQUE (document_id, fact_index)\n)",
        "CREATE INDEX IF NOT EXISTS facts_type ON facts (type)",
        "CREATE INDEX IF NOT EXISTS facts_location ON facts (location)",
        "CREATE INDEX IF NOT EXISTS facts_date ON facts (date)",
    ]


def _sql_value(value):
    if isinstance(value, bool):
        return int(value)
    return value


class SqliteWriter:
    """Writes documents and facts into a SQLite file; re-exporting a document replaces its rows.

    Each document is written inside a savepoint (delete its facts, upsert it,
    insert its facts), so a document is never half-written; transactions are
    committed every `commit_every` documents and when the input ends or fails.
    """

    def __init__(self, path: str | Path, commit_every: int = 200) -> None:
        self.path = str(path)
        self.commit_every = max(1, commit_every)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._check_existing()
            for statement in sqlite_schema():
                self.conn.execute(statement)
        except sqlite3.Error as exc:
            raise UsageError(f"-o {self.path}: cannot use as a SQLite database: {exc}") from None
        doc_cols = [c for c, _ in DOCUMENT_SQL_COLUMNS]
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in doc_cols if c != "id")
        self._upsert = (
            f"INSERT INTO documents ({', '.join(map(_q, doc_cols))}) VALUES ({', '.join('?' * len(doc_cols))}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        fact_cols = [c for c, _ in FACT_SQL_COLUMNS if c != "id"]
        self._fact_cols = fact_cols
        self._insert = f"INSERT INTO facts ({', '.join(map(_q, fact_cols))}) VALUES ({', '.join('?' * len(fact_cols))})"

    def _check_existing(self) -> None:
        """Refuse a database whose tables of the same names have other columns."""
        for table, columns in (("documents", DOCUMENT_SQL_COLUMNS), ("facts", FACT_SQL_COLUMNS)):
            found = [row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")]
            if found and found != [c for c, _ in columns]:
                raise UsageError(f"-o {self.path}: table '{table}' exists with other columns (not a withdrawal export)")

    def write_document(self, record: dict) -> int:
        from withdrawal_cli.query import fact_date

        document = record["document"]
        facts = record.get("facts") or []
        pipeline = document.get("pipeline") or {}
        doc_row = [
            document.get("id"),
            document.get("path"),
            document.get("title"),
            document.get("source"),
            document.get("published"),
            document.get("published_note"),
            pipeline.get("model"),
            pipeline.get("model_version"),
            pipeline.get("withdrawal_version"),
            pipeline.get("rules_version"),
            len(facts),
        ]
        rows = []
        for index, fact in enumerate(facts):
            kind = fact.get("type")
            values = {
                "document_id": document.get("id"),
                "fact_index": index,
                "type": kind,
                "text": fact.get("text"),
                "start": fact.get("start"),
                "end": fact.get("end"),
                "sentence": fact.get("sentence"),
                "location": fact.get("name") if kind == "location" else fact.get("location") if kind == "troop_count" else None,
                "date": fact_date(fact, document),
                "fact": _dumps(fact),
            }
            values.update(type_values(fact))
            rows.append([_sql_value(values[c]) for c in self._fact_cols])
        conn = self.conn
        conn.execute("SAVEPOINT document")
        try:
            conn.execute("DELETE FROM facts WHERE document_id = ?", (document.get("id"),))
            conn.execute(self._upsert, doc_row)
            conn.executemany(self._insert, rows)
        except BaseException:
            conn.execute("ROLLBACK TO document")
            conn.execute("RELEASE document")
            raise
        conn.execute("RELEASE document")
        return len(rows)

    def write(self, records: Iterable[dict]) -> ExportStats:
        stats = ExportStats()
        conn = self.conn
        pending = 0
        conn.execute("BEGIN")
        try:
            for record in _documents(records, stats):
                try:
                    stats.facts += self.write_document(record)
                except sqlite3.Error as exc:
                    raise OutputError(f"{self.path}: {exc}") from None
                pending += 1
                if pending >= self.commit_every:
                    conn.execute("COMMIT")
                    conn.execute("BEGIN")
                    pending = 0
        finally:
            # Whole documents only are in the open transaction: keep them even when the input failed.
            if conn.in_transaction:
                conn.execute("COMMIT")
        return stats

    def close(self) -> None:
        self.conn.close()


def write_sqlite(records: Iterable[dict], path: str | Path, commit_every: int = 200) -> ExportStats:
    writer = SqliteWriter(path, commit_every)
    try:
        return writer.write(records)
    finally:
        writer.close()


# -- dispatch -----------------------------------------------------------------------


def export_records(
    records: Iterable[dict], fmt: str, out: TextIO | None = None, path: str | Path | None = None, bom: bool = False
) -> ExportStats:
    """Write records in `fmt`: to the text stream `out`, or (sqlite) to the database at `path`."""
    if fmt not in FORMATS:
        raise UsageError(f"--to: unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt == "sqlite":
        if path is None:
            raise UsageError("--to sqlite needs an output file: -o FILE.db")
        return write_sqlite(records, path)
    if out is None:
        raise UsageError(f"--to {fmt}: no output stream")
    writers: dict[str, Callable[..., ExportStats]] = {
        "jsonl": write_jsonl,
        "json": write_json,
        "geojson": write_geojson,
        "markdown": write_markdown,
    }
    if fmt == "csv":
        return write_csv(records, out, bom=bom)
    return writers[fmt](records, out)
