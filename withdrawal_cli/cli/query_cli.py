"""`withdrawal query`: filter facts from articles or extraction output."""

from __future__ import annotations

from typing import List, Optional

import typer

from withdrawal_cli.cli.common import (
    FORMAT_HELP,
    PATHS_HELP,
    ErrorCounter,
    FactType,
    OutputFormat,
    article_options,
    error_boundary,
    exit_status,
    resolve_format,
    write_json_records,
)
from withdrawal_cli.cli.extract_cli import MODEL_HELP

def query_cli(
    paths: List[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    types: Optional[List[FactType]] = typer.Option(None, "--type", "-t", help="Fact type to keep (repeatable)."),
    location: Optional[str] = typer.Option(
        None, "--location", "-l", help="Place (any spelling); also matches places inside it. Locations and troop counts."
    ),
    official: Optional[str] = typer.Option(None, "--official", help="Part of an official's name or title (case-insensitive)."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet of the document (case-insensitive, whole words)."),
    since: Optional[str] = typer.Option(
        None, "--since", help="Keep facts whose date overlaps this date or later (YYYY, YYYY-MM, YYYY-MM-DD)."
    ),
    until: Optional[str] = typer.Option(None, "--until", help="Keep facts whose date overlaps this date or earlier."),
    minimum: Optional[int] = typer.Option(None, "--min", help="Troop figures of at least N (a range matches if it reaches N)."),
    maximum: Optional[int] = typer.Option(None, "--max", help="Troop figures of at most N (a range matches if it reaches down to N)."),
    text: Optional[str] = typer.Option(None, "--text", help="Regular expression searched in the evidence sentence (case-insensitive)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    published: Optional[str] = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for articles with no date line."
    ),
    set_source: Optional[str] = typer.Option(
        None, "--set-source", help="Outlet name for articles, overriding what the text shows (extract's --source)."
    ),
) -> None:
    """Print the facts that match every filter given.

    A date filter keeps date facts by their value and troop counts by their own
    date, else their article's publication date; it drops other facts and facts
    with no date. --min/--max keep troop figures only; --official keeps officials
    only; --location keeps locations and troop counts only. One jsonl line per
    fact: {"document": {"id", "path", "source", "published"}, "fact": {...}}.
    Unreadable inputs are reported on stderr (exit status 1), not in the output.
    """
    with error_boundary():
        from withdrawal_cli.query import build_filter, query_records
        from withdrawal_cli.records import read_records

        flt = build_filter(
            types=[t.value for t in types] if types else None,
            location=location,
            official=official,
            source=source,
            since=since,
            until=until,
            minimum=minimum,
            maximum=maximum,
            text=text,
        )
        options = article_options(model, published, set_source)
        chosen = resolve_format(fmt)
        tap = ErrorCounter(keep=False)
        results = query_records(tap(read_records(paths, options)), flt)
        if chosen is OutputFormat.table:
            from withdrawal_cli.render import render_query_results

            render_query_results(results)
        else:
            write_json_records(results, chosen)
    raise typer.Exit(exit_status(tap.count))
