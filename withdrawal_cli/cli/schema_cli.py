"""`withdrawal schema`: print the JSON Schema of the output contract."""

from __future__ import annotations

import json
from enum import Enum

import typer


class SchemaName(str, Enum):
    extract = "extract"
    compare = "compare"


def schema_cli(
    name: SchemaName = typer.Argument(SchemaName.extract, help="Which output to describe."),
) -> None:
    """Print the JSON Schema of a command's JSON output (one jsonl line / json array item)."""
    from withdrawal_cli.models import extract_record_schema

    from withdrawal_cli.compare import claim_schema

    schemas = {SchemaName.extract: extract_record_schema, SchemaName.compare: claim_schema}
    print(json.dumps(schemas[name](), indent=2))
