"""Date expressions in plain text: find the spans, normalise each to an ISO value.

Pure Python (no spaCy): the `withdrawal_dates` component and `metadata.py`
both use it. The grammar is a small set of regular expressions built from the
word lists in `data/date_words.jsonl`; `data/date_exclusions.jsonl` names the
neighbours that show a number is not a year ("2000 troops", "Resolution 1973").

A value is ISO at the expression's own granularity: "2003" -> "2003",
"December 2021" -> "2021-12", "Sept. 27, 2024" -> "2024-09-27"; modifiers keep
the anchor's granularity ("mid-2025" -> "2025", "the end of September 2025" ->
"2025-09"). Relative expressions ("early Wednesday", "last year", "in July")
resolve against the publication date; without one their value is None, never
a guess from today.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from withdrawal_cli.resources import check_choice, load_jsonl

WORD_KINDS = (
    "month", "month_abbr", "weekday", "weekday_abbr", "day_offset", "number", "modifier", "season",
    "season_preposition", "future_cue", "past_cue", "date_line_word", "caption_word", "purpose_verb",
)
EXCLUSION_SIDES = ("before", "after")
EXCLUSION_APPLIES = ("year", "weekday", "month_day", "day_word", "season", "model")
# Bare four-digit numbers read as years only inside this range.
YEAR_MIN, YEAR_MAX = 1900, 2099
# Before a four-digit number these make it a year whatever follows ("in 2010 troops numbered...").
# Not "by": "cut by 2000 troops" is a count.
YEAR_PREPOSITIONS = frozenset({"in", "since", "during", "until", "till", "through", "before", "after"})
# Words just before a month-only expression that may point forward ("by mid-September").
FORWARD_CUES = frozenset({"by", "until", "till", "before", "through", "ahead"})
# Before a participle these make it part of the verb phrase a future cue governs ("will be completed in March").
PASSIVE_AUXILIARIES = frozenset({"be", "been", "being", "get", "have"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
# Before a season without "the" ("by spring", "since summer") these still make it a date.
BARE_SEASON_CUES = frozenset({"by", "until", "till", "since", "before"})
# Besides the season prepositions these may open "the end of the summer" ("at the start of the spring").
SEASON_MODIFIER_CUES = frozenset({"at", "toward", "towards", "from", "around", "near", "to", "on"})


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None  # "year", "month", "day"
    relative: bool


# ---------------------------------------------------------------------------
# Word lists and the grammar


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]  # lowercased full name or abbreviation -> month number
    weekdays: dict[str, int]
    weekday_abbr: dict[str, int]  # "Thu", "Tues": only before a full date ("Thu 13 Jan 2022"), never alone
    day_offsets: dict[str, int]
    numbers: dict[str, int]
    modifiers: tuple[str, ...]
    seasons: dict[str, int]  # season word -> first month (northern hemisphere: spring 3, winter 12)
    season_prepositions: frozenset[str]
    future_cues: frozenset[str]
    past_cues: frozenset[str]
    purpose_verbs: frozenset[str]  # "to close", "to withdraw": an infinitive of purpose points forward from its verb
    future_phrases: tuple[tuple[str, ...], ...]  # "plans to", "are due to": word sequences that point forward
    month_full: tuple[str, ...]
    month_abbr: tuple[str, ...]
    excluded: dict[tuple[str, str], frozenset[str]]  # (applies, side) -> words


@lru_cache(maxsize=1)
def _words() -> _Words:
    records = load_jsonl("date_words.jsonl", required=("word", "kind"), allowed=("value",))
    check_choice("date_words.jsonl", records, "kind", WORD_KINDS)
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)
    months = {r["word"].lower(): int(r["value"]) for r in by_kind.get("month", []) + by_kind.get("month_abbr", [])}
    excl_records = load_jsonl("date_exclusions.jsonl", required=("word", "side", "applies"))
    check_choice("date_exclusions.jsonl", excl_records, "side", EXCLUSION_SIDES)
    check_choice("date_exclusions.jsonl", excl_records, "applies", EXCLUSION_APPLIES)
    excluded: dict[tuple[str, str], set[str]] = {}
    for r in excl_records:
        excluded.setdefault((r["applies"], r["side"]), set()).add(r["word"].lower())
    return _Words(
        months=months,
        weekdays={r["word"].lower(): int(r["value"]) for r in by_kind.get("weekday", [])},
        weekday_abbr={r["word"].lower(): int(r["value"]) for r in by_kind.get("weekday_abbr", [])},
        day_offsets={r["word"].lower(): int(r["value"]) for r in by_kind.get("day_offset", [])},
        numbers={r["word"].lower(): int(r["value"]) for r in by_kind.get("number", [])},
        modifiers=tuple(r["word"].lower() for r in by_kind.get("modifier", [])),
        seasons={r["word"].lower(): int(r["value"]) for r in by_kind.get("season", [])},
        season_prepositions=frozenset(r["word"].lower() for r in by_kind.get("season_preposition", [])),
        future_cues=frozenset(r["word"].lower() for r in by_kind.get("future_cue", []) if " " not in r["word"]),
        future_phrases=tuple(
            tuple(r["word"].lower().split()) for r in by_kind.get("future_cue", []) if " " in r["word"]
        ),
        past_cues=frozenset(r["word"].lower() for r in by_kind.get("past_cue", [])),
        purpose_verbs=frozenset(r["word"].lower() for r in by_kind.get("purpose_verb", [])),
        month_full=tuple(r["word"] for r in by_kind.get("month", [])),
        month_abbr=tuple(r["word"] for r in by_kind.get("month_abbr", [])),
        excluded={k: frozenset(v) for k, v in excluded.items()},
    )


def _alt(words: Iterable[str], flexible_space: bool = True) -> str:
    items = sorted(set(words), key=len, reverse=True)
    parts = [re.escape(w).replace(r"\ ", r"\s+") if flexible_space else re.escape(w) for w in items]
    return "(?:" + "|".join(parts) + ")"


def _cased(names: Iterable[str]) -> list[str]:
    """Capitalised and ALL-CAPS spellings (month and weekday names are proper nouns)."""
    out = []
    for n in names:
        out += [n[:1].upper() + n[1:], n.upper()]
    return out


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    # Every date expression contains one of these; the patterns run only in windows around them.
    # One named group per anchor class: every match of a form contains an anchor of its class (a month name
    # for "mdy"), so each form runs only around its own class's anchors.
    anchor: re.Pattern[str]
    anchor_class: dict[str, str]  # form -> anchor class (a group name of `anchor`)


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    w = _words()
    month_full = _alt(_cased(w.month_full)) + r"(?![\w])"
    month_abbr = _alt(_cased(w.month_abbr)) + r"(?:\.|(?![\w]))"
    month = rf"(?P<month>{month_full}|{month_abbr})"
    weekday_names = _alt(_cased(w.weekdays))
    wd_abbr = _alt(_cased(w.weekday_abbr)) + r"\.?"
    wd_prefix = rf"(?:(?P<wdp>{weekday_names}|{wd_abbr}),?\s+)?"
    day = r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\w])(?![:.,]\d)"
    year = r"(?P<year>[12][0-9]{3})(?![\w])(?![.,:]\d)(?!\s*%)"
    mod_of = [m for m in w.modifiers if m.endswith(" of")]
    mod_bare = [m for m in w.modifiers if not m.endswith(" of")]
    mods = (
        r"(?P<mod>(?i:(?:the\s+(?:very\s+)?)?" + _alt(mod_of) + r"\s+|"
        + _alt(mod_bare) + r"(?:\s*-\s*|\s+)))?"
    )
    season = r"(?P<season>(?i:(?:the\s+)?" + _alt(w.seasons) + r"(?:\s+of)?\s+))?"
    lead = r"(?<![\w$€£#.,-])"
    lead_day = rf"(?:{lead}|(?<=\b\d-)|(?<=\b\d\d-))"  # "11-12 August": the second day of a hyphenated pair
    patterns = [
        # 2025-10-01, 2025/10/01
        ("iso", re.compile(r"(?<![\w./-])(?P<year>[12]\d{3})(?P<sep>[-/.])(?P<mm>\d{1,2})(?P=sep)(?P<dd>\d{1,2})(?!\d)(?![-/.]\d)")),
        # 01-10-2025, 1/10/2025: day-month order decided later
        ("numeric", re.compile(r"(?<![\w./-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>[12]\d{3})(?!\d)(?![-/.]\d)")),
        # August 11 and 12, 2025; Aug. 11-12, 2025: two days of one month
        ("mdy_pair", re.compile(
            rf"{lead}{wd_prefix}{month}\s*{day}\s*(?:[-–—&,]|and|to|or)\s*"
            r"(?P<day2>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\w])(?![:.,]\d)"
            rf"(?:,?\s+{year}|(?=\s*(?:[.,;:)]|$)))")),
        # (Wednesday,) Sept. 27, 2024
        ("mdy", re.compile(rf"{lead}{wd_prefix}{mods}{month}\s*(?:the\s+)?{day},?\s+{year}")),
        # (Wednesday,) 5 August 2024, the 5th of August, 2024
        ("dmy", re.compile(rf"{lead_day}{wd_prefix}{mods}(?:(?i:the)\s+)?{day}(?:\s+of)?\s+{month},?\s+{year}")),
        # December 2021, September of 2025
        ("my", re.compile(rf"{lead}{mods}{month},?\s+(?:of\s+)?{year}")),
        # September of that year (the year mentioned before)
        ("m_that_year", re.compile(rf"{lead}{mods}{month}\s+(?i:(?:of\s+)?(?:that|the\s+same)\s+year)(?![\w])")),
        # that December (the year mentioned before: "In 1989 ... the invasion that December")
        ("that_month", re.compile(rf"{lead}(?i:that)\s+(?P<month>{month_full})(?!\s*\d)")),
        # September of last year, June this year
        ("m_rel_year", re.compile(rf"{lead}{mods}{month}\s+(?i:(?:of\s+)?(?P<which>last|this|next)\s+year)(?![\w])")),
        # (Wednesday,) Aug. 31 / 5 August: publication year
        ("md", re.compile(rf"{lead}{wd_prefix}{mods}{month}\s*(?:the\s+)?{day}")),
        ("dm", re.compile(rf"{lead_day}{wd_prefix}{mods}(?:(?i:the)\s+)?{day}(?:\s+of)?\s+{month}")),
        # July, in late March, mid-September, last July
        ("month", re.compile(rf"{lead}(?:(?P<which>(?i:last|next|this))\s+)?{mods}(?P<month>{month_full})(?!\s*\d)")),
        # in the spring, by late summer, by spring, last winter, this past autumn, the summer of last year
        (
            "season",
            re.compile(
                rf"{lead}(?i:(?P<smodof>(?:the\s+(?:very\s+)?)?{_alt(mod_of)}\s+(?:(?P<the2>the)\s+)?)?"
                rf"(?:(?P<which>(?:this\s+)?past|last|this|next|coming)\s+"
                rf"|(?P<the>the\s+)(?:(?P<smod>early|late|mid)(?:\s*-\s*|\s+))?"
                rf"|(?P<smod2>early|late|mid)(?:\s*-\s*|\s+))?"
                rf"(?P<sname>{_alt(w.seasons)})(?![\w-])"
                r"(?:\s+of\s+(?P<ofwhich>last|this|next|that|the\s+same)\s+year(?![\w-])"
                r"|\s+(?:of\s+)?(?P<ofyear>(?:19|20)\d{2})(?![\w])(?![.,:]\d))?)"
            ),
        ),
        # 2014-2017, 2014-17
        ("year_range", re.compile(r"(?<![\w$€£#.,/-])(?P<y1>(?:19|20)\d{2})\s*[-–—]\s*(?P<y2>(?:19|20)?\d{2})(?![\w])(?![.,:]\d)")),
        # 2003, mid-2025, the end of 2011, summer 2024
        ("year", re.compile(rf"{lead}(?:{mods}|{season}){year}")),
        # (early) Wednesday (morning), last Sunday
        (
            "weekday",
            re.compile(
                rf"{lead}(?:(?P<which>(?i:last|next|this|early|late))\s+)?(?P<wd>{weekday_names})(?![\w])"
                r"(?:\s+(?i:morning|afternoon|evening|night))?"
            ),
        ),
        # yesterday, today, tomorrow (morning)
        (
            "day_word",
            re.compile(
                rf"{lead}(?P<dw>(?i:{_alt(w.day_offsets)}))(?![\w])(?:\s+(?i:morning|afternoon|evening|night))?"
            ),
        ),
        # last year, this month, the end of the year, the beginning of next year, earlier this year
        (
            "rel_period",
            re.compile(
                rf"{lead}(?i:(?:(?P<mod>(?:the\s+(?:very\s+)?)?{_alt(mod_of)}\s+|mid-?)(?P<which1>the|this|last|next)"
                r"|(?:(?:earlier|later)\s+)?(?P<which2>this|last|next))\s+(?P<unit>year|month)"
                r"|(?P<yearend>year[-\s]end|year['’]s\s+end)(?!\s+\d{4}))(?![\w-])"
            ),
        ),
        # a year ago, two months ago
        (
            "ago",
            re.compile(rf"{lead}(?i:(?P<num>{_alt(w.numbers)}|\d{{1,2}})\s+(?P<unit>years?|months?)\s+ago)(?![\w])"),
        ),
    ]
    class_words = {
        "month": list(w.months),
        "weekday": list(w.weekdays),
        "day_word": [d.split()[-1] for d in w.day_offsets],
        "season": list(w.seasons),
        "period": ["year", "years", "month", "months"],
    }

    def words_anchor(words: Iterable[str]) -> str:
        cased = {v for a in words for v in (a, a.capitalize(), a.upper())}  # faster than (?i:)
        return r"\b" + _alt(cased, flexible_space=False) + r"\b"

    first_letters = "".join(sorted({v[0] for words in class_words.values() for w in words for v in (w, w.upper())}))
    # The lookahead on the first character lets the engine skip most positions without trying every word (~2x).
    anchor = re.compile(rf"(?=[{re.escape(first_letters)}\d])(?:"
                        + "|".join(rf"(?P<{name}>{words_anchor(words)})" for name, words in class_words.items())
                        + r"|(?P<digits>\d{4}))")
    anchor_class = {
        **dict.fromkeys(("mdy_pair", "mdy", "dmy", "my", "m_that_year", "that_month", "m_rel_year", "md", "dm", "month"),
                        "month"),
        **dict.fromkeys(("iso", "numeric", "year_range", "year"), "digits"),
        "season": "season", "weekday": "weekday", "day_word": "day_word", "rel_period": "period", "ago": "period",
    }
    assert set(anchor_class) == {form for form, _ in patterns}, "every date form needs its anchor class"
    return _Grammar(tuple(patterns), anchor, anchor_class)


# ---------------------------------------------------------------------------
# Calendar helpers


def _month_number(name: str) -> int:
    return _words().months[name.rstrip(".").lower()]


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def weekday_on_or_before(published: dt.date, weekday: int) -> dt.date:
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def weekday_before(published: dt.date, weekday: int) -> dt.date:
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7 or 7)


def weekday_after(published: dt.date, weekday: int, inclusive: bool = False) -> dt.date:
    days = (weekday - published.weekday()) % 7
    if days == 0 and not inclusive:
        days = 7
    return published + dt.timedelta(days=days)


def resolve_month(published: dt.date, month: int, direction: str = "past") -> str:
    """A month without a year: the most recent on or before publication ("past"),
    strictly before ("before"), on or after ("forward"), strictly after ("after"),
    or whichever of the past and coming one is nearer ("nearest", for "by mid-September")."""
    year = published.year
    if direction == "past":
        year = year if month <= published.month else year - 1
    elif direction == "before":
        year = year if month < published.month else year - 1
    elif direction == "forward":
        year = year if month >= published.month else year + 1
    elif direction == "after":
        year = year if month > published.month else year + 1
    elif direction == "nearest":
        back = (published.month - month) % 12
        ahead = (month - published.month) % 12
        year = resolve_month(published, month, "past" if back <= ahead else "forward")[:4]
        return _iso_month(int(year), month)
    return _iso_month(year, month)


def numeric_readings(a: int, b: int, year: int) -> list[dt.date]:
    """The calendar days a numeric date a-b-year can mean: day-month first, then month-day."""
    out = []
    for day, month in ((a, b), (b, a)):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d not in out:
            out.append(d)
    return out


# ---------------------------------------------------------------------------
# Finding and normalising


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([\w$€£#]+)\W*$", text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def _words_before(text: str, start: int, n: int = 2) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w$€£#]+", text[max(0, start - 60) : start])][-n:]


def _word_after(text: str, end: int) -> str:
    m = re.match(r"[\s\-–]*([\w$€£#%]+)", text[end : end + 40])
    return m.group(1).lower() if m else ""


def _excluded(applies: str, text: str, start: int, end: int) -> bool:
    w = _words()
    before = _word_before(text, start)
    if before and before in w.excluded.get((applies, "before"), ()):
        return True
    after = _word_after(text, end)
    return bool(after) and after in w.excluded.get((applies, "after"), ())


def _year_is_count(text: str, start: int, end: int) -> bool:
    """A four-digit number that counts something ("2000 troops", "about 1500 personnel", "$2000")."""
    if _excluded("year", text, start, end):
        return True
    if re.match(r"\s*-\s*(?:strong|man|member|odd)\b", text[end : end + 12], re.IGNORECASE):
        return True
    # a list or range of plain numbers ("1500 to 2000 troops")
    return bool(re.match(r"\s*(?:to|and|or|-|–)\s*\d[\d,]*\s+(?:troops|soldiers|personnel|forces|people)\b", text[end : end + 40], re.I))


# Capitalised words that may stand right before a year ("By 2030 fighter jets will ...", "From 2001 aircraft ...").
YEAR_LEAD_WORDS = frozenset({"by", "from", "of", "to", "and", "or", "the", "a", "an", "between", "around", "circa", "about",
                             "throughout", "across", "within", "in", "since", "during", "until", "before", "after"})


def _is_model_number(text: str, start: int, end: int) -> bool:
    """A type number, not a year: a capitalised name right before it and an equipment noun right after it
    ("Mirage 2000 fighter jets", "the Typhoon 2020 upgrade"); the nouns are date_exclusions' "model" words."""
    before = re.search(r"(?<![\w.])([A-Z][\w-]*) $", text[max(0, start - 30) : start])
    if not before:
        return False
    word = before.group(1).lower()
    w = _words()
    if word in YEAR_LEAD_WORDS or word in w.months or word in w.weekdays or word in w.seasons:
        return False
    after = _word_after(text, end)
    return bool(after) and after in w.excluded.get(("model", "after"), ())


