"""The result cache: exact hits, invalidation, corrupt entries, --no-cache, and no model load on hits."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from withdrawal_cli.cache import CACHE_ENV, ResultCache, default_cache_dir
from withdrawal_cli.extract import ExtractOptions, Extractor
from withdrawal_cli.reading import RawDocument

from conftest import SEEDS

runner = CliRunner()
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def dumps(records) -> list[dict]:
    return [r.model_dump(mode="json") for r in records]


def entries(folder) -> list:
    return sorted(p for p in folder.rglob("*.json"))


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


@pytest.fixture
def fresh(extractor):
    """Reference records of the seeds without any cache."""
    return dumps(extractor.extract_paths([str(SEEDS)]))


def cached_extractor(nlp, cache_dir, **options):
    return Extractor(ExtractOptions(cache=True, cache_dir=str(cache_dir), **options), nlp=nlp)


def test_second_run_hits_and_returns_the_same_records(nlp, cache_dir, fresh):
    first = cached_extractor(nlp, cache_dir)
    assert dumps(first.extract_paths([str(SEEDS)])) == fresh
    assert first.cache.misses == len(SEED_FILES) and first.cache.hits == 0
    assert len(entries(cache_dir)) == len(SEED_FILES)

    second = cached_extractor(nlp, cache_dir)
    assert dumps(second.extract_paths([str(SEEDS)])) == fresh
    assert second.cache.hits == len(SEED_FILES) and second.cache.misses == 0


def test_hit_takes_the_path_of_the_current_input(nlp, cache_dir, tmp_path, fresh):
    list(cached_extractor(nlp, cache_dir).extract_paths([str(SEED_FILES[0])]))
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(SEED_FILES[0], copy)
    extractor = cached_extractor(nlp, cache_dir)
    [record] = dumps(extractor.extract_paths([str(copy)]))
    assert extractor.cache.hits == 1
    assert record["document"]["path"] == str(copy)
    expected = dict(fresh[0], document=dict(fresh[0]["document"], path=str(copy)))
    assert record == expected


def test_all_hits_never_load_the_model(nlp, cache_dir, fresh):
    list(cached_extractor(nlp, cache_dir).extract_paths([str(SEEDS)]))
    lazy = Extractor(ExtractOptions(cache=True, cache_dir=str(cache_dir)))  # no nlp given: loads only on a miss
    assert dumps(lazy.extract_paths([str(SEEDS)])) == fresh
    assert lazy._nlp is None
    assert lazy.cache.hits == len(SEED_FILES)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b'{"key": "someone else", "record": {}}', b'{"record": {"document": 1}}', b"\xff\xfe\x00"],
    ids=["empty", "broken-json", "foreign-key", "missing-key", "binary"],
)
def test_corrupt_entry_is_ignored_and_rebuilt(nlp, cache_dir, fresh, garbage):
    list(cached_extractor(nlp, cache_dir).extract_paths([str(SEEDS)]))
    victim = entries(cache_dir)[0]
    victim.write_bytes(garbage)
    extractor = cached_extractor(nlp, cache_dir)
    assert dumps(extractor.extract_paths([str(SEEDS)])) == fresh
    assert extractor.cache.misses == 1 and extractor.cache.hits == len(SEED_FILES) - 1
    assert json.loads(victim.read_text(encoding="utf-8"))["key"] == victim.stem  # rewritten, valid again


def test_invalid_record_inside_a_valid_entry_is_a_miss(nlp, cache_dir, fresh):
    list(cached_extractor(nlp, cache_dir).extract_paths([str(SEED_FILES[0])]))
    [entry] = entries(cache_dir)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["record"]["facts"] = [{"type": "nonsense"}]
    entry.write_text(json.dumps(data), encoding="utf-8")
    extractor = cached_extractor(nlp, cache_dir)
    assert dumps(extractor.extract_paths([str(SEED_FILES[0])])) == fresh[:1]
    assert extractor.cache.misses == 1


def test_unwritable_cache_is_never_fatal(nlp, tmp_path, fresh):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    extractor = cached_extractor(nlp, blocker / "cache")
    assert dumps(extractor.extract_paths([str(SEEDS)])) == fresh
    assert extractor.cache.writes_failed == len(SEED_FILES)


RAW = RawDocument(path="a/x.txt", text="About 300 troops left Kabul on Monday.")


@pytest.mark.parametrize(
    "change",
    [
        {"pipeline": {"model": "other", "model_version": "1"}},
        {"options": {"published": "2024-01-02", "source": None}},
        {"options": {"published": None, "source": "Reuters"}},
    ],
    ids=["pipeline", "published", "source"],
)
def test_key_changes_with_pipeline_and_output_options(tmp_path, change):
    base = {"pipeline": {"model": "m", "model_version": "1"}, "options": {"published": None, "source": None}}
    a = ResultCache(tmp_path, **base)
    b = ResultCache(tmp_path, **{**base, **change})
    assert a.key(RAW) != b.key(RAW)


def test_key_changes_with_rules_version_and_code(tmp_path, monkeypatch):
    import withdrawal_cli.cache as cache_module

    before = ResultCache(tmp_path).key(RAW)
    monkeypatch.setattr(cache_module, "RULES_VERSION", "changed")
    after_rules = ResultCache(tmp_path).key(RAW)
    monkeypatch.undo()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "edited")
    after_code = ResultCache(tmp_path).key(RAW)
    assert len({before, after_rules, after_code}) == 3


def test_key_depends_on_content_not_on_folder(tmp_path):
    cache = ResultCache(tmp_path)
    assert cache.key(RAW) == cache.key(replace(RAW, path="elsewhere/y.txt"))
    assert cache.key(RAW) != cache.key(replace(RAW, text=RAW.text + " More."))
    assert cache.key(RAW) != cache.key(replace(RAW, path="a/x.html", is_html=True))
    assert cache.key(RAW) != cache.key(replace(RAW, html_date="2024-01-01"))


def test_published_option_does_not_reuse_other_results(nlp, cache_dir):
    list(cached_extractor(nlp, cache_dir).extract_paths([str(SEED_FILES[0])]))
    other = cached_extractor(nlp, cache_dir, published=__import__("datetime").date(2020, 5, 1))
    [record] = dumps(other.extract_paths([str(SEED_FILES[0])]))
    assert other.cache.misses == 1
    assert record["document"]["published"] == "2020-05-01"


def test_default_location_is_the_user_cache_dir(monkeypatch, tmp_path):
    from platformdirs import user_cache_dir

    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert str(default_cache_dir()) == user_cache_dir("withdrawal", appauthor=False)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


def test_clear_removes_entries(nlp, cache_dir):
    extractor = cached_extractor(nlp, cache_dir)
    list(extractor.extract_paths([str(SEEDS)]))
    assert extractor.cache.clear() == len(SEED_FILES)
    assert entries(cache_dir) == []


# -- through the CLI -------------------------------------------------------------------------


def cli(*args):
    from withdrawal_cli.cli.app import app

    return runner.invoke(app, ["extract", "--format", "jsonl", "--model", "blank", *args])


def test_cli_caches_by_default_in_the_env_dir_and_no_cache_bypasses(monkeypatch, tmp_path):
    folder = tmp_path / "env-cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    bypass = cli("--no-cache", str(SEEDS))
    assert bypass.exit_code == 0, bypass.output
    assert entries(folder) == []

    first = cli(str(SEEDS))
    assert first.exit_code == 0, first.output
    assert len(entries(folder)) == len(SEED_FILES)
    second = cli(str(SEEDS))
    assert second.stdout == first.stdout == bypass.stdout


def test_cli_corrupt_cache_entry_is_silent(monkeypatch, tmp_path):
    folder = tmp_path / "env-cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    first = cli(str(SEEDS))
    for entry in entries(folder):
        entry.write_text("garbage", encoding="utf-8")
    second = cli(str(SEEDS))
    assert second.exit_code == 0
    assert second.stderr == ""
    assert second.stdout == first.stdout


def test_library_versions_match_the_installed_distributions():
    from importlib.metadata import version

    from withdrawal_cli.cache import _installed_version, library_versions

    assert dict(library_versions()) == {name: version(name) for name, _ in library_versions()}
    assert _installed_version("no_such_library_for_withdrawal") == ""


def test_built_on_disk_builds_once_and_survives_corruption(monkeypatch, tmp_path):
    from withdrawal_cli import cache as cache_module

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"index": [1, 2, 3]}

    assert cache_module.built_on_disk("thing", build) == {"index": [1, 2, 3]}
    assert cache_module.built_on_disk("thing", build) == {"index": [1, 2, 3]}
    assert len(calls) == 1
    [stored] = list(tmp_path.rglob("thing-*.pickle"))
    stored.write_bytes(b"garbage")
    assert cache_module.built_on_disk("thing", build) == {"index": [1, 2, 3]}
    assert len(calls) == 2
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "edited code")
    assert cache_module.built_on_disk("thing", build) == {"index": [1, 2, 3]}
    assert len(calls) == 3
    assert len(list(tmp_path.rglob("thing-*.pickle"))) == 1  # the stale build was removed


def test_built_on_disk_with_an_unwritable_cache_still_builds(monkeypatch, tmp_path):
    from withdrawal_cli import cache as cache_module

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert cache_module.built_on_disk("thing", lambda: 42) == 42
