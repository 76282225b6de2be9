"""Library of `withdrawal compare-sources`: align what several sources say into claims.

Input: extract records (dicts in the extract contract). Output: typed claims
(`TroopClaim`, `PlaceClaim`, `OfficialClaim`, `DateClaim`), each with a status
(`consensus`: two or more sources and no conflict, `conflict`, `single`) and,
per report, the source, value, qualifier, text and evidence sentence.

The rules, one pure function each, so they can be tested on synthetic facts:
- troop figures become intervals (`figure_interval`); two figures agree when
  their intervals overlap (`figures_compatible`);
- the time a figure applies is `fact.date`, else the document's publication
  date (a window of `PUBLISHED_WINDOW_DAYS` up to it), else unknown
  (`troop_time`); times at mixed granularity overlap as date intervals;
- troop claims are keyed by force, canonical place and kind (level / change /
  planned are never compared with each other; figures with no place are not
  compared across sources at all); inside a key, reports that
  agree and overlap in time form one claim; claims of different sources that
  overlap in time with incompatible figures are merged into a conflict;
  figures for different times stay separate claims (the timeline);
- places contain each other (Erbil within Iraq): such claims are `related`,
  never in conflict;
- officials are one person when surnames match and first names are
  compatible (`same_person`); their titles are listed per source;
- dates of events are grouped when their values agree at their common
  granularity and their evidence sentences are similar (`evidence_similarity`).

Nothing here prints; no typer, no rich.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Annotated, Iterable, Literal, Sequence, Union

from pydantic import BaseModel, ConfigDict, Field

from withdrawal_cli import SCHEMA_VERSION, gazetteer, timeutil
from withdrawal_cli.errors import UsageError

# --- tunable rules ----------------------------------------------------------------------------------

#: Relative tolerance of an "approximately" figure: about 2,500 -> [2375, 2625].
#: 5% keeps "around 3,000" and "approximately 2,500" apart, lets "about 2,500" and "about 2,600" agree.
APPROX_TOLERANCE = 0.05
#: A figure dated only by its article's publication date applies to this many days up to it.
PUBLISHED_WINDOW_DAYS = 30
#: Evidence similarity (idf-weighted cosine of sentence words) needed to call two date facts one event:
SAME_VALUE_SIMILARITY = 0.12  # ... when they give the same ISO value,
COMPATIBLE_SIMILARITY = 0.2  # ... when they agree only at a common granularity ("2024-09-27" / "2024"),
#: Words on each side of a date expression that describe its event.
CONTEXT_WORDS = 12
CONFLICT_SIMILARITY = 0.7  # ... and to report two different dates as a conflict: near-identical contexts only
#   (names like "President Barack Obama" make unrelated events look alike; a false conflict costs more).

Status = Literal["consensus", "conflict", "single"]
ClaimType = Literal["location", "troop_count", "official", "date"]
CLAIM_TYPES: tuple[str, ...] = ("location", "troop_count", "official", "date")
CLAIM_TYPES_ORDER: tuple[str, ...] = ("troop_count", "official", "location", "date")  # order of display
STATUSES: tuple[str, ...] = ("conflict", "consensus", "single")
TimeBasis = Literal["fact", "published", "unknown"]


# --- models: the JSON contract of compare-sources ---------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    name: str = Field(description="Unique name of the source: the outlet when known, else the file name.")
    outlet: str | None = Field(None, description="`document.source` of the extraction.")
    path: str
    title: str | None = None
    published: str | None = None
    document_id: str


class ReportBase(_Model):
    source: str = Field(description="Source name (see Source.name).")
    outlet: str | None = None
    path: str
    published: str | None = None
    value: str | None = Field(
        description="What this source says: the figure (troops), the spelling (places), "
        "the title (officials), the ISO value (dates)."
    )
    qualifier: str | None = None
    text: str = Field(description="The fact as written.")
    sentence: str = Field(description="Evidence sentence.")
    start: int
    end: int


class TroopReport(ReportBase):
    low: int | None = None
    high: int | None = None
    unit: str | None = None
    force: str | None = Field(None, description="Force as extracted (null when the text did not say).")
    location: str | None = None
    date: str | None = Field(None, description="`fact.date` as extracted.")
    time: str | None = Field(None, description="ISO time the figure is compared at (fact date or publication date).")
    time_basis: TimeBasis = "unknown"


class PlaceReport(ReportBase):
    kind: str | None = None
    mentions: int = Field(1, description="How many times this source uses this spelling.")


class OfficialReport(ReportBase):
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    mentions: int = 1


class DateReport(ReportBase):
    granularity: str | None = None
    relative: bool = False


class ClaimBase(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(description="Stable id within one comparison, e.g. 'troop_count:United States|Iraq|level|2021'.")
    status: Status
    subject: str = Field(description="What the claim is about, in words.")
    value: str | None = Field(description="The value the sources agree on; null for a conflict.")
    note: str | None = Field(None, description="Why it is a conflict, or other remarks.")
    sources: list[str] = Field(description="Names of the sources that report it, in input order.")


class TroopClaim(ClaimBase):
    type: Literal["troop_count"] = "troop_count"
    force: str | None
    place: str | None
    kind: Literal["level", "change", "planned"]
    time: str | None = Field(description="ISO value (or 'start/end' span) the reports apply to; null if unknown.")
    agreed_low: int | None = Field(None, description="Lowest figure all reports allow (consensus/single).")
    agreed_high: int | None = Field(None, description="Highest figure all reports allow; null = unbounded.")
    related: list[str] = Field(
        default_factory=list,
        description="Ids of troop claims for a containing or contained place (same force, kind, overlapping time).",
    )
    reports: list[TroopReport]


class PlaceClaim(ClaimBase):
    type: Literal["location"] = "location"
    name: str
    kind: str | None = None
    country: str | None = None
    spellings: list[str]
    reports: list[PlaceReport]


class OfficialClaim(ClaimBase):
    type: Literal["official"] = "official"
    name: str | None = Field(description="Fullest name across sources; null for an unnamed source.")
    titles: list[str] = Field(description="Distinct titles the sources give.")
    affiliations: list[str] = Field(default_factory=list)
    reports: list[OfficialReport]


class DateClaim(ClaimBase):
    type: Literal["date"] = "date"
    event: str = Field(description="Words the evidence sentences share: what was dated.")
    reports: list[DateReport]


Claim = Annotated[Union[TroopClaim, PlaceClaim, OfficialClaim, DateClaim], Field(discriminator="type")]


class TimelinePoint(_Model):
    time: str | None
    source: str
    value: str
    qualifier: str | None = None
    low: int | None
    high: int | None
    kind: str
    claim: str
    status: Status


class TimelineSeries(_Model):
    force: str | None
    place: str | None
    points: list[TimelinePoint]


class Comparison(_Model):
    """The whole result: what the terminal and Markdown views show."""

    sources: list[Source]
    claims: list[Claim]
    timeline: list[TimelineSeries] = Field(default_factory=list)
    duplicates: list[str] = Field(default_factory=list, description="Paths skipped: same document id as an earlier input.")


def claim_schema() -> dict:
    """JSON Schema of one line of `withdrawal compare-sources --format jsonl` (one json array item)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Claim).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "withdrawal compare-sources claim"
    return schema