@dataclass
class _Candidate:
    start: int
    end: int
    form: str
    match: re.Match[str]
    year_override: int | None = None  # for the second year of a range
    sub: str = ""


# How far a date expression reaches before and after its anchor word ("the very end of" | ", 2024").
WINDOW_BEFORE, WINDOW_AFTER = 48, 40


def _windows(text: str) -> dict[str, list[list[int]]]:
    """Anchor class -> disjoint stretches of `text` around its anchors; no date of a form lies outside its
    class's stretches."""
    windows: dict[str, list[list[int]]] = {}
    for a in _grammar().anchor.finditer(text):
        s, e = max(0, a.start() - WINDOW_BEFORE), min(len(text), a.end() + WINDOW_AFTER)
        out = windows.setdefault(a.lastgroup, [])
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return windows


def _candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    grammar = _grammar()
    windows_of = _windows(text)
    for form, pattern in grammar.patterns:
        windows = windows_of.get(grammar.anchor_class[form], ())
        for m in (m for s, e in windows for m in pattern.finditer(text, s, e)):
            if form == "mdy_pair":
                if int(m.group("day2")) <= int(m.group("day")):
                    continue
                out.append(_Candidate(m.start(), m.end("day"), form, m, sub="first"))
                out.append(_Candidate(m.start("day2"), m.end(), form, m, sub="second"))
                continue
            if form == "year_range":
                y1, y2s = int(m.group("y1")), m.group("y2")
                y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
                if not (YEAR_MIN <= y1 < y2 <= YEAR_MAX) or y2 - y1 > 50:
                    continue
                if _year_is_count(text, m.start(), m.end()):
                    continue
                out.append(_Candidate(m.start("y1"), m.end("y1"), "year_range", m, y1, "first"))
                out.append(_Candidate(m.start("y2"), m.end("y2"), "year_range", m, y2, "second"))
                continue
            out.append(_Candidate(m.start(), m.end(), form, m))
    return out


