"""Troop count facts: figures of armed personnel, with whose they are, where, when and what kind.

Pure Python over package data (no spaCy): `find_troop_counts` reads the text,
its sentence boundaries and the location and date facts the components before
it found, so the same rules run on a statistical pipeline or a blank one.

A figure counts when a unit word follows it ("some 1,800 Italian soldiers",
"2,500 United States Marines", "159 Marine embassy guards"), when it is a
body's strength ("the army, 70,000 strong"), or, in a sentence about troop
numbers, when a trigger word leads to it and nothing but a preposition or
punctuation follows it ("troop levels surged to around 170,000", "keep 9,800
there", "and another 1,000 are due", "— 543,400 by one count", a gapped list
"X sent 100 soldiers, Y 200"), when it refers back to troops with a clause
saying who gave it ("the 900 it had publicly cited"), or when it opens a
sentence with a move or stay verb after one whose subject is troops ("Military
personnel will leave Cyprus. No fewer than 5,000 are to depart"). Nationality
lists may stand between figure and unit ("6,000 American, British and French
troops": force "coalition"). "from X to Y" is two figures, the levels before
and after a change, unless a range word leads it ("estimated at from X to Y",
"numbered from", "ranged from") or it opens the sentence: then one range.
Police count only when deployed abroad (a nationality not of their place, or a
mission named: "750 Kenyan police officers were deployed to Haiti"), never at
home. "N men" counts as a body of troops only in a military sentence or after
one ("The last 200 men will leave"; never "men, women and children", "men
and boys"); "military" is a plural noun before a verb ("1.950 Dutch military
were present"); a dot before three digits is a thousands separator before a
troop word, and bare only in a text that writes no comma thousands. So do
"N members of <force name>" ("its Self-Defense Forces"), "<force/contingent/
mission> of N" before a verb, and nationalities after troops were mentioned
("some 500 of the Americans", "the 4,000 Australians still in X", "some 5,500
of them Australian"). Casualties (also "1,100 soldiers' lives", "10,000, most of them
students, were detained", "157 soldiers, a diplomat and a journalist were
killed", "which killed 200,000 people, among them 18 soldiers"; but "a unit
remains in X" is the verb), shares,
money, years, days of the month, vehicles, non-state fighters, other people's
numbers ("the population ranged from ...") and link lines ("Related: ...")
are filtered out by the data files troop_exclusions.jsonl and troop_cues.jsonl.

Where the troops are comes from clause structure and prepositions (`_location`),
in this order: a place governed by a preposition right after the unit ("troops
stationed at X"; an aside ", with N troops," goes on to ", remains in X", and
"N soldiers, part of the garrison, left X for Y" to X); one earlier in the
clause; the place before a ", where/home to/which housed" clause; the host of
"X hosts N troops"; a place further on in the clause; a fronted "In X, ...";
the count before it; a place in the sentences before; the place the text is
about. A more precise place after "at"/"in" in the clause narrows the one found
("stationed in Romania at Cincu", "Romania hosts 1,500 soldiers ... at Cincu");
so does one the troops leave when the first is inside an organisation's name
("the Mission in Mozambique left the province"); a list of places stands for
the smallest place holding them all ("in Erbil, Duhok and Sulaymaniyah":
Kurdistan Region), also with names the places step did not know.
Nationality adjectives say whose troops (the force), never where; so do names
before a troop word ("US Marines"); a name before "embassy", "officials",
"accord" is never a place ("the U.S. Embassy in Baghdad": Baghdad); nor is
where a ceremony or statement took place ("said in X", "signed in X"), a
formation's home garrison when it is sent out, or a capital outside the
theatre with no troop preposition ("leaving Paris without a garrison").
"troops from X, Y and Z" names contributors; "the country / peninsula / strip /
airport / base / region / province" and "across five countries" point back to
the last place of that kind ("the country" to one named as a country); "the Gedo town of
Dolow" is Dolow; places after "return/go home" are home, and moved troops are
counted where they were.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

from withdrawal_cli import gazetteer
from withdrawal_cli.resources import name_particles
from withdrawal_cli.troopnumbers import (
    PlaceRef,
    Quantity,
    Token,
    UnitTerm,
    cue_phrases,
    cue_terms,
    exclusion_phrases,
    match_phrase,
    parse_quantity,
    phrase_at,
    quantity_start_words,
    place_refs,
    qualifier_phrases,
    qualifier_before,
    tokenize,
    unit_at,
    unit_terms,
)

CLAUSE_BREAKS = frozenset(",;:()[]")
TAIL_BREAKS = frozenset(",;:()[]—–-.!?")
CURRENCY = frozenset("$£€¥")
DASHES = frozenset("—–")
MAX_MODIFIERS = 4  # words between a figure and its unit: "800 extra allied troops"
NEAR_TAIL = 4  # words between the unit and a place that is surely theirs: "troops currently based in Iraq"
CONTEXT_WINDOW = 20  # a bare figure must follow a troop word (or count) within this many tokens
CHAIN_WINDOW = 8  # "900 in Syria and 2,500 in Iraq"
CLOSING_QUOTES = frozenset('"\u201d\u2019\'')  # a quoted figure before its unit: '"perhaps 200 to 300" Emirati advisers'
MIN_BARE = 10  # a bare figure below this is not read as a troop level
CASUALTY_BEFORE = 4
CROWD_BEFORE = 5  # a word for other people this close before a bare figure makes it their number
CASUALTY_AFTER = 3
CHANGE_BEFORE = 6
CHANGE_AFTER = 4
PLANNED_BEFORE = 6
PLANNED_AFTER = 3
PARAGRAPH_CARRY = 2  # a troop count's place carries to bare figures this many paragraphs on


# --- the gazetteer -------------------------------------------------------------------------


def _demonym_country(word: str) -> str | None:
    return gazetteer.country_for_demonym(word)


def _country_named(word: str) -> str | None:
    place = gazetteer.resolve(word)
    if place is not None and place.kind == "country":
        return place.name
    return None


def force_of_word(word: str) -> str | None:
    """Whose forces a modifier names: "coalition", "American" -> United States, "French" -> France."""
    lower = word.lower().rstrip("’'s") if word.lower().endswith(("’s", "'s")) else word.lower()
    for term in unit_terms():
        if term.role == "force" and term.words == (lower,):
            return term.force
    base = word[:-2] if word.endswith(("’s", "'s")) else word
    return _demonym_country(base) or _country_named(base)


# --- per-sentence structures --------------------------------------------------------------------


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    para: int
    tokens: list[Token]
    clause: list[int]  # clause id per token
    dots: bool = False  # the text writes thousands with dots ("1.950"), never with commas

    def clause_bounds(self, i: int) -> tuple[int, int]:
        """[first, last+1) token indexes of the clause of token i."""
        cid = self.clause[i]
        a = i
        while a > 0 and self.clause[a - 1] == cid:
            a -= 1
        b = i
        while b < len(self.tokens) and self.clause[b] == cid:
            b += 1
        return a, b


@dataclass
class _Candidate:
    q: Quantity
    first: int  # first token of the fact text (qualifier or figure)
    last: int  # exclusive end token of the fact text
    qualifier: str | None
    unit: str
    unit_span: tuple[int, int] | None  # token span of the unit word, None for bare figures
    modifiers: tuple[int, int]  # token span between figure and unit
    context_index: int | None = None  # for bare figures: the troop word that made them count
    context_count: "_Candidate | None" = None  # for bare figures: the troop count before them they go with
    force: str | None = None
    agent: int | None = None  # a gapped list's country before the figure (", Spain 250")
    gap_of: "_Candidate | None" = None  # ... and the count the gapped figure follows
    police: bool = False  # police officers: a troop count only when deployed abroad (see _police_abroad)


@dataclass
class _Place:
    name: str
    kind: str | None  # a location kind, or "place_ref" for "the country", "the peninsula"
    country: str | None
    start: int  # character offset
    last: int = -1  # index of its last token in the sentence
    demonym: bool = False  # "Polish bases": a nationality adjective before a place noun
    attributive: bool = False  # "the U.S. Embassy", "the Paris accord": a name saying whose or which, never where
    whose: bool = False  # "US troops": most likely whose troops; no mention of the country the text is about
    ref: PlaceRef | None = None  # for kind "place_ref"


@dataclass
class _Result:
    fact: Any
    sentence: int
    para: int
    location: str | None
    key: tuple = field(default_factory=tuple)  # (low, high, location, date, force)
    headline: bool = False  # found in a title line
    destination: str | None = None  # where the clause says these troops are moving to


def _troop_noun(tokens: list[Token], j: int) -> bool:
    """Is the word at j a word for troops or a military body ("US Marines", "U.S. Forces", "Iraq troop cut")?"""
    return unit_at(tokens, j, ("unit", "collective", "context", "formation", "service", "body")) is not None


def _clauses(tokens: list[Token]) -> list[int]:
    ids, cid = [], 0
    for tok in tokens:
        ids.append(cid)
        if tok.kind == "punct" and tok.text in CLAUSE_BREAKS:
            cid += 1
    return ids


# --- candidates -------------------------------------------------------------------------------


def _in_spans(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Does [start, end) overlap one of the spans (sorted by start)?"""
    k = bisect.bisect_left(spans, (end,))
    return any(s < end and start < e for s, e in spans[max(0, k - 8) : k])


def _is_month(tok: Token | None) -> bool:
    return tok is not None and tok.kind == "word" and tok.lower.rstrip(".") in cue_terms("month")


def _casualty_near(tokens: list[Token], a: int, b: int) -> bool:
    phrases = exclusion_phrases("casualty")
    return any(phrase_at(tokens, k, phrases) for k in range(max(a, 0), min(b, len(tokens))))


def _scan_unit(tokens: list[Token], j: int, collective: bool = False, strength: bool = False, men: bool = False):
    """(unit term, unit start) after a figure, 'reject' when a non-troop noun intervenes, or None.

    `collective`: a body of troops counts too ("a 5,000-plus force"); `strength`: after "N-strong", so
    does a military body ("a 4,500-strong armored unit"); `men`: "men" is a unit here (see `_men_allowed`).
    """
    roles = ("unit", "collective") if collective else ("unit",)
    if strength:
        roles += ("body",)
    stop = cue_terms("stop")
    nouns = exclusion_phrases("noun")
    spoilers = exclusion_phrases("modifier")
    # "2,000 of its troops", "5,000 of the soldiers"
    # "2,000 of its 4,500 troops": a part of a counted whole
    if j + 1 < len(tokens) and tokens[j].lower == "of" and tokens[j + 1].lower in cue_terms("definite"):
        j += 2
        whole = parse_quantity(tokens, j)
        if whole is not None and not whole.vague and not whole.strength:
            j = whole.i1
    start = j
    service = False  # a service named: "159 Marine embassy guards"
    listed = 0  # words of a list of nationalities, counted as one modifier
    while j < len(tokens) and j - start - listed <= MAX_MODIFIERS:
        tok = tokens[j]
        end = _nationality_list(tokens, j)
        if end is not None:  # "6,000 American, British and French troops"
            listed += end - j - 1
            j = end
            continue
        member = _members_of_formation(tokens, j)
        if member is not None:
            return member, j
        term = unit_at(tokens, j, roles + (("service_unit",) if service else ()) + ("police", "men"))
        if term is not None and term.role == "men":
            return (term, j) if men else None  # "600 men": a head noun, troops only in a military context
        if term is not None and term.role == "police":
            return term, j  # "750 Kenyan police officers": kept apart, judged by where they serve
        if term is not None:
            # "armored personnel carriers" is a vehicle, not personnel
            if phrase_at(tokens, j, nouns):
                return "reject"
            return term, j
        named = unit_at(tokens, j, ("service",))
        if named is not None:
            if _service_noun(tokens, j, named):
                return UnitTerm(named.words, "unit", "military", None), j  # "1.950 Dutch military were present"
            service = True
            j += len(named.words)
            continue
        noun = phrase_at(tokens, j, nouns)
        if noun and _in_name(tokens, j, start):
            j += len(noun)  # "2,500 United States Marines", "3,000 United Nations peacekeepers"
            continue
        if noun or (phrase_at(tokens, j, spoilers) and not service):
            return "reject"
        if tok.kind == "num" and tok.text[-1:].isalpha() and not tok.text[-1:].isupper():
            j += 1  # an ordinal naming the body: "a 4,000-strong 102nd garrison"
            continue
        if tok.kind != "word" or tok.lower in stop:
            return None
        if parse_quantity(tokens, j) is not None:
            return None
        j += 1
    return None