# --- sources ---------------------------------------------------------------------------------------


def _basename(path: str) -> str:
    if path in ("-", "<stdin>"):
        return "stdin"
    return PurePath(path).name or path


def name_sources(documents: Sequence[dict]) -> list[Source]:
    """One Source per document: named by outlet when known, else file name; names are unique.

    An outlet with several documents names each "Outlet: file.txt"; any remaining clash gets " (2)", " (3)".
    """
    outlets = Counter((d.get("source") or "").strip() for d in documents if (d.get("source") or "").strip())
    names: list[str] = []
    for d in documents:
        outlet = (d.get("source") or "").strip()
        if outlet and outlets[outlet] == 1:
            names.append(outlet)
        elif outlet:
            names.append(f"{outlet}: {_basename(d['path'])}")
        else:
            names.append(_basename(d["path"]))
    seen: Counter = Counter()
    unique: list[str] = []
    for n in names:
        seen[n] += 1
        unique.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return [
        Source(
            name=n,
            outlet=(d.get("source") or None),
            path=d["path"],
            title=d.get("title"),
            published=d.get("published"),
            document_id=d.get("id") or d["path"],
        )
        for n, d in zip(unique, documents)
    ]


# --- troop figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A set of numbers [lo, hi] (hi = inf for unbounded); open ends exclude the bound."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if lo < hi:
            return True
        if lo > hi:
            return False
        # touching at one point: both must include it
        lo_open = (self.lo_open and self.lo == lo) or (other.lo_open and other.lo == lo)
        hi_open = (self.hi_open and self.hi == hi) or (other.hi_open and other.hi == hi)
        return not lo_open and not hi_open

    def intersection(self, other: "Interval") -> "Interval":
        lo = max(self.lo, other.lo)
        hi = min(self.hi, other.hi)
        lo_open = (self.lo_open and self.lo == lo) or (other.lo_open and other.lo == lo)
        hi_open = (self.hi_open and self.hi == hi) or (other.hi_open and other.hi == hi)
        return Interval(lo, hi, lo_open, hi_open)


def figure_interval(
    low: int | None,
    high: int | None,
    qualifier: str | None,
    value: int | None = None,
    tolerance: float = APPROX_TOLERANCE,
) -> Interval | None:
    """The numbers a stated figure allows; None for a vague amount ("hundreds of troops").

    exact 2,500 -> [2500, 2500]; approximately 2,500 -> [2500(1-t), 2500(1+t)]; more_than 900 -> (900, inf);
    at_least 900 -> [900, inf); less_than 2,000 -> [0, 2000); up_to 2,000 -> [0, 2000]; range -> [low, high].
    """
    lo = low if low is not None else value
    hi = high if high is not None else (value if value is not None else lo)
    if lo is None:
        lo = hi
    if lo is None or hi is None:
        return None
    lo, hi = min(lo, hi), max(lo, hi)
    q = qualifier or "exact"
    if q == "approximately":
        return Interval(lo * (1 - tolerance), hi * (1 + tolerance))
    if q == "more_than":
        return Interval(hi, math.inf, lo_open=True)
    if q == "at_least":
        return Interval(lo, math.inf)
    if q == "less_than":
        return Interval(0, lo, hi_open=True)
    if q == "up_to":
        return Interval(0, hi)
    return Interval(lo, hi)  # exact, range, unknown qualifiers


