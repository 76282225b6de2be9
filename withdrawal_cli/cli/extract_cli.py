"""`withdrawal extract`: articles in, facts out."""

from __future__ import annotations

from typing import List, Optional

import typer

from withdrawal_cli.cli.common import FORMAT_HELP, OutputFormat, error_boundary, exit_status, resolve_format, write_json_records

MODEL_HELP = "spaCy pipeline name or path; 'blank' runs our rules alone (fast). Env: WITHDRAWAL_MODEL."
JOBS_HELP = "Worker processes, each with its own pipeline (0 = one per CPU core). Output is the same, in input order."
CACHE_HELP = "Do not read or write the result cache (by default results are cached by content in the user cache dir, or $WITHDRAWAL_CACHE_DIR)."
SCHEDULER_HELP = "Run on a Dask cluster: scheduler address tcp://HOST:PORT (needs: pip install 'withdrawal[dask]')."
OUTPUT_DIR_HELP = "Write JSON Lines into numbered part files in this folder (part-00000.jsonl, ...) instead of stdout."


def extract_cli(
    paths: List[str] = typer.Argument(..., help="Article files (.txt, .html, .md) or folders (recursive); '-' reads stdin."),
    fmt: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for texts with no date line."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name, overriding what the text shows."),
    jobs: int = typer.Option(1, "--jobs", "-j", help=JOBS_HELP, envvar="WITHDRAWAL_JOBS"),
    no_cache: bool = typer.Option(False, "--no-cache", help=CACHE_HELP, envvar="WITHDRAWAL_NO_CACHE"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help=SCHEDULER_HELP, envvar="WITHDRAWAL_SCHEDULER"),
    output_dir: Optional[str] = typer.Option(None, "--output-dir", "-o", help=OUTPUT_DIR_HELP),
    partition_size: int = typer.Option(16, "--partition-size", help="Documents per Dask task and per part file of --output-dir.", min=1),
) -> None:
    """Extract locations, troop counts, officials and dates from articles."""
    with error_boundary():
        from withdrawal_cli.errors import UsageError
        from withdrawal_cli.extract import ExtractOptions, Extractor, parse_iso_date

        if jobs < 0:
            raise UsageError("--jobs must be 0 (one per core) or more")
        if scheduler and jobs not in (0, 1):
            raise UsageError("--jobs and --scheduler do not combine: the Dask cluster decides the parallelism")
        if output_dir and fmt not in (None, OutputFormat.jsonl):
            raise UsageError("--output-dir writes JSON Lines; leave out --format or use --format jsonl")
        options = ExtractOptions(
            model=model,
            published=parse_iso_date(published) if published else None,
            source=source,
            jobs=jobs,
            cache=not no_cache,
            scheduler=scheduler or None,
            partition_size=partition_size,
        )
        records = Extractor(options).extract_paths(paths)
        if output_dir:
            from withdrawal_cli.cli.common import warn

            errors, written, files = write_partitions(records, output_dir, partition_size)
            warn(f"wrote {written} records to {files} part files in {output_dir}")
        else:
            chosen = resolve_format(fmt)
            if chosen is OutputFormat.table:
                from withdrawal_cli.render import render_extract_records

                errors = render_extract_records(records)
            else:
                errors = write_json_records(records, chosen)
    raise typer.Exit(exit_status(errors))


def write_partitions(records, output_dir: str, partition_size: int) -> tuple[int, int, int]:
    """Records in input order into part-00000.jsonl, part-00001.jsonl, ... of `partition_size` each.

    Returns (errors, records written, files written). Each part is written to a
    temporary name and renamed when complete, so a part file is never half-written.
    """
    import os
    from pathlib import Path

    from withdrawal_cli.cli.common import OutputFormat as Fmt
    from withdrawal_cli.errors import UsageError

    folder = Path(output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--output-dir: cannot create {output_dir}: {exc.strerror or exc}") from None
    errors = written = part = 0
    handle = None
    tmp = final = None

    def finish():
        nonlocal handle
        if handle is not None:
            handle.close()
            os.replace(tmp, final)
            handle = None

    try:
        for record in records:
            if handle is None:
                final = folder / f"part-{part:05d}.jsonl"
                tmp = folder / f".part-{part:05d}.jsonl.tmp"
                handle = open(tmp, "w", encoding="utf-8")
                part += 1
            errors += write_json_records([record], Fmt.jsonl, handle)
            written += 1
            if written % partition_size == 0:
                finish()
        finish()
    finally:
        if handle is not None:
            handle.close()
    return errors, written, part
