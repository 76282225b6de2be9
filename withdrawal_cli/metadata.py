"""Document metadata read from the text itself: title, source (outlet), publication date.

Cheap rules over the first lines of the text (the header), decided before the
spaCy pipeline runs because relative dates resolve against `published`:

- `published`: the page's own metadata date (HTML), else the text's date line
  near the top: a line that is just a date ("Oct 2, 2025 | ..."), a labelled
  date ("date 2025-10-01 ...", "Published: ..."), or a dateline
  ("MOSCOW, June 9. /TASS/") whose year the text settles. Numeric dates that
  could be read both ways (01-10-2025) are decided with evidence from the text
  (the weekdays it mentions, other dates); `published_note` says how.
  Dates in the body or in photo captions are never the publication date.
- `source`: the outlet when the text shows its own (page site name, masthead
  line, dateline wire tag "(Kurdistan24)", "/TASS/", "This article originally
  appeared on X", "revealed exclusively to X"); None when it only cites others.
  A masthead may be an acronym beside its name ("KBC NEWS | Kivu Broadcasting
  Corporation" gives the name), "The <place> Observer" in title case, an
  institute or a government body beside "Press Release"; an unknown acronym
  is written out when the text spells it ("CPA" -> "Continental Press Agency").
- `title`: the HTML title, else the first header line when it reads as a
  headline (not a masthead, date line, byline or body paragraph).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from withdrawal_cli.reading import RawDocument

HEADER_LINES = 12  # non-blank lines at the top that may hold a masthead, title or date line
HEADER_CHARS = 2500
TOP_LINES = 3  # header lines where a masthead in capitals is read without a date line beside it
DATE_LABEL = re.compile(
    r"(?i)^\s*(?:date|dated|published|published on|updated|last updated|posted|posted on|publication date)\s*[:\-–—]?\s*(?=\S)"
)
# What may follow a date on a date line: a time, a timezone, or a separator and anything after it.
DATE_LINE_REST = re.compile(
    r"(?i)^[\s,]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[a-z]{2,5}\)?)?)?\s*(?:[|·•/–—-].*)?$"
)
# "BAGHDAD, Oct. 1, 2025 —", "KABUL, Afghanistan, March 3, 2020 (Wire) —": an all-caps place (and a region,
# letters only, so "Oct. 1" is never read as one), a comma, then the rest
DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]{2,40}(?:,\s*[A-Z][A-Za-zÀ-ÿ.'’ -]{1,30})?),\s+(?P<rest>.*)$"
)
# "New Delhi, February 11, 2021" alone on its line: a place in any capitals, a comma, a full date
_PLACE_WORD = r"[A-ZÀ-Þ][^\W\d_]*(?:[-'’.][^\W\d_]*)*"
PLACE_DATE_LINE = re.compile(
    rf"^\s*(?P<place>{_PLACE_WORD}(?:\s+(?:{_PLACE_WORD}|[a-z]{{1,3}}))*?(?:,\s*{_PLACE_WORD}(?:\s+{_PLACE_WORD})*)?),\s+(?P<rest>\S.*)$"
)
# a wire tag in parentheses right after the dateline's date: "(Example Wire) —"
WIRE_PAREN_AFTER = re.compile(r"^[.,\s]*\((?P<tag>[^():]{2,50})\)\s*[–—-]")
WIRE_PAREN = re.compile(r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]{1,40}(?:,\s*[\w.' -]{1,30})?\s*\((?P<tag>[^():]{2,50})\)\s*[–—-]")
WIRE_SLASH = re.compile(r"^[.,\s]*/(?P<tag>[A-Z][\w .-]{1,30})/")
WIRE_DASH = re.compile(r"^[.,\s]*[–—-]\s*(?P<tag>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s*\.(?:\s|$)")
ORIGINALLY = re.compile(
    r"(?i:this (?:article|story|report|piece) (?:was )?(?:originally|first) (?:appeared|appeared on|appeared in|published (?:on|in|by)|ran (?:on|in)))\s+(?P<name>[A-Z][^.\n]{1,60}?)\s*(?:\.|\n|$)"
)
EXCLUSIVELY = re.compile(
    r"(?i:exclusively\s+(?:to|told|with))\s+(?P<name>(?:[Tt]he\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})"
)
CONTRIBUTED = re.compile(
    r"(?P<name>(?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})\s+(?:writers?|reporters?|correspondents?|staff)\b[^.\n]{0,120}\bcontributed to this (?:report|story)"
)
# "BAGHDAD — The ...": an all-caps dateline with a dash and no tag (a wire story with its tag stripped)
BARE_DATELINE = re.compile(r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ.'’-]+(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ.'’-]+){0,3}(?:,\s*[A-Z][\w.' -]{1,30})?\s+[—–]\s+\S")
# A decorated date line ('Madras · Sunday, March 25, 1990 · Rs 1.50'): where the date's segment starts and ends
DATE_LINE_MAX = 120
_SEPARATORS = r"[|·•/–—:,;()\[\]-]"
DECORATION_BEFORE = re.compile(
    rf"(?:^|{_SEPARATORS}\s*|\b(?:on|of)\s+|(?i:\b(?:dated|published|updated|posted))\s+"
    r"|(?P<corresponding>(?i:\b(?:corresponding|corresponds|equivalent)\s+to)\s+))$"
)
DECORATION_AFTER = re.compile(rf"(?i)^\s*(?:$|{_SEPARATORS}|(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\b)")
TITLE_PREFIX = re.compile(r"^\s*(?:NextImg|Title|Headline)\s*:\s*(?P<title>\S.{5,200}?)\s*$", re.IGNORECASE)
ATTRIBUTION = re.compile(r"(?i)\b(?:said|told|according to)\b")
BULLET = re.compile(r"^[\s◆•●■▪►▶*·–—-]+")
BYLINE = re.compile(r"(?i)^\s*(?:[-–—•]\s*)?by\s+[A-Z]")
# A bracketed note at the top of a translated article: "[Machine-assisted translation from the Dutch. Original:
# <Paper>, edition of Monday 2 August 2010, page 3. ...]" names the paper and the date of the edition translated.
BRACKET_NOTE = re.compile(r"(?m)^[ \t]*\[(?P<body>[^\[\]]{10,600})\]")
ORIGINAL_IN_NOTE = re.compile(
    r"(?i:\boriginal(?:ly\s+(?:published|appeared))?(?:\s+(?:in|on|text|source|article))?)\s*:\s*"
    r"(?P<name>[A-Z][^,;:\[\]\n]{1,60}?)\s*,\s*(?P<rest>[^\]]{0,200})"
)


@dataclass
class DocumentMeta:
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_note: str | None = None


@dataclass(frozen=True)
class _Line:
    index: int
    text: str  # stripped


def read_metadata(raw: RawDocument, text: str) -> DocumentMeta:
    """Metadata of one article; `text` is the chrome-masked text (same offsets as raw.text)."""
    header = _header(text, raw.text)
    published, note, date_line = read_published(raw, text, header)
    source = read_source(raw, text, header, date_line)
    title = read_title(raw, header, date_line, source)
    return DocumentMeta(title=title, source=source, published=published, published_note=note)


def _header(text: str, raw_text: str | None = None) -> list[_Line]:
    """The first non-blank lines of the masked text; a section line chrome blanked is read from `raw_text`
    (a masthead may stand in it: "THE NORTHERN CHRONICLE | World")."""
    from withdrawal_cli.chrome import is_section_line as chrome_section_line

    raw_lines = raw_text[:HEADER_CHARS].splitlines() if raw_text is not None else []
    out = []
    for i, line in enumerate(text[:HEADER_CHARS].splitlines()):
        if not line.strip() and i < len(raw_lines) and chrome_section_line(raw_lines[i], at_top=True):
            line = raw_lines[i]
        if line.strip():
            out.append(_Line(i, line.strip()))
        if len(out) >= HEADER_LINES:
            break
    return out


# ---------------------------------------------------------------------------
# Publication date


def read_published(raw: RawDocument, text: str, header: list[_Line] | None = None):
    """(date, note, index of the header line it came from or None)."""
    if raw.html_date:
        try:
            return dt.date.fromisoformat(raw.html_date[:10]), None, None
        except ValueError:
            pass
    from withdrawal_cli.datetext import find_numeric_dates, parse_date_at_start

    header = _header(text) if header is None else header
    note = translation_note(text, header)
    if note is not None and note[1] is not None:
        return note[1], None, note[2]
    for line in header:
        body = line.text
        label = DATE_LABEL.match(body)
        labelled = label is not None
        if labelled:
            body = body[label.end() :]
        parsed = parse_date_at_start(body)
        if parsed is not None:
            match, readings = parsed
            rest = body[match.end :]
            if match.granularity == "day" and not match.relative and (labelled or DATE_LINE_REST.match(rest)):
                if len(readings) > 1:
                    chosen, note = decide_numeric(match.text, readings, text)
                    return chosen, note, line.index
                return dt.date.fromisoformat(match.value), None, line.index
        dated = _dateline_date(body, text)
        if dated is not None:
            day, note = dated
            return day, note, line.index
        day = _place_date_line(body)
        if day is not None:
            return day, None, line.index
        day = decorated_date_line(line.text)
        if day is not None:
            numeric = [(line.text[s:e], r) for s, e, r in find_numeric_dates(line.text) if len(r) > 1 and day in r]
            if numeric:  # "Madras · 03/04/1990": which reading, from the text's evidence
                chosen, note = decide_numeric(numeric[0][0], numeric[0][1], text)
                return chosen, note, line.index
            return day, None, line.index
    return None, None, None


def translation_note(text: str, header: list[_Line] | None = None) -> tuple[str, dt.date | None, int] | None:
    """(original paper, its edition's date or None, line index) from a bracketed note in the header of a
    translated article ('[... Original: Het Noorderblad, edition of Monday 2 August 2010, page 3. ...]')."""
    from withdrawal_cli.datetext import find_dates

    header = _header(text) if header is None else header
    if not header:
        return None
    top = text[:HEADER_CHARS]
    last_line = header[-1].index
    for note in BRACKET_NOTE.finditer(top):
        line_index = top.count("\n", 0, note.start())
        if line_index > last_line:
            break
        m = ORIGINAL_IN_NOTE.search(note.group("body"))
        if m is None:
            continue
        name = m.group("name").strip()
        rest = re.sub(r"(?i)^(?:(?:the\s+)?(?:edition|issue)\s+(?:of|dated)\s+|dated\s+|of\s+)", "", m.group("rest"))
        day = None
        for match in find_dates(rest):
            if match.start > 40:
                break
            if match.granularity == "day" and not match.relative and match.value:
                day = dt.date.fromisoformat(match.value)
                break
        return name, day, line_index
    return None


def decorated_date_line(line: str) -> dt.date | None:
    """A header line that holds one full date among decorations, not a sentence: that date.

    'Madras · Sunday, March 25, 1990 · Rs 1.50', 'Thu 13 Jan 2022, 14:20 ALMT', 'By Ann Roe | Oct 2, 2025',
    'Thursday, March 29, 1973 — Final Edition', 'Tuesday 9 Shawwal 1426 AH, corresponding to 11 November 2005'.
    The date stands in its own segment (line edge, a separator or
    a lead-in like 'Posted on' before it; a separator, a time or the line end after it), and every other word
    is capitalised, a number, a price or a date-line word ('updated', 'edition', 'at'); a caption is not one.
    """
    from withdrawal_cli.datetext import find_dates

    stripped = line.strip()
    if not stripped or len(stripped) > DATE_LINE_MAX:
        return None
    found = [d for d in find_dates(stripped, None) if d.granularity == "day" and not d.relative and d.value]
    if len(found) != 1:
        return None
    date = found[0]
    before, after = stripped[: date.start], stripped[date.end :]
    lead_in = DECORATION_BEFORE.search(before)
    if not (lead_in and DECORATION_AFTER.match(after)):
        return None
    if lead_in.group("corresponding"):
        # 'Tuesday 9 Shawwal 1426 AH, corresponding to 11 November 2005': a date of another calendar, then ours
        before = before[: lead_in.start()]
    words = re.findall(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?", before + " " + after)
    if len(words) > 12:
        return None
    allowed, caption = _date_line_words()
    for w in words:
        low = w.lower().rstrip(".")
        if low in caption:
            return None
        if not (w[:1].isupper() or low in allowed):
            return None
    return dt.date.fromisoformat(date.value)


@lru_cache(maxsize=1)
def _date_line_words() -> tuple[frozenset[str], frozenset[str]]:
    """(lowercase words a date line may hold, words that make a line with a date a caption) from date_words.jsonl."""
    from withdrawal_cli.resources import load_jsonl

    records = load_jsonl("date_words.jsonl", required=("word", "kind"), allowed=("value",))
    return (
        frozenset(r["word"].lower() for r in records if r["kind"] == "date_line_word"),
        frozenset(r["word"].lower() for r in records if r["kind"] == "caption_word"),
    )


def _place_date_line(line: str) -> dt.date | None:
    """'New Delhi, February 11, 2021' (a line that is only a place and a full date): that date."""
    from withdrawal_cli.datetext import find_dates

    m = PLACE_DATE_LINE.match(line)
    if not m or len(m.group("place").split()) > 5:
        return None
    rest = m.group("rest")
    found = find_dates(rest[:60], None)
    if not found or found[0].start != 0 or found[0].granularity != "day" or found[0].relative:
        return None
    after = rest[found[0].end :]
    if not (DATE_LINE_REST.match(after) or WIRE_PAREN_AFTER.match(after)):
        return None
    return dt.date.fromisoformat(found[0].value)


def _dateline_date(line: str, text: str):
    """'MOSCOW, June 9. /TASS/. ...': the date of a dateline; the year from the text when it is certain."""
    from withdrawal_cli.datetext import find_dates

    m = DATELINE.match(line)
    if not m or len(m.group("city").split()) > 4:
        return None
    rest = m.group("rest")
    found = find_dates(rest[:40], None)
    if not found or found[0].start != 0 or found[0].granularity != "day":
        return None
    first = found[0]
    after = rest[first.end :]
    if not (WIRE_SLASH.match(after) or WIRE_DASH.match(after) or re.match(r"^\s*(?:\([^)]*\)\s*)?[.,]?\s*[–—-]", after)):
        return None
    if not first.relative:
        return dt.date.fromisoformat(first.value), None
    # day and month only: the year must come from the text itself, without doubt
    month_day = _month_day(first.text)
    if month_day is None:
        return None
    years = {
        d.value[:4]
        for d in find_dates(text, None)
        if d.value and d.granularity == "day" and not d.relative and _same_month_day(d.value, month_day)
    }
    if len(years) == 1:
        year = int(next(iter(years)))
        try:
            day = dt.date(year, *month_day)
        except ValueError:
            return None
        return day, f"dateline '{first.text}' has no year; {year} from the same date written in full in the text"
    return None


def _month_day(expression: str) -> tuple[int, int] | None:
    from withdrawal_cli.datetext import find_dates

    found = find_dates(expression, dt.date(2000, 1, 1))  # 2000 is a leap year: Feb 29 parses
    if len(found) != 1 or not found[0].value or found[0].granularity != "day":
        return None
    d = dt.date.fromisoformat(found[0].value)
    return d.month, d.day


def _same_month_day(value: str, month_day: tuple[int, int]) -> bool:
    d = dt.date.fromisoformat(value)
    return (d.month, d.day) == month_day


def decide_numeric(written: str, readings: list[dt.date], text: str) -> tuple[dt.date, str]:
    """Pick between the day-month and month-day readings of a numeric date line, with the text's evidence.

    1. a weekday the text mentions that falls on one reading (or the day before it: "said late Tuesday")
    2. a day and month the text writes out that equal one reading
    3. dates written in full that only one reading comes after
    else day-month, and the note says it is a guess.
    """
    from withdrawal_cli.datetext import find_dates, weekday_names

    names = weekday_names()
    mentioned = sorted({w for w in re.findall(r"\b([A-Z][a-z]+day)\b", text) if w.lower() in names})
    labels = ("day-month", "month-day")

    def weekday_score(d: dt.date) -> tuple[int, list[str]]:
        score, why = 0, []
        for w in mentioned:
            gap = (d.weekday() - names[w.lower()]) % 7
            if gap == 0:
                score, why = score + 2, why + [f"'{w}' falls on that day"]
            elif gap == 1:
                score, why = score + 1, why + [f"'{w}' is the day before"]
        return score, why

    scored = [weekday_score(d) for d in readings]
    best = max(s for s, _ in scored)
    winners = [i for i, (s, _) in enumerate(scored) if s == best]
    if best > 0 and len(winners) == 1:
        i = winners[0]
        return readings[i], (
            f"'{written}' is ambiguous; read as {readings[i].isoformat()} ({labels[i]}) because "
            + " and ".join(scored[i][1])
        )
    dates = find_dates(text, None)
    written_days = {_month_day(d.text) for d in dates if d.relative and d.granularity == "day"} - {None}
    hits = [i for i, d in enumerate(readings) if (d.month, d.day) in written_days]
    if len(hits) == 1:
        i = hits[0]
        return readings[i], f"'{written}' is ambiguous; read as {readings[i].isoformat()} ({labels[i]}): the text names that day"
    full = [dt.date.fromisoformat(d.value) for d in dates if d.value and d.granularity == "day" and not d.relative and d.text != written]
    later = [sum(1 for f in full if f > d) for d in readings]
    if full and min(later) == 0 and later.count(0) == 1:
        i = later.index(0)
        return readings[i], (
            f"'{written}' is ambiguous; read as {readings[i].isoformat()} ({labels[i]}): "
            "the other reading comes before dates the text reports"
        )
    return readings[0], f"'{written}' is ambiguous; guessed day-month order ({readings[0].isoformat()}): no evidence in the text"


# ---------------------------------------------------------------------------
# Source (outlet)


def _outlet_records() -> tuple[dict, ...]:
    from withdrawal_cli.resources import load_jsonl

    return load_jsonl("outlets.jsonl", required=("name",), allowed=("aliases", "kind", "self_mentions"))


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    """Lowercased name or alias -> canonical outlet name."""
    out: dict[str, str] = {}
    for r in _outlet_records():
        if r.get("kind") in ("label", "name_word"):
            continue
        out[r["name"].lower()] = r["name"]
        for alias in r.get("aliases", []):
            out.setdefault(alias.lower(), r["name"])
    return out


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(r["name"].lower() for r in _outlet_records() if r.get("kind") == "label")


@lru_cache(maxsize=1)
def _self_mentions() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for r in _outlet_records():
        for phrase in r.get("self_mentions", []):
            pattern = r"\b(?:told|to|with|by)\s+" + re.escape(phrase).replace(r"\ ", r"\s+") + r"\b"
            out.append((re.compile(pattern), r["name"]))
    return tuple(out)


@lru_cache(maxsize=1)
def _kind_words(kind: str) -> frozenset[str]:
    return frozenset(r["name"].lower() for r in _outlet_records() if r.get("kind") == kind)


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Last words of newspaper names ("Herald", "Chronicle"): an all-caps top line ending in one is a masthead."""
    return frozenset(r["name"].lower() for r in _outlet_records() if r.get("kind") == "name_word")


# "THE NORTHERN CHRONICLE | World": a section after the masthead
SECTION_SUFFIX = re.compile(r"\s+[|›»·•]\s+(?P<section>[A-Z][\w&]*(?:\s+[\w&]+){0,2})\s*$")
SECTION_SEPARATOR = re.compile(r"\s*[|›»·•/>]\s*")


def _title_case_masthead(name: str) -> str:
    """'THE DECCAN OBSERVER' -> 'The Deccan Observer'; short words that are not English words stay ('BBC')."""
    small = {"of", "and", "for", "in", "on", "at", "to", "a", "an", "the"}
    out = []
    for k, w in enumerate(name.split()):
        low = w.lower()
        if k > 0 and low in small:
            out.append(low)
        elif len(w) <= 3 and low not in ("the", "one", "new") and low not in _name_words() and not _reads_as_word(w):
            out.append(w)
        else:
            out.append(w.capitalize())
    return " ".join(out)


def _reads_as_word(word: str) -> bool:
    """A short capitalised word that reads as an English word ('SEA', 'SUN', 'DAY'), not an acronym ('BBC', 'AFP'):
    a consonant, then vowels, then at most one consonant."""
    return bool(re.fullmatch(r"(?i)[b-df-hj-np-tv-z][aeiou]+[b-df-hj-np-tv-xz]?", word)) and word.upper() not in _outlets_upper()


@lru_cache(maxsize=1)
def _outlets_upper() -> frozenset[str]:
    return frozenset(k.upper() for k in _outlets())


SMALL_NAME_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "&", "de", "du", "des", "la", "le"})
# Small words a name writes in lower case and a title-case headline in capitals.
HEADLINE_SMALL_WORDS = frozenset({"of", "and", "for", "on", "in", "with", "to", "at", "as", "after", "over", "from",
                                  "by", "amid", "against", "into", "is", "are", "a", "an"})