PAIRED_FORMS = ("year_range", "mdy_pair")  # one match, two dates


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then leftmost; no overlaps. Range halves travel together."""
    chosen: list[_Candidate] = []
    occupied = bytearray(max((c.match.end() for c in cands), default=0))

    def free(s: int, e: int) -> bool:
        return not any(occupied[s:e])

    def take(s: int, e: int) -> None:
        occupied[s:e] = b"\x01" * (e - s)

    ranges = {}
    for c in cands:
        if c.form in PAIRED_FORMS:
            ranges.setdefault((c.form, c.match.span()), []).append(c)
    order = sorted(cands, key=lambda c: (-(c.match.end() - c.match.start()), c.match.start()))
    for c in order:
        if c.form in PAIRED_FORMS:
            if c.sub != "first":
                continue
            span = c.match.span()
            if free(*span):
                take(*span)
                chosen.extend(ranges[(c.form, span)])
            continue
        if free(c.start, c.end):
            take(c.start, c.end)
            chosen.append(c)
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen


def _numeric_order(cands: list[_Candidate], published: dt.date | None) -> str:
    """'month-day' when an ambiguous numeric date of the text is the publication date read month first."""
    if published is None:
        return "day-month"
    for c in cands:
        if c.form == "numeric":
            g = c.match.groupdict()
            readings = numeric_readings(int(g["a"]), int(g["b"]), int(g["year"]))
            if len(readings) == 2 and readings[1] == published:
                return "month-day"
    return "day-month"


def _normalise(
    c: _Candidate, text: str, published: dt.date | None, previous: list[DateMatch], order: str = "day-month"
) -> DateMatch | None:
    """The DateMatch for one candidate, or None when it is not a date after all.

    `order` is how the text writes ambiguous numeric dates, when its date line settled it."""
    m, form = c.match, c.form
    g = m.groupdict()

    def make(value: str | None, granularity: str, relative: bool) -> DateMatch:
        return DateMatch(c.start, c.end, text[c.start : c.end], value, granularity, relative)

    if form == "iso":
        value = _iso_day(int(g["year"]), int(g["mm"]), int(g["dd"]))
        return make(value, "day", False) if value else None
    if form == "numeric":
        readings = numeric_readings(int(g["a"]), int(g["b"]), int(g["year"]))
        if not readings:
            return None
        if len(readings) > 1 and published in readings:
            chosen = published
        elif len(readings) > 1 and order == "month-day":
            chosen = readings[1]
        else:
            chosen = readings[0]
        return make(chosen.isoformat(), "day", False)
    if form == "mdy_pair":  # "August 11 and 12, 2025"; "on August 11 and 12." in the publication's year
        day = int(g["day"] if c.sub == "first" else g["day2"])
        month = _month_number(g["month"])
        if g["year"] is None:
            if day > calendar.monthrange(2000, month)[1]:
                return None
            if published is None:
                return make(None, "day", True)
            resolved = month_day_year(text, m.start(), published, month, day, m.end())
            return make(resolved.isoformat(), "day", True) if resolved else None
        value = _iso_day(int(g["year"]), month, day)
        return make(value, "day", False) if value else None
    if form in ("mdy", "dmy"):
        value = _iso_day(int(g["year"]), _month_number(g["month"]), int(g["day"]))
        return make(value, "day", False) if value else None
    if form == "my":
        return make(_iso_month(int(g["year"]), _month_number(g["month"])), "month", False)
    if form in ("m_that_year", "that_month"):
        year = next((int(p.value[:4]) for p in reversed(previous) if p.value and not p.relative and c.start - p.end < 600), None)
        if year is not None:
            return make(_iso_month(year, _month_number(g["month"])), "month", False)
        if form == "m_that_year":
            return None
        form = "month"  # "that December" with no year before it: read as the month alone
    if form == "m_rel_year":
        if published is None:
            return make(None, "month", True)
        year = published.year + {"last": -1, "this": 0, "next": 1}[g["which"].lower()]
        return make(_iso_month(year, _month_number(g["month"])), "month", True)
    if form in ("md", "dm"):
        month = _month_number(g["month"])
        if int(g["day"]) > calendar.monthrange(2000, month)[1]:  # 2000: leap year, so Feb 29 passes
            return None
        if _excluded("month_day", text, c.start, c.end):
            return None
        if published is None:
            return make(None, "day", True)
        day = month_day_year(text, c.start, published, month, int(g["day"]), c.end)
        return make(day.isoformat(), "day", True) if day else None
    if form == "month":
        month_name = g["month"]
        if month_name.lower() == "may" and not (g.get("mod") or g.get("which")):
            # "may" is also a verb: a capitalised "May" alone needs a date cue before it, or a month listed before
            # it ("in March and May")
            listed = _LISTED_BEFORE.search(text, max(0, c.start - 20), c.start)
            after_month = listed is not None and listed.group(1).lower() in _words().months
            if not after_month and _word_before(text, c.start) not in {"in", "since", "by", "until", "till", "from", "through", "during", "of", "before", "after", "early", "late", "mid", "last", "next", "this"}:
                return None
        if _month_is_name(text, c.start, c.end, g):
            return None
        if published is None:
            return make(None, "month", True)
        which = (g.get("which") or "").lower()
        if which == "last":
            # "last July" is July of the previous calendar year, also when this year's July is over ("seized
            # power last July" written in August 2024 is July 2023); the current year's is "this July" or "in July"
            return make(_iso_month(published.year - 1, _month_number(month_name)), "month", True)
        elif which == "next":
            direction = "after"
        elif which == "this":
            direction = "forward"
        elif _word_before(text, c.start) in FORWARD_CUES or set(_words_before(text, c.start)) & {"by", "until", "till"}:
            # "had left by July" (past), "must leave by mid-September" (coming); without a tense the nearer one
            direction = tense_direction(text, c.start, "nearest", c.end)
        else:
            # "left in March" (past); "will leave in March" (the coming March)
            direction = tense_direction(text, c.start, "past", c.end)
        return make(resolve_month(published, _month_number(month_name), direction), "month", True)
    if form == "season":
        return _normalise_season(c, text, published, previous, make)
    if form == "year_range":
        return make(str(c.year_override), "year", False)
    if form == "year":
        year = int(g["year"])
        if not (YEAR_MIN <= year <= YEAR_MAX):
            return None
        ys, ye = m.start("year"), m.end("year")
        temporal = _word_before(text, c.start) in YEAR_PREPOSITIONS  # "In 2010 troops numbered 50,000"
        if not (g.get("mod") or g.get("season") or temporal) and (
            _year_is_count(text, ys, ye) or _is_model_number(text, ys, ye)
        ):
            return None
        return make(str(year), "year", False)
    if form == "weekday":
        wd = _words().weekdays[g["wd"].lower()]
        if _excluded("weekday", text, m.start("wd"), m.end("wd")):
            return None
        if published is None:
            return make(None, "day", True)
        which = (g.get("which") or "").lower()
        if which == "last":
            day = weekday_before(published, wd)
        elif which == "next":
            day = weekday_after(published, wd)
        elif which == "this":
            day = weekday_after(published, wd, inclusive=True)
        elif tense_direction(text, c.start, "past", c.end) == "forward":
            day = weekday_after(published, wd, inclusive=True)  # "the second group will follow on Monday"
        else:
            day = weekday_on_or_before(published, wd)
        return make(day.isoformat(), "day", True)
    if form == "day_word":
        offset = _words().day_offsets[re.sub(r"\s+", " ", g["dw"].lower())]
        if _excluded("day_word", text, m.start("dw"), m.end("dw")):
            return None
        if published is None:
            return make(None, "day", True)
        return make((published + dt.timedelta(days=offset)).isoformat(), "day", True)
    if form == "rel_period":
        if g.get("yearend"):
            return make(str(published.year) if published else None, "year", True)
        which = (g.get("which1") or g.get("which2") or "").lower()
        if g.get("which2") and _word_before(text, c.start) in ("the", "a", "past", "over"):
            return None  # "the last year", "over the next year": durations
        unit = g["unit"].lower()
        shift = {"the": 0, "this": 0, "last": -1, "next": 1}[which]
        if published is None:
            return make(None, unit, True)
        if unit == "year":
            return make(str(published.year + shift), "year", True)
        return make(_iso_month(*_shift_month(published.year, published.month, shift)), "month", True)
    if form == "ago":
        num = g["num"].lower()
        n = int(num) if num.isdigit() else _words().numbers[num]
        unit = "year" if g["unit"].lower().startswith("year") else "month"
        if published is None:
            return make(None, unit, True)
        if unit == "year":
            return make(str(published.year - n), "year", True)
        return make(_iso_month(*_shift_month(published.year, published.month, -n)), "month", True)
    return None


SEASON_LENGTH = 3  # months


def season_year(published: dt.date, first_month: int, direction: str) -> int:
    """The year of the season that starts in `first_month`, seen from `published`.

    direction: "past" (the one under way, else the last one over), "before" (the last one over:
    "last winter"), "forward" (the one under way, else the next; of one under way the part still to come),
    "after" ("next spring"), or
    "nearest" ("this winter": the one under way, else whichever of the last and next is nearer).
    A season that spans two years (winter) takes the year of its part nearest the publication date.
    """
    p = published.year * 12 + published.month - 1
    # the occurrence that starts in the 12 months up to p
    start = (published.year if first_month <= published.month else published.year - 1) * 12 + first_month - 1
    end = start + SEASON_LENGTH - 1
    under_way = start <= p <= end
    prev_start = start if not under_way else start - 12
    next_start = start + 12
    if direction == "forward" and under_way:
        return end // 12  # what is still to come of a winter under way in December lies in the next year
    if direction in ("past", "nearest") and under_way:
        return published.year
    if direction == "nearest":
        back = p - (prev_start + SEASON_LENGTH - 1)
        ahead = next_start - p
        direction = "before" if back < ahead else "after"
    if direction in ("past", "before"):
        return (prev_start + SEASON_LENGTH - 1) // 12
    return next_start // 12


def _clause_words(text: str, start: int) -> list[str]:
    """Lowercased words from the start of the clause holding `start` up to it; month names left out
    (the month "May" is not the verb "may")."""
    window = text[max(0, start - 200) : start]
    cut = max(window.rfind(ch) for ch in ".;:!?\n,—–(")
    months = _words().months
    return [w.lower() for w in re.findall(r"[A-Za-z']+", window[cut + 1 :]) if not (w[:1].isupper() and w.lower() in months)]


def clause_tense(text: str, start: int, end: int | None = None) -> str | None:
    """What the clause before `start` says of time: 'future' ("could begin leaving in the spring", "plans to
    leave by"), 'past' ("had left by the summer", "was signed on"), 'participle' (a past participle opens the
    nearest verb phrase: "the deal signed in March"), 'open' (an infinitive of purpose after a past verb: "voted
    in April to close the mission on October 15", either side of publication) or None. The nearest cue decides.

    When the clause has no cue, the sentence does: the rest of it before the date, past an aside ("will leave
    the base, the minister said, in February"), then (given `end`) the verb after a date that opens it
    ("In February, the brigade will ...")."""
    tense = _tense_of(_clause_words(text, start))
    if tense is not None:
        return tense
    before = _sentence_words_before(text, start)
    tense = _tense_of(before, skip=SPEECH_CUES)
    if tense is not None or end is None or len(before) > OPENING_WORDS:
        return tense
    return _tense_after(text, end)


# A date with at most this many words before it in its sentence opens it ("In early February, ...").
OPENING_WORDS = 3


# Past-tense speech verbs of an aside ("the minister said") do not set the tense of the sentence around them.
SPEECH_CUES = frozenset({"said", "told", "added", "stated"})


def _sentence_words_before(text: str, start: int) -> list[str]:
    window = text[max(0, start - 300) : start]
    cut = max(window.rfind(ch) for ch in ".;!?\n")
    months = _words().months
    return [w.lower() for w in re.findall(r"[A-Za-z']+", window[cut + 1 :]) if not (w[:1].isupper() and w.lower() in months)]


def _tense_after(text: str, end: int) -> str | None:
    """The tense of the first verb cue after a date that opens its sentence ("In February, the brigade will ...")."""
    window = text[end : end + 200]
    cut = min((i for i in (window.find(ch) for ch in ".;!?\n") if i >= 0), default=len(window))
    w = _words()
    words = [x.lower() for x in re.findall(r"[A-Za-z']+", window[:cut]) if not (x[:1].isupper() and x.lower() in w.months)]
    for k, x in enumerate(words):
        if x in w.future_cues or any(tuple(words[k : k + len(p)]) == p for p in w.future_phrases):
            return "future"
        if x in w.past_cues or (len(x) > 4 and x.endswith("ed") and (k == 0 or words[k - 1] not in DETERMINERS)):
            return "past"
    return None


def _tense_of(words: list[str], skip: frozenset[str] = frozenset()) -> str | None:
    w = _words()
    for k in range(len(words) - 1, -1, -1):
        x = words[k]
        if x in skip:
            continue
        if x in w.future_cues or any(
            len(p) <= k + 1 and tuple(words[k + 1 - len(p) : k + 1]) == p for p in w.future_phrases
        ):
            return "future"
        if x == "to" and k + 1 < len(words) and words[k + 1] in w.purpose_verbs:
            # "voted in April to close the mission on October 15": the date is when the purpose is carried out,
            # after a past decision but not necessarily before publication (the future when the decision is)
            return "future" if _tense_of(words[:k], skip) == "future" else "open"
        if x in w.past_cues:
            if k > 0 and words[k - 1] in PASSIVE_AUXILIARIES and x not in ("had", "was", "were", "did"):
                continue  # "will be sent", "will have left": the auxiliary's own cue decides
            return "past"
        if len(x) > 4 and x.endswith("ed") and (k == 0 or words[k - 1] not in PASSIVE_AUXILIARIES):
            if k > 0 and words[k - 1] in DETERMINERS and words[k - 1] != "that":
                continue  # an adjective: "will return to the liberated city in March" (not "units that occupied")
            return "participle"
    return None


def tense_direction(text: str, start: int, default: str, end: int | None = None) -> str:
    """'forward' when the clause before `start` speaks of the future ("could begin leaving in the spring"),
    'past' when it speaks of the past ("had left by the summer"), else `default`."""
    # a participle between a cue and the date starts another verb phrase
    # ("would review the deal signed in March": March is when it was signed)
    return {"future": "forward", "past": "past", "open": "nearest"}.get(clause_tense(text, start, end) or "", default)


# A coming date may be written a little after it passed ("must be out by Aug. 31" in early September); a past one
# a day or two before it (time zones, a dateline written the evening before).
FUTURE_SLACK_DAYS, PAST_SLACK_DAYS = 60, 3


def month_day_year(text: str, start: int, published: dt.date, month: int, day: int, end: int | None = None) -> dt.date | None:
    """The year of a day and month written without one: of the last, this and the next year's such day, the one
    nearest the publication date that the clause's tense allows ("by January 31" written on 10 December is the
    coming one; "was signed on December 20" written on 5 January the one just gone)."""
    days = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            days.append(dt.date(year, month, day))
        except ValueError:  # February 29
            continue
    if not days:
        return None
    tense = clause_tense(text, start, end)
    allowed = days
    if tense == "future":
        allowed = [d for d in days if d >= published - dt.timedelta(days=FUTURE_SLACK_DAYS)]
    elif tense in ("past", "participle"):
        allowed = [d for d in days if d <= published + dt.timedelta(days=PAST_SLACK_DAYS)]
    return min(allowed or days, key=lambda d: (abs((d - published).days), d.year != published.year))


def _normalise_season(c: "_Candidate", text: str, published: dt.date | None, previous: list[DateMatch], make):
    """'in the spring', 'by the spring', 'since the summer', 'last winter', 'this past autumn':
    year granularity, resolved against the publication date (a season is three months, so its year is
    the most precise value it gives)."""
    w = _words()
    g = c.match.groupdict()
    which = re.sub(r"\s+", " ", (g.get("which") or "").lower())
    ofwhich = re.sub(r"\s+", " ", (g.get("ofwhich") or "").lower())
    if g.get("ofyear"):  # "the summer of 2019", "the end of the summer of 2019"
        return make(g["ofyear"], "year", False)
    if _excluded("season", text, c.start, c.end) and not ofwhich:
        return None
    nxt = re.match(r"[ \t]+(\S+)", text[c.end : c.end + 30])  # the next word on the same line
    if not ofwhich and nxt and re.match(r"(?i)of\b", nxt.group(1)):
        return None  # "the fall of Kabul", "the winter of discontent"
    before = _word_before(text, c.start)
    if g.get("smodof") and before not in w.season_prepositions and before not in SEASON_MODIFIER_CUES:
        return None  # "The end of the summer offensive": "by/at the end of the summer" is a date
    if which:
        if before in ("the", "a", "an") and which != "past":
            return None  # "the last summer of the war"
    else:
        if before not in w.season_prepositions and not g.get("smodof"):
            return None  # "The summer was hot": a season named without a time preposition is not a date here
        if (not g.get("the") and not (g.get("smod") or g.get("smod2") or g.get("smodof"))
                and before not in BARE_SEASON_CUES):
            return None  # "in winter" is often generic ("passes close in winter"); "by spring" is a date
        if nxt and nxt.group(1)[:1].isupper() and not ofwhich:
            return None  # "the Spring Offensive"
    if ofwhich in ("that", "the same"):
        year = next((int(p.value[:4]) for p in reversed(previous) if p.value and not p.relative and c.start - p.end < 600), None)
        return make(str(year), "year", False) if year is not None else None
    if published is None:
        return make(None, "year", True)
    if ofwhich:
        return make(str(published.year + {"last": -1, "this": 0, "next": 1}[ofwhich]), "year", True)
    first_month = w.seasons[g["sname"].lower()]
    if which in ("last", "past", "this past"):
        direction = "before"
    elif which in ("next", "coming"):
        direction = "after"
    elif which == "this":
        direction = "nearest"
    elif before == "since":
        direction = "past"
    elif before in FORWARD_CUES:
        direction = tense_direction(text, c.start, "forward")  # "cut ... by the spring"; "had left by the summer"
    else:
        direction = tense_direction(text, c.start, "past", c.end)  # "left in the spring"; "could leave in the spring"
    return make(str(season_year(published, first_month, direction)), "year", True)


# The word before a list joiner right before a position: "March and |May", "April, |May".
_LISTED_BEFORE = re.compile(r"\b([A-Z][a-z]+)\.?(?:,?\s+(?:and|or|to)|,)\s+$")


def _month_is_name(text: str, start: int, end: int, g: dict) -> bool:
    """A bare month name that is part of a proper name ("April Ryan", "the June Movement")."""
    if g.get("mod") or g.get("which"):
        return False
    following = re.match(r"\s+([A-Z][a-z]+)", text[end : end + 30])
    if following and following.group(1).lower() not in _words().weekdays and following.group(1) not in ("The",):
        before = _word_before(text, start)
        # "in July Biden said" is a date; "April Ryan said" is not. Without a preposition, read it as a name.
        return before not in {"in", "since", "by", "until", "till", "from", "through", "during", "of", "before", "after", "last", "next", "this", "early", "late"}
    return False


def scan(text: str, published: dt.date | None = None) -> tuple[list[DateMatch], list[tuple[int, int]]]:
    """(every date expression in `text` sorted by start, spans the grammar saw and rejected as not dates)."""
    out: list[DateMatch] = []
    rejected: list[tuple[int, int]] = []
    chosen = _select(_candidates(text))
    order = _numeric_order(chosen, published)
    for c in chosen:
        match = _normalise(c, text, published, out, order)
        if match is not None:
            if c.form in ("dmy", "dm") and not (c.match.group("wdp") or c.match.group("mod")):
                out.extend(_listed_days(text, c.start, match, int(c.match.group("day")), out[-1].end if out else 0))
            out.append(match)
        else:
            rejected.append((c.start, c.end))
    return out, rejected


# "11th and 12th August", "3, 4 and 5 November": a day right before a day-month date, joined by a list word
_LISTED_DAY = re.compile(
    r"(?<![\w.,/-])(?P<token>(?P<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?)(?:\s*,\s*|,?\s+(?:and|&|or|to)\s+|\s*[-–]\s*)$"
)


def _listed_days(text: str, start: int, match: DateMatch, day: int, floor: int) -> list[DateMatch]:
    """The days listed before a day-month date (its `day`) that share its month and year: smaller days, in order."""
    found: list[DateMatch] = []
    upto, following = start, day
    while True:
        m = _LISTED_DAY.search(text, max(floor, upto - 14), upto)
        if not m or int(m.group("day")) >= following:
            break
        following, upto = int(m.group("day")), m.start()
        value = match.value[:8] + f"{following:02d}" if match.value else None
        found.append(DateMatch(m.start(), m.end("token"), m.group("token"), value, "day", match.relative))
    return found[::-1]


def find_dates(text: str, published: dt.date | None = None) -> list[DateMatch]:
    """Every date expression in `text`, sorted by start, each normalised."""
    return scan(text, published)[0]


def normalise_span(span: str, published: dt.date | None = None) -> DateMatch | None:
    """The one date expression that covers (nearly) all of `span`, e.g. an NER DATE entity; else None."""
    stripped = span.strip()
    found = find_dates(stripped, published)
    if len(found) != 1:
        return None
    m = found[0]
    rest = (stripped[: m.start] + " " + stripped[m.end :]).strip()
    if re.fullmatch(r"(?i)(?:(?:in|on|at|by|since|during|from|until|of|as|the|a|an)\s*)*[,.]?", rest):
        return m
    return None


def find_numeric_dates(text: str) -> list[tuple[int, int, list[dt.date]]]:
    """Numeric dates with their possible readings: (start, end, [day-month reading, month-day reading])."""
    out = []
    for form, pattern in _grammar().patterns:
        if form == "numeric":
            for m in pattern.finditer(text):
                out.append((m.start(), m.end(), numeric_readings(int(m.group("a")), int(m.group("b")), int(m.group("year")))))
    return out


def weekday_names() -> dict[str, int]:
    return dict(_words().weekdays)


def parse_date_at_start(line: str) -> tuple[DateMatch, list[dt.date]] | None:
    """A date written at the very start of `line` (after spaces): the DateMatch and, for a numeric
    date, every reading of it (more than one when day and month could swap)."""
    lead = len(line) - len(line.lstrip())
    first_anchor = _grammar().anchor.search(line)
    if first_anchor is None or first_anchor.start() > lead + WINDOW_BEFORE:  # no window reaches the line's start
        return None
    for c in _select(_candidates(line)):
        if c.start != lead:
            return None
        if c.form == "numeric":
            g = c.match.groupdict()
            readings = numeric_readings(int(g["a"]), int(g["b"]), int(g["year"]))
            if not readings:
                return None
            m = DateMatch(c.start, c.end, line[c.start : c.end], readings[0].isoformat(), "day", False)
            return m, readings
        m = _normalise(c, line, None, [])
        if m is None:
            return None
        return m, [dt.date.fromisoformat(m.value)] if m.value and m.granularity == "day" else []
    return None


def dateparser_span(span: str, published: dt.date | None) -> DateMatch | None:
    """Last resort for a span our grammar cannot read: dateparser on that span alone, fixed settings."""
    words = _words()
    lowered = span.lower()
    tokens = set(re.findall(r"[a-z]+", lowered))
    has_year = re.search(r"(?<!\d)(1[89]|20)\d\d(?!\d)", span) is not None
    has_anchor = bool(tokens & (set(words.months) | set(words.weekdays)))
    if not has_anchor:
        return None
    if not has_year and published is None:
        return None
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time(12))
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    try:
        data = parser.get_date_data(span)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period
    d = data.date_obj.date()
    if period == "day":
        value, gran = d.isoformat(), "day"
    elif period == "month":
        value, gran = _iso_month(d.year, d.month), "month"
    elif period == "year":
        value, gran = str(d.year), "year"
    else:
        return None
    return DateMatch(0, len(span), span, value, gran, not has_year)
