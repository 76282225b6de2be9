"""Fast start: --help, completion and argument errors never import the heavy libraries.

Checked through `sys.modules` in a fresh interpreter (no timing assertions).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "dateparser", "trafilatura", "pydantic", "numpy", "withdrawal_cli.models", "distributed", "dask")
# Typer >= 0.16 coerces a subcommand's parameters through pydantic itself, so pydantic is allowed
# once a subcommand is parsed; everything else stays out.
HEAVY_EXCEPT_TYPER_OWN = tuple(m for m in HEAVY if m != "pydantic")

PROBE = r"""
import json, os, sys
sys.argv = ["withdrawal", *json.loads(os.environ["PROBE_ARGS"])]
import io, contextlib
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        from withdrawal_cli.cli.app import main
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def imported_after(*args: str, env: dict | None = None) -> set[str]:
    full_env = {**os.environ, "PROBE_ARGS": json.dumps(list(args)), **(env or {})}
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=full_env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def heavy_in(modules: set[str], heavy=HEAVY) -> list[str]:
    return sorted(m for m in heavy if m in modules)


def test_importing_the_app_is_light():
    code = "import json, sys; import withdrawal_cli.cli.app; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert heavy_in(set(json.loads(proc.stdout))) == []


def test_library_modules_import_without_spacy():
    code = (
        "import json, sys\n"
        "import withdrawal_cli.extract, withdrawal_cli.cache, withdrawal_cli.parallel, withdrawal_cli.distributed\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert heavy_in(set(json.loads(proc.stdout))) == []


def test_root_help_imports_nothing_heavy():
    modules = imported_after("--help")
    assert "withdrawal_cli.cli.app" in modules
    assert heavy_in(modules) == []


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--help"],
        ["compare-sources", "--help"],
        ["query", "--help"],
        ["export", "--help"],
        ["extract", "--jobs", "many", "x.txt"],  # argument error
        ["extract", "--no-such-option"],
        ["--version"],
    ],
    ids=lambda a: " ".join(a),
)
def test_subcommand_help_and_argument_errors_import_nothing_heavy(args):
    assert heavy_in(imported_after(*args), HEAVY_EXCEPT_TYPER_OWN) == []


def test_shell_completion_imports_nothing_heavy():
    env = {"_WITHDRAWAL_COMPLETE": "complete_bash", "COMP_WORDS": "withdrawal ex", "COMP_CWORD": "1"}
    assert heavy_in(imported_after(env=env), HEAVY_EXCEPT_TYPER_OWN) == []


def test_an_all_cached_run_never_imports_spacy(tmp_path):
    """A second run over cached inputs answers from disk without loading spaCy at all."""
    env = {"WITHDRAWAL_CACHE_DIR": str(tmp_path / "cache")}
    from conftest import SEEDS

    args = ["extract", "--format", "jsonl", "--model", "blank", str(SEEDS)]
    assert "spacy" in imported_after(*args, env=env)  # first run: extracted
    assert "spacy" not in imported_after(*args, env=env)  # second run: all hits