ACRONYM = re.compile(r"[A-Z][A-Z&]{1,5}")


def acronym_expansion(acronym: str, text: str) -> str | None:
    """'Continental Press Agency' for 'CPA' when the text writes the name out: capitalised words whose initials
    (small words like 'of' left out) spell the acronym."""
    letters = acronym.replace("&", "")
    if not ACRONYM.fullmatch(acronym) or len(letters) < 2:
        return None
    words = r"[A-Z][\w'’-]*"
    pattern = re.compile(rf"\b{words}(?:\s+(?:(?:of|and|for|the|on|de|&)\s+)*{words}){{{len(letters) - 1}}}\b")
    for m in pattern.finditer(text):
        name = m.group()
        initials = "".join(w[0] for w in name.split() if w.lower() not in SMALL_NAME_WORDS)
        if initials == letters and name.upper() != name:
            return name
    return None


def _masthead_parts(line: str) -> str | None:
    """'KBC NEWS | Kivu Broadcasting Corporation': an acronym masthead beside its expansion, the expansion."""
    parts = [p.strip() for p in re.split(r"\s+[|·•–—-]\s+|\s*[|·•]\s*", line) if p.strip()]
    if len(parts) != 2:
        return None
    for a, b in (parts, parts[::-1]):
        acronym = a.split()[0]
        if len(a.split()) <= 2 and ACRONYM.fullmatch(acronym) and (len(a.split()) == 1 or a.split()[1].isupper()):
            expansion = acronym_expansion(acronym, b)
            if expansion == b:
                return b
    return None


