"""Shared fixtures: the pipeline is loaded once per test session (it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _private_result_cache(tmp_path_factory):
    """`withdrawal extract` caches results by default: keep the tests' cache out of the user's."""
    import os

    previous = os.environ.get("WITHDRAWAL_CACHE_DIR")
    os.environ["WITHDRAWAL_CACHE_DIR"] = str(tmp_path_factory.mktemp("withdrawal-cache"))
    yield
    if previous is None:
        os.environ.pop("WITHDRAWAL_CACHE_DIR", None)
    else:
        os.environ["WITHDRAWAL_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def nlp():
    from withdrawal_cli.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def blank_nlp():
    from withdrawal_cli.pipeline import build_nlp

    return build_nlp("blank")


@pytest.fixture(scope="session")
def extractor(nlp):
    from withdrawal_cli.extract import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture(scope="session")
def seed_records(extractor):
    """Extraction results of the bundled seeds, computed once."""
    return [r.model_dump(mode="json") for r in extractor.extract_paths([str(SEEDS)])]


def facts_of(record: dict, fact_type: str) -> list[dict]:
    return [f for f in record["facts"] if f["type"] == fact_type]
