"""`withdrawal compare-sources` (stub: to be filled in)."""

from __future__ import annotations

from typing import List

import typer


def compare_cli(
    paths: List[str] = typer.Argument(..., help="Articles, folders, extraction .json/.jsonl, or '-' for stdin."),
) -> None:
    """Align facts across outlets: consensus, conflicts, single-source claims."""
    raise typer.Exit(2)