def _issuer_line(line: str, neighbours: tuple[str, ...] = ()) -> str | None:
    """A line at the top that names who issues the text: a government body ('Ministry of Defence of Eastland',
    'Office of the President') or an institute ('Centre for Sahel Security Studies', 'The Sahel Institute').

    Capitalised words with small words in lower case between them (a headline in title case writes 'With', 'After'
    in capitals). A name ending in an institution word of data/outlets.jsonl counts alone; one opening with an
    issuer or institution word ('Ministry of ...', 'Institute for ...') only in capitals or beside a release
    label ('Press Release', on the line or the next), which is dropped."""
    parts = [p.strip() for p in re.split(r"\s+[|·•–—-]\s+|\s*[|·•]\s*", line) if p.strip()]
    markers = _kind_words("release_label")
    labelled = any(p.lower() in markers for p in parts) or any(n.strip().lower() in markers for n in neighbours)
    parts = [p for p in parts if p.lower() not in markers]
    if len(parts) != 1:
        return None
    name = parts[0]
    words = name.split()
    if not 2 <= len(words) <= 10 or len(name) > 90 or not re.fullmatch(r"[\w&'’.,() -]+", name):
        return None
    if not all(w[:1].isupper() or w.lower() in SMALL_NAME_WORDS for w in words) or words[-1].lower() in SMALL_NAME_WORDS:
        return None
    if not name.isupper() and any(w[:1].isupper() and w.lower() in HEADLINE_SMALL_WORDS for w in words[1:]):
        return None  # 'Troops Clash With Armed Group': a headline in title case
    core = words[1:] if words[0].lower() == "the" else words
    opening = {w.lower() for w in core[:1]} & (_kind_words("issuer_word") | _kind_words("institution_word"))
    opens = bool(opening) and len(core) >= 3 and core[1].lower() in ("of", "for", "on")
    ends = core[-1].lower() in _kind_words("institution_word") and len(core) >= 2
    if not (ends or (opens and (labelled or name.isupper()))):
        return None
    return _title_case_masthead(name) if name.isupper() else name


