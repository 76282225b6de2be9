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
            # The fact's words are shown in bold inside the evidence, so no separate text column.
            columns = [(header, name) for header, name in FACT_COLUMNS[fact_type] if name != "text"]
            for header, _ in columns:
                table.add_column(header, overflow="fold")
            table.add_column("evidence", overflow="fold")
            for fact in by_type[fact_type]:
                table.add_row(*(_cell(fact.get(field)) for _, field in columns), _evidence_text(fact))
            console.print(table)


def _evidence_text(fact: dict):
    """The evidence around the fact (cut when long), the fact's words in bold; never read as markup."""
    from rich.text import Text

    from withdrawal_cli.query import evidence_window

    head, before, text, after, tail = evidence_window(fact, context=80)
    out = Text(head + before)
    out.append(text, style="bold")
    out.append(after + tail)
    return out


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


# --- compare-sources ---------------------------------------------------------------------------------

COMPARE_SECTIONS = (("conflict", "Conflicts", "red"), ("consensus", "Consensus", "green"), ("single", "Single-source claims", "yellow"))


def _compare_table(title: str, headers: tuple[str, ...], evidence: bool = False) -> Table:
    """A compact compare-sources table with these columns (and a wide evidence column if asked)."""
    table = Table(title=title, title_justify="left", expand=False, show_lines=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    if evidence:
        table.add_column("evidence", overflow="fold", ratio=1)
    return table


def _troop_claims_table(claims: list, evidence: bool) -> Table:
    table = _compare_table("Troop figures", ("claim", "source", "figure", "when", "said"), evidence)
    for claim in claims:
        for i, r in enumerate(claim.reports):
            when = (r.time or "unknown") + (" (published)" if r.time_basis == "published" else "")
            row = [claim.subject if i == 0 else "", r.source, r.value or "-", when, r.text]
            if evidence:
                row.append(r.sentence)
            table.add_row(*row, end_section=i == len(claim.reports) - 1)
        if claim.related:
            table.add_row(f"[dim]related: {', '.join(claim.related)}[/dim]", "", "", "", "", *([""] if evidence else []))
    return table


def _official_claims_table(claims: list) -> Table:
    table = _compare_table("Officials", ("official", "source", "title", "affiliation"))
    for claim in claims:
        for i, r in enumerate(claim.reports):
            table.add_row(claim.subject if i == 0 else "", r.source, r.title or "-", r.affiliation or "-", end_section=i == len(claim.reports) - 1)
    return table


def _place_claims_table(claims: list) -> Table:
    table = _compare_table("Places", ("place", "kind", "sources", "spellings"))
    for claim in claims:
        table.add_row(claim.name, claim.kind or "-", ", ".join(claim.sources), ", ".join(claim.spellings))
    return table


def _date_claims_table(claims: list, evidence: bool) -> Table:
    table = _compare_table("Dates of events", ("event", "source", "value", "said"), evidence)
    for claim in claims:
        for i, r in enumerate(claim.reports):
            row = [claim.subject if i == 0 else "", r.source, r.value or "-", r.text]
            if evidence:
                row.append(r.sentence)
            table.add_row(*row, end_section=i == len(claim.reports) - 1)
    return table


def _timeline_table(series, shown: set, total_width: int) -> Table | None:
    """Figure against time, one row per report: a bar scaled to the largest figure of the place."""
    points = [p for p in series.points if p.claim in shown]
    if not points:
        return None
    figures = [(p.high if p.high is not None else p.low) or 0 for p in points]
    top = max(figures) or 1
    bottom = min((f for f in figures if f > 0), default=1)
    log = top / bottom > 20  # 170,000 and 2,500 on one chart: a linear bar would hide the small ones
    name_w = max(len(p.source) for p in points)
    time_w = max(len(p.time or "unknown") for p in points)
    from withdrawal_cli.compare import short_figure

    labels = [short_figure(p.low, p.high, p.qualifier) + (" planned" if p.kind == "planned" else "") for p in points]
    value_w = max(len(label) for label in labels)
    width = max(8, min(40, total_width - name_w - time_w - value_w - 10))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    for p, label in zip(points, labels):
        figure = (p.high if p.high is not None else p.low) or 0
        if log:
            import math

            floor = math.log10(bottom) - 0.5
            share = (math.log10(figure) - floor) / (math.log10(top) - floor) if figure > 0 else 0
        else:
            share = figure / top
        length = max(1, round(width * share))
        colour = {"conflict": "red", "consensus": "green", "single": "yellow"}[p.status]
        bar = ("\u2591" if p.kind == "planned" else "\u2588") * length
        table.add_row(f"  {p.time or 'unknown'}", p.source, f"[{colour}]{bar}[/{colour}]", label)
    table.caption = "log scale" if log else None
    table.caption_justify = "left"
    return table


def render_comparison(comparison, claims: list, console: Console | None = None) -> None:
    """Sources header, then Conflicts, Consensus, Single-source claims, then troop levels over time."""
    from rich.markup import escape

    console = console or stdout_console()
    sources = _compare_table(f"Sources ({len(comparison.sources)})", ("source", "outlet", "published", "path"))
    for s in comparison.sources:
        sources.add_row(s.name, s.outlet or "-", s.published or "unknown", s.path)
    console.print(sources)
    for status, title, colour in COMPARE_SECTIONS:
        group = [c for c in claims if c.status == status]
        console.rule(f"[bold {colour}]{title} ({len(group)})")
        if not group:
            console.print("[dim]none[/dim]")
            continue
        evidence = status == "conflict"
        by_type = {t: [c for c in group if c.type == t] for t in ("troop_count", "official", "location", "date")}
        if by_type["troop_count"]:
            console.print(_troop_claims_table(by_type["troop_count"], evidence))
            for c in by_type["troop_count"]:
                if c.note:
                    console.print(f"[dim]{escape(c.subject)}: {escape(c.note)}[/dim]")
        if by_type["official"]:
            console.print(_official_claims_table(by_type["official"]))
        if by_type["location"]:
            console.print(_place_claims_table(by_type["location"]))
        if by_type["date"]:
            console.print(_date_claims_table(by_type["date"], evidence))
    shown = {c.id for c in claims}
    blocks = [(s, _timeline_table(s, shown, console.width)) for s in comparison.timeline]
    blocks = [(s, table) for s, table in blocks if table is not None]
    if blocks:
        console.rule("[bold]Troop levels over time")
        console.print("[dim]bar = figure (scaled per place); \u2591 planned; colour = claim status[/dim]")
        for s, table in blocks:
            console.print(f"[bold]{escape(s.force or 'Unknown force')} in {escape(s.place or 'unknown place')}[/bold]")
            console.print(table, highlight=False)