def _service_noun(tokens: list[Token], j: int, named: UnitTerm) -> bool:
    """Is the service word at j a plural noun for personnel ("300 Dutch military remain", "1.950 military were
    present")? Only "military", and only when no noun follows it: a verb, a preposition or punctuation."""
    if named.words != ("military",):
        return False
    n = j + 1
    if n >= len(tokens):
        return True
    nxt = tokens[n]
    if nxt.lower in ("and", "or"):  # "200 military and police", not "200 military and civilian staff"
        return unit_at(tokens, n + 1, ("unit", "police")) is not None or parse_quantity(tokens, n + 1) is not None
    if nxt.kind == "punct":
        return nxt.text not in ("-", "'", "’")
    return nxt.lower in cue_terms("stop") | cue_terms("follow") | cue_terms("auxiliary") | cue_terms("stay") or any(
        phrase_at(tokens, n, cue_phrases(role)) for role in ("change", "deploy"))


def _men_allowed(sent: _Sentence, first: int, unit_before=None) -> bool:
    """May "N men" be troops here? A troop word in the sentence ("The battalion has about 450 men") or the one
    before ("Dutch troops began leaving. The last 200 men will leave in August."); no non-state group named in
    the sentence ("The rebels have some 600 men"); before the figure (or its qualifier) the sentence start,
    punctuation, a word leading a body's size ("the last", "has", "of", "keep"), or a move or stay verb (not
    "escorted 300 men", "gathered")."""
    tokens = sent.tokens
    before = tokens[first - 1] if first > 0 else None
    if before is not None and not (
        (before.kind == "punct" and before.text in ",(:—–")
        or before.lower in cue_terms("men_lead") | cue_terms("stay") | {p[0] for p in exclusion_phrases("speech")}
        or (before.lower in cue_terms("change") | cue_terms("deploy") and before.lower not in cue_terms("civil_move"))
    ):
        return False
    spoilers = exclusion_phrases("modifier")
    if any(phrase_at(tokens, k, spoilers) for k in range(len(tokens))):
        return False
    nouns = exclusion_phrases("noun")
    if any(unit_at(tokens, k, ("unit", "collective", "formation", "service")) is not None
           and not phrase_at(tokens, k, nouns) for k in range(len(tokens))):
        return True
    return unit_before is not None and unit_before() is not None


def _nation_word(tok: Token) -> bool:
    """A capitalised word naming whose forces: "American", "French", "NATO", "US"."""
    return tok.kind == "word" and tok.text[:1].isupper() and force_of_word(tok.text) is not None


def _nation_at(tokens: list[Token], j: int) -> int | None:
    """End (exclusive) of a nationality of one or two words at j ("French", "South African"), or None."""
    if j >= len(tokens) or tokens[j].kind != "word" or not tokens[j].text[:1].isupper():
        return None
    if j + 1 < len(tokens) and tokens[j + 1].kind == "word" and tokens[j + 1].text[:1].isupper() and \
            _demonym_country(f"{tokens[j].text} {tokens[j + 1].text}"):
        return j + 2
    return j + 1 if _nation_word(tokens[j]) else None


def _nationality_list(tokens: list[Token], j: int) -> int | None:
    """End (exclusive) of a list of two or more nationalities starting at j ("American, British and French",
    "South African and Tanzanian"), or None."""
    k = _nation_at(tokens, j)
    if k is None:
        return None
    members, joined = 1, False
    while k + 1 < len(tokens) and (tokens[k].text == "," or tokens[k].lower in ("and", "or")):
        n = k + 1
        if tokens[k].lower in ("and", "or"):
            joined = True
        elif tokens[n].lower in ("and", "or"):
            joined, n = True, n + 1
        end = _nation_at(tokens, n)
        if end is None:
            break
        members += 1
        k = end
        if joined:
            break
    return k if members >= 2 and joined else None


def _in_name(tokens: list[Token], j: int, start: int) -> bool:
    """Is the capitalised word at j part of a name begun before it ("United States", "Gulf States")?"""
    prev = tokens[j - 1] if j > start else None
    return prev is not None and prev.kind == "word" and tokens[j].text[:1].isupper() and prev.text[:1].isupper()


def _members_of_formation(tokens: list[Token], j: int) -> UnitTerm | None:
    """'members of the 82nd Airborne Division' counts personnel: a unit term spanning to the formation word."""
    if tokens[j].lower != "members" or j + 1 >= len(tokens) or tokens[j + 1].lower != "of":
        return None
    for k in range(j + 2, min(len(tokens), j + 8)):
        tok = tokens[k]
        term = unit_at(tokens, k, ("formation",))
        if term is None and tok.lower in ("forces", "force") and tok.text[0].isupper() and k > j + 2 \
                and tokens[k - 1].text[:1].isupper():
            term = UnitTerm((tok.lower,), "formation", None, None)  # "its Self-Defense Forces", "Kosovo Force"
        if term is not None:
            end = k + len(term.words)
            if any(phrase_at(tokens, n, exclusion_phrases("group")) for n in range(j + 2, end)):
                return None  # "members of the Rapid Support Forces": a non-state armed group
            words = tuple(t.lower for t in tokens[j:end])
            return UnitTerm(words, "unit", "service members", None)
        # only a name can come between: "the", "its", "Japan's", "82nd", "III", "Marine Expeditionary"
        if not (tok.lower in cue_terms("definite") or tok.lower in ("'s", "’s") or tok.kind == "num"
                or (tok.kind == "word" and tok.text[0].isupper())):
            return None
    return None


def _follows_bare(tokens: list[Token], j: int, text: str = "") -> bool:
    """May a bare figure end here? End of sentence, punctuation, or a follow word; not a noun.

    "from 5,000 to 3,500" is fine when what follows the second figure is.
    """
    if j >= len(tokens):
        return True
    tok = tokens[j]
    if tok.kind == "punct":
        return tok.text not in ("%",) and tok.text not in CURRENCY
    if tok.lower == "to":
        n = j + 1
        for phrase in qualifier_phrases():  # "from about 2,000 to fewer than 1,000"
            if match_phrase(tokens, n, phrase):
                n += len(phrase)
                break
        nxt = parse_quantity(tokens, n, text)
        if nxt is not None and not nxt.vague:
            found = _scan_unit(tokens, nxt.i1)
            return found not in (None, "reject") or (found is None and _follows_bare(tokens, nxt.i1, text))
    if j + 1 < len(tokens) and tokens[j + 1].lower == "than":
        return False  # "200 more than planned" compares
    return tok.kind == "word" and tok.lower in cue_terms("follow")


def _glued(tokens: list[Token], i0: int, i1: int) -> bool:
    """Part of a time, score or code: "10:30", "3/4", "No.5"."""
    if i1 < len(tokens) and tokens[i1].text in (":", "/", ".") and i1 + 1 < len(tokens):
        if tokens[i1].end == tokens[i1 + 1].start and tokens[i1 - 1].end == tokens[i1].start and tokens[i1 + 1].kind == "num":
            return True
    if i0 >= 2 and tokens[i0 - 1].text in (":", "/") and tokens[i0 - 1].end == tokens[i0].start:
        return tokens[i0 - 2].kind == "num"
    return False


def _troop_context_before(
    sent: _Sentence, i: int, accepted: list[_Candidate], carried_unit: str | None = None
) -> tuple[int | None, str | None]:
    """(token index, unit) of the nearest troop word or accepted count before token i, within the window.

    `carried_unit` is the unit of a troop count in the sentence before: then a count word ("their number
    fell to 3,000") is context enough.
    """
    tokens = sent.tokens
    for prev in reversed(accepted):
        if prev.last <= i and i - prev.last <= CONTEXT_WINDOW:
            best_count = (prev.first, prev.unit)
            break
    else:
        best_count = None
    for k in range(i - 1, max(-1, i - 1 - CONTEXT_WINDOW), -1):
        if best_count is not None and k < best_count[0]:
            break
        term = unit_at(tokens, k, ("unit", "collective", "context"))
        if term is not None and not phrase_at(tokens, k, exclusion_phrases("noun")):
            return k, term.unit or "troops"
    if best_count:
        return best_count
    if carried_unit is not None:
        for k in range(i - 1, max(-1, i - 1 - CONTEXT_WINDOW), -1):
            if unit_at(tokens, k, ("count",)) is not None:
                return k, carried_unit
    return None, None


def _troop_word_unit(tokens: list[Token]) -> str | None:
    """The unit of the first troop word in these tokens ("US troops are in Kosovo" -> troops), or None."""
    nouns = exclusion_phrases("noun")
    for k in range(len(tokens)):
        term = unit_at(tokens, k, ("unit", "collective"))
        if term is not None and not phrase_at(tokens, k, nouns):
            return term.unit or "troops"
    return None