def _title_case_name(line: str) -> str | None:
    """'The Dakar Observer' at the top: The, a place (or its people), a newspaper name word."""
    from withdrawal_cli.gazetteer import country_for_demonym, resolve

    words = line.split()
    if not 3 <= len(words) <= 5 or words[0] != "The" or words[-1].lower() not in _name_words():
        return None
    middle = " ".join(words[1:-1])
    if not all(w[:1].isupper() for w in words[1:-1]):
        return None
    if resolve(middle) is None and country_for_demonym(middle) is None:
        return None
    return line


def is_section_line(line: str) -> bool:
    """'World | Defense', 'News › Middle East', 'Opinion': a section label line, not a headline."""
    stripped = BULLET.sub("", line).strip()
    parts = [p for p in SECTION_SEPARATOR.split(stripped) if p]
    if not parts or len(stripped) > 60:
        return False
    if len(parts) == 1:
        return stripped.lower() in _labels()
    for part in parts:
        words = part.split()
        if len(words) > 3 or not all(w[:1].isupper() or w == "&" for w in words):
            return False
    return True


def canonical_outlet(name: str) -> str:
    cleaned = re.sub(r"\s+", " ", name).strip(" .,:;–—-")
    known = _outlets().get(cleaned.lower())
    if known is None and cleaned.lower().startswith("the "):
        known = _outlets().get(cleaned[4:].lower())
    return known or cleaned


