"""Library side of `withdrawal query`: a filter specification and pure filters over record dicts.

Everything streams: `query_records` is a generator that holds one document at a
time. Nothing here prints.

Output item (one per matching fact; also one line of `--format jsonl`)::

    {"document": {"id", "path", "source", "published"}, "fact": {...the fact as extracted...}}

Error records of unreadable inputs are passed through unchanged (they carry an
"error" key), so the caller can report them.

Filter semantics (all given filters must hold; a filter that does not apply to
a fact's type drops that fact):

- ``types``: the fact's type is one of them.
- ``location``: a place any spelling of which the gazetteer knows. Matches
  location facts whose ``name`` is that place or lies inside it (or whose
  ``country`` is it), and troop counts whose ``location`` is or lies inside it.
  Officials and dates never match.
- ``official``: case-insensitive substring of an official's ``name`` or
  ``title``. Only officials match.
- ``source``: the document's outlet equals NAME or contains it as whole words,
  case-insensitively (``--source reuters`` matches "Reuters" and "Thomson
  Reuters", not a null source). Applies to every fact of the document.
- ``since`` / ``until``: on the date a fact refers to (`fact_date`), at mixed
  granularity, keeping a fact whose period overlaps the bound: ``--since 2024``
  keeps "2024-09-27", "2024" and "2025-09". Facts with no date are dropped.
- ``min`` / ``max``: on troop figures ``[low, high]`` (a single figure has
  low == high), keeping figures whose span overlaps ``[min, max]``: the range
  100,000-150,000 matches ``--min 120000``. Vague amounts (no figure) and other
  fact types are dropped.
- ``text``: a regular expression searched (case-insensitively) in the evidence
  sentence. Applies to every fact type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from withdrawal_cli.errors import UsageError

FACT_TYPES = ("location", "troop_count", "official", "date")
DOCUMENT_KEYS = ("id", "path", "source", "published")


def fact_date(fact: dict, document: dict) -> str | None:
    """ISO value of the date a fact refers to, or None.

    - date facts: their ``value`` (null when an expression could not be resolved);
    - troop counts: their own ``date``, else the article's publication date
      (a figure with no date of its own applies when the article was published);
    - locations and officials: None (they do not refer to a date).
    """
    kind = fact.get("type")
    if kind == "date":
        return fact.get("value")
    if kind == "troop_count":
        return fact.get("date") or document.get("published")
    return None


def figure_span(fact: dict) -> tuple[int, int] | None:
    """``(low, high)`` of a troop figure, or None for vague amounts and other facts."""
    if fact.get("type") != "troop_count":
        return None
    low, high, value = fact.get("low"), fact.get("high"), fact.get("value")
    low = low if low is not None else value
    high = high if high is not None else value
    if low is None and high is None:
        return None
    if low is None:
        low = high
    if high is None:
        high = low
    return (min(low, high), max(low, high))


def _date_bounds(value: str, option: str):
    from withdrawal_cli.timeutil import bounds

    try:
        return bounds(value)
    except ValueError:
        raise UsageError(f"{option}: '{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


@dataclass
class FactFilter:
    """A validated filter specification; build it with `build_filter`."""

    types: frozenset[str] | None = None
    location: str | None = None  # canonical place name
    location_is_country: bool = False
    official: str | None = None  # casefolded
    source: re.Pattern | None = None
    since: object = None  # datetime.date: first day kept
    until: object = None  # datetime.date: last day kept
    minimum: int | None = None
    maximum: int | None = None
    text: re.Pattern | None = None
    _within: dict = field(default_factory=dict, repr=False)  # cache: place name -> inside `location`?

    # -- document level -------------------------------------------------------

    def keeps_document(self, document: dict) -> bool:
        if self.source is not None:
            return bool(document.get("source")) and self.source.search(document["source"]) is not None
        return True

    # -- fact level -----------------------------------------------------------

    def keeps(self, fact: dict, document: dict) -> bool:
        """True when the fact (of that document) passes every filter."""
        kind = fact.get("type")
        if self.types is not None and kind not in self.types:
            return False
        if self.location is not None and not self._location_matches(fact):
            return False
        if self.official is not None and not self._official_matches(fact):
            return False
        if (self.since is not None or self.until is not None) and not self._date_matches(fact, document):
            return False
        if (self.minimum is not None or self.maximum is not None) and not self._figure_matches(fact):
            return False
        if self.text is not None and self.text.search(fact.get("sentence") or "") is None:
            return False
        return True

    def _inside(self, name: str | None) -> bool:
        if not name:
            return False
        hit = self._within.get(name)
        if hit is None:
            from withdrawal_cli import gazetteer

            hit = self._within[name] = bool(gazetteer.is_within(name, self.location))
        return hit

    def _location_matches(self, fact: dict) -> bool:
        kind = fact.get("type")
        if kind == "location":
            if self._inside(fact.get("name")):
                return True
            return self.location_is_country and fact.get("country") == self.location
        if kind == "troop_count":
            return self._inside(fact.get("location"))
        return False

    def _official_matches(self, fact: dict) -> bool:
        if fact.get("type") != "official":
            return False
        return any(self.official in (fact.get(key) or "").casefold() for key in ("name", "title"))

    def _date_matches(self, fact: dict, document: dict) -> bool:
        from withdrawal_cli.timeutil import bounds

        value = fact_date(fact, document)
        if not value:
            return False
        try:
            first, last = bounds(value)
        except ValueError:
            return False
        if self.since is not None and last < self.since:
            return False
        if self.until is not None and first > self.until:
            return False
        return True

    def _figure_matches(self, fact: dict) -> bool:
        span = figure_span(fact)
        if span is None:
            return False
        low, high = span
        if self.minimum is not None and high < self.minimum:
            return False
        if self.maximum is not None and low > self.maximum:
            return False
        return True


def build_filter(
    types: Iterable[str] | None = None,
    location: str | None = None,
    official: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    text: str | None = None,
) -> FactFilter:
    """Validate the options and build a `FactFilter`; raises `UsageError` on a bad value."""
    flt = FactFilter()
    if types:
        unknown = sorted(set(types) - set(FACT_TYPES))
        if unknown:
            raise UsageError(f"--type: unknown fact type '{unknown[0]}' (choose from {', '.join(FACT_TYPES)})")
        flt.types = frozenset(types)
    if location is not None:
        from withdrawal_cli import gazetteer

        place = gazetteer.resolve(location.strip()) if location.strip() else None
        if place is None:
            raise UsageError(f"--location: unknown place '{location}'")
        flt.location = place.name
        flt.location_is_country = place.kind == "country"
    if official is not None:
        if not official.strip():
            raise UsageError("--official: give part of a name or title")
        flt.official = " ".join(official.split()).casefold()
    if source is not None:
        words = source.split()
        if not words:
            raise UsageError("--source: give an outlet name")
        phrase = r"\s+".join(re.escape(w) for w in words)
        flt.source = re.compile(rf"(?<!\w){phrase}(?!\w)", re.IGNORECASE)
    if since is not None:
        flt.since = _date_bounds(since, "--since")[0]
    if until is not None:
        flt.until = _date_bounds(until, "--until")[1]
    if flt.since is not None and flt.until is not None and flt.since > flt.until:
        raise UsageError(f"--since {since} is after --until {until}")
    for option, number in (("--min", minimum), ("--max", maximum)):
        if number is not None and number < 0:
            raise UsageError(f"{option}: must be 0 or more, not {number}")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise UsageError(f"--min {minimum} is larger than --max {maximum}")
    flt.minimum, flt.maximum = minimum, maximum
    if text is not None:
        try:
            flt.text = re.compile(text, re.IGNORECASE)
        except re.error as exc:
            raise UsageError(f"--text: invalid regular expression '{text}': {exc}") from None
    return flt


def evidence_window(fact: dict, context: int = 160) -> tuple[str, str, str, str, str]:
    """The evidence sentence split around the fact's words: (head, before, text, after, tail).

    Whitespace is collapsed; `before`/`after` keep at most `context` characters
    (cut at a word boundary, with head/tail "… " / " …" marking the cut). When
    the fact's words are not in the sentence, `text` is empty and `before` holds
    the (possibly cut) sentence.
    """
    sentence = " ".join((fact.get("sentence") or "").split())
    text = " ".join((fact.get("text") or "").split())
    at = sentence.find(text) if text else -1
    if at < 0:
        if len(sentence) > 2 * context:
            return "", sentence[: 2 * context].rsplit(" ", 1)[0], "", "", " …"
        return "", sentence, "", "", ""
    before, after = sentence[:at], sentence[at + len(text) :]
    head = tail = ""
    if len(before) > context:
        before, head = before[-context:].split(" ", 1)[-1], "… "
    if len(after) > context:
        after, tail = after[:context].rsplit(" ", 1)[0], " …"
    return head, before, text, after, tail


def document_ref(document: dict) -> dict:
    """The document fields a query result carries: id, path, source, published."""
    return {key: document.get(key) for key in DOCUMENT_KEYS}


def match_document(record: dict, flt: FactFilter) -> Iterator[dict]:
    """The matching facts of one document record, as query result items."""
    document = record["document"]
    if not flt.keeps_document(document):
        return
    ref = None
    for fact in record.get("facts") or ():
        if flt.keeps(fact, document):
            if ref is None:
                ref = document_ref(document)
            yield {"document": ref, "fact": fact}


def query_records(records: Iterable[dict], flt: FactFilter) -> Iterator[dict]:
    """Matching facts of every record, in input order; error records pass through unchanged."""
    for record in records:
        if "error" in record:
            yield record
            continue
        yield from match_document(record, flt)