def figures_compatible(a: Interval | None, b: Interval | None) -> bool:
    """Can both figures hold at once? Vague amounts (None) contradict nothing."""
    if a is None or b is None:
        return True
    return a.overlaps(b)


def _num(n: int | float) -> str:
    return f"{int(round(n)):,}"


QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "approximately ",
    "more_than": "more than ",
    "less_than": "less than ",
    "up_to": "up to ",
    "at_least": "at least ",
}


SHORT_QUALIFIERS = {"approximately": "~", "more_than": ">", "less_than": "<", "up_to": "\u2264", "at_least": "\u2265"}


def short_figure(low: int | None, high: int | None, qualifier: str | None) -> str:
    """'~2,500', '>900', '<2,000', '100,000-150,000' (for charts)."""
    if low is None and high is None:
        return "?"
    lo = low if low is not None else high
    hi = high if high is not None else low
    if lo != hi:
        return f"{_num(lo)}-{_num(hi)}"
    return SHORT_QUALIFIERS.get(qualifier or "", "") + _num(lo)


def figure_display(low: int | None, high: int | None, qualifier: str | None, value: int | None = None) -> str | None:
    """'approximately 2,500', 'more than 900', '100,000-150,000'; None without a figure (vague amount)."""
    lo = low if low is not None else value
    hi = high if high is not None else (value if value is not None else lo)
    if lo is None and hi is None:
        return None
    lo = lo if lo is not None else hi
    if qualifier == "range" or lo != hi:
        return f"{_num(lo)}-{_num(hi)}"
    return QUALIFIER_WORDS.get(qualifier or "exact", f"{qualifier} ") + _num(lo)


@dataclass(frozen=True)
class TimeSpan:
    start: dt.date
    end: dt.date
    label: str  # ISO value as given
    basis: str  # fact | published

    def overlaps(self, other: "TimeSpan") -> bool:
        return self.start <= other.end and other.start <= self.end


def _parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def troop_time(fact_date: str | None, published: str | None, window_days: int = PUBLISHED_WINDOW_DAYS) -> TimeSpan | None:
    """When a figure applies: its own date, else the `window_days` up to publication, else None (unknown)."""
    if fact_date:
        try:
            start, end = timeutil.bounds(fact_date)
            return TimeSpan(start, end, fact_date, "fact")
        except ValueError:
            pass
    pub = _parse_published(published)
    if pub is not None:
        return TimeSpan(pub - dt.timedelta(days=window_days), pub, pub.isoformat(), "published")
    return None