def _is_known_outlet(name: str) -> bool:
    cleaned = re.sub(r"\s+", " ", name).strip(" .,:;–—-").lower()
    return cleaned in _outlets() or (cleaned.startswith("the ") and cleaned[4:] in _outlets())


def _masthead(line: str, next_to_date: bool, at_top: bool = False, neighbours: tuple[str, ...] = ()) -> str | None:
    """The outlet named by a header line that is only a name (and maybe a '| Section'), else None.

    An unknown name counts beside the date line, or among the first header lines when it is written
    in capitals, opens with THE and ends like a newspaper name ("THE DECCAN OBSERVER",
    "THE NORTHERN CHRONICLE | World"); an all-caps headline ("US TROOPS LEAVE IRAQ") does neither."""
    stripped = BULLET.sub("", line).strip()
    if not stripped or len(stripped) > 80:
        return None
    section = SECTION_SUFFIX.search(stripped)
    labelled = False  # "The Harbour Gazette | Europe": a name with a known section label after it
    if section:
        stripped = stripped[: section.start()].strip()
        labelled = section.group("section").lower() in _labels()
    if not stripped or len(stripped) > 60:
        return None
    if _is_known_outlet(stripped):
        return canonical_outlet(stripped)
    expanded = _masthead_parts(BULLET.sub("", line).strip())
    if expanded:
        return expanded
    if at_top:
        named = _issuer_line(BULLET.sub("", line).strip(), neighbours) or _title_case_name(stripped)
        if named:
            return named
    words = stripped.split()
    if not re.fullmatch(r"[A-Za-z0-9&'’./ -]+", stripped) or len(words) > 5 or stripped.lower() in _labels():
        return None
    letters = [c for c in stripped if c.isalpha()]
    all_caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    if at_top and all_caps and len(words) >= 2 and words[0] == "THE" and words[-1].lower() in _name_words():
        return _title_case_masthead(stripped)
    if at_top and labelled and all(w[:1].isupper() or w.lower() in ("of", "and", "&", "the") for w in words):
        return _title_case_masthead(stripped) if all_caps else stripped
    if not next_to_date:
        return None  # otherwise an unknown name counts as a masthead only beside the date line
    if all_caps and len(words) >= 2:
        return _title_case_masthead(stripped)
    if len(words) == 1 and re.fullmatch(r"[A-Z][A-Za-z]*\d*", stripped) and len(stripped) >= 3:
        return stripped
    return None