def _candidate(
    sent: _Sentence, q: Quantity, text: str, date_spans, accepted: list[_Candidate], carried_unit: str | None = None,
    places=None, unit_before=None,
) -> _Candidate | None:
    tokens = sent.tokens
    i0, i1 = q.i0, q.i1
    if q.low == 0:
        return None  # "cut from 700 to zero": no count of zero troops
    qual = qualifier_before(tokens, i0)
    first = qual[1] if qual else i0
    qualifier = qual[0] if qual else q.qualifier
    before = tokens[first - 1] if first > 0 else None
    after = tokens[i1] if i1 < len(tokens) else None
    # money, shares, dates, measures
    if before is not None and before.text in CURRENCY:
        return None
    if phrase_at(tokens, i1, exclusion_phrases("measure")):
        return None
    if not q.vague and not q.words and (_is_month(before) or _is_month(after)):
        return None
    if not q.vague and _in_spans(tokens[i0].start, tokens[i1 - 1].end, date_spans):
        return None
    if not q.vague and _glued(tokens, i0, i1):
        return None
    if first > 0 and phrase_at(tokens, first - 1, exclusion_phrases("label")):
        return None
    if q.year_like and before is not None and before.lower in cue_terms("temporal"):
        return None  # "in 2021 troops left"
    a, b = sent.clause_bounds(i0)
    # unit after the figure; "a 1,200 strong battalion" reads like "a 1,200-strong battalion"
    spaced_strength = (
        not q.strength and not q.vague and after is not None and after.lower in cue_terms("strength")
        and i1 + 1 < len(tokens) and tokens[i1 + 1].kind == "word"
        and _scan_unit(tokens, i1 + 1, collective=True, strength=True) not in (None, "reject")
    )
    if q.strength or spaced_strength:
        found = _scan_unit(tokens, i1 + 1, collective=True, strength=True)
    elif q.qualifier is not None:  # "a 5,000-plus force"
        found = _scan_unit(tokens, i1, collective=True)
    else:
        men = _men_allowed(sent, first, unit_before)
        found = _scan_unit(tokens, i1, men=men)
        if found is None and after is not None and after.text in CLOSING_QUOTES and i1 + 1 < len(tokens):
            found = _scan_unit(tokens, i1 + 1, men=men)  # '"perhaps 200 to 300" Emirati advisers'
    # "roughly 275 and 170 soldiers respectively": a figure listed before another shares its unit
    listed = None
    if found is None and not q.vague and after is not None and after.lower in ("and", "or"):
        following = parse_quantity(tokens, i1 + 1, text)
        if following is not None and not following.vague and not following.strength:
            found = _scan_unit(tokens, following.i1, men=_men_allowed(sent, first, unit_before))
            listed = following if found not in (None, "reject") else None
    if found == "reject":
        return None
    if found is not None:
        term, u0 = found
        u1 = u0 + len(term.words)
        if term.role == "men" and any(phrase_at(tokens, k, exclusion_phrases("crowd")) not in (None, ("women",))
                                      for k in range(u1, u1 + 5)):
            return None  # "40 men, women and children", "300 men and boys"; "the army's 300 men and women" count
        if _casualty_near(tokens, max(a, first - CASUALTY_BEFORE), first) or _casualty_near(tokens, u1, min(b, u1 + CASUALTY_AFTER)):
            return None
        if u1 < len(tokens) and tokens[u1].lower in {p[0] for p in exclusion_phrases("speech")}:
            return None
        if _casualty_after_list(tokens, u1) or _part_of_casualties(tokens, first):
            return None
        if listed is not None:  # the fact is the first figure; its unit and modifiers follow the second
            return _Candidate(q, first, i1, qualifier, term.unit or "troops", (u0, u1), (listed.i1, u0),
                              police=term.role == "police")
        return _Candidate(q, first, u1, qualifier, term.unit or "troops", (u0, u1),
                          (i1 + (1 if q.strength or spaced_strength else 0), u0), police=term.role == "police")
    if q.vague or q.strength:
        return None
    people = _demonym_people(sent, q, first, qualifier, accepted, carried_unit, unit_before)
    if people is not None:
        u0, u1 = people.unit_span
        if _casualty_near(tokens, max(a, first - CASUALTY_BEFORE), first) or _part_of_casualties(tokens, first) \
                or _casualty_near(tokens, u1, min(b, u1 + CASUALTY_AFTER)):
            return None
        return people
    if q.dotted and not sent.dots:
        return None  # "version 1.950": a dot is a thousands separator only before a troop word, or in a text of them
    # "the army, 70,000 strong": the body named before the figure
    if after is not None and after.lower == "strong" and not q.year_like:
        body = _body_before(tokens, first)
        if body is not None:
            term, u0 = body
            return _Candidate(q, first, i1 + 1, qualifier, term.unit or "troops", None, (max(0, u0 - 3), u0))
    # a bare figure in a sentence about troop numbers
    if q.year_like or (q.low or 0) < MIN_BARE:
        return None
    # "deployed some 45,000 personnel ... will bring up to 20,000 of them home": part of the count before it
    if (after is not None and after.lower == "of" and i1 + 1 < len(tokens) and tokens[i1 + 1].lower in ("them", "those")
            and accepted and accepted[-1].last <= first and (accepted[-1].q.low or 0) > (q.high or q.low or 0)):
        whole = accepted[-1]
        if _casualty_near(tokens, i1 + 2, min(b, i1 + 2 + CASUALTY_AFTER)) or _part_of_casualties(tokens, first):
            return None  # "20 of them were wounded"
        return _Candidate(q, first, i1, qualifier, whole.unit, None, (i1, i1), context_count=whole,
                          police=whole.police)
    # a figure opening the sentence, then a move verb: "About 1,500 arrived in April.", "Some 700 will leave."
    opens = first == 0 and _opens_with_move(tokens, i1)
    # "well above the 900 it had publicly cited": a figure referring back, then who gave it
    refers = before is not None and before.lower in cue_terms("definite") and _stated_after(tokens, i1)
    sized = _sizes_body(tokens, first, i1)  # "the United Nations force of 6,000 that arrived in 2004"
    if not (opens or refers or sized or _follows_bare(tokens, i1, text)):
        return None
    continued = before is not None and before.lower in cue_terms("continuation")  # "another 1,000"
    led = qual is not None or q.between or continued or refers or (
        before is not None and before.lower in cue_terms("trigger"))
    if not led and before is not None and (before.lower in cue_terms("chain") or before.text in cue_terms("chain")):
        # "including" names a part of a count however long the phrase between ("1,000 personnel in the
        # region at the height of the campaign, including 600 in Iraq"); so does a dash ("540,000 troops in
        # Vietnam at the peak in 1969 — 543,400 by one count")
        window = CONTEXT_WINDOW if before.lower == "including" or before.text in DASHES else CHAIN_WINDOW
        led = any(0 <= first - prev.last <= window for prev in accepted)
    # a gapped list: "X sent about 100 soldiers, Y 200 and Z some 150"
    agent = _gapped_agent(tokens, first, places()) if places is not None and first > 0 else None
    gap_of = next(
        (prev for prev in reversed(accepted) if agent is not None and 0 <= agent - prev.last <= CHAIN_WINDOW), None
    )
    if gap_of is None:
        agent = None
    led = led or agent is not None
    if not led:
        return None
    ctx_index, unit = _troop_context_before(sent, first, accepted, carried_unit)
    if unit is None and (continued or (after is not None and after.lower in cue_terms("points_back"))):
        # "... 10,000 troops in Kosovo. It plans to keep 8,500 there."; "US troops are in Kosovo. Another 500 ..."
        ctx_index, unit = first - 1, carried_unit or (unit_before() if unit_before is not None else None)
    if unit is None and refers and carried_unit is not None:
        ctx_index, unit = first, carried_unit  # "Some 2,000 troops are in Syria. That is double the 900 it cited."
    if unit is None and opens and carried_unit is not None:
        # "2,200 Marines will rotate through Darwin. About 1,500 arrived in April."
        ctx_index, unit = first, carried_unit
    reported = first > 0 and (tokens[first - 1].lower in {p[0] for p in exclusion_phrases("speech")} or (
        tokens[first - 1].lower == "that" and first > 1
        and tokens[first - 2].lower in {p[0] for p in exclusion_phrases("speech")}))
    if unit is None and (first == 0 or reported) and unit_before is not None and _opens_with_verb(tokens, i1):
        # "Military personnel will leave Cyprus. No fewer than 5,000 are to depart by June.": troops were the
        # subject of the sentence before
        ctx_index, unit = first, unit_before(subject=True)
    if unit is None:
        return None
    crowd = exclusion_phrases("crowd")
    if any(phrase_at(tokens, k, crowd) for k in range(max(0, first - CROWD_BEFORE, (ctx_index or 0) + 1), first)):
        return None  # "troops guarded the camp, where the population ranged from 20,000 to 30,000"
    reach = i1 + CASUALTY_AFTER + 1 + (STATED_WINDOW + 1 if refers else 0)  # "the 1,000 that X had reported killed"
    if _casualty_near(tokens, a, first) or _casualty_near(tokens, i1, min(b, reach)):
        return None  # "..., and about 40 were wounded"
    if _casualty_after_aside(tokens, i1) or _part_of_casualties(tokens, first):
        return None  # "nearly 10,000, most of them students, were detained"
    money = exclusion_phrases("money")
    if any(tokens[k].text in CURRENCY or phrase_at(tokens, k, money) for k in range(0, first)):
        return None
    count = next((c for c in accepted if c.first == ctx_index), None)
    return _Candidate(
        q, first, i1, qualifier, unit, None, (i1, i1),
        context_index=None if count else ctx_index, context_count=count, agent=agent, gap_of=gap_of,
        police=count is not None and count.police,
    )


def _plural_demonym(tok: Token) -> bool:
    """A nationality as a plural noun: "Americans", "Australians", "Britons" (not a country's own name)."""
    return (tok.kind == "word" and tok.text[:1].isupper() and tok.lower.endswith("s")
            and _demonym_country(tok.text) is not None and _country_named(tok.text) is None)


def _demonym_people(sent: _Sentence, q: Quantity, first: int, qualifier: str | None, accepted: list[_Candidate],
                    carried_unit: str | None, unit_before=None) -> _Candidate | None:
    """A figure of troops named by their nationality, after troops were mentioned:

    - "some 5,500 of them Australian" right after a troop count in the sentence: a part of that count;
    - "some 500 of the Americans", "the 4,000 Australians still in X" (a plural nationality, then a verb or
      a preposition) with a troop word before it in the sentence, a count in the sentence before, or a troop
      word there ("US troops are leaving Iraq. Some 500 of the Americans will stay.").
    Not people who live, gather or are evacuated ("5,000 Americans live in X", "500 Americans were evacuated").
    """
    tokens = sent.tokens
    i1 = q.i1
    if q.year_like or i1 >= len(tokens):
        return None
    # "N of them Australian", "N of whom (were) Australian"
    if i1 + 2 < len(tokens) and tokens[i1].lower == "of" and tokens[i1 + 1].lower in ("them", "whom"):
        n = _past_auxiliaries(tokens, i1 + 2)
        end = _nation_at(tokens, n)
        if end is None:
            return None
        prev = next((c for c in reversed(accepted) if 0 <= first - c.last <= CHAIN_WINDOW), None)
        if prev is None:
            return None
        return _Candidate(q, first, end, qualifier, prev.unit, (n, end), (n, end), context_count=prev)
    # "N of the Americans", "the N Australians"
    u0 = i1 + 2 if i1 + 2 < len(tokens) and tokens[i1].lower == "of" and tokens[i1 + 1].lower == "the" else i1
    if u0 >= len(tokens) or not _plural_demonym(tokens[u0]):
        return None
    n = u0 + 1
    if n < len(tokens):
        nxt = tokens[n]
        verbs = tuple(p for role in ("change", "stay", "deploy", "planned") for p in cue_phrases(role))
        if nxt.kind == "word" and nxt.lower not in cue_terms("follow") | cue_terms("auxiliary") \
                and not phrase_at(tokens, n, verbs):
            return None
        n = _past_auxiliaries(tokens, n)
        if n < len(tokens) and (tokens[n].lower in cue_terms("civil_move")
                                or phrase_at(tokens, n, exclusion_phrases("casualty"))):
            return None
        if nxt.kind == "punct" and nxt.text not in ".,;:)—–":
            return None
    ctx_index, unit = _troop_context_before(sent, first, accepted)
    if unit is None and carried_unit is None and (unit_before is None or unit_before() is None):
        return None
    return _Candidate(q, first, u0 + 1, qualifier, "troops", (u0, u0 + 1), (u0, u0 + 1))


def _sizes_body(tokens: list[Token], first: int, i1: int) -> bool:
    """Is a bare figure the size of a body of troops named right before it, "<force/contingent/mission> of N",
    with a verb or a relative clause after it ("A peacekeeping force of 6,000 is deployed", "the force of 6,000
    that arrived", "a contingent of 800 led by Brazil")? A noun after it is what was counted ("a mission of 12
    months")."""
    if first < 2 or tokens[first - 1].lower != "of" or unit_at(tokens, first - 2, ("collective",)) is None:
        return False
    if i1 >= len(tokens):
        return True
    nxt = tokens[i1]
    if nxt.kind == "punct":
        return nxt.text not in ("%", "-") and nxt.text not in CURRENCY
    verbs = tuple(p for role in ("change", "stay", "deploy", "planned") for p in cue_phrases(role))
    return nxt.lower in cue_terms("follow") | cue_terms("auxiliary") | {
        "that", "which", "who", "led", "under", "from", "to", "for", "with"} or phrase_at(tokens, i1, verbs) is not None


STATED_WINDOW = 5  # words of a relative clause up to its verb: "(the 1,500) that officials had announced"


def _stated_after(tokens: list[Token], j: int) -> bool:
    """Does a relative clause saying who gave or moved the figure start at j: "(the 900) it had publicly cited",
    "(the 1,500) that officials had announced", "(the 300) they sent"? Its first word is a relative subject or a
    name, and a report or move verb comes before any punctuation."""
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    verbs = cue_phrases("report_verb") + cue_phrases("change") + cue_phrases("deploy")
    # a reduced clause: "(the 900) cited by officials", "(the 900) previously announced"
    n = j + 1 if tokens[j].lower.endswith("ly") and j + 1 < len(tokens) else j
    if phrase_at(tokens, n, cue_phrases("report_verb")):
        return True
    if tokens[j].lower not in cue_terms("relative_subject") and not tokens[j].text[:1].isupper():
        return False
    for k in range(j + 1, min(len(tokens), j + 1 + STATED_WINDOW)):
        if tokens[k].kind != "word":
            return False
        if phrase_at(tokens, k, verbs):
            return True
    return False


