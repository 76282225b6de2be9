"""The `withdrawal` Typer app. Kept light: heavy imports live inside the commands."""

from __future__ import annotations

import sys

import typer

from withdrawal_cli import __version__
from withdrawal_cli.cli import compare_cli, export_cli, extract_cli, query_cli, schema_cli

app = typer.Typer(
    name="withdrawal",
    help="Turn news articles about military troop withdrawals into structured, checkable facts.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"withdrawal {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Exit codes: 0 all inputs processed, 1 some input could not be processed, 2 usage error."""


app.command("extract")(extract_cli.extract_cli)
app.command("compare-sources")(compare_cli.compare_cli)
app.command("query")(query_cli.query_cli)
app.command("export")(export_cli.export_cli)
app.command("schema")(schema_cli.schema_cli)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        from withdrawal_cli.cli.common import quiet_broken_pipe

        quiet_broken_pipe()
        sys.exit(0)
