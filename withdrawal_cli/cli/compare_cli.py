"""`withdrawal compare-sources`: align facts across outlets into consensus, conflicts and single-source claims."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import List, Optional

import typer

from withdrawal_cli.cli.common import (
    PATHS_HELP,
    ErrorCounter,
    FactType,
    article_options,
    error_boundary,
    exit_status,
    resolve_format,
    warn,
)
from withdrawal_cli.cli.extract_cli import MODEL_HELP


class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class Only(str, Enum):
    conflicts = "conflicts"
    consensus = "consensus"
    single = "single"


def compare_cli(
    paths: List[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: Optional[CompareFormat] = typer.Option(
        None, "--format", "-f", help="Output format. Default: table on a terminal, jsonl (one claim per line) when piped."
    ),
    types: Optional[List[FactType]] = typer.Option(None, "--type", "-t", help="Fact type to compare (repeatable). Default: all."),
    min_sources: int = typer.Option(1, "--min-sources", min=1, help="Only claims reported by at least N sources."),
    only: Optional[Only] = typer.Option(None, "--only", help="Only conflicts, consensus or single-source claims."),
    tolerance: float = typer.Option(
        0.05, "--tolerance", min=0.0, max=0.99, help="Relative margin of an 'approximately' figure (0.05 = +/-5%)."
    ),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for articles with no date line."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name for articles, overriding what the text shows."),
) -> None:
    """Align facts across outlets: consensus, conflicts, single-source claims.

    Takes articles (run through the pipeline) or `withdrawal extract` output (used as is).
    """
    errors = ErrorCounter(keep=False)
    with error_boundary():
        from withdrawal_cli.compare import compare, filter_claims, to_markdown
        from withdrawal_cli.records import read_records

        documents = list(errors(read_records(paths, article_options(model, published, source))))
        wanted = [t.value for t in types] if types else None
        comparison = compare(documents, types=wanted, tolerance=tolerance)
        for path in comparison.duplicates:
            warn(f"{path}: same document as an earlier input, compared once")
        claims = filter_claims(comparison.claims, wanted, min_sources, only.value if only else None)

        chosen = fmt or CompareFormat(resolve_format(None).value)
        if chosen is CompareFormat.table:
            from withdrawal_cli.render import render_comparison

            render_comparison(comparison, claims)
        elif chosen is CompareFormat.markdown:
            sys.stdout.write(to_markdown(comparison, claims))
        else:
            rows = [c.model_dump(mode="json") for c in claims]
            if chosen is CompareFormat.json:
                sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
            else:
                for row in rows:
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    raise typer.Exit(exit_status(errors.count))