def times_overlap(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    """Two known times overlap; an unknown time overlaps nothing."""
    return a is not None and b is not None and a.overlaps(b)


def span_label(spans: Iterable[TimeSpan | None]) -> str | None:
    """One ISO label for a set of times: the shared value, else 'earliest/latest'."""
    known = [s for s in spans if s is not None]
    if not known:
        return None
    labels = {s.label for s in known}
    if len(labels) == 1:
        return known[0].label
    first = min(known, key=lambda s: (s.start, s.end))
    last = max(known, key=lambda s: (s.end, s.start))
    return f"{first.label}/{last.label}" if first.label != last.label else first.label


def normalize_force(force: str | None) -> str | None:
    if not force or not force.strip():
        return None
    return gazetteer.canonical_name(force.strip())


def normalize_place(place: str | None) -> str | None:
    if not place or not place.strip():
        return None
    return gazetteer.canonical_name(place.strip())


@dataclass
class _TroopItem:
    report: TroopReport
    source_index: int
    force: str | None
    place: str | None
    kind: str
    interval: Interval | None
    time: TimeSpan | None


class _UnionFind:
    """Disjoint sets that keep their member lists (for complete-linkage merges)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            keep, gone = min(ri, rj), max(ri, rj)
            self.parent[gone] = keep
            self.members[keep] += self.members.pop(gone)

    def union_if(self, i: int, j: int, compatible) -> bool:
        """Merge the groups of i and j only if every cross pair is `compatible` (complete linkage)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        if all(compatible(a, b) for a in self.members[ri] for b in self.members[rj]):
            self.union(ri, rj)
            return True
        return False

    def groups(self) -> list[list[int]]:
        return sorted((sorted(m) for m in self.members.values()), key=lambda g: g[0])


def _assign_forces(items: list[_TroopItem]) -> None:
    """A figure with no force takes the force of its place when every sourced figure there names one force."""
    named: dict[str | None, set[str]] = defaultdict(set)
    for it in items:
        if it.force is not None:
            named[it.place].add(it.force)
    for it in items:
        if it.force is None and len(named.get(it.place, ())) == 1:
            it.force = next(iter(named[it.place]))


def _troop_subject(force: str | None, place: str | None, kind: str, time: str | None) -> str:
    who = f"{force} troops" if force else "Troops (force not stated)"
    where = f" in {place}" if place else " (place not stated)"
    what = {"level": "", "planned": " (planned)", "change": " (change)"}.get(kind, f" ({kind})")
    when = f", {time}" if time else ", time unknown"
    return f"{who}{where}{what}{when}"


def _agreed(items: list[_TroopItem]) -> tuple[int | None, int | None]:
    ivs = [it.interval for it in items if it.interval is not None]
    if not ivs:
        return None, None
    acc = ivs[0]
    for iv in ivs[1:]:
        acc = acc.intersection(iv)
    lo = int(math.floor(acc.lo)) + 1 if acc.lo_open and acc.lo == int(acc.lo) else int(math.ceil(acc.lo))
    if math.isinf(acc.hi):
        hi = None
    else:
        hi = int(math.ceil(acc.hi)) - 1 if acc.hi_open and acc.hi == int(acc.hi) else int(math.floor(acc.hi))
    return lo, hi


def _agreement_status(sources: list[str]) -> Status:
    """A claim without a conflict: consensus when two or more sources report it, else single."""
    return "consensus" if len(sources) >= 2 else "single"


def _distinct(values: Iterable[str | None]) -> list[str]:
    """Non-empty values, first occurrence order."""
    return list(dict.fromkeys(v for v in values if v))


def align_troops(items: list[_TroopItem], source_names: list[str]) -> list[TroopClaim]:
    """Troop claims from troop reports (see the module doc for the rules)."""
    _assign_forces(items)
    buckets: dict[tuple, list[_TroopItem]] = defaultdict(list)
    for it in items:
        buckets[(it.force, it.place, it.kind, it.interval is None)].append(it)

    claims: list[TroopClaim] = []
    for (force, place, kind, vague), bucket in buckets.items():
        n = len(bucket)
        # 1. agreement groups: same time (or both unknown) and compatible figures
        #    (linked through time, but every figure of a group compatible with every other)
        agree = _UnionFind(n)
        fits = lambda i, j: figures_compatible(bucket[i].interval, bucket[j].interval)  # noqa: E731
        for i in range(n):
            for j in range(i + 1, n):
                a, b = bucket[i], bucket[j]
                if place is None and (a.source_index != b.source_index or a.interval != b.interval):
                    continue  # no place: nothing says two figures speak of the same troops
                same_time = times_overlap(a.time, b.time) or (a.time is None and b.time is None)
                if same_time and fits(i, j):
                    agree.union_if(i, j, fits)
        groups = agree.groups()
        # 2. groups in conflict: two sources, overlapping times, incompatible figures
        conflict = _UnionFind(len(groups))
        notes: dict[int, list[str]] = defaultdict(list)
        for gi in range(len(groups)):
            for gj in range(gi + 1, len(groups)):
                for i in groups[gi]:
                    for j in groups[gj]:
                        a, b = bucket[i], bucket[j]
                        if (
                            place is not None
                            and a.source_index != b.source_index
                            and times_overlap(a.time, b.time)
                            and not figures_compatible(a.interval, b.interval)
                        ):
                            conflict.union(gi, gj)
                            notes[min(gi, gj)].append(
                                f"{a.report.source} says {a.report.value} ({a.report.time}), "
                                f"{b.report.source} says {b.report.value} ({b.report.time})"
                            )
        for merged in conflict.groups():
            members = [bucket[i] for g in merged for i in groups[g]]
            members.sort(key=lambda it: (it.source_index, it.report.start))
            sources = _distinct(source_names[it.source_index] for it in sorted(members, key=lambda it: it.source_index))
            time = span_label(it.time for it in members)
            if len(merged) > 1:
                status: Status = "conflict"
                value = None
                lo = hi = None
                note = "; ".join(_distinct(x for g in merged for x in notes.get(g, [])))
            else:
                status = "consensus" if len(sources) >= 2 else "single"
                value = " / ".join(_distinct(it.report.value for it in members))
                lo, hi = _agreed(members)
                note = None
            claims.append(
                TroopClaim(
                    id=f"troop_count:{force or '-'}|{place or '-'}|{kind}|{time or 'unknown'}"
                    + ("|vague" if vague else ""),
                    status=status,
                    subject=_troop_subject(force, place, kind, time),
                    value=value,
                    note=note,
                    sources=sources,
                    force=force,
                    place=place,
                    kind=kind,  # type: ignore[arg-type]
                    time=time,
                    agreed_low=lo,
                    agreed_high=hi,
                    reports=[it.report for it in members],
                )
            )
    _link_related(claims, items)
    return claims


def _claim_spans(claim: TroopClaim, items: list[_TroopItem]) -> list[TimeSpan]:
    ids = {id(r) for r in claim.reports}
    return [it.time for it in items if id(it.report) in ids and it.time is not None]


def _link_related(claims: list[TroopClaim], items: list[_TroopItem]) -> None:
    """Claims for a place within another (Erbil / Iraq), same force and kind, overlapping time."""
    spans = [_claim_spans(c, items) for c in claims]
    for i, a in enumerate(claims):
        for j, b in enumerate(claims):
            if i == j or a.place is None or b.place is None or a.place == b.place:
                continue
            if a.force != b.force or a.kind != b.kind:
                continue
            if not (gazetteer.is_within(a.place, b.place) or gazetteer.is_within(b.place, a.place)):
                continue
            if any(x.overlaps(y) for x in spans[i] for y in spans[j]):
                a.related.append(b.id)


def _dedupe_ids(claims: list) -> None:
    seen: Counter = Counter()
    for c in claims:
        seen[c.id] += 1
        if seen[c.id] > 1:
            c.id = f"{c.id}#{seen[c.id]}"


# --- places ----------------------------------------------------------------------------------------


def align_places(facts: list[tuple[int, dict]], sources: list[Source]) -> list[PlaceClaim]:
    """One claim per canonical place: which sources name it, with which spellings."""
    by_name: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for si, fact in facts:
        name = normalize_place(fact.get("name") or fact.get("text"))
        if name:
            by_name[name].append((si, fact))
    claims = []
    for name, group in by_name.items():
        reports: dict[tuple[int, str], PlaceReport] = {}
        for si, fact in sorted(group, key=lambda x: (x[0], x[1].get("start", 0))):
            key = (si, fact["text"])
            if key in reports:
                reports[key].mentions += 1
                continue
            reports[key] = PlaceReport(
                **_report_base(sources[si], fact, value=fact["text"], qualifier=None),
                kind=fact.get("kind"),
            )
        srcs = _distinct(sources[si].name for si, _ in sorted(group, key=lambda x: x[0]))
        first = group[0][1]
        place = gazetteer.resolve(name)
        claims.append(
            PlaceClaim(
                id=f"location:{name}",
                status=_agreement_status(srcs),
                subject=name,
                value=name,
                sources=srcs,
                name=name,
                kind=(place.kind if place else None) or first.get("kind"),
                country=(place.country if place else None) or first.get("country"),
                spellings=_spellings(r.value for r in reports.values()),
                reports=list(reports.values()),
            )
        )
    return claims


def _spellings(values: Iterable[str | None]) -> list[str]:
    """Distinct spellings, case-insensitively ('ERBIL' in a dateline is 'Erbil'); mixed case preferred."""
    best: dict[str, str] = {}
    for v in values:
        if not v:
            continue
        key = v.casefold()
        if key not in best or (best[key].isupper() and not v.isupper()):
            best[key] = v
    return list(best.values())


# --- officials -------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_NAME_PARTICLE = re.compile(r"^(al|el|ul|ad|as|an|ash|at|az)-", re.I)


def name_parts(name: str) -> tuple[list[str], str]:
    """(given names, surname) of a person's name, folded; 'al-' particles dropped from the surname."""
    tokens = [t.strip(".,'\u2019") for t in _fold(name).split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return [], ""
    surname = _NAME_PARTICLE.sub("", tokens[-1])
    return tokens[:-1], surname


def _given_compatible(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return False


def same_person(a: str, b: str) -> bool:
    """One person when surnames match and first names are compatible (equal, an initial, or one missing).

    'Sean Parnell' ~ 'Parnell' ~ 'S. Parnell'; 'Mohammed Shia al-Sudani' ~ 'Mohammed al-Sudani';
    'Sean Parnell' !~ 'Tom Parnell'.
    """
    ga, sa = name_parts(a)
    gb, sb = name_parts(b)
    if not sa or sa != sb:
        return False
    if not ga or not gb:
        return True
    return _given_compatible(ga[0], gb[0])


def _title_key(title: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", _fold(title).strip())


def align_officials(facts: list[tuple[int, dict]], sources: list[Source]) -> list[OfficialClaim]:
    """People across sources (same_person), titles listed per source; unnamed sources grouped by title."""
    people: list[list[tuple[int, dict]]] = []
    names_of: list[set[str]] = []  # distinct names in each group of `people`
    by_surname: dict[str, list[int]] = defaultdict(list)  # surname -> indexes into `people`
    unnamed: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for si, fact in facts:
        name = (fact.get("name") or "").strip()
        if not name:
            unnamed[_title_key(fact.get("title") or "official")].append((si, fact))
            continue
        surname = name_parts(name)[1]
        for gi in by_surname[surname]:
            if all(same_person(name, other) for other in names_of[gi]):
                people[gi].append((si, fact))
                names_of[gi].add(name)
                break
        else:
            by_surname[surname].append(len(people))
            people.append([(si, fact)])
            names_of.append({name})
    claims = []
    for group in people + list(unnamed.values()):
        group.sort(key=lambda x: (x[0], x[1].get("start", 0)))
        names = [f.get("name") for _, f in group if f.get("name")]
        name = max(names, key=lambda n: (len(n.split()), len(n))) if names else None
        reports = [
            OfficialReport(
                **_report_base(sources[si], f, value=f.get("title"), qualifier=None),
                name=f.get("name"),
                title=f.get("title"),
                affiliation=f.get("affiliation"),
                mentions=max(1, len(f.get("mentions") or [])),
            )
            for si, f in group
        ]
        titles = _distinct(r.title for r in reports)
        srcs = _distinct(sources[si].name for si, _ in group)
        subject = name if name else f"Unnamed source: {titles[0] if titles else 'official'}"
        claims.append(
            OfficialClaim(
                id=f"official:{name or 'unnamed ' + (_title_key(titles[0]) if titles else 'official')}",
                status=_agreement_status(srcs),
                subject=subject,
                value=name,
                sources=srcs,
                name=name,
                titles=titles,
                affiliations=_distinct(r.affiliation for r in reports),
                reports=reports,
            )
        )
    return claims


# --- dates of events -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*", re.UNICODE)
_CALENDAR_WORDS = {
    _fold(w)
    for w in list(calendar.month_name) + list(calendar.month_abbr) + list(calendar.day_name) + list(calendar.day_abbr)
    if w
} | {"sept"}


def _stem(word: str) -> str:
    return word[:5]


def event_words(sentence: str, exclude: str = "") -> dict[str, str]:
    """Content words of an evidence sentence as {stem: first word}: 4+ letters, no calendar words,
    none of the words of the date expression itself ("last year")."""
    skip = {_fold(w) for w in _WORD.findall(exclude)}
    out: dict[str, str] = {}
    for w in _WORD.findall(sentence):
        f = _fold(w).strip("'\u2019-")
        if len(f) < 4 or f in _CALENDAR_WORDS or f in skip:
            continue
        out.setdefault(_stem(f), w)
    return out


def date_context(sentence: str, text: str, words: int = CONTEXT_WORDS) -> str:
    """The `words` words on each side of a date expression in its sentence (sentences can be long)."""
    at = sentence.find(text) if text else -1
    if at < 0:
        return sentence
    before = sentence[:at].split()[-words:]
    after = sentence[at + len(text):].split()[:words]
    return " ".join(before + [text] + after)


def idf_weights(sentences: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of word stems over a set of sentences: shared words count less."""
    distinct = list(dict.fromkeys(sentences))
    df: Counter = Counter()
    for s in distinct:
        df.update(set(event_words(s)))
    n = len(distinct)
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def evidence_similarity(a: Iterable[str], b: Iterable[str], idf: dict[str, float] | None = None) -> float:
    """Idf-weighted cosine of two word-stem sets (0..1)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    w = (lambda t: (idf or {}).get(t, 1.0) ** 2) if idf else (lambda t: 1.0)
    shared = sum(w(t) for t in sa & sb)
    return shared / math.sqrt(sum(w(t) for t in sa) * sum(w(t) for t in sb))


#: A word stem shared by more items than this says nothing about which event they date; skip it when
#: looking for candidate pairs (keeps date alignment near-linear on large inputs).
MAX_POSTING = 400


def _candidate_similarities(word_sets: list, idf: dict[str, float]) -> dict[tuple[int, int], float]:
    """Similarity of every pair of items that share a telling word (inverted index, no all-pairs scan)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(word_sets):
        for w in words:
            postings[w].append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) > MAX_POSTING:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                pairs.add((ids[x], ids[y]))
    return {(i, j): evidence_similarity(word_sets[i], word_sets[j], idf) for i, j in pairs}


def dates_agree(a: str, b: str) -> bool:
    """Same value at the common granularity ('2024-09-27', '2024-09', '2024' all agree)."""
    return timeutil.common_prefix(a, b) is not None


@dataclass
class _DateItem:
    report: DateReport
    source_index: int
    value: str
    words: dict[str, str] = field(default_factory=dict)
    own_date: bool = False  # the value is its article's publication date (dateline, "today")


def align_dates(facts: list[tuple[int, dict]], sources: list[Source], idf: dict[str, float]) -> list[DateClaim]:
    items = []
    for si, f in facts:
        value = f.get("value")
        if not value:
            continue  # unresolved relative date: nothing to compare
        try:
            timeutil.bounds(value)
        except ValueError:
            continue
        items.append(
            _DateItem(
                report=DateReport(
                    **_report_base(sources[si], f, value=value, qualifier=None),
                    granularity=f.get("granularity") or timeutil.granularity_of(value),
                    relative=bool(f.get("relative")),
                ),
                source_index=si,
                value=value,
                words=event_words(date_context(f.get("sentence") or "", f.get("text") or ""), f.get("text") or ""),
                own_date=bool(sources[si].published) and value == sources[si].published,
            )
        )
    n = len(items)
    sim = _candidate_similarities([it.words for it in items], idf)
    links = []
    for (i, j), score in sim.items():
        a, b = items[i], items[j]
        if a.report.sentence == b.report.sentence and a.source_index == b.source_index:
            same = a.value == b.value  # one sentence, two dates: two events unless equal
        elif a.value == b.value:
            same = score >= SAME_VALUE_SIMILARITY
        else:
            same = dates_agree(a.value, b.value) and score >= COMPATIBLE_SIMILARITY
        if same:
            links.append((-score, i, j))
    repeated: dict[tuple, int] = {}
    for i, it in enumerate(items):  # one value repeated in one sentence: one report of one event
        first = repeated.setdefault((it.source_index, it.report.sentence, it.value), i)
        if first != i:
            links.append((-1.0, first, i))
    # strongest evidence first; a group only holds values that agree pairwise ("2024", "2024-09", "2024-09-27"
    # yes; "2025-10-01" and "2025-09" never, even through a "2025")
    agree = _UnionFind(n)
    for _, i, j in sorted(links):
        agree.union_if(i, j, lambda x, y: dates_agree(items[x].value, items[y].value))
    groups = agree.groups()
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    conflict = _UnionFind(len(groups))
    notes: dict[int, list[str]] = defaultdict(list)
    for (i, j), score in sorted(sim.items()):
        a, b = items[i], items[j]
        gi, gj = group_of[i], group_of[j]
        if (
            gi != gj
            and score >= CONFLICT_SIMILARITY
            and a.source_index != b.source_index
            and not dates_agree(a.value, b.value)
            and not (a.own_date and b.own_date)  # two datelines: articles are published on different days
        ):
            conflict.union(gi, gj)
            notes[min(gi, gj)].append(
                f"{a.report.source} dates it {a.value} (\u201c{a.report.text}\u201d), "
                f"{b.report.source} {b.value} (\u201c{b.report.text}\u201d)"
            )
    claims = []
    for merged in conflict.groups():
        members = sorted((items[i] for g in merged for i in groups[g]), key=lambda it: (it.source_index, it.report.start))
        srcs = _distinct(it.report.source for it in members)
        event = _event_label(members, idf)
        if len(merged) > 1:
            status: Status = "conflict"
            value = None
            note = "; ".join(_distinct(x for g in merged for x in notes.get(g, [])))
        else:
            status = _agreement_status(srcs)
            value = members[0].value
            for it in members[1:]:
                value = timeutil.common_prefix(value, it.value) or value
            note = None
        claims.append(
            DateClaim(
                id=f"date:{value or members[0].value}|{event}",
                status=status,
                subject=f"{value or ' vs '.join(_distinct(it.value for it in members))}: {event}",
                value=value,
                note=note,
                sources=srcs,
                event=event,
                reports=[it.report for it in members],
            )
        )
    return claims


def _event_label(members: list[_DateItem], idf: dict[str, float], size: int = 4) -> str:
    """The most telling words the evidence shares; for one sentence, its start."""
    if len({it.report.sentence for it in members}) == 1:
        return _shorten(members[0].report.sentence)
    counts: Counter = Counter()
    forms: dict[str, str] = {}
    for it in members:
        counts.update(it.words.keys())
        for k, w in it.words.items():
            forms.setdefault(k, w)
    need = 2 if len(members) > 1 else 1
    shared = [k for k, c in counts.items() if c >= need] or list(counts)
    shared.sort(key=lambda k: (len(forms[k]) < 5, -counts[k] * idf.get(k, 1.0)))  # short words say little
    return " ".join(forms[k] for k in shared[:size]) or members[0].report.text


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "\u2026"


# --- the whole comparison --------------------------------------------------------------------------


def _report_base(source: Source, fact: dict, value: str | None, qualifier: str | None) -> dict:
    return {
        "source": source.name,
        "outlet": source.outlet,
        "path": source.path,
        "published": source.published,
        "value": value,
        "qualifier": qualifier,
        "text": fact.get("text", ""),
        "sentence": fact.get("sentence", ""),
        "start": fact.get("start", 0),
        "end": fact.get("end", 0),
    }


def _troop_items(facts: list[tuple[int, dict]], sources: list[Source], tolerance: float) -> list[_TroopItem]:
    items = []
    for si, f in facts:
        src = sources[si]
        time = troop_time(f.get("date"), src.published)
        low, high, value = f.get("low"), f.get("high"), f.get("value")
        report = TroopReport(
            **_report_base(src, f, figure_display(low, high, f.get("qualifier"), value) or f.get("text"), f.get("qualifier")),
            low=low if low is not None else value,
            high=high if high is not None else value,
            unit=f.get("unit"),
            force=f.get("force"),
            location=f.get("location"),
            date=f.get("date"),
            time=time.label if time else None,
            time_basis=time.basis if time else "unknown",  # type: ignore[arg-type]
        )
        items.append(
            _TroopItem(
                report=report,
                source_index=si,
                force=normalize_force(f.get("force")),
                place=normalize_place(f.get("location")),
                kind=f.get("kind") or "level",
                interval=figure_interval(low, high, f.get("qualifier"), value, tolerance),
                time=time,
            )
        )
    return items


def _sort_key(claim) -> tuple:
    status_rank = STATUSES.index(claim.status)
    type_rank = CLAIM_TYPES_ORDER.index(claim.type)
    if claim.type == "troop_count":
        spans = [r.time for r in claim.reports if r.time]
        first = min(spans) if spans else "9999"
        return (status_rank, type_rank, claim.place or "~", claim.force or "~", claim.kind, first)
    return (status_rank, type_rank, -len(claim.sources), claim.subject.casefold())


def compare(
    records: Iterable[dict],
    types: Iterable[str] | None = None,
    tolerance: float = APPROX_TOLERANCE,
) -> Comparison:
    """Align the facts of document records (error records must be filtered out before) into claims."""
    wanted = set(types or CLAIM_TYPES)
    unknown = wanted - set(CLAIM_TYPES)
    if unknown:
        raise UsageError(f"--type: unknown fact type(s) {', '.join(sorted(unknown))}; use {', '.join(CLAIM_TYPES)}")
    if not 0 <= tolerance < 1:
        raise UsageError(f"--tolerance: {tolerance} is not between 0 and 1")
    documents: list[dict] = []
    seen_ids: set[str] = set()
    duplicates: list[str] = []
    for record in records:
        doc = record["document"]
        if doc.get("id") and doc["id"] in seen_ids:
            duplicates.append(doc["path"])
            continue
        seen_ids.add(doc.get("id") or "")
        documents.append(record)
    sources = name_sources([r["document"] for r in documents])

    by_type: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    sentences: list[str] = []
    for si, record in enumerate(documents):
        for fact in record.get("facts", []):
            by_type[fact.get("type")].append((si, fact))
            sentences.append(fact.get("sentence") or "")

    claims: list = []
    if "troop_count" in wanted:
        claims += align_troops(_troop_items(by_type["troop_count"], sources, tolerance), [s.name for s in sources])
    if "location" in wanted:
        claims += align_places(by_type["location"], sources)
    if "official" in wanted:
        claims += align_officials(by_type["official"], sources)
    if "date" in wanted:
        claims += align_dates(by_type["date"], sources, idf_weights(sentences))
    claims.sort(key=_sort_key)
    _dedupe_ids(claims)
    return Comparison(sources=sources, claims=claims, timeline=troop_timeline(claims), duplicates=duplicates)


def filter_claims(
    claims: Iterable,
    types: Iterable[str] | None = None,
    min_sources: int = 1,
    only: str | None = None,
) -> list:
    """Claims of the given types, with at least `min_sources` sources, of one status ('conflicts' = 'conflict')."""
    wanted = set(types or CLAIM_TYPES)
    status = {"conflicts": "conflict", "consensus": "consensus", "single": "single"}.get(only, only) if only else None
    if status is not None and status not in STATUSES:
        raise UsageError(f"--only: '{only}' is not one of conflicts, consensus, single")
    return [
        c
        for c in claims
        if c.type in wanted and len(c.sources) >= min_sources and (status is None or c.status == status)
    ]


def troop_timeline(claims: Iterable) -> list[TimelineSeries]:
    """Figure against time, by source, per force and place (levels and planned levels; no vague amounts)."""
    series: dict[tuple, list[TimelinePoint]] = defaultdict(list)
    for c in claims:
        if c.type != "troop_count" or c.kind == "change":
            continue
        for r in c.reports:
            if r.low is None and r.high is None:
                continue
            series[(c.force, c.place)].append(
                TimelinePoint(
                    time=r.time,
                    source=r.source,
                    value=r.value or "",
                    qualifier=r.qualifier,
                    low=r.low,
                    high=r.high,
                    kind=c.kind,
                    claim=c.id,
                    status=c.status,
                )
            )
    out = []
    for (force, place), points in series.items():
        points.sort(key=lambda p: (_time_start(p.time), p.kind == "planned", p.source))
        out.append(TimelineSeries(force=force, place=place, points=points))
    out.sort(key=lambda s: (-len(s.points), s.place or "~", s.force or "~"))
    return out


def _time_start(value: str | None) -> dt.date:
    if not value:
        return dt.date.max
    try:
        return timeutil.bounds(value.split("/")[0])[0]
    except ValueError:
        return dt.date.max


# --- Markdown report -------------------------------------------------------------------------------


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def _claim_md(claim) -> list[str]:
    lines = [f"#### {_md(claim.subject)}", ""]
    meta = [f"**{claim.status}**", f"{len(claim.sources)} source(s)"]
    if claim.value:
        meta.append(f"value: {_md(claim.value)}")
    if claim.type == "official" and claim.titles:
        meta.append("titles: " + "; ".join(_md(t) for t in claim.titles))
    if claim.type == "location" and len(claim.spellings) > 1:
        meta.append("spellings: " + ", ".join(_md(s) for s in claim.spellings))
    if claim.type == "troop_count" and claim.related:
        meta.append("related: " + ", ".join(f"`{_md(r)}`" for r in claim.related))
    lines.append(" · ".join(meta))
    if claim.note:
        lines += ["", f"> {_md(claim.note)}"]
    lines.append("")
    lines.append("| Source | Value | Said | Evidence |")
    lines.append("|---|---|---|---|")
    for r in claim.reports:
        value = r.value or "-"
        if claim.type == "troop_count" and r.time:
            value += f" ({r.time}{', published' if r.time_basis == 'published' else ''})"
        lines.append(f"| {_md(r.source)} | {_md(value)} | \u201c{_md(r.text)}\u201d | {_md(r.sentence)} |")
    lines.append("")
    return lines


def to_markdown(comparison: Comparison, claims: Sequence | None = None) -> str:
    """A report a journalist can paste: sources, conflicts, consensus, single-source claims, timeline."""
    claims = comparison.claims if claims is None else list(claims)
    lines = ["# Source comparison", "", "## Sources", "", "| Source | Outlet | Published | Path |", "|---|---|---|---|"]
    for s in comparison.sources:
        lines.append(f"| {_md(s.name)} | {_md(s.outlet) or '-'} | {s.published or 'unknown'} | `{_md(s.path)}` |")
    lines.append("")
    titles = {"conflict": "Conflicts", "consensus": "Consensus", "single": "Single-source claims"}
    type_titles = {"troop_count": "Troop figures", "location": "Places", "official": "Officials", "date": "Dates of events"}
    for status in STATUSES:
        group = [c for c in claims if c.status == status]
        lines += [f"## {titles[status]} ({len(group)})", ""]
        if not group:
            lines += ["None.", ""]
            continue
        for t in CLAIM_TYPES_ORDER:
            typed = [c for c in group if c.type == t]
            if not typed:
                continue
            lines += [f"### {type_titles[t]}", ""]
            if t == "location":  # places: one compact table
                lines += ["| Place | Kind | Sources | Spellings |", "|---|---|---|---|"]
                for c in typed:
                    lines.append(
                        f"| {_md(c.name)} | {c.kind or '-'} | {_md(', '.join(c.sources))} | {_md(', '.join(c.spellings))} |"
                    )
                lines.append("")
                continue
            for c in typed:
                lines += _claim_md(c)
    shown = {c.id for c in claims}
    series = [s for s in comparison.timeline if any(p.claim in shown for p in s.points)]
    if series:
        lines += ["## Troop levels over time", ""]
        for s in series:
            lines += [f"### {_md(s.force or 'Unknown force')} in {_md(s.place or 'unknown place')}", ""]
            lines += ["| Time | Source | Figure | Kind | Status |", "|---|---|---|---|---|"]
            for p in s.points:
                if p.claim in shown:
                    lines.append(f"| {p.time or 'unknown'} | {_md(p.source)} | {_md(p.value)} | {p.kind} | {p.status} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"

