"""Figures as written in news text: tokens, numbers, ranges, vague amounts and qualifiers.

Pure Python over package data (no spaCy): the troop count component uses it on
sentence text, so it works the same with a statistical model or a blank one.

    >>> toks = tokenize("Officials counted some 14-15,000 Italian soldiers.")
    >>> q = parse_quantity(toks, 3)
    >>> (q.low, q.high, q.is_range)
    (14000, 15000, True)
    >>> parse_quantity(tokenize("half a million"), 0).low
    500000
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from withdrawal_cli.resources import check_choice, load_jsonl

QUALIFIERS = ("exact", "approximately", "more_than", "less_than", "up_to", "at_least", "range")
NUMBER_KINDS = ("unit", "tens", "scale", "dozen", "fraction", "vague")

_TOKEN_RE = re.compile(
    r"""
    (?P<abbr>(?:[A-Za-z]\.){2,}(?:-[^\W_](?:[\w'’-]*[^\W_])?)?)   # U.S.  U.N.  U.S.-led
    |(?P<num>\d+(?:[.,]\d+)*(?:[^\W\d_]+)?)                         # 2,500  1.5  (81mm, 3rd: not numbers)
    |(?P<word>[^\W\d_](?:[\w'’-]*[^\W_])?)                          # troops  war-torn  al-Asad  C-17
    |(?P<punct>\S)
    """,
    re.VERBOSE,
)
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_PLAIN_RE = re.compile(r"\d+")
_DECIMAL_RE = re.compile(r"\d+\.\d+")
_DOT_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "1.950", "12.500.000": thousands with dots
_SPACE_SEPARATORS = {" ", "\u00a0", "\u202f", "\u2009"}
_DASHES = {"-", "–", "‑"}


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "word", "num", "punct"
    lower: str = ""

    def __post_init__(self) -> None:
        if not self.lower:
            object.__setattr__(self, "lower", self.text.lower())


_new_object = object.__new__
_set_attribute = object.__setattr__


def _token(text: str, start: int, end: int, kind: str) -> Token:
    """Token(text, start, end, kind) without the frozen dataclass __init__ and __post_init__ (the hot loop of
    tokenize: ~2x faster); equal, hashable and printed exactly like one built the ordinary way."""
    tok = _new_object(Token)
    _set_attribute(tok, "__dict__", {"text": text, "start": start, "end": end, "kind": kind, "lower": text.lower()})
    return tok


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end] with absolute offsets. Abbreviations ("U.S.") and hyphenated words stay whole."""
    end = len(text) if end is None else end
    tokens = []
    append = tokens.append
    for m in _TOKEN_RE.finditer(text, start, end):
        kind = m.lastgroup
        word = m.group()
        s, e = m.span()
        # the possessive is a token of its own: "contingent's strength" -> contingent, 's
        if kind == "word" and len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            append(_token(word[:-2], s, e - 2, "word"))
            append(_token(word[-2:], e - 2, e, "word"))
            continue
        append(_token(word, s, e, "word" if kind == "abbr" else kind))
    return tokens


# --- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberWords:
    values: dict  # word -> (kind, value)
    vague: tuple  # tuples of words, longest first
    fractions: dict  # word -> denominator ("half" -> 2)


@lru_cache(maxsize=1)
def number_words() -> NumberWords:
    records = load_jsonl("number_words.jsonl", required=("term", "kind"), allowed=("value",))
    check_choice("number_words.jsonl", records, "kind", NUMBER_KINDS)
    values, vague, fractions = {}, [], {}
    for r in records:
        term = r["term"].lower()
        if r["kind"] == "vague":
            vague.append(tuple(term.split()))
        elif r["kind"] == "fraction":
            fractions[term] = int(r["value"])
        else:
            values[term] = (r["kind"], int(r["value"]))
    vague.sort(key=len, reverse=True)
    return NumberWords(values, tuple(vague), fractions)


@lru_cache(maxsize=1)
def qualifier_phrases() -> dict:
    """Tuple of lowercase words -> qualifier."""
    records = load_jsonl("troop_qualifiers.jsonl", required=("term", "qualifier"), allowed=("position",))
    check_choice("troop_qualifiers.jsonl", records, "qualifier", QUALIFIERS)
    check_choice("troop_qualifiers.jsonl", records, "position", ("before", "after"))
    return {tuple(r["term"].lower().split()): r["qualifier"] for r in records if r.get("position", "before") == "before"}


def by_first_word(phrases) -> dict:
    """Phrases (word tuples) grouped by their first word, longest first: a cheap lookup at each token."""
    index: dict = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return index


def match_phrase(tokens: list[Token], i: int, phrase: tuple) -> bool:
    """True when the words of `phrase` start at token i."""
    if i + len(phrase) > len(tokens):
        return False
    return all(tokens[i + k].lower == w for k, w in enumerate(phrase))


def qualifier_before(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """(qualifier, index of its first token) for the longest qualifier phrase ending right before token i."""
    if i == 0:
        return None
    best = None
    for phrase in _qualifiers_by_last_word().get(tokens[i - 1].lower, ()):
        start = i - len(phrase)
        if start >= 0 and match_phrase(tokens, start, phrase):
            if best is None or start < best[1]:
                best = (qualifier_phrases()[phrase], start)
    return best


@lru_cache(maxsize=1)
def _qualifiers_by_last_word() -> dict:
    index: dict = {}
    for phrase in qualifier_phrases():
        index.setdefault(phrase[-1], []).append(phrase)
    return index


CUE_ROLES = (
    "stop", "trigger", "chain", "follow", "strength", "locative", "origin", "destination",
    "change", "planned", "target", "definite", "month", "place_ref", "temporal", "placed",
    "relative_place", "relative_agent", "accompaniment", "distributive", "tail_stop", "host", "origin_verb", "aside", "homeward", "relocate",
    "seat_noun", "place_noun", "settlement", "stay", "continuation", "points_back", "attributive",
    "event", "home_base", "deploy", "auxiliary", "civil_move", "range_lead",
    "relative_subject", "report_verb", "mission", "conjunction", "part_of", "men_lead",
    "occupancy_lead", "arrival", "train_verb",
)
UNIT_ROLES = ("unit", "collective", "context", "force", "count", "formation", "body", "service", "service_unit",
              "police", "men")
EXCLUSION_ROLES = ("casualty", "noun", "modifier", "measure", "speech", "label", "money", "link_label", "crowd",
                   "group")


@lru_cache(maxsize=None)
def cue_terms(role: str) -> frozenset:
    """Single lowercase words of troop_cues.jsonl with this role."""
    return frozenset(p[0] for p in cue_phrases(role) if len(p) == 1)


@lru_cache(maxsize=None)
def cue_phrases(role: str) -> tuple:
    """Word tuples of troop_cues.jsonl with this role, longest first."""
    records = load_jsonl("troop_cues.jsonl", required=("term", "role"))
    check_choice("troop_cues.jsonl", records, "role", CUE_ROLES)
    phrases = {tuple(r["term"].lower().split()) for r in records if r["role"] == role}
    return tuple(sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class PlaceRef:
    """A noun that points back to a place: "the country", "the peninsula" (role place_ref)."""

    names: tuple  # lowercase words one of which the earlier place's name contains
    fallback: str | None  # "country": else the country the text is about at that point
    kinds: tuple = ()  # or: location kinds one of which the earlier place has ("the base" -> the last base)


@lru_cache(maxsize=1)
def place_refs() -> dict:
    """Lowercase noun -> PlaceRef, from the place_ref entries of troop_cues.jsonl."""
    records = load_jsonl("troop_cues.jsonl", required=("term", "role"))
    out = {}
    for r in records:
        if r["role"] != "place_ref":
            continue
        names, kinds = r.get("names", []), r.get("kinds", [])
        if not isinstance(names, list) or not isinstance(kinds, list) or r.get("fallback") not in (None, "country"):
            from withdrawal_cli.errors import RulesDataError

            raise RulesDataError(f"troop_cues.jsonl: bad place_ref entry {r['term']!r}")
        out[r["term"].lower()] = PlaceRef(tuple(n.lower() for n in names), r.get("fallback"), tuple(kinds))
    return out


@dataclass(frozen=True)
class UnitTerm:
    words: tuple
    role: str
    unit: str | None
    force: str | None


@lru_cache(maxsize=1)
def unit_terms() -> tuple:
    """Entries of troop_units.jsonl, longest first."""
    records = load_jsonl("troop_units.jsonl", required=("term", "role"), allowed=("unit", "force"))
    check_choice("troop_units.jsonl", records, "role", UNIT_ROLES)
    terms = [UnitTerm(tuple(r["term"].lower().split()), r["role"], r.get("unit"), r.get("force")) for r in records]
    return tuple(sorted(terms, key=lambda t: len(t.words), reverse=True))


def unit_at(tokens: list[Token], i: int, roles: tuple = ("unit",)) -> UnitTerm | None:
    """The longest unit-lexicon entry with one of `roles` starting at token i."""
    if i >= len(tokens):
        return None
    for term in _units_by_first_word().get(tokens[i].lower, ()):
        if term.role in roles and match_phrase(tokens, i, term.words):
            return term
    return None


@lru_cache(maxsize=1)
def _units_by_first_word() -> dict:
    index: dict = {}
    for term in unit_terms():  # longest first
        index.setdefault(term.words[0], []).append(term)
    return index


@lru_cache(maxsize=None)
def exclusion_phrases(role: str) -> tuple:
    records = load_jsonl("troop_exclusions.jsonl", required=("term", "role"))
    check_choice("troop_exclusions.jsonl", records, "role", EXCLUSION_ROLES)
    phrases = {tuple(r["term"].lower().split()) for r in records if r["role"] == role}
    return tuple(sorted(phrases, key=len, reverse=True))


def phrase_at(tokens: list[Token], i: int, phrases: tuple) -> tuple | None:
    """The first (longest) of `phrases` starting at token i."""
    if i < 0 or i >= len(tokens):
        return None
    for phrase in _indexed(phrases).get(tokens[i].lower, ()):
        if match_phrase(tokens, i, phrase):
            return phrase
    return None


@lru_cache(maxsize=None)
def _indexed(phrases: tuple) -> dict:
    return by_first_word(phrases)


# --- numbers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A figure found at tokens[i0:i1]: one number, a range, or a vague amount."""

    i0: int
    i1: int  # exclusive
    low: int | None
    high: int | None
    is_range: bool = False
    vague: bool = False
    year_like: bool = False  # a bare 4-digit number that could be a year (2021)
    strength: bool = False  # "5,000-strong": tokens[i1] is the word after the hyphen
    qualifier: str | None = None  # from a suffix: "1,000-odd", "900 or so", "5,000-plus"
    words: bool = False  # written in words ("five thousand")
    between: bool = False  # "between X and Y"
    dotted: bool = False  # thousands written with dots ("1.950"): may also be a decimal, the caller decides


@dataclass(frozen=True)
class _Number:
    value: int
    end: int  # exclusive token index
    scaled: bool  # carried a scale word or thousands separator
    scale: int  # the scale word's value (1 if none)
    year_like: bool
    words: bool
    dotted: bool = False  # "1.950" read as 1950 (European thousands), no scale word after it


def _adjacent(tokens: list[Token], a: int, b: int) -> bool:
    return tokens[a].end == tokens[b].start


def _digits_value(text: str) -> tuple[float, bool] | None:
    """(value, has thousands separator) for digit forms: 2,500  8600  1.5."""
    if _THOUSANDS_RE.fullmatch(text):
        return float(text.replace(",", "")), True
    if _PLAIN_RE.fullmatch(text):
        return float(text), False
    if _DECIMAL_RE.fullmatch(text):
        return float(text), False
    if _DOT_THOUSANDS_RE.fullmatch(text):  # "12.500.000": only thousands (a decimal has one dot)
        return float(text.replace(".", "")), True
    return None


def _parse_digits(text: str, tokens: list[Token], i: int) -> _Number | None:
    tok = tokens[i]
    parsed = _digits_value(tok.text)
    if parsed is None:
        return None
    value, separated = parsed
    j = i + 1
    # Spaced thousands: "1 000", "12 500".
    if not separated and _PLAIN_RE.fullmatch(tok.text) and len(tok.text) <= 3:
        while (
            j < len(tokens)
            and tokens[j].kind == "num"
            and re.fullmatch(r"\d{3}", tokens[j].text)
            and text[tokens[j - 1].end : tokens[j].start] in _SPACE_SEPARATORS
        ):
            value = value * 1000 + float(tokens[j].text)
            separated = True
            j += 1
    scale = 1
    if j < len(tokens):
        entry = number_words().values.get(tokens[j].lower)
        if entry and entry[0] == "scale":
            scale = entry[1]
            value *= scale
            j += 1
    dotted = False
    if scale == 1 and _DOT_THOUSANDS_RE.fullmatch(tok.text):
        # "1.950 Dutch soldiers": no head count has a fraction, so three digits after a dot are thousands (the
        # troop rules keep such a figure only before a troop word, or when the text writes thousands so)
        value, separated, dotted = float(tok.text.replace(".", "")), True, True
    if value != int(value):
        return None
    year_like = not separated and scale == 1 and _PLAIN_RE.fullmatch(tok.text) is not None and 1900 <= value <= 2100
    return _Number(int(value), j, separated or scale > 1, scale, year_like, False, dotted)


def _parse_words(tokens: list[Token], i: int) -> _Number | None:
    """"five thousand", "twenty-five", "a dozen", "one hundred and fifty"."""
    values = number_words().values
    # Parts split on hyphens, each with its token index; a hyphenated token must be all number words
    # ("twenty-five", not "two-decade").
    parts: list[tuple[str, int]] = []
    j = i
    while j < len(tokens) and tokens[j].kind == "word":
        pieces = tokens[j].lower.split("-")
        if len(pieces) > 1 and not all(p in values for p in pieces):
            break
        if len(pieces) == 1 and pieces[0] not in values and pieces[0] not in ("a", "and"):
            break
        parts.extend((p, j) for p in pieces)
        j += 1
    total = current = 0
    used = 0
    scale = 1
    end = i
    last_kind = None
    for k, (p, tok_index) in enumerate(parts):
        if p == "a":
            nxt = parts[k + 1][0] if k + 1 < len(parts) else ""
            if used or values.get(nxt, ("",))[0] not in ("scale", "dozen"):
                break
            current = 1
            continue
        if p == "and":
            if last_kind != "scale":
                break
            continue
        kind, v = values[p]
        if kind in ("unit", "tens"):
            if last_kind in ("unit", "tens") and not (last_kind == "tens" and kind == "unit" and v < 10):
                break
            current += v
        elif kind == "scale":
            if v >= 1000:
                total += (current or 1) * v
                current = 0
            else:
                current = (current or 1) * v
            scale = max(scale, v)
        else:  # dozen
            current = (current or 1) * v
        used += 1
        last_kind = kind
        end = tok_index + 1
    if not used:
        return None
    value = total + current
    if value == 1 and scale == 1:
        return None  # "one" alone is not a figure
    return _Number(value, end, scale > 1, scale, False, True)


def _parse_fraction(tokens: list[Token], i: int) -> _Number | None:
    """A share of a scale word: "half a million", "(a|three) quarter(s) of a million", "one and a half million",
    "a million and a half", "half a dozen"."""
    nw = number_words()
    pieces: list[tuple[str, int]] = []  # (word, token index), hyphenated words split: "three-quarters"
    for j in range(i, min(len(tokens), i + 7)):
        if tokens[j].kind != "word":
            break
        pieces.extend((p, j) for p in tokens[j].lower.split("-"))
    words = [p for p, _ in pieces]

    def scale_at(n: int) -> int | None:
        entry = nw.values.get(words[n]) if n < len(words) else None
        return entry[1] if entry and entry[0] in ("scale", "dozen") else None

    def whole_at(n: int) -> int | None:  # "a", "one" .. "ninety-nine" (one token)
        if n >= len(words):
            return None
        if words[n] in ("a", "an"):
            return 1
        entry = nw.values.get(words[n])
        if entry is None or entry[0] not in ("unit", "tens"):
            return None
        value = entry[1]
        if entry[0] == "tens" and n + 1 < len(words) and pieces[n + 1][1] == pieces[n][1]:
            unit = nw.values.get(words[n + 1])
            if unit and unit[0] == "unit" and unit[1] < 10:
                return None  # "twenty-five and a half": not read
        return value if value else None

    def done(value: float, n: int) -> _Number | None:  # n: index of the last piece used
        scale = next((scale_at(k) for k in range(n, -1, -1) if scale_at(k)), 1)
        if value != int(value) or value < 1:
            return None
        return _Number(int(value), pieces[n][1] + 1, True, scale, False, True)

    if not words:
        return None
    frac = nw.fractions
    # "half a million"; "a half-million"
    if words[0] in frac and len(words) >= 3 and words[1] in ("a", "an") and scale_at(2):
        return done(scale_at(2) / frac[words[0]], 2)
    h = 1 if words[0] in ("a", "an") else 0
    if words[h : h + 1] == ["half"] and scale_at(h + 1):
        return done(scale_at(h + 1) / 2, h + 1)
    # "a quarter of a million", "three quarters of a million", "quarter of a million"
    n, count = 0, 1
    if whole_at(0) is not None and len(words) > 1 and words[1] in frac:
        count, n = whole_at(0), 1
    if n < len(words) and words[n] in frac and words[n] != "half" and words[n + 1 : n + 3] in (["of", "a"], ["of", "an"]):
        if scale_at(n + 3):
            return done(count * scale_at(n + 3) / frac[words[n]], n + 3)
    # "one and a half million"
    whole = whole_at(0)
    if whole is not None and words[1:4] == ["and", "a", "half"] and scale_at(4):
        return done((whole + 0.5) * scale_at(4), 4)
    # "a million and a half"
    if whole is not None and scale_at(1) and words[2:5] == ["and", "a", "half"]:
        return done((whole + 0.5) * scale_at(1), 4)
    return None


def _parse_number(text: str, tokens: list[Token], i: int) -> _Number | None:
    if i >= len(tokens):
        return None
    if tokens[i].kind == "num":
        return _parse_digits(text, tokens, i)
    if tokens[i].kind == "word":
        return _parse_fraction(tokens, i) or _parse_words(tokens, i)
    return None


@lru_cache(maxsize=1)
def _word_starts() -> frozenset:
    """Lowercase words a figure can start with: number words (also hyphenated), "a", "between", vague phrases."""
    words = set(number_words().values) | set(number_words().fractions) | {"a", "between"}
    words |= {p[0] for p in number_words().vague}
    return frozenset(words)


def quantity_start_words() -> frozenset:
    """Lowercase words (the part before any hyphen) a figure can start with: parse_quantity is None at any
    other word and at punctuation, so a caller scanning every token can skip those cheaply."""
    return _word_starts()


def _range_low(first: _Number, second: _Number) -> int:
    """Low end of a range, reading shorthand: "14-15,000" -> 14000, "two to three thousand" -> 2000."""
    low = first.value
    if second.scale > 1 and first.scale == 1 and low * second.scale <= second.value:
        return low * second.scale
    if second.scaled and not first.scaled and low < 1000 and second.value >= 1000:
        for factor in (1000, 1_000_000):
            if low * factor <= second.value < low * factor * 10:
                return low * factor
    return low


def parse_quantity(tokens: list[Token], i: int, text: str = "") -> Quantity | None:
    """The figure starting at token i, or None. `text` is the text the tokens index (for spaced thousands)."""
    q = _parse_quantity(tokens, i, text)
    if q is None or q.vague or q.words:
        return q
    span = tokens[q.i0 : q.i1]
    if any(t.kind == "num" and _DOT_THOUSANDS_RE.fullmatch(t.text) for t in span) and not any(
        number_words().values.get(t.lower, ("",))[0] == "scale" for t in span
    ):
        from dataclasses import replace

        return replace(q, dotted=True)
    return q


def _parse_quantity(tokens: list[Token], i: int, text: str = "") -> Quantity | None:
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.kind == "punct":
        return None
    if tok.kind == "word" and tok.lower.split("-", 1)[0] not in _word_starts():
        return None
    for phrase in _indexed(number_words().vague).get(tok.lower, ()):
        if match_phrase(tokens, i, phrase):
            return Quantity(i, i + len(phrase), None, None, vague=True)
    if tok.lower == "between":
        first = _parse_number(text, tokens, i + 1)
        if first and first.end < len(tokens) and tokens[first.end].lower == "and":
            second = _parse_number(text, tokens, first.end + 1)
            if second:
                low = _range_low(first, second)
                if low < second.value:
                    return Quantity(
                        i, second.end, low, second.value, is_range=True,
                        year_like=first.year_like and second.year_like, words=first.words, between=True,
                    )
        return None
    first = _parse_number(text, tokens, i)
    if first is None:
        return None
    j = first.end
    # Compound adjectives: "20-year", "5,000-strong"
    if j + 1 < len(tokens) and tokens[j].text in _DASHES and _adjacent(tokens, j - 1, j) and _adjacent(tokens, j, j + 1):
        nxt = tokens[j + 1]
        if nxt.kind == "num":
            second = _parse_number(text, tokens, j + 1)
            if second:
                low = _range_low(first, second)
                if low < second.value:
                    return Quantity(
                        i, second.end, low, second.value, is_range=True,
                        year_like=first.year_like and second.year_like, words=first.words,
                    )
            return None
        if nxt.kind == "word":
            if nxt.lower in cue_terms("strength"):
                return Quantity(i, j + 1, first.value, first.value, strength=True, words=first.words)
            suffix = _suffix_qualifiers().get((nxt.lower,))
            if suffix:
                return Quantity(i, j + 2, first.value, first.value, words=first.words, qualifier=suffix)
            return None  # "20-year war"
    # "5,000 – 7,000" and "5,000 to 7,000"; "from (about) 5,000 to 7,000" is two figures, the levels before and
    # after a change, unless a range word leads it: "estimated at from 45,000 to 55,000", "ranged from"
    if j + 1 < len(tokens) and (tokens[j].text in _DASHES or tokens[j].lower == "to"):
        start = i
        lead = qualifier_before(tokens, i)
        if lead is not None:
            start = lead[1]
        from_to = tokens[j].lower == "to" and start > 0 and tokens[start - 1].lower == "from"
        n = j + 1
        # ... and so does "From X to Y" opening a sentence: no level before it changed ("Troop numbers fell, from X
        # to Y" is a change)
        if from_to and (_range_lead_before(tokens, start - 1) or start == 1):
            from_to = False
            after_to = qualifier_before_figure(tokens, n)
            n = after_to if after_to is not None else n
        if not from_to:
            second = _parse_number(text, tokens, n)
            if second and second.words == first.words:
                low = _range_low(first, second)
                if low < second.value and not (first.year_like and second.year_like):
                    return Quantity(i, second.end, low, second.value, is_range=True, words=first.words)
    for phrase, suffix in _suffix_qualifiers().items():
        if len(phrase) > 1 and match_phrase(tokens, j, phrase):  # "900 or so"
            return Quantity(i, j + len(phrase), first.value, first.value, words=first.words, qualifier=suffix)
    return Quantity(i, j, first.value, first.value, year_like=first.year_like, words=first.words)


def _range_lead_before(tokens: list[Token], k: int) -> bool:
    """Does a range word (troop_cues.jsonl role range_lead) end right before token k ("estimated at", "ranged")?"""
    for phrase in cue_phrases("range_lead"):
        s = k - len(phrase)
        if s >= 0 and match_phrase(tokens, s, phrase):
            return True
    return False


def qualifier_before_figure(tokens: list[Token], i: int) -> int | None:
    """Index of the figure after a qualifier phrase starting at token i ("about 55,000" -> the 55,000), or None."""
    for phrase in qualifier_phrases():
        if match_phrase(tokens, i, phrase) and i + len(phrase) < len(tokens):
            return i + len(phrase)
    return None


@lru_cache(maxsize=1)
def _suffix_qualifiers() -> dict:
    """Word tuples after a figure that qualify it: ("odd",) from "1,000-odd", ("or", "so")."""
    records = load_jsonl("troop_qualifiers.jsonl", required=("term", "qualifier"), allowed=("position",))
    return {tuple(r["term"].lower().split()): r["qualifier"] for r in records if r.get("position") == "after"}
