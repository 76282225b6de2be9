"""`withdrawal extract`: articles in, facts out."""

from __future__ import annotations

from typing import List, Optional

import typer

from withdrawal_cli.cli.common import FORMAT_HELP, OutputFormat, error_boundary, exit_status, resolve_format, write_json_records

MODEL_HELP = "spaCy pipeline name or path; 'blank' runs our rules alone (fast). Env: WITHDRAWAL_MODEL."


def extract_cli(
    paths: List[str] = typer.Argument(..., help="Article files (.txt, .html, .md) or folders (recursive); '-' reads stdin."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for texts with no date line."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name, overriding what the text shows."),
) -> None:
    """Extract locations, troop counts, officials and dates from articles."""
    with error_boundary():
        from withdrawal_cli.extract import ExtractOptions, Extractor, parse_iso_date

        options = ExtractOptions(
            model=model,
            published=parse_iso_date(published) if published else None,
            source=source,
        )
        chosen = resolve_format(fmt)
        records = Extractor(options).extract_paths(paths)
        if chosen is OutputFormat.table:
            from withdrawal_cli.render import render_extract_records

            errors = render_extract_records(records)
        else:
            errors = write_json_records(records, chosen)
    raise typer.Exit(exit_status(errors))
