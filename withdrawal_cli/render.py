"""Every Rich view of the tool lives here; the library never imports Rich."""

from __future__ import annotations

import sys
from typing import Iterable

from rich.console import Console
from rich.table import Table

# Columns per fact type: (header, field).
FACT_COLUMNS = {
    "location": [("text", "text"), ("name", "name"), ("kind", "kind"), ("country", "country"), ("lat", "lat"), ("lon", "lon")],
    "troop_count": [
        ("text", "text"),
        ("low", "low"),
        ("high", "high"),
        ("qualifier", "qualifier"),
        ("unit", "unit"),
        ("force", "force"),
        ("location", "location"),
        ("date", "date"),
        ("kind", "kind"),
    ],
    "official": [("name", "name"), ("title", "title"), ("affiliation", "affiliation"), ("mentions", "mentions")],
    "date": [("text", "text"), ("value", "value"), ("granularity", "granularity"), ("relative", "relative")],
}
FACT_TITLES = {"location": "Locations", "troop_count": "Troop counts", "official": "Officials", "date": "Dates"}


def stdout_console() -> Console:
    return Console(file=sys.stdout)


def stderr_console() -> Console:
    return Console(file=sys.stderr)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return str(len(value))
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def fact_table(fact_type: str, facts: list[dict], title: str | None = None) -> Table:
    columns = FACT_COLUMNS[fact_type]
    table = Table(title=title or f"{FACT_TITLES[fact_type]} ({len(facts)})", title_justify="left", expand=False)
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for fact in facts:
        table.add_row(*(_cell(fact.get(field)) for _, field in columns))
    return table


def document_header(document: dict) -> str:
    parts = [f"[bold]{document.get('title') or document['path']}[/bold]", document["path"]]
    if document.get("source"):
        parts.append(f"source: {document['source']}")
    parts.append(f"published: {document.get('published') or 'unknown'}")
    if document.get("published_note"):
        parts.append(f"({document['published_note']})")
    return "  ".join(parts)


def render_document(console: Console, record: dict) -> None:
    console.rule()
    console.print(document_header(record["document"]))
    by_type: dict[str, list[dict]] = {}
    for fact in record["facts"]:
        by_type.setdefault(fact["type"], []).append(fact)
    for fact_type in FACT_COLUMNS:
        if by_type.get(fact_type):
            console.print(fact_table(fact_type, by_type[fact_type]))


def render_extract_records(records: Iterable) -> int:
    """Print each document as it completes; errors go to stderr. Returns the error count."""
    from withdrawal_cli.cli.common import record_to_dict, report_error

    console = stdout_console()
    errors = 0
    for record in records:
        data = record_to_dict(record)
        if "error" in data:
            errors += 1
            report_error(data)
            continue
        render_document(console, data)
    return errors


# -- withdrawal query ---------------------------------------------------------


def _query_group(console: Console, document: dict, facts: list[dict]) -> None:
    console.rule()
    parts = [f"[bold]{document['path']}[/bold]"]
    if document.get("source"):
        parts.append(f"source: {document['source']}")
    parts.append(f"published: {document.get('published') or 'unknown'}")
    console.print("  ".join(parts), highlight=False)
    by_type: dict[str, list[dict]] = {}
    for fact in facts:
        by_type.setdefault(fact["type"], []).append(fact)
    for fact_type in FACT_COLUMNS:
        if by_type.get(fact_type):
            title = f"{FACT_TITLES[fact_type]} ({len(by_type[fact_type])})"
            table = Table(title=title, title_justify="left", expand=False)
            for header, _ in FACT_COLUMNS[fact_type]:
                table.add_column(header, overflow="fold")
            table.add_column("evidence", overflow="fold")
            for fact in by_type[fact_type]:
                table.add_row(*(_cell(fact.get(field)) for _, field in FACT_COLUMNS[fact_type]), fact.get("sentence") or "")
            console.print(table)


def render_query_results(items: Iterable) -> int:
    """Matching facts grouped per document (printed as each document's group ends); errors to stderr.

    `items` are query results ({"document": {...}, "fact": {...}}) or error records.
    Returns the error count.
    """
    from withdrawal_cli.cli.common import record_to_dict, report_error

    console = stdout_console()
    errors = 0
    matched = 0
    documents = 0
    current: dict | None = None
    group: list[dict] = []
    for item in items:
        data = record_to_dict(item)
        if "error" in data:
            errors += 1
            report_error(data)
            continue
        if current is None or data["document"]["id"] != current["id"]:
            if group:
                _query_group(console, current, group)
            current, group = data["document"], []
            documents += 1
        group.append(data["fact"])
        matched += 1
    if group:
        _query_group(console, current, group)
    console.print(f"{matched} fact{'s' if matched != 1 else ''} matched in {documents} document{'s' if documents != 1 else ''}")
    return errors