def read_source(raw: RawDocument, text: str, header: list[_Line] | None = None, date_line: int | None = None) -> str | None:
    """The outlet; an unknown acronym ('CPA') is written out when the text names it ('Continental Press Agency')."""
    source = _read_source(raw, text, header, date_line)
    if source and ACRONYM.fullmatch(source) and not _is_known_outlet(source):
        return acronym_expansion(source, text) or source
    return source


def _read_source(raw: RawDocument, text: str, header: list[_Line] | None = None, date_line: int | None = None) -> str | None:
    if raw.html_site:
        return canonical_outlet(raw.html_site)
    header = _header(text) if header is None else header
    note = translation_note(text, header)
    if note is not None:
        return canonical_outlet(note[0])  # the paper the text was translated from
    for position, line in enumerate(header[:6]):
        if line.index == date_line:
            continue
        near = date_line is not None and abs(line.index - date_line) <= 1
        neighbours = tuple(h.text for h in header[max(position - 1, 0):position + 2] if h is not line)
        name = _masthead(line.text, near, at_top=position < TOP_LINES, neighbours=neighbours)
        if name:
            return name
    for line in header:
        tag = _wire_tag(line.text)
        if tag:
            return canonical_outlet(tag)
    m = ORIGINALLY.search(text)
    if m:
        return canonical_outlet(m.group("name"))
    m = EXCLUSIVELY.search(text)
    if m:
        return canonical_outlet(m.group("name"))
    m = CONTRIBUTED.search(text)
    if m and _is_known_outlet(m.group("name")):
        return canonical_outlet(m.group("name"))
    if any(BARE_DATELINE.match(_strip_date_label(line.text)) for line in header):
        for pattern, name in _self_mentions():
            if pattern.search(text):
                return name
    return None


