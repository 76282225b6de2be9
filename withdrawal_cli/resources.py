"""Load rules and gazetteers from package data (JSONL), validated on load.

Every data file is JSON Lines: one object per line, blank lines and lines
starting with '//' ignored. Each loader names the keys a record must have, so
a broken data file fails loudly at start-up instead of silently matching less.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from withdrawal_cli.errors import RulesDataError


def _data_text(name: str) -> str:
    try:
        return resources.files("withdrawal_cli").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # a packaging bug, not a user error
        raise RulesDataError(f"package data file {name} is missing") from exc


@lru_cache(maxsize=None)
def load_jsonl(name: str, required: tuple[str, ...] = (), allowed: tuple[str, ...] | None = None) -> tuple[dict[str, Any], ...]:
    """Records of data/NAME, each checked for the `required` keys (and only `allowed` ones, if given)."""
    records = []
    for lineno, line in enumerate(_data_text(name).splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise RulesDataError(f"{name}:{lineno}: invalid JSON: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise RulesDataError(f"{name}:{lineno}: expected an object")
        missing = [key for key in required if key not in record]
        if missing:
            raise RulesDataError(f"{name}:{lineno}: missing {', '.join(missing)}")
        if allowed is not None:
            unknown = sorted(set(record) - set(allowed) - set(required))
            if unknown:
                raise RulesDataError(f"{name}:{lineno}: unknown keys {', '.join(unknown)}")
        records.append(record)
    return tuple(records)


def terms(name: str, key: str = "term") -> frozenset[str]:
    """A set of lowercased terms from records with a `key` field (word lists)."""
    return frozenset(str(r[key]).lower() for r in load_jsonl(name, required=(key,)))


@lru_cache(maxsize=None)
def name_particles(kind: str = "particle") -> frozenset[str]:
    """Lower-case words inside names (data/name_particles.jsonl), shared by every component."""
    records = load_jsonl("name_particles.jsonl", required=("term", "kind"))
    check_choice("name_particles.jsonl", records, "kind", ("particle", "arabic_article"))
    return frozenset(r["term"] for r in records if r["kind"] == kind)


def check_choice(name: str, records: Iterable[dict], key: str, choices: Iterable[str]) -> None:
    allowed = set(choices)
    for record in records:
        if record.get(key) is not None and record[key] not in allowed:
            raise RulesDataError(f"{name}: {key}={record[key]!r} is not one of {sorted(allowed)}")
