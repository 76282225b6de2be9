"""`withdrawal query` (stub: to be filled in)."""

from __future__ import annotations

from typing import List

import typer


def query_cli(
    paths: List[str] = typer.Argument(..., help="Articles, folders, extraction .json/.jsonl, or '-' for stdin."),
) -> None:
    """Filter facts from articles or extraction output."""
    raise typer.Exit(2)
