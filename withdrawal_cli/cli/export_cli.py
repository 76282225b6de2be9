"""`withdrawal export` (stub: to be filled in)."""

from __future__ import annotations

from typing import List

import typer


def export_cli(
    paths: List[str] = typer.Argument(..., help="Articles, folders, extraction .json/.jsonl, or '-' for stdin."),
) -> None:
    """Write facts as CSV, JSON, JSON Lines, GeoJSON, Markdown or SQLite."""
    raise typer.Exit(2)