def _opens_with_verb(tokens: list[Token], j: int) -> bool:
    """Do auxiliaries (and "to") and then a move, stay or deploy verb start at j ("are to depart", "will remain";
    not "were evacuated")?"""
    aux = cue_terms("auxiliary") | {"to"}
    while j < len(tokens) and tokens[j].lower in aux:
        j += 1
    if j >= len(tokens) or tokens[j].lower in cue_terms("civil_move"):
        return False
    return any(phrase_at(tokens, j, cue_phrases(role)) for role in ("change", "stay", "deploy"))


SUBJECT_WINDOW = 8  # words of a sentence's subject before its troop word: "The personnel at the base in Cyprus"


def _subject_troop_unit(tokens: list[Token]) -> str | None:
    """The unit of a troop word in the subject of a sentence about moving or keeping troops ("Military personnel
    will leave ...", "The personnel at the base in X will be cut"), or None: the troop word comes before any verb,
    and before any preposition but "of" ("Protesters clashed with troops" has none), and a move or stay verb
    follows it ("Soldiers evacuated the town" is about other people)."""
    nouns = exclusion_phrases("noun")
    stop = (cue_terms("stop") | cue_terms("auxiliary")) - {"the", "a", "an", "of"}
    verbs = tuple(p for role in ("change", "stay", "deploy", "target") for p in cue_phrases(role))
    for k in range(min(len(tokens), SUBJECT_WINDOW)):
        term = unit_at(tokens, k, ("unit", "collective"))
        if term is not None and not phrase_at(tokens, k, nouns):
            moved = any(phrase_at(tokens, j, verbs) and tokens[j].lower not in cue_terms("civil_move")
                        for j in range(k + len(term.words), min(len(tokens), k + len(term.words) + SUBJECT_WINDOW)))
            return (term.unit or "troops") if moved else None
        tok = tokens[k]
        if tok.kind != "word" or tok.lower in stop or any(
            phrase_at(tokens, k, cue_phrases(role)) for role in ("change", "stay", "deploy", "host")
        ) or tok.lower in {p[0] for p in exclusion_phrases("speech")}:
            return None
    return None


def _opens_with_move(tokens: list[Token], j: int) -> bool:
    """Do auxiliaries and then a troop move verb start at j ("arrived", "will leave"; not "were evacuated")?"""
    aux = cue_terms("auxiliary")
    while j < len(tokens) and tokens[j].lower in aux:
        j += 1
    return phrase_at(tokens, j, cue_phrases("change")) is not None and tokens[j].lower not in cue_terms("civil_move")


def _body_before(tokens: list[Token], first: int) -> tuple[UnitTerm, int] | None:
    """(term, index) of a troop word or body right before a figure, a comma between: "the army, 70,000 strong"."""
    k = first - 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    for start in range(k, max(-1, k - 2), -1):
        term = unit_at(tokens, start, ("unit", "collective", "formation"))  # not "the company, 150 strong"
        if term is not None and start + len(term.words) - 1 == k:
            return term, start
    return None


def _gapped_agent(tokens: list[Token], first: int, places_at: dict) -> int | None:
    """Token index of the country a figure follows in a gapped list (", Tajikistan 200 and ..."), or None."""
    for k, place in places_at.items():
        if place.last == first - 1 and place.kind == "country" and k > 0 and (
            tokens[k - 1].text == "," or tokens[k - 1].lower == "and"
        ):
            return k
    return None


def _gap_role(sent: _Sentence, cand: _Candidate, places_at: dict) -> str | None:
    """What the country before a gapped figure stands for, by the count it follows: "place" after a host
    ("Estonia hosts 1,200, Lithuania 800") or when that count's place comes after it ("2,500 troops are in
    Iraq, Kuwait 13,500"); "force" when a country is that count's subject ("Italy sent 300, Spain 250")."""
    prev = cand.gap_of
    if prev is None:
        return None
    if prev.gap_of is not None:
        return _gap_role(sent, prev, places_at)  # "..., Kuwait 13,500 and Qatar 10,000": as the one before
    tokens = sent.tokens
    pa, pb = sent.clause_bounds(prev.q.i0)
    if any(tokens[k].lower in cue_terms("host") for k in range(pa, prev.first)):
        return "place"
    subject = (k for k in range(pa, prev.first) if k in places_at and places_at[k].kind == "country")
    if any(not _prep_before(tokens, k) for k in subject):
        return "force"
    if any(k in places_at and _prep_before(tokens, k) == "locative" for k in range(prev.last, pb)):
        return "place"
    return "force"


LIST_WINDOW = 15  # tokens of a list after the unit before its verb: ", a diplomat and a journalist were killed"


def _casualty_after_list(tokens: list[Token], u1: int) -> bool:
    """Is the count the first of a list whose verb is a casualty verb: "157 Canadian soldiers, a diplomat and a
    journalist were killed", "24 soldiers and an interpreter died"? The list goes on after "," or "and" up to the
    first verb; a move or stay verb there ("..., and their families were flown home") is the list's."""
    if u1 >= len(tokens) or tokens[u1].lower not in (",", "and"):
        return False
    casualty = exclusion_phrases("casualty")
    aux = cue_terms("auxiliary")
    verbs = tuple(p for role in ("change", "stay", "deploy") for p in cue_phrases(role))
    speech = {p[0] for p in exclusion_phrases("speech")}
    for k in range(u1 + 1, min(len(tokens), u1 + 1 + LIST_WINDOW)):
        tok = tokens[k]
        if tok.kind == "punct" and tok.text != ",":
            return False
        if phrase_at(tokens, k, casualty):
            return True
        if tok.lower in aux:
            n = k
            while n < len(tokens) and tokens[n].lower in aux:
                n += 1
            return phrase_at(tokens, n, casualty) is not None
        if tok.lower in cue_terms("tail_stop") or tok.lower in speech or phrase_at(tokens, k, verbs):
            return False
    return False


def _part_of_casualties(tokens: list[Token], first: int) -> bool:
    """Is the figure named as a part of casualties counted just before: "which killed more than 200,000 people,
    among them 18 Brazilian soldiers", "the blast killed 30 people, including 12 French soldiers"? A part word
    (troop_cues.jsonl role "part_of") right before it, and a casualty word in the clause before that word."""
    lead = next((s for s in range(max(0, first - 2), first) if phrase_at(tokens, s, cue_phrases("part_of"))
                 and s + len(phrase_at(tokens, s, cue_phrases("part_of"))) == first), None)
    if lead is None:
        return False
    k = lead - 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    end = k + 1
    while k >= 0 and tokens[k].text not in CLAUSE_BREAKS:
        k -= 1
    return _casualty_near(tokens, k + 1, end)


def _casualty_after_aside(tokens: list[Token], i1: int) -> bool:
    """A casualty verb after an aside set off right after a bare figure: "nearly 10,000 — mostly students — were
    detained", "nearly 10,000, most of them students, were detained"."""
    if i1 >= len(tokens) or tokens[i1].text not in (",", "(") and tokens[i1].text not in DASHES:
        return False
    opener = tokens[i1].text
    closer = ")" if opener == "(" else opener
    for k in range(i1 + 1, min(len(tokens), i1 + 10)):
        if tokens[k].text == closer:
            return _casualty_near(tokens, k + 1, k + 1 + CASUALTY_AFTER)
        if tokens[k].kind == "punct" and tokens[k].text in ".;:":
            break
    return False


def _candidates(sent: _Sentence, text: str, date_spans, carried_unit: str | None = None, places=None,
                unit_before=None) -> list[_Candidate]:
    """Troop count candidates of a sentence. Callables: `places` gives its places (token index -> _Place),
    `unit_before` the unit of a troop word in the sentence before (or None; with subject=True, of one in its
    subject)."""
    out: list[_Candidate] = []
    tokens = sent.tokens
    starts = quantity_start_words()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "punct" or (tok.kind == "word" and tok.lower.split("-", 1)[0] not in starts):
            i += 1  # no figure starts here (parse_quantity's own first test, without the calls)
            continue
        q = parse_quantity(tokens, i, text)
        if q is None:
            i += 1
            continue
        cand = _candidate(sent, q, text, date_spans, out, carried_unit, places, unit_before)
        if cand is not None:
            out.append(cand)
        i = max(q.i1, i + 1)  # not past the unit: "2,000 of its 4,500 troops" has two figures
    return out


# --- context: force, place, date, kind ---------------------------------------------------------


def _force(sent: _Sentence, cand: _Candidate, places_at: dict) -> str | None:
    tokens = sent.tokens
    m0, m1 = cand.modifiers

    def named(k: int) -> str | None:
        place = places_at.get(k)
        if place is not None and place.kind == "country":
            return place.name
        return force_of_word(tokens[k].text)

    if any(_nationality_list(tokens, k) for k in range(m0, m1)):
        return "coalition"  # "American, British and French troops": several states' forces together
    for k in range(m0, m1):
        force = named(k)
        if force:
            return force
    if cand.agent is not None and _gap_role(sent, cand, places_at) == "force":
        return named(cand.agent)
    if cand.context_count is not None and cand.context_count.force:
        return cand.context_count.force  # "... 3,000 in 2021 and approximately 2,500 in 2023"
    if cand.context_index is not None:
        for k in range(max(0, cand.context_index - 3), cand.context_index):
            force = named(k)
            if force:
                return force
    # the agent of the clause: "the US maintained approximately 2,500 troops"
    a, _ = sent.clause_bounds(cand.q.i0)
    # "Germany, which had up to 1,100 soldiers in Mali"
    if tokens[a].lower in cue_terms("relative_agent") and a >= 2 and tokens[a - 1].text == ",":
        force = named(a - 2)
        if force:
            return force
    for k in range(cand.first - 1, max(a, cand.first - 10) - 1, -1):
        tok = tokens[k]
        if tok.lower in cue_terms("host"):
            break  # "Romania hosts 1,500 soldiers": the host is where, not whose
        if tok.kind != "word" or _prep_before(tokens, k):
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        prev = tokens[k - 1] if k > 0 else None
        if nxt is None or nxt.kind != "word" or nxt.lower in ("and", "or", "of", "'s", "’s") or tok.lower.endswith(("’s", "'s")):
            continue
        if prev is not None and prev.lower in ("and", "or"):
            continue
        place = places_at.get(k)
        if place is not None and place.kind == "country":
            return place.name
        for term in unit_terms():
            if term.role == "force" and term.words == (tok.lower,):
                return term.force
    return None


@lru_cache(maxsize=1)
def _preps_by_last_word() -> dict:
    """Last word -> [(phrase, role)] for place prepositions, origin first ("out of" before "of")."""
    index: dict = {}
    for role in ("origin", "origin_verb", "locative", "destination"):
        for phrase in cue_phrases(role):
            index.setdefault(phrase[-1], []).append((phrase, role))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def _governor(tokens: list[Token], k: int) -> tuple[str, int] | None:
    """(role, first token) of the preposition (or leave-verb) that governs a place at token k.

    'the' and lowercase adjectives may come between ("in the northern Iraq"). A place after a seat noun
    ("the authorities in Kabul", "officials in Rome") is where those people sit, so it is not governed.
    """
    j = k - 1
    skipped = 0
    index = _preps_by_last_word()
    while j >= 0 and skipped <= 2:
        tok = tokens[j]
        for phrase, role in index.get(tok.lower, ()):
            s = j - len(phrase) + 1
            if s >= 0 and match_phrase(tokens, s, phrase):
                if role != "origin_verb" and s > 0 and tokens[s - 1].lower in cue_terms("seat_noun"):
                    return None
                return role, s
        if tok.kind != "word" or tok.lower in cue_terms("stop") - {"the"}:
            return None
        if tok.lower != "the" and not tok.text[0].islower() and j != k - 1:
            return None
        j -= 1
        skipped += 1
    return None


def _prep_before(tokens: list[Token], k: int) -> str | None:
    """The role of the preposition (or leave-verb) that governs a place at token k, or None."""
    found = _governor(tokens, k)
    return found[0] if found else None