def _strip_date_label(line: str) -> str:
    label = DATE_LABEL.match(line)
    if not label:
        return line
    from withdrawal_cli.datetext import parse_date_at_start

    rest = line[label.end() :]
    parsed = parse_date_at_start(rest)
    return rest[parsed[0].end :] if parsed else rest


def _wire_tag(line: str) -> str | None:
    """The wire or outlet tag of a dateline: 'ERBIL (Kurdistan24) –', 'MOSCOW, June 9. /TASS/.', 'KYIV, March 3 – Ukrinform.'"""
    line = _strip_date_label(line)
    m = WIRE_PAREN.match(line)
    if m:
        tag = m.group("tag").strip()
        if not re.search(r"(?i)\b(photo|graphic|file|video|image|updated?)\b", tag):
            return tag
    # an all-caps dateline may end its date with any tag; a place in normal capitals ("Kabul, Afghanistan,
    # March 3, 2020 (Wire) —") only with a bracketed or slashed one
    for pattern, tags in ((DATELINE, (WIRE_SLASH, WIRE_DASH, WIRE_PAREN_AFTER)), (PLACE_DATE_LINE, (WIRE_SLASH, WIRE_PAREN_AFTER))):
        m = pattern.match(line)
        if not m:
            continue
        from withdrawal_cli.datetext import find_dates

        rest = m.group("rest")
        found = find_dates(rest[:40], None)
        if found and found[0].start == 0:
            after = rest[found[0].end :]
            for tag_pattern in tags:
                w = tag_pattern.match(after)
                if w and not re.search(r"(?i)\b(photo|graphic|file|video|image|updated?)\b", w.group("tag")):
                    return w.group("tag").strip()
    return None


