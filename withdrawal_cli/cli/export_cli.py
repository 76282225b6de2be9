"""`withdrawal export`: facts to CSV, JSON, JSON Lines, GeoJSON, Markdown or SQLite."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from withdrawal_cli.cli.common import PATHS_HELP, ErrorCounter, article_options, error_boundary, exit_status, warn
from withdrawal_cli.cli.extract_cli import MODEL_HELP


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    geojson = "geojson"
    markdown = "markdown"
    sqlite = "sqlite"


def export_cli(
    paths: List[str] = typer.Argument(..., help=PATHS_HELP),
    to: ExportFormat = typer.Option(..., "--to", "-t", help="Output format."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Output file (default: stdout). Required for sqlite; an existing database is updated."
    ),
    bom: Optional[bool] = typer.Option(
        None, "--bom/--no-bom", help="CSV: start with a UTF-8 byte order mark for spreadsheets. Default: on with -o, off on stdout."
    ),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for articles with no date line."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name for articles, overriding what the text shows."),
) -> None:
    """Write the facts of articles or extraction output for other tools.

    csv: one row per fact (document columns, common fact columns, per-type columns).
    json/jsonl: the extract contract. geojson: a Point per located fact.
    markdown: a brief per document and a corpus summary. sqlite: tables documents
    and facts; exporting the same documents again replaces their rows.
    """
    with error_boundary():
        from withdrawal_cli.errors import UsageError
        from withdrawal_cli.export import OutputError, export_records
        from withdrawal_cli.records import read_records

        fmt = to.value
        if fmt == "sqlite" and (output is None or str(output) == "-"):
            raise UsageError("--to sqlite writes a database file: give -o FILE.db")
        if output is not None and output.is_dir():
            raise UsageError(f"-o {output}: is a folder")
        if output is not None and fmt != "sqlite" and str(output) == "-":
            output = None
        options = article_options(model, published, source)
        reporter = ErrorCounter(keep=True)
        records = reporter(read_records(paths, options))
        if fmt == "sqlite":
            stats = export_records(records, fmt, path=output)
        elif output is None:
            stats = export_records(records, fmt, out=_stdout(fmt), bom=bool(bom))
        else:
            try:
                handle = open(output, "w", encoding="utf-8", newline="" if fmt == "csv" else None)
            except OSError as exc:
                raise UsageError(f"-o {output}: {exc.strerror or exc}") from None
            with handle:
                try:
                    stats = export_records(records, fmt, out=handle, bom=True if bom is None else bom)
                except OSError as exc:
                    raise OutputError(f"{output}: {exc.strerror or exc}") from None
        if output is not None:
            extra = f", {stats.features} map features" if fmt == "geojson" else ""
            warn(f"wrote {stats.documents} documents, {stats.facts} facts{extra} to {output}")
    raise typer.Exit(exit_status(reporter.count))


def _stdout(fmt: str):
    """stdout, reconfigured so the csv module's own line endings pass through unchanged."""
    if fmt == "csv":
        try:
            sys.stdout.reconfigure(newline="")
        except (AttributeError, ValueError):
            pass
    return sys.stdout