def _list_separator(tokens: list[Token], j: int) -> tuple[int, bool] | None:
    """At a list separator (",", "and", "or", ", and"): the index of the next item and whether a conjunction
    joined it; None when no separator stands at j."""
    if not (j + 1 < len(tokens) and (tokens[j].text == "," or tokens[j].lower in ("and", "or"))):
        return None
    n = j + 1
    conjunction = tokens[j].lower in ("and", "or") or tokens[n].lower in ("and", "or")
    if tokens[n].lower in ("and", "or"):
        n += 1
    return n, conjunction


def _list_after(tokens: list[Token], places_at: dict, k: int, coordinated: bool = False) -> list[int]:
    """Token indexes of the places listed after the place at k: "in Mosul, Erbil and Kirkuk" -> [Timbuktu, Mopti].

    `coordinated`: only a list joined by "and"/"or" ("in Erbil, Kurdistan" names one place, not two).
    """
    out = []
    joined = False
    j = places_at[k].last + 1
    while (step := _list_separator(tokens, j)) is not None:
        n, conjunction = step
        joined = joined or conjunction
        if n not in places_at or places_at[n].kind in ("place_ref",):
            break
        out.append(n)
        j = places_at[n].last + 1
    return out if joined or not coordinated else []


class _Context:
    """Where places and dates are in the document, and the troop counts found so far."""

    def __init__(self, text: str, locations: Iterable[Any], dates: Iterable[Any]):
        self.text = text
        self.locations = sorted(locations, key=lambda f: (f.start, -(f.end - f.start)))
        self.loc_starts = [f.start for f in self.locations]
        self.dates = sorted((d for d in dates), key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.date_spans = [(d.start, d.end) for d in self.dates]
        self._dominant: dict = {}
        self.results: list[_Result] = []
        self._places: dict[int, dict[int, _Place]] = {}
        # country mentions: (char offset, country, governed by a preposition: "in Iraq", place name)
        self.mentions: list[tuple[int, str, bool, str]] = []
        self.whose_mentions: list[tuple[int, str, bool, str]] = []  # "US troops"
        # place name -> (kind, country), to widen a facility to its country
        self.place_info = {f.name: (getattr(f, "kind", None), getattr(f, "country", None)) for f in self.locations}
        # names the text gives to places outside the gazetteer ("the town of Morek"), to find them again
        # where the places step did not ("stationed at Morek"): first word -> [(words, fact)]
        self.recurring: dict[str, list] = {}
        for f in self.locations:
            written = text[f.start : f.end]
            if getattr(f, "lat", None) is not None or len(written) < 3 or not written[:1].isupper() or written.isupper():
                continue
            words = tuple(t.text for t in tokenize(written))
            if words and all(known != words for known, _ in self.recurring.get(words[0], ())):
                self.recurring.setdefault(words[0], []).append((words, f))

    def index_sentences(self, sentences: list[_Sentence]) -> None:
        for sent in sentences:
            for k, place in self.places_in(sent).items():
                if place.kind == "place_ref" or not place.country or place.attributive or _event_place(sent.tokens, k):
                    continue
                if place.whose:  # "US troops": the text is about that country only if it names no other
                    self.whose_mentions.append((place.start, place.country, False, place.name))
                    continue
                role = _prep_before(sent.tokens, k)
                governed = role is not None and role != "origin_verb"
                self.mentions.append((place.start, place.country, governed, place.name))
        self.mentions.sort()

    def places_in(self, sent: _Sentence) -> dict[int, _Place]:
        """Token index -> place for location facts that start at a token of the sentence.

        Besides the location facts: names given to a place elsewhere in the text, "Polish bases" (a
        nationality adjective before a place noun), "the Gedo town of Dolow" (the inner place, keyed
        where the phrase starts) and "the country", "the peninsula" (kind "place_ref", resolved later).
        """
        if sent.index in self._places:
            return self._places[sent.index]
        tokens = sent.tokens
        out: dict[int, _Place] = {}
        by_start = {}
        lo = bisect.bisect_left(self.loc_starts, sent.start)
        hi = bisect.bisect_left(self.loc_starts, sent.end)
        for f in self.locations[lo:hi]:
            by_start.setdefault(f.start, f)
        covered: set[int] = set()
        for k, tok in enumerate(tokens if by_start else ()):
            f = by_start.get(tok.start)
            if f is not None:
                last = k
                while last + 1 < len(tokens) and tokens[last + 1].start < f.end:
                    last += 1
                out[k] = self._place(f, tok.start, last)
                covered.update(range(k, last + 1))
        for k, tok in enumerate(tokens if self.recurring else ()):
            if k in covered:
                continue
            for words, f in self.recurring.get(tok.text, ()):
                if all(k + n < len(tokens) and tokens[k + n].text == w for n, w in enumerate(words)):
                    end = k + len(words)
                    if end < len(tokens) and tokens[end].kind == "word" and tokens[end].text[:1].isupper():
                        continue  # part of a longer name
                    out[k] = self._place(f, tok.start, end - 1)
                    covered.update(range(k, end))
                    break
        # "US Marines", "the U.S. Embassy", "Kabul authorities": whose, not where; "a U.S. military base": whose
        # base (like "Polish bases" below), a place named later wins
        self._mark_attributive(tokens, out)
        # "rotating through Polish bases", "on Iraqi soil"
        place_nouns = cue_terms("place_noun")
        for k, tok in enumerate(tokens[:-1]):
            if k in covered or tok.kind != "word" or not tok.text[:1].isupper() or tokens[k + 1].lower not in place_nouns:
                continue
            country = _demonym_country(tok.text)
            if country:
                out[k] = _Place(country, "country", country, tok.start, k + 1, demonym=True)
        # "in the Gedo town of Dolow", "in the northern town of Kidal": the inner place, keyed where the
        # phrase starts, so the preposition before the phrase governs it
        settlements = cue_phrases("settlement")
        for j in sorted(out):
            if j < 2 or tokens[j - 1].lower != "of":
                continue
            s = next((s for s in range(j - 2, max(-1, j - 4), -1) if phrase_at(tokens, s, settlements)
                      and s + len(phrase_at(tokens, s, settlements)) == j - 1), None)
            if s is None:
                continue
            h = s
            while h - 1 >= 0 and s - h < 3 and tokens[h - 1].kind == "word" and tokens[h - 1].lower not in ("the", "a", "an") \
                    and tokens[h - 1].lower not in cue_terms("stop"):
                h -= 1
            if h - 1 >= 0 and tokens[h - 1].lower in ("the", "a", "an"):
                out[h] = out[j]
        # "the (landlocked) country", "inside the strip"
        refs = place_refs()
        for k, tok in enumerate(tokens):
            ref = refs.get(tok.lower)
            if ref is None or k in covered:
                continue
            # "at the airport in Kabul", "the country of Mali": the place is named right after
            if k + 2 < len(tokens) and tokens[k + 1].lower in ("in", "at", "of", "near", "outside", ",") and (
                k + 2 in out or (tokens[k + 2].lower == "the" and k + 3 in out)
            ) and not (tokens[k + 1].text == "," and k + 2 in out and _gap_follows(tokens, out[k + 2].last + 1)):
                continue  # but "in the country, Japan about 180": a gapped list goes on, Japan is whose
            if ref.kinds and k >= 1 and tokens[k - 1].kind != "punct" and parse_quantity(tokens, k - 1) is not None:
                out[k - 1] = _Place("", "place_ref", None, tokens[k - 1].start, k, ref=ref)  # "across five countries"
                continue
            for back in range(1, 4):
                j = k - back
                if j < 0:
                    break
                if any(t in out for t in range(j + 1, k)):
                    break  # "the Bagram air base" names the place itself
                if tokens[j].lower == "the":
                    out[j] = _Place("", "place_ref", None, tokens[j].start, k, ref=ref)
                    break
                if tokens[j].kind != "word" or tokens[j].lower in cue_terms("stop"):
                    break
        self._places[sent.index] = out
        return out

    @staticmethod
    def _mark_attributive(tokens: list[Token], out: dict) -> None:
        place_nouns = cue_terms("place_noun")
        for k, place in out.items():
            j = place.last + 1
            if place.kind == "place_ref" or j >= len(tokens) or tokens[j].kind != "word":
                continue
            n = j
            while n < min(len(tokens), j + 3) and unit_at(tokens, n, ("service",)) is not None:
                n += len(unit_at(tokens, n, ("service",)).words)
            if n < len(tokens) and tokens[n].lower in place_nouns:
                place.demonym = place.demonym or place.kind == "country"
            elif n > j or _troop_noun(tokens, j):
                # "US troops", "U.S. Forces": whose, mostly; but "cut Iraq troops" may be troops in Iraq, so
                # like a nationality: no place for that country's own troops, and after any other place
                place.demonym = place.whose = True
            elif tokens[j].lower in cue_terms("seat_noun") or tokens[j].lower in cue_terms("attributive"):
                place.attributive = True

    @staticmethod
    def _place(f: Any, start: int, last: int) -> _Place:
        kind = getattr(f, "kind", None)
        country = getattr(f, "country", None) or (f.name if kind == "country" else None)
        return _Place(f.name, kind, country, start, last)

    def place_named_before(self, pos: int, names: tuple) -> str | None:
        """The last place before `pos` whose name contains one of `names` ("the strip" -> Gaza Strip)."""
        k = bisect.bisect_left(self.loc_starts, pos)
        for f in reversed(self.locations[:k]):
            words = f.name.lower().split()
            if any(n in words for n in names):
                return f.name
        return None

    def place_of_kind_before(self, pos: int, kinds: tuple) -> str | None:
        """The last place before `pos` of one of these kinds ("the base" -> the last base named)."""
        k = bisect.bisect_left(self.loc_starts, pos)
        for f in reversed(self.locations[:k]):
            if getattr(f, "kind", None) in kinds:
                return f.name
        return None

    def dates_between(self, start: int, end: int) -> list:
        """Date facts that start in [start, end)."""
        return self.dates[bisect.bisect_left(self.date_starts, start) : bisect.bisect_left(self.date_starts, end)]

    def dominant_country(self, exclude: str | None) -> str | None:
        if exclude not in self._dominant:
            self._dominant[exclude] = self._dominant_country(exclude)
        return self._dominant[exclude]

    def _dominant_country(self, exclude: str | None) -> str | None:
        """The country the text is most about: mentions after a preposition ("in Iraq") weigh double."""
        score: Counter = Counter()
        first: dict[str, int] = {}
        for mentions in (self.mentions, sorted(self.whose_mentions)):
            for pos, country, governed, _ in mentions:
                if country == exclude:
                    continue
                score[country] += 2 if governed else 1
                first.setdefault(country, pos)
            if score:
                break
        if not score:
            return None
        return min(score, key=lambda c: (-score[c], first[c]))

    def dominant_place(self, exclude: str | None) -> str | None:
        """The place the text is most about: its dominant country, or, when the text never names that country
        itself, the region in it named most often ("Gaza" throughout, never "Palestine"). Not a city: a
        capital named alone stands for a government ("the authorities in Bamako")."""
        country = self.dominant_country(exclude)
        if country is None:
            return None
        names = Counter(m[3] for m in self.mentions if m[1] == country)
        if not names or names.get(country):
            return country
        regions = [(n, c) for n, c in names.most_common() if self.place_info.get(n, (None,))[0] in ("region", "province")]
        return regions[0][0] if regions else country

    def country_of(self, name: str | None) -> str | None:
        """The country a place the text names lies in (itself for a country), or None."""
        if name is None:
            return None
        kind, country = self.place_info.get(name, (None, None))
        if country or kind == "country":
            return country or name
        return gazetteer.country_of(name)

    def containers(self, place: "_Place") -> list[str]:
        """The places containing a place, smallest first (Erbil: Erbil Governorate, Kurdistan Region, Iraq); the
        gazetteer's chain when it knows the name in the same country, else just the place's country."""
        chain: list[str] = []
        found = list(gazetteer.ancestors(place.name))
        if found and found[0].country == place.country:
            chain = [p.name for p in found[1:]]
        if not chain and place.country and place.country != place.name:
            chain = [place.country]
        return chain

    def container(self, places: list) -> str | None:
        """The smallest place containing all these places (a country at most), or None. With one known place in
        a list of names, its country: the names unknown here may lie anywhere in it."""
        known = [p for p in places if p.country]  # a name of no known country may lie anywhere
        if not known or not places[0].country:
            return None
        places = known
        chains = [self.containers(p) for p in places]
        if not chains[0]:
            return None
        if len(places) == 1:
            return places[0].country if places[0].country != places[0].name else None
        for name in chains[0]:
            if all(name in chain for chain in chains[1:]):
                return name
        return None

    def within(self, inner: str, outer: str) -> bool:
        """Does the place `inner` lie inside `outer` (Cincu in Romania, Cabo Delgado in Mozambique)?"""
        if inner == outer:
            return False
        if self.country_of(inner) == outer and self.place_info.get(outer, ("country",))[0] == "country":
            return True
        return gazetteer.is_within(inner, outer)

    def widen(self, name: str | None) -> str | None:
        """A base or facility's country: where a figure of another time or kind than the base's was; None for a
        site of no known country (the figure is then placed as if no count came before)."""
        kind, country = self.place_info.get(name, (None, None))
        if kind in ("base", "facility"):
            return country
        if name in self.place_info and kind is None and country is None:
            return None  # a name the gazetteer lacks ("South Camp"): no known place to widen to
        return name

    def country_before(self, pos: int, exclude: str | None) -> str | None:
        """The country "the country" refers to: the last one named after a preposition before `pos`, if the text
        names it as a country (not only a city in it: "flew to Paris"); else the country the text is about,
        if named by then; else the last named after a preposition, or at all."""
        k = bisect.bisect_left(self.mentions, (pos,))
        earlier = [m for m in self.mentions[:k] if m[1] != exclude]
        as_country = {m[1] for m in earlier if m[3] == m[1]}
        for _, country, governed, _ in reversed(earlier):
            if governed and country in as_country:
                return country
        dominant = self.dominant_country(exclude)
        if dominant is not None and any(m[1] == dominant for m in earlier):
            return dominant
        for _, country, governed, _ in reversed(earlier):
            if governed:
                return country
        return earlier[-1][1] if earlier else dominant


def _resolve_place(place: _Place, ctx: _Context, force: str | None, tokens: list[Token] | None = None,
                   places_at: dict | None = None, k: int | None = None) -> str | None:
    """The name a place in a sentence stands for as the troops' place, or None when it is not one.

    With `tokens`/`places_at`/`k`, a place heading a list of places in one country ("in Mosul, Erbil and
    Kirkuk") stands for that country.
    """
    if place.kind == "place_ref":
        ref = place.ref
        named = ctx.place_named_before(place.start, ref.names) if ref is not None and ref.names else None
        if not named and ref is not None and ref.kinds:
            named = ctx.place_of_kind_before(place.start, ref.kinds)
        if named:
            return named
        if ref is None or ref.fallback == "country":
            return ctx.country_before(place.start, force)
        return None
    if place.attributive or (place.demonym and place.country == force):
        return None  # "U.S. troops at American bases": whose bases, not where
    if tokens is not None and k is not None:
        if _event_place(tokens, k):
            return None  # "at a ceremony at Almaty airport", "signed in Paris": where something was said or done
        if _prep_before(tokens, k) in (None, "origin_verb") and _is_capital(place) and \
                place.country != ctx.dominant_country(force):
            return None  # "leaving Paris without a garrison": a capital standing for its government
    if tokens is not None and places_at is not None and k is not None and place.kind != "country":
        known, unknown = _listed_places(tokens, places_at, k)
        members = [place] + [places_at[j] for j in known]
        if (known or unknown) and all(p.kind not in ("country", "place_ref") for p in members):
            container = ctx.container(members)
            if container:
                return container  # "in Mueda, Nangade and Macomia districts": the place holding them all
            theatre = ctx.dominant_country(force)
            placed = [p for p in members if p.country]
            if theatre is not None and placed and 2 * sum(p.country == theatre for p in placed) >= len(placed):
                return theatre  # a name read as a namesake abroad ("Palma" in a list of Mozambican towns)
    return place.name


LIST_NAME_WORDS = 4  # words of a name the places step did not know inside a list of places
NAME_PARTICLES = name_particles()


def _listed_places(tokens: list[Token], places_at: dict, k: int) -> tuple[list[int], int]:
    """(token indexes of the known places, number of unknown names) listed after the place at k and joined by
    "and"/"or": "in Mueda, Nangade and Macomia" -> ([Macomia], 1) when Nangade is no known place. Unknown names
    are capitalised words (with name particles: "Mocimboa da Praia") between list separators."""
    known: list[int] = []
    unknown = 0
    joined = False
    j = places_at[k].last + 1
    while (step := _list_separator(tokens, j)) is not None:
        n, conjunction = step
        joined = joined or conjunction
        if n >= len(tokens):
            break
        if n in places_at:
            if places_at[n].kind in ("place_ref",):
                break
            known.append(n)
            j = places_at[n].last + 1
            continue
        end = n
        while (
            end < len(tokens) and end - n < LIST_NAME_WORDS and tokens[end].kind == "word" and end not in places_at
            and (tokens[end].text[:1].isupper() or (end > n and tokens[end].lower in NAME_PARTICLES))
            and not _nation_word(tokens[end])
        ):
            end += 1
        if end == n or tokens[end - 1].lower in NAME_PARTICLES:
            break
        nxt = tokens[end] if end < len(tokens) else None
        if nxt is not None and nxt.kind == "word" and nxt.lower not in ("and", "or") and nxt.text[:1].isupper():
            break
        unknown += 1
        j = end
    if not joined:
        return [], 0
    return known, unknown


def _gap_follows(tokens: list[Token], j: int) -> bool:
    """Does a figure follow at j, maybe after a qualifier ("Japan about 180", "Spain 200")?"""
    n = 0
    while j < len(tokens) and n < 3 and tokens[j].kind == "word" and parse_quantity(tokens, j) is None:
        j += 1
        n += 1
    return j < len(tokens) and parse_quantity(tokens, j) is not None


def _chain_head(tokens: list[Token], places_at: dict, k: int) -> int:
    """The base or facility heading a chain of places that ends at k: "the X base in Abidjan, Côte d'Ivoire" and
    "X near Tuzla" -> X (the place a following ", once home to N" / ", where N were based" is about); else k."""
    starts = {p.last: j for j, p in places_at.items()}
    head = k
    for _ in range(3):
        j = head - 1
        if j >= 0 and tokens[j].lower in ("the",):
            j -= 1
        if j >= 0 and tokens[j].lower in cue_terms("place_noun"):
            j -= 1  # "the X base in Y"
        if j < 0 or not (tokens[j].text == "," or tokens[j].lower in ("in", "near", "at", "outside")):
            break
        prev = starts.get(j - 1)
        if prev is None and j >= 1 and tokens[j - 1].lower in cue_terms("place_noun"):
            prev = starts.get(j - 2)
        if prev is None:
            break
        head = prev
    place = places_at[head]
    named_base = place.last + 1 < len(tokens) and tokens[place.last + 1].lower == "base"  # "the Port-Bouët base"
    return head if head != k and (place.kind in ("base", "facility") or named_base) else k


def _sentence_subject(tokens: list[Token], places_at: dict) -> int | None:
    """The place that opens the sentence as its subject ("Camp X, ...", "The base ..."), or None."""
    for k in (0, 1):
        if k in places_at and (k == 0 or tokens[0].lower == "the"):
            return k
    return None


def _event_place(tokens: list[Token], k: int) -> bool:
    """Is the place at k where an event happened, said by a word shortly before its preposition: "at a ceremony
    at X", "spoke in X", "said in X", "signed in X", "a summit held in X"?"""
    found = _governor(tokens, k)
    if found is None or found[0] != "locative":
        return False
    # up to three words back, none a troop word or punctuation: "a ceremony on Thursday at X"
    for j in range(found[1] - 1, max(-1, found[1] - 4), -1):
        if tokens[j].kind != "word" or unit_at(tokens, j, ("unit", "collective")) is not None:
            return False
        if tokens[j].lower in cue_terms("event"):
            return True
    return False


def _is_capital(place: _Place) -> bool:
    """Is the place a country's capital city? (The gazetteer puts a country at its capital's position.)"""
    if place.kind != "city" or not place.country:
        return False
    city, country = gazetteer.resolve(place.name), gazetteer.resolve(place.country)
    return bool(city and country and city.lat is not None and (city.lat, city.lon) == (country.lat, country.lon))


def _home_garrison(tokens: list[Token], k: int) -> bool:
    """Is the place at k a unit's home: "The 5th Brigade, garrisoned in Germany, ..."?"""
    found = _governor(tokens, k)
    if found is None or found[1] == 0 or tokens[found[1] - 1].lower not in cue_terms("home_base"):
        return False
    h = found[1] - 1  # the unit is a formation named just before: not "troops based in Iraq"
    return any(unit_at(tokens, j, ("body", "formation")) is not None for j in range(max(0, h - 5), h))


def _contributors(sent: _Sentence, cand: _Candidate, places_at: dict) -> set[int]:
    """Places that say where the counted troops come from, not where they are: "17,000 troops from Chad,
    Niger and Togo" (a noun followed by "from" + places, with no withdrawal or move verb before the count)."""
    tokens = sent.tokens
    if cand.unit_span is None or cand.last >= len(tokens) or tokens[cand.last].lower != "from":
        return set()
    a, _ = sent.clause_bounds(cand.q.i0)
    moves = cue_phrases("change") + cue_phrases("origin_verb")
    if any(phrase_at(tokens, k, moves) for k in range(a, cand.first)):
        return set()
    j = cand.last + 1
    if j < len(tokens) and tokens[j].lower == "the":
        j += 1
    if j not in places_at:
        return set()
    return {j, *_list_after(tokens, places_at, j)}


def _in_figure(tokens: list[Token], k: int) -> bool:
    """Is token k inside a figure's qualifier? "more than 40 countries" (not "than" starting a comparison)."""
    return tokens[k].lower == "than" and k > 0 and tokens[k - 1].lower in ("more", "fewer", "less") and (
        parse_quantity(tokens, k + 1) is not None
    )


SPEAKER_WINDOW = 12  # tokens between a speech verb and the place where the speaker was


def _speaker_place(tokens: list[Token], k: int) -> bool:
    """Is the place at k where someone spoke? '"...," said Col. X, a spokesman, at Camp Alpha': a speech verb
    or a spokesperson shortly before it, and no troop word between (not "said 2,000 troops in Iraq")."""
    speech = {p[0] for p in exclusion_phrases("speech")} | cue_terms("seat_noun")
    for j in range(k - 1, max(-1, k - 1 - SPEAKER_WINDOW), -1):
        if unit_at(tokens, j, ("unit", "collective")) is not None or parse_quantity(tokens, j) is not None:
            return False
        if tokens[j].lower in speech or tokens[j].lower == "speaking":
            return True
    return False


APPOSITIVE_WINDOW = 12  # tokens of an aside set off by commas after the unit


def _appositive_end(tokens: list[Token], k: int) -> int | None:
    """Index of the comma closing an aside that opens with the comma at k, when the clause goes on after it with
    its verb ("About 150 soldiers, part of the garrison, left X", "..., most of them engineers, were withdrawn
    from X"), or None."""
    for c in range(k + 1, min(len(tokens), k + 1 + APPOSITIVE_WINDOW)):
        tok = tokens[c]
        if tok.kind == "punct" and tok.text in TAIL_BREAKS:
            return c if tok.text == "," and c > k + 1 and _goes_on(tokens, c + 1) else None
    return None


def _placing_relative(tokens: list[Token], j: int) -> bool:
    """Does a relative clause saying where its subject is start at j ("who have been based at", "which are
    stationed in")?"""
    if j >= len(tokens) or tokens[j].lower not in cue_terms("relative_agent"):
        return False
    j = _past_auxiliaries(tokens, j + 1)
    return any(phrase_at(tokens, j, cue_phrases(role)) for role in ("deploy", "stay", "placed"))


def _past_auxiliaries(tokens: list[Token], j: int) -> int:
    """The first token from j on that is no auxiliary ("have been", "were")."""
    while j < len(tokens) and tokens[j].lower in cue_terms("auxiliary"):
        j += 1
    return j


def _goes_on(tokens: list[Token], j: int) -> bool:
    """Do auxiliaries and then a verb saying where troops stay or move ("left", "were withdrawn", "remain"), or
    a form of "be" and a place preposition ("are in"), start at j?"""
    start = j
    j = _past_auxiliaries(tokens, j)
    if j >= len(tokens):
        return False
    roles = ("change", "origin_verb", "relocate", "deploy", "stay", "placed")
    if any(phrase_at(tokens, j, cue_phrases(role)) for role in roles):
        return True
    return j > start and phrase_at(tokens, j, cue_phrases("locative")) is not None


def _in_org_name(tokens: list[Token], k: int) -> bool:
    """Is the place at k part of an organisation's name: its preposition right after a capitalised word that does
    not open the sentence ("the SADC Mission in Mozambique", "U.S. Forces in Iraq")?"""
    found = _governor(tokens, k)
    if found is None or found[1] < 2:
        return False
    head = tokens[found[1] - 1]
    return head.kind == "word" and head.text[:1].isupper() and found[1] - 1 > 0


def _says_where(tokens: list[Token], j: int) -> bool:
    """Does the clause at token j go straight on to where the subject is? "remains in Mali", "is based at".

    Only stay words may come before the preposition ("will head back to ..." is somewhere else).
    """
    stay = cue_terms("stay")
    seen = False
    for k in range(j, min(len(tokens), j + 4)):
        if tokens[k].lower in stay:
            seen = True
            continue
        return seen and any(phrase_at(tokens, k, cue_phrases(role)) for role in ("locative",))
    return False


def _location(sent: _Sentence, cand: _Candidate, ctx: _Context, places_at: dict, force: str | None,
              sentences: list[_Sentence], done_here: list[_Result], date: str | None = None,
              kind: str = "level") -> str | None:
    tokens = sent.tokens
    a, b = sent.clause_bounds(cand.q.i0)

    def resolve(k: int, where: dict = places_at, toks: list[Token] = tokens) -> str | None:
        return _resolve_place(where[k], ctx, force, toks, where, k)

    # a gapped list standing for a place: "Estonia hosts another 1,200 and Lithuania 800", "2,500 troops are in
    # Iraq, Kuwait 13,500" (but in "Italy sent 300 soldiers to Lebanon, Spain 250", Spain is whose)
    if cand.agent is not None and _gap_role(sent, cand, places_at) == "place":
        return resolve(cand.agent)

    # 1. after the unit: "troops in Iraq", "troops currently based in Iraq", "would leave Chad";
    #    a clause that is an aside ("The mission, with 12,000 peacekeepers, remains in Mali") goes on after
    #    its closing comma. Not the countries troops come from, nor a home they are sent back to.
    aside = a >= 1 and tokens[a - 1].text == "," and tokens[a].lower in cue_terms("aside")
    # "SAMIM troops, about 2,000 in all, left the province": a bare figure in apposition to a troop word
    apposition = cand.unit_span is None and a >= 2 and tokens[a - 1].text == "," and _troop_noun(tokens, a - 2)
    skip = _contributors(sent, cand, places_at)
    tail = []
    origin = cand.last  # near places are counted from here: the unit, or the comma closing an aside
    homeward = cue_phrases("homeward")
    home_from = None  # "will go back to their barracks in Italy": places after it are home
    arrived = None  # "arrived from X": places after "from" are where they came from
    k = cand.last - 1
    while k + 1 < len(tokens):
        k += 1
        if tokens[k].kind == "punct" and tokens[k].text in TAIL_BREAKS:
            if tokens[k].text == "," and k == b - 1 and (
                (aside and _says_where(tokens, k + 1)) or (apposition and _goes_on(tokens, k + 1))
            ):
                origin = k + 1
                continue
            if tokens[k].text == "," and (
                (not tail and k + 1 < len(tokens) and tokens[k + 1].lower in cue_terms("distributive"))
                or _placing_relative(tokens, k + 1)
            ):
                # where (most of) them are: "drop to about 200, mostly at Fort Clayton"; "600 soldiers, who have
                # been based at Camp X since 2023, ..."
                origin = k + 1
                continue
            close = _appositive_end(tokens, k) if k == cand.last and cand.unit_span is not None else None
            if close is not None:
                # "About 150 soldiers, part of the garrison, left X for Y": the clause goes on after the aside;
                # places inside it are the troops' only in a relative clause ("..., who had been based in X, ...")
                if tokens[k + 1].lower in cue_terms("relative_agent"):
                    tail.extend(j for j in range(k + 1, close) if j in places_at and j not in skip
                                and _prep_before(tokens, j))
                k = origin = close
                continue
            break
        if tokens[k].lower in cue_terms("tail_stop") and not _in_figure(tokens, k):
            break  # "fell to 3,000 after the pullout from Mali": that place is the pullout's
        if home_from is None and phrase_at(tokens, k, homeward):
            home_from = k
        if arrived is None and tokens[k].lower in cue_terms("arrival"):
            arrived = k
        if k in places_at and k not in skip and _prep_before(tokens, k):
            if home_from is not None and (force is None or places_at[k].country == force):
                continue
            if arrived is not None and _prep_before(tokens, k) == "origin":
                continue  # "arrived from the port of X", "flew in from X": where they came from
            tail.append(k)

    def narrow(name: str, after: int = -1) -> str:
        """A place in the tail inside `name` and after "at"/"in" is more precise ("stationed in Romania at Cincu");
        after a place in an organisation's name, so is one the troops leave ("the Mission in Mozambique left the
        province"); never one the troops are moving to or one in another verb phrase ("100 personnel were
        flown in and housed at a camp near X"), nor a place they leave ("troops in Afghanistan left Kabul")."""
        roles = ("locative", "origin", "origin_verb") if after >= 0 and _in_org_name(tokens, after) else ("locative",)
        joint = next((j for j in range(cand.last, len(tokens)) if tokens[j].lower in cue_terms("conjunction")), None)
        for j in tail:
            if j <= after or _prep_before(tokens, j) not in roles or (joint is not None and j > joint):
                continue
            inner = resolve(j)
            if inner and inner != name and (ctx.within(inner, name) or (
                ctx.country_of(inner) is None and ctx.place_info.get(name, (None,))[0] == "country"
            )):  # a place of no known country after a country: most likely a place in it
                return inner
        return name
    # moved troops: "withdrew from Camp Alpha, moving 300 soldiers to the port" are counted where they were
    relocate = cue_phrases("relocate")
    if any(phrase_at(tokens, k, relocate) for k in range(max(a, cand.first - CHANGE_BEFORE), cand.first)) and not any(
        _prep_before(tokens, k) == "origin" for k in tail
    ):
        for k in sorted(places_at, reverse=True):
            if k < cand.first and _prep_before(tokens, k) == "origin":
                name = resolve(k)
                if name:
                    return name
    if any(not places_at[k].demonym for k in tail):  # "at the American base in Qatar": Qatar
        tail = [k for k in tail if not places_at[k].demonym]
    near = [k for k in tail if k - origin <= NEAR_TAIL + 1]
    for k in near:
        name = resolve(k)
        if name:
            return narrow(name, k)
    # a clause "..., where 2,400 soldiers were based", "..., home to 850 peacekeepers", "..., which housed
    # 3,000 troops" is about the place just before it, not about a place inside ("Djibouti, home to
    # France's largest base with 1,500 troops")
    lead = a
    while lead < cand.first and tokens[lead].lower in cue_terms("occupancy_lead"):
        lead += 1  # "..., once home to 1,000 troops", "..., at one time home to"
    relative = phrase_at(tokens, lead, cue_phrases("relative_place")) is not None or (
        tokens[a].lower in cue_terms("relative_agent")
        and any(tokens[k].lower in cue_terms("host") for k in range(a, cand.first))
    )
    if relative and a >= 2 and tokens[a - 1].text in CLAUSE_BREAKS:
        for k in range(a - 2, max(-1, a - 6), -1):
            if k in places_at:
                head = _chain_head(tokens, places_at, k)
                name = resolve(head) or resolve(k)
                if name:
                    return name
    # "France will keep a base in Djibouti, with about 1,500 personnel": a comma clause opening with "with"
    # gives the size of what the clause before it placed (after a place preposition just before the comma)
    if a >= 2 and tokens[a - 1].text == "," and tokens[a].lower in cue_terms("accompaniment"):
        for k in range(a - 2, max(-1, a - 5), -1):
            if k in places_at and _prep_before(tokens, k) == "locative":
                name = resolve(k)
                if name:
                    return name
    # 2. earlier in the clause, after a preposition: "in Syria — where there are more than 900 troops";
    #    not past a speech verb ("officials in Baghdad said 2,000 troops ...": that is where they spoke)
    speech = {p[0] for p in exclusion_phrases("speech")}
    for k in range(cand.first - 1, a - 1, -1):
        if tokens[k].lower in speech:
            break
        if k in places_at and _prep_before(tokens, k):
            name = resolve(k)
            if name:
                return narrow(name)
    # a host: "Japan hosts roughly 54,000 U.S. service members"; a base that is the sentence's subject and is
    # "home to" the count ("Camp X, a few kilometres away, is home to some N ...", "The base ... was at one time
    # home to N"), not a place named further on ("... and is the only American base in Africa")
    for k in range(cand.first - 1, max(a, cand.first - 6) - 1, -1):
        home = tokens[k].lower == "home" and k + 1 < len(tokens) and tokens[k + 1].lower == "to"
        if (tokens[k].lower in cue_terms("host") or home) and k > 0:
            host = next((j for j in range(k - 1, max(a, k - 4) - 1, -1) if j in places_at), None)
            if host is not None and places_at[host].kind != "place_ref":
                return narrow(places_at[host].name)
            subject = _sentence_subject(tokens, places_at)
            if host is None and subject is not None:
                name = resolve(subject)
                if name and ctx.place_info.get(name, (None,))[0] in ("base", "facility"):
                    return name
            break
    # 3. further on in the clause: "300 soldiers of the 5th Brigade began moving out of Kuwait"
    for k in tail:
        name = resolve(k)
        if name:
            return name
    # the trainees' country: "200 soldiers training Iraqi units"
    for k in range(cand.last, b - 1):
        if tokens[k].lower in cue_terms("train_verb"):
            end = _nation_at(tokens, k + 1)
            country = _demonym_country(" ".join(t.text for t in tokens[k + 1 : end])) if end else None
            if country and country != force:
                return country
            break
    # 4. a fronted place: "In Iraq, the US has 2,500 troops"; "At the U.S. Embassy in Baghdad, ..."
    whose = {t for j, p in places_at.items() if p.attributive for t in range(j, p.last + 2)}
    for k in range(a - 1, -1, -1):
        if k in places_at and _prep_before(tokens, k):
            ca, _ = sent.clause_bounds(k)
            head = [t for t in range(ca, k) if tokens[t].lower not in ("the",) and t not in whose]
            if head and all(tokens[t].lower in cue_terms("locative") for t in head[:1]) and len(head) <= 2:
                name = resolve(k)
                if name:
                    return name
    # 5. the troop count before it in the sentence, then in the paragraph; a base holds a figure of one
    #    time: "5,000 now at Camp Alpha, down from 40,000 in 2003" -> the 40,000 were in Camp Alpha's country
    def carried(prev: _Result) -> str | None:
        if prev.key[3] != date or prev.fact.kind != kind:
            return ctx.widen(prev.location)
        return prev.location

    its = cand.first >= 1 and tokens[cand.first - 1].lower == "its" or (
        cand.first >= 2 and tokens[cand.first - 2].lower == "its")
    earlier_here = next((prev for prev in reversed(done_here) if prev.location), None)
    if earlier_here is not None:
        name = earlier_here.location if its else carried(earlier_here)  # "..., where 3,000 were based; its last 700"
        if name:
            return name
    for prev in reversed(ctx.results):
        if prev.para == sent.para and prev.location:
            name = carried(prev)
            if name:
                return name
            break
        if prev.para != sent.para:
            break
    # 6. the last place named after a preposition in the sentences before, in the same paragraph; not a
    #    unit's home garrison when this count is being sent out
    sent_out = any(phrase_at(tokens, j, cue_phrases("deploy")) for j in range(a, b))
    for back in (1, 2):
        idx = sent.index - back
        if idx < 0:
            break
        prev_sent = sentences[idx]
        if prev_sent.para != sent.para:
            break
        prev_places = ctx.places_in(prev_sent)
        for k in sorted(prev_places, reverse=True):
            if sent_out and _home_garrison(prev_sent.tokens, k):
                continue  # "The 5th Brigade, garrisoned in Germany, was chosen. 1,200 of its soldiers will deploy."
            if _prep_before(prev_sent.tokens, k) and not _speaker_place(prev_sent.tokens, k):
                name = resolve(k, prev_places, prev_sent.tokens)
                if name:
                    return name
    # 7. the last troop count in the paragraphs just before
    for prev in reversed(ctx.results):
        if sent.para - prev.para <= PARAGRAPH_CARRY and prev.location:
            name = carried(prev)
            if name:
                return name
        break
    # 8. the place the document is about
    return ctx.dominant_place(force)


def _date(sent: _Sentence, cand: _Candidate, ctx: _Context, next_start: int | None, claimed: set) -> str | None:
    tokens = sent.tokens
    a, b = sent.clause_bounds(cand.q.i0)
    end_char = tokens[cand.last - 1].end
    clause_end = tokens[b - 1].end
    limit = min(clause_end, next_start if next_start is not None else clause_end)
    after_limit = tokens[min(cand.last + 10, len(tokens) - 1)].end
    for d in ctx.dates_between(end_char, min(limit, after_limit + 1)):
        if d.value:
            claimed.add(d.start)
            return d.value
    first_char = tokens[cand.first].start
    clause_start = tokens[a].start
    temporal = cue_terms("follow") | {"as", "by", "in", "on", "since", "from", "until"}
    best = None
    for d in ctx.dates_between(sent.start, first_char):
        if not d.value or d.start in claimed or d.end > first_char:
            continue
        if d.start >= clause_start:
            best = d
            continue
        # a fronted time: "In 2003, ...", "As of mid-2025, ..."
        k = next((t for t, tok in enumerate(tokens) if tok.start >= d.start), None)
        if k is None:
            continue
        ca, _ = sent.clause_bounds(k)
        if tokens[ca].lower in temporal or ca == k:
            best = d
    return best.value if best else None


def _kind(sent: _Sentence, cand: _Candidate) -> str:
    tokens = sent.tokens
    a, b = sent.clause_bounds(cand.q.i0)
    before = range(max(a, cand.first - PLANNED_BEFORE), cand.first)
    after_end = cand.unit_span[1] if cand.unit_span else cand.last
    tail_end = b
    for k in range(after_end, b):
        if tokens[k].lower in cue_terms("tail_stop"):
            tail_end = k
            break
    after = range(after_end, min(tail_end, after_end + PLANNED_AFTER))

    def has(role: str, ks) -> bool:
        return any(phrase_at(tokens, k, cue_phrases(role)) for k in ks)

    # a target: "a cut in forces to 5,000", "cut to 2,000"
    if cand.first > 0 and tokens[cand.first - 1].lower == "to" and has("target", range(max(a, cand.first - 8), cand.first - 1)):
        return "planned"
    if has("planned", before) or has("planned", after):
        return "planned"
    change_before = range(max(a, cand.first - CHANGE_BEFORE), cand.first)
    # "deployed to Chad" is a move; "deployed in Mali" is where they are
    change_after = [
        k for k in range(after_end, min(tail_end, after_end + CHANGE_AFTER))
        if not (tokens[k].lower in cue_terms("placed") and k + 1 < len(tokens) and tokens[k + 1].lower in cue_terms("locative"))
    ]
    if has("change", change_before) or has("change", change_after):
        return "change"
    return "level"


_BREAK_RE = None


def split_paragraph_breaks(text: str, sentences: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans cut where the text breaks a paragraph: a blank line, or a newline after end punctuation.

    Statistical sentence splitters sometimes run a headline or photo caption into the next paragraph.
    """
    import re

    global _BREAK_RE
    if _BREAK_RE is None:
        _BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*|(?<=[.!?\"”’])[ \t]*\n\s*")
    out = []
    for s0, s1 in sentences:
        pos = s0
        for m in _BREAK_RE.finditer(text, s0, s1):
            if text[pos : m.start()].strip():
                out.append((pos, m.start()))
            pos = m.end()
        if text[pos:s1].strip():
            out.append((pos, s1))
    return out


# --- the whole document -----------------------------------------------------------------------


def find_troop_counts(
    text: str,
    sentences: Iterable[tuple[int, int]],
    locations: Iterable[Any] = (),
    dates: Iterable[Any] = (),
) -> list:
    """Troop count facts of a text.

    `sentences` are (start, end) character offsets; `locations` and `dates` are the facts of the
    components that ran before (anything with start/end and name/kind/country, or value).
    """
    from withdrawal_cli.models import TroopCountFact

    ctx = _Context(text, locations, dates)
    import re

    breaks = [m.start() for m in re.finditer(r"\n+", text)]
    dots = _dot_thousands(text)
    sents = []
    for index, (s0, s1) in enumerate(split_paragraph_breaks(text, sentences)):
        tokens = tokenize(text, s0, s1)
        sents.append(_Sentence(index, s0, s1, bisect.bisect_left(breaks, s0), tokens, _clauses(tokens), dots))
    ctx.index_sentences(sents)
    carried: tuple[int, str] | None = None  # (sentence index, unit) of the last sentence with a troop count
    for sent in sents:
        if not sent.tokens:
            continue
        carried_unit = None
        if carried is not None and carried[0] == sent.index - 1 and sents[carried[0]].para == sent.para:
            carried_unit = carried[1]
        prev = sents[sent.index - 1] if sent.index > 0 and sents[sent.index - 1].para == sent.para else None
        cands = _candidates(sent, text, ctx.date_spans, carried_unit, lambda s=sent: ctx.places_in(s),
                            lambda subject=False, p=prev: None if p is None else (
                                _subject_troop_unit(p.tokens) if subject else _troop_word_unit(p.tokens)))
        link = _link_line_start(text, sent.tokens)
        if link is not None:
            cands = [c for c in cands if c.first < link]
        if not cands:
            continue
        carried = (sent.index, cands[-1].unit)
        places_at = ctx.places_in(sent)
        headline = _is_headline(text, sent)
        done_here: list[_Result] = []
        claimed: set = set()
        for n, cand in enumerate(cands):
            tokens = sent.tokens
            force = cand.force = _force(sent, cand, places_at)
            next_start = tokens[cands[n + 1].first].start if n + 1 < len(cands) else None
            date = _date(sent, cand, ctx, next_start, claimed)
            kind = _kind(sent, cand)
            location = _location(sent, cand, ctx, places_at, force, sents, done_here, date, kind)
            if cand.police and not _police_abroad(sent, force, location, ctx):
                continue
            q = cand.q
            if q.vague:
                value, qualifier = None, None
            elif q.is_range:
                value, qualifier = None, cand.qualifier or "range"
            else:
                value, qualifier = q.low, cand.qualifier or "exact"
            start, end = tokens[cand.first].start, tokens[cand.last - 1].end
            fact = TroopCountFact(
                text=text[start:end],
                start=start,
                end=end,
                sentence=text[sent.start : sent.end],
                value=value,
                low=q.low,
                high=q.high,
                qualifier=qualifier,
                unit=cand.unit,
                force=force,
                location=location,
                date=date,
                kind=kind,
            )
            key = (q.low, q.high, location, date, force)
            definite = cand.first > 0 and tokens[cand.first - 1].lower in cue_terms("definite")
            result = _Result(fact, sent.index, sent.para, location, key, headline,
                             _destination(sent, cand, ctx, places_at, force))
            done_here.append(result)
            earlier = _repeated(result, ctx.results, definite) if q.low is not None else None
            if earlier is None:
                ctx.results.append(result)
            elif earlier.headline and not headline:
                # the body states the headline's figure again, with more context: keep the body's
                ctx.results.remove(earlier)
                ctx.results.append(result)
    return [r.fact for r in ctx.results]


_DOTTED = None


def _dot_thousands(text: str) -> bool:
    """Does the text write thousands with dots ("1.950 soldiers", "12.500.000"), never with commas ("2,500")?
    Then a bare "1.400" is 1400 too."""
    import re

    global _DOTTED
    if _DOTTED is None:
        _DOTTED = (
            re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)"),
            re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|[.,]\d)"),
        )
    dotted, commas = _DOTTED
    return dotted.search(text) is not None and commas.search(text) is None


def _police_abroad(sent: _Sentence, force: str | None, location: str | None, ctx: _Context) -> bool:
    """Do police counted in this sentence serve abroad in a security mission ("750 Kenyan police officers were
    deployed to Haiti")? Then they are armed personnel of a state force (GUIDELINES); police at home are not.
    Abroad: a nationality whose country is not the place's, or, with no nationality, a mission word in the
    sentence ("the multinational security mission will add 400 police officers in Haiti")."""
    where = ctx.country_of(location)
    home = _country_named(force) if force else None
    if home is not None:
        return where is not None and where != home
    return any(phrase_at(sent.tokens, k, cue_phrases("mission")) for k in range(len(sent.tokens)))


def _compatible(a: Any, b: Any) -> bool:
    return a is None or b is None or a == b


def _repeated(new: _Result, results: list[_Result], definite: bool) -> _Result | None:
    """The earlier result that `new` states again, or None.

    Same figure and place, and a date and force that do not differ, when: everything is equal and the new
    one is dated or refers back ("the 2,500 troops"); or one of them is a headline (whose force may be
    only the headline's subject: "Japan to move 4,000 Marines"); or the new one refers back. Also a figure seen moving to a place before, now counted at that place ("about 100 Marines will
    shift from Kuwait to Qatar ... 150 soldiers arrived in Qatar").
    """
    low, high, location, date, force = new.key
    for r in results:
        r_low, r_high, r_location, r_date, r_force = r.key
        headline = r.headline or new.headline
        if (r_low, r_high) != (low, high) or not _compatible(r_date, date):
            continue
        if not (headline or _compatible(r_force, force)):
            continue
        if r_location == location:
            if r.key == new.key and (date is not None or definite):
                return r
            if definite or headline:
                return r
        elif location is not None and location == r.destination:
            return r
    return None


def _destination(sent: _Sentence, cand: _Candidate, ctx: _Context, places_at: dict, force: str | None) -> str | None:
    """Where the counted troops are moving to, if the clause says so ("shift from Kuwait to Qatar")."""
    tokens = sent.tokens
    for k in range(cand.last, len(tokens)):
        if tokens[k].kind == "punct" and tokens[k].text in TAIL_BREAKS and tokens[k].text != ",":
            break  # commas may set off a place's country: "from Erbil, Iraq, to Kuwait"
        if tokens[k].lower in cue_terms("tail_stop"):
            break
        if k in places_at and _prep_before(tokens, k) == "destination":
            return _resolve_place(places_at[k], ctx, force, tokens, places_at, k)
    return None


def _link_line_start(text: str, tokens: list[Token]) -> int | None:
    """Index of the first token of a line that links to another article ("Related: ...", "Read more | ..."),
    or None: figures from there on are that article's."""
    for k, tok in enumerate(tokens):
        if k > 0 and "\n" not in text[tokens[k - 1].end : tok.start]:
            continue
        label = phrase_at(tokens, k, exclusion_phrases("link_label"))
        if label is not None and k + len(label) < len(tokens) and tokens[k + len(label)].text in (":", "|"):
            return k
    return None


def _is_headline(text: str, sent: "_Sentence") -> bool:
    """A title line: a short sentence alone in its paragraph that does not end like a sentence."""
    body = text[sent.start : sent.end].rstrip()
    return len(sent.tokens) <= 25 and not body.endswith((".", "!", "?", '"', "”", "’", "'", ":"))