# ---------------------------------------------------------------------------
# Title


def read_title(raw: RawDocument, header: list[_Line], date_line: int | None, source: str | None) -> str | None:
    if raw.html_title:
        return raw.html_title.strip()
    for line in raw.text[:HEADER_CHARS].splitlines()[:40]:
        m = TITLE_PREFIX.match(line)
        if m:
            return m.group("title").strip()
    for position, line in enumerate(header):
        if line.index == date_line:
            continue
        candidate = BULLET.sub("", line.text).strip()
        if not re.search(r"[A-Za-z]{2}", candidate) or candidate.startswith("|"):
            continue
        if _masthead(candidate, False, at_top=position < TOP_LINES) or (source and candidate.lower() == source.lower()):
            continue
        if is_section_line(candidate) or decorated_date_line(candidate) is not None:
            continue  # a section label or a date line (one the publication date did not come from)
        if BYLINE.match(line.text):
            continue
        words = candidate.split()
        if len(words) <= 3 and all(w[:1].isupper() for w in words):
            continue  # a byline name or a place line ("KIGALI, Rwanda")
        if DATE_LABEL.match(line.text) or WIRE_PAREN.match(candidate) or DATELINE.match(candidate):
            return None  # the body starts here
        if len(words) > 25 or len(candidate) > 200:
            return None
        if candidate.endswith(".") and (len(words) > 12 or ATTRIBUTION.search(candidate)):
            return None  # a sentence of the body, not a headline
        return candidate.rstrip(" .") if candidate.endswith(".") and not candidate.endswith("..") else candidate
    return None
