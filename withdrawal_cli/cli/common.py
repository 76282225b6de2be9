"""What every command shares: the error boundary, output formats and record writing.

Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from enum import Enum
from typing import Iterable, Iterator, TextIO

import typer

from withdrawal_cli.errors import EXIT_INPUT_ERROR, EXIT_OK, WithdrawalError


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class FactType(str, Enum):
    location = "location"
    troop_count = "troop_count"
    official = "official"
    date = "date"


FORMAT_HELP = "Output format. Default: table on a terminal, jsonl when piped."
PATHS_HELP = "Articles, folders, extraction .json/.jsonl, or '-' for stdin (detected automatically)."


def resolve_format(fmt: OutputFormat | None, stream: TextIO | None = None) -> OutputFormat:
    if fmt is not None:
        return fmt
    stream = stream or sys.stdout
    return OutputFormat.table if stream.isatty() else OutputFormat.jsonl


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    print(f"withdrawal: {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def error_boundary() -> Iterator[None]:
    """Turn library errors into a one-line message and their documented exit code."""
    try:
        yield
    except WithdrawalError as exc:
        warn(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        warn("interrupted")
        raise typer.Exit(130) from None


def record_to_dict(record) -> dict:
    if isinstance(record, dict):
        return record
    return record.model_dump(mode="json")


def is_error(record) -> bool:
    return "error" in record if isinstance(record, dict) else hasattr(record, "error")


def report_error(record) -> None:
    data = record_to_dict(record)
    warn(f"{data['document']['path']}: {data['error']['message']} ({data['error']['code']})")


def write_json_records(records: Iterable, fmt: OutputFormat, out: TextIO | None = None) -> int:
    """Stream records as JSON Lines or as one JSON array; report errors on stderr; return their count."""
    out = out or sys.stdout
    errors = 0
    first = True
    if fmt is OutputFormat.json:
        out.write("[")
    for record in records:
        data = record_to_dict(record)
        if "error" in data:
            errors += 1
            report_error(data)
        text = json.dumps(data, ensure_ascii=False)
        if fmt is OutputFormat.json:
            out.write(("\n" if first else ",\n") + text)
        else:
            out.write(text + "\n")
        out.flush()
        first = False
    if fmt is OutputFormat.json:
        out.write("\n]\n" if not first else "]\n")
    return errors


def article_options(model: str | None, published: str | None, source: str | None):
    """ExtractOptions for the article inputs of the read commands (compare-sources, query, export).

    They use the result cache like `extract` does, so querying articles already extracted is instant.
    """
    import os

    from withdrawal_cli.extract import ExtractOptions, parse_iso_date

    return ExtractOptions(
        model=model,
        published=parse_iso_date(published) if published else None,
        source=source,
        cache=os.environ.get("WITHDRAWAL_NO_CACHE", "").strip().lower() in ("", "0", "false", "no"),
    )


class ErrorCounter:
    """Reports error records on stderr as they stream past and counts them (for the exit status).

    keep=True passes them on (writers of the extract contract keep them); keep=False drops them.
    """

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.count = 0

    def __call__(self, records: Iterable) -> Iterator:
        for record in records:
            if is_error(record):
                self.count += 1
                report_error(record)
                if not self.keep:
                    continue
            yield record


def exit_status(errors: int) -> int:
    return EXIT_INPUT_ERROR if errors else EXIT_OK


def quiet_broken_pipe() -> None:
    """After the reader went away (`| head`), point stdout at devnull so shutdown stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
