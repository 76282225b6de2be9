"""Officials in article text: pure functions over a string, no spaCy.

The officials component hands in the text plus optional hints from the
statistical pipeline (PERSON spans, coarse part of speech by character offset)
and the places the locations component resolved; with the blank pipeline the
hints are empty and the rules below work from the text alone.

An official is a person with a role cue:
- a title right before the name ("Chief Pentagon Spokesperson Sean Parnell",
  "Anbar Gov. Ali Farhan", "the dictator Saddam Hussein"),
- an appositive after it ("Gen. Helen Ward, chief of the general staff,")
  or before it ("Iran's most powerful military commander, Qassem Soleimani"),
- a relative clause right after it (", who chairs the defence committee", ", who is the army's chief"),
- the leader's frame "<Name>'s <Organisation> movement/rebels/party",
- or a well-known leader from data/official_leaders.jsonl ("Putin", rebel and militia leaders too).
Honorifics between a title and a name ("Defence Minister H.E. X", "Dr.", "Sheikh") belong to neither.
A unit or organisation name is never a person: a unit word of data/official_cues.jsonl (kind unit: "Task Force
Helmand", "Combined Team Uruzgan", "Officer Academy") is no name word and takes the capitalised words beside it into
the unit's name; a name that is as a whole a country, region or province ("Helmand", "Burkina Faso") or, alone, a
common noun by the model's part of speech is none either, whatever title stands before it.
One fact per person: later mentions ("Parnell", "Biden's") fold in by surname.
Unnamed sources ("a senior Iraqi security official") are facts with name None;
a definite "the spokesman" later on is a mention of the person it refers to.
Word lists live in data/titles.jsonl and data/official_*.jsonl.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from withdrawal_cli.resources import check_choice, load_jsonl, name_particles

Span = tuple[int, int]

TITLE_KINDS = ("role", "rank", "modifier", "honorific")
CUE_KINDS = ("byline", "journalist", "speech", "function", "nonname", "role_verb", "institution", "led_group", "unit")
PARTICLES = name_particles()
PREPOSITIONS_AFTER_HEAD = frozenset({"of", "for", "at", "in", "on", "to", "with"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their", "our"})
INDEFINITE = frozenset({"a", "an", "one", "another"})
CLAUSE_ENDERS = frozenset({",", ";", ":", ".", "!", "?", "\"", "“", "”", "—", "–", "(", ")", "[", "]"})
APPOSITIVE_STOP_WORDS = frozenset({"who", "whom", "whose", "which", "that", "said", "says", "told", "added"})
VERB_POS = frozenset({"VERB", "AUX"})
MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM", "ADV"})
TITLE_PREFIXES = frozenset({"then", "ex", "vice", "co", "acting", "former", "deputy", "now", "interim"})
LOCATIVE = frozenset({"in", "to", "at", "from", "near", "inside", "across", "around"})
MAX_NAME_TOKENS = 5
MAX_COMPLEMENT_TOKENS = 12


# ---------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    title_words: frozenset[str]  # every word of every title term, lowercased
    heads: dict  # head word (lowercased) -> (kind, cased)
    unnamed_heads: frozenset[str]
    abbreviations: frozenset[str]  # lowercased tokens ending in "." that keep their period
    cues: dict  # kind -> frozenset of lowercased words
    orgs: tuple  # (tuple of words, affiliation), longest first
    org_words: frozenset[str]
    leaders: dict  # key (normalised surname or alias) -> (name, affiliation)
    leader_names: tuple  # (tuple of words, key)
    short_acronyms: frozenset[str] = frozenset()  # org words only ever written in capitals ("UN", "AU"): "Un" is a name
    rank_words: frozenset[str] = frozenset()  # every word of a rank ("lt.", "gen", "colonel")
    role_pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent words inside one role ("secretary", "general")
    relational_heads: frozenset[str] = frozenset()  # "predecessor": names a role only through another person
    honorifics: frozenset[str] = frozenset()  # "dr.", "h.e.", "sheikh": between a title and a name, part of neither
    given_names: frozenset[str] = frozenset()  # titles also given as names ("Sultan"): a name after another title


def _head_word(words: Sequence[str]) -> str:
    if "of" in words and words.index("of") > 0:
        return words[words.index("of") - 1]
    return words[-1]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    titles = load_jsonl("titles.jsonl", required=("term", "kind"), allowed=("cased", "unnamed", "head", "relational", "given_name"))
    check_choice("titles.jsonl", titles, "kind", TITLE_KINDS)
    cues = load_jsonl("official_cues.jsonl", required=("term", "kind"))
    check_choice("official_cues.jsonl", cues, "kind", CUE_KINDS)
    orgs = load_jsonl("official_orgs.jsonl", required=("term", "affiliation"))
    leaders = load_jsonl("official_leaders.jsonl", required=("name", "aliases", "affiliation"))

    abbreviations = {"jr.", "sr.", "st.", "no."}
    for rec in titles:
        abbreviations.update(w.lower() for w in rec["term"].split() if w.endswith("."))
    abbreviations = frozenset(abbreviations)

    title_words: set[str] = set()
    heads: dict = {}
    unnamed: set[str] = set()
    relational: set[str] = set()
    rank_words: set[str] = set()
    role_pairs: set[tuple[str, str]] = set()
    honorifics: set[str] = set()
    given_names = frozenset(rec["term"].lower() for rec in titles if rec.get("given_name"))
    for rec in titles:
        words = [t.text.lower() for t in tokenize(rec["term"], abbreviations)]
        if rec["kind"] == "honorific":
            if len(words) == 1:
                honorifics.add(words[0])
            continue
        if rec["kind"] == "rank":
            rank_words.update(words)
        elif rec["kind"] == "role":
            role_pairs.update(zip(words, words[1:]))
        title_words.update(w for w in words if w not in ("of", "the", "and"))
        if rec["kind"] in ("role", "rank"):
            head = rec.get("head") or _head_word(words)
            previous = heads.get(head)
            if previous is None or (previous[0] == "rank" and rec["kind"] == "role"):
                heads[head] = (rec["kind"], bool(rec.get("cased")))
            if rec.get("unnamed"):
                unnamed.add(head)
            if rec.get("relational"):
                relational.add(head)
    cue_sets = {kind: frozenset(r["term"].lower() for r in cues if r["kind"] == kind) for kind in CUE_KINDS}
    # plurals are title words but never heads: "Presidents Joe Biden and ..." is not a name "Presidents Joe Biden"
    title_words.update(h[:-3] + "men" if h.endswith("man") else h + "s" for h in heads if not h.endswith("."))
    title_words -= cue_sets["function"]  # "Under Secretary", "then": never chain across a function word

    org_list = []
    for rec in orgs:
        words = tuple(t.text for t in tokenize(rec["term"], abbreviations))
        org_list.append((words, rec["affiliation"]))
    org_list.sort(key=lambda item: -len(item[0]))

    leader_keys: dict = {}
    leader_names = []
    for rec in leaders:
        words = tuple(t.base for t in tokenize(rec["name"], abbreviations))
        key = surname_key(words[-1])
        leader_keys[key] = (rec["name"], rec["affiliation"])
        leader_names.append((words, key))
        for alias in rec["aliases"]:
            alias_words = tuple(t.base for t in tokenize(alias, abbreviations))
            leader_names.append((alias_words, key))
    leader_names.sort(key=lambda item: -len(item[0]))
    return Lexicon(
        title_words=frozenset(title_words),
        heads=heads,
        unnamed_heads=frozenset(unnamed),
        abbreviations=abbreviations,
        cues=cue_sets,
        orgs=tuple(org_list),
        org_words=frozenset(w.lower() for words, _ in org_list for w in words),
        leaders=leader_keys,
        leader_names=tuple(leader_names),
        short_acronyms=frozenset(
            w.lower() for words, _ in org_list for w in words if len(w) <= 3 and w.isupper() and w.isalpha()
        ) - {w.lower() for words, _ in org_list for w in words if not w.isupper()},
        rank_words=frozenset(rank_words),
        role_pairs=frozenset(role_pairs),
        relational_heads=frozenset(relational),
        honorifics=frozenset(honorifics),
        given_names=given_names,
    )


# ---------------------------------------------------------------- tokens


@dataclass
class Tok:
    text: str
    start: int
    end: int
    base: str  # text without a possessive 's
    poss: bool
    word: bool  # a word (not punctuation or a number)
    newline_before: bool = False
    pos: str | None = None

    @property
    def lower(self) -> str:
        return self.base.lower()

    @property
    def tkey(self) -> str:
        """The word as a title word: "then-President" -> "president", "ex-minister" -> "minister"."""
        low = self.base.lower()
        prefix, sep, rest = low.partition("-")
        if sep and prefix in TITLE_PREFIXES and rest:
            return rest
        return low

    @property
    def cap(self) -> bool:
        return self.word and self.base[:1].isupper()

    @property
    def base_end(self) -> int:
        return self.start + len(self.base)


_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")


def tokenize(text: str, abbreviations: frozenset[str] | None = None) -> list[Tok]:
    """Words (hyphenated names and possessives kept whole), initialisms, numbers and punctuation, with offsets."""
    if abbreviations is None:
        abbreviations = lexicon().abbreviations
    toks: list[Tok] = []
    append = toks.append
    new = object.__new__
    prev_end = 0
    size = len(text)
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        value = m.group()
        is_word = value[:1].isalpha()
        if is_word and end < size and text[end] == "." and not value.endswith("."):
            if (value + ".").lower() in abbreviations or (len(value) == 1 and value.isupper()):
                value += "."
                end += 1
        if start < prev_end:  # swallowed by the previous token's period
            continue
        base = value
        poss = False
        if is_word and len(value) > 2 and value[-1] == "s" and value[-2] in "'’":
            base, poss = value[:-2], True
        # Tok(...) without the dataclass __init__: this loop runs over every character of every article
        tok = new(Tok)
        tok.__dict__ = {"text": value, "start": start, "end": end, "base": base, "poss": poss, "word": is_word,
                        "newline_before": text.find("\n", prev_end, start) != -1, "pos": None}
        append(tok)
        prev_end = end
    return toks


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def surname_key(word: str) -> str:
    """Key a person is grouped by: the last name without article prefix ("al-Aaraji" -> "aaraji")."""
    key = normalise(word)
    for prefix in ("al-", "el-", "al ", "el "):
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            key = key[len(prefix):]
    return key


# ---------------------------------------------------------------- word classes


def _is_function(tok: Tok, lex: Lexicon) -> bool:
    if len(tok.base) > 1 and tok.base.isupper():
        return False  # an acronym ("US", "UN"), not the pronoun
    return tok.lower.rstrip(".") in lex.cues["function"] or tok.lower in lex.cues["function"]


def _is_honorific(tok: Tok, lex: Lexicon) -> bool:
    """'Dr.', 'H.E.', 'Hon.', 'Sheikh', 'Mrs.': a courtesy word before a name, neither name nor title."""
    if not (tok.word and tok.cap and tok.text.lower() in lex.honorifics):
        return False
    return "." in tok.text or not tok.base.isupper()  # "MS Thakur": capitals without dots are initials


def _skip_honorifics(toks: Sequence[Tok], k: int, lex: Lexicon) -> int:
    """Index where the honorifics right before toks[k] start (== k when none): 'Minister H.E. Dr. <name>'."""
    while k > 0 and _is_honorific(toks[k - 1], lex) and not toks[k].newline_before:
        k -= 1
    return k


def _is_particle_name(tok: Tok) -> bool:
    """'al-Sudani': a lowercase article prefix glued to a capitalised name."""
    head, sep, rest = tok.base.partition("-")
    return bool(sep) and head.lower() in PARTICLES and rest[:1].isupper()


def _is_title_word(tok: Tok, lex: Lexicon) -> bool:
    return tok.tkey in lex.title_words


def _is_org_word(tok: Tok, lex: Lexicon) -> bool:
    """An institution word ("Pentagon", "UN"); a short acronym only in capitals ("Kim Jong Un" ends in a name)."""
    if tok.lower not in lex.org_words:
        return False
    return not (tok.lower in lex.short_acronyms and not tok.base.isupper())


def _is_initials(toks: Sequence[Tok], k: int, end: int, lex: Lexicon) -> bool:
    """Initials in capitals before a surname ("PGK Menon", "MK Rao", "J.R. Jayewardene"): 2-4 capitals, with or
    without dots, not an institution or a country ("UN", "U.S."), followed in the same run by a name word written
    in normal capitals."""
    tok = toks[k]
    if not (tok.word and re.fullmatch(r"[A-Z]{2,4}|(?:[A-Z]\.){2,4}", tok.base)) or tok.poss or k + 1 >= end:
        return False
    nxt = toks[k + 1]
    if nxt.base.isupper() or not _is_name_word(nxt, lex):
        return False
    if tok.lower in lex.org_words or tok.tkey in lex.title_words or tok.lower in lex.cues["nonname"]:
        return False
    if _is_honorific(tok, lex):
        return False  # "H.E. <name>": His/Her Excellency, not initials
    return _country_for_demonym(tok.base) is None and _country_of_place(tok.base) is None


def _is_name_word(tok: Tok, lex: Lexicon) -> bool:
    """Could this token be part of a personal name?"""
    if not tok.word:
        return False
    if not (tok.cap or _is_particle_name(tok)):
        return False
    low = tok.lower
    if tok.tkey in lex.title_words or _is_org_word(tok, lex) or _is_function(tok, lex):
        return False
    if low in lex.cues["nonname"] or low in lex.cues["unit"]:
        return False  # "Academy", "Team": a word of an institution's or unit's name
    if _is_honorific(tok, lex):
        return False  # "Sheikh", "Dr.": a courtesy word, not part of the name
    if _country_for_demonym(tok.base):
        return False  # "Iraqi", "Turkish"
    if len(tok.base) > 1 and tok.base.isupper() and not re.fullmatch(r"[A-Z]\.", tok.base):
        return False  # ALL CAPS: a dateline, acronym or headline word
    if tok.text.endswith(".") and not re.fullmatch(r"[A-Z]\.", tok.text):
        return False  # an abbreviation
    return True


def _head_of(tok: Tok, lex: Lexicon) -> tuple[str, bool] | None:
    """(kind, cased) when the token can head a title ("President", "spokesman", "Gen.")."""
    key = tok.tkey
    entry = lex.heads.get(key)
    if entry is None and "-" in key:
        # a hyphenated compound of role words ("minister-adviser", "adviser-general"): its last role word heads it
        parts = key.split("-")
        if all(p in lex.title_words for p in parts):
            key = next((p for p in reversed(parts) if p in lex.heads), key)
            entry = lex.heads.get(key)
            if entry is not None:
                offset = tok.base.lower().rfind(key)
                kind, cased = entry
                return None if cased and not tok.base[offset:offset + 1].isupper() else entry
    if entry is None:
        return None
    kind, cased = entry
    if cased and not tok.base[len(tok.base) - len(key):][:1].isupper():
        return None
    return entry


def _verb_at(toks: Sequence[Tok], i: int, lex: Lexicon) -> bool:
    """A verb, but not a participle used as an adjective after a determiner ("the ruling council", "the armed forces")."""
    tok = toks[i]
    if not _is_verb(tok, lex):
        return False
    return not (i > 0 and toks[i - 1].lower in DETERMINERS and tok.lower.endswith(("ing", "ed")))


def _is_verb(tok: Tok, lex: Lexicon) -> bool:
    if tok.pos is not None:
        return tok.pos in VERB_POS
    low = tok.lower
    return low in lex.cues["speech"] or (low.endswith("ed") and low not in lex.title_words and not tok.cap)


# ---------------------------------------------------------------- data classes


@dataclass
class NamedMention:
    start: int
    end: int
    text: str
    tokens: int  # number of name words
    title: str | None = None
    title_kind: str | None = None  # role | rank
    title_start: int | None = None
    title_end: int | None = None
    definite_head: str | None = None  # "The spokesman, Col. X": the bare head word of a definite appositive
    cue: bool = False
    rejected: bool = False  # byline, journalist, place
    leader_key: str | None = None
    at_place: bool = False
    words: tuple = ()  # the name's words, possessive stripped
    title_spans: list = field(default_factory=list)  # where the title words are (not mentions, not sources)


@dataclass
class Official:
    name: str | None
    title: str | None
    title_kind: str | None
    affiliation: str | None
    start: int
    end: int
    text: str
    mentions: list[Span] = field(default_factory=list)
    key: str | None = None
    head: str | None = None
    sentence_index: int = 0
    definite_head: str | None = None  # set when the person was introduced as "The spokesman, <name>"


# ---------------------------------------------------------------- helpers


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def _clean_title(text: str) -> str:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def _title_head(title: str | None, lex: Lexicon) -> str | None:
    """The head word of a title: the last role word before any complement."""
    if not title:
        return None
    head = None
    for tok in tokenize(title, lex.abbreviations):
        if tok.lower in PREPOSITIONS_AFTER_HEAD or tok.lower == "and":
            if head:
                break
            continue
        if _head_of(tok, lex):
            head = tok.lower
    return head


def _sentence_index(pos: int, sentences: Sequence[Span]) -> int:
    """Index of the sentence holding (or last starting before) `pos`."""
    starts = [s for s, _e in sentences]
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def split_sentences(text: str, toks: list[Tok] | None = None) -> list[Span]:
    """Sentence bounds from our own tokens: a full stop that is not part of an abbreviation
    ("Lt. Col.", "U.S.") or a line break ends a sentence."""
    toks = tokenize(text) if toks is None else toks
    spans: list[Span] = []
    start = None
    closing = ("\"", "”", "’", "'", ")")
    skip_to = 0
    for i, tok in enumerate(toks):
        if i < skip_to:
            continue
        if tok.newline_before and start is not None:
            spans.append((start, toks[i - 1].end))
            start = None
        if start is None:
            start = tok.start
        if tok.text in (".", "!", "?"):
            k = i + 1
            while k < len(toks) and toks[k].text in closing and not toks[k].newline_before:
                k += 1
            if k >= len(toks) or toks[k].newline_before or toks[k].text[:1].isupper() or toks[k].text in ("“", "\""):
                spans.append((start, toks[k - 1].end))
                start = None
                skip_to = k
    if start is not None and toks:
        spans.append((start, toks[-1].end))
    return spans


# ---------------------------------------------------------------- affiliation


@lru_cache(maxsize=4096)
def _country_for_demonym(word: str) -> str | None:
    from withdrawal_cli.gazetteer import country_for_demonym

    return country_for_demonym(word)


def _country_of_place(word: str) -> str | None:
    from withdrawal_cli import gazetteer

    place = gazetteer.resolve(word)
    if place is None or place.kind in ("base", "facility"):
        return None
    if place.kind in ("country", "region", "province"):
        return place.name  # "Anbar Gov.", "Kurdistan Region Prime Minister", "Basra governor"
    return place.country or place.name  # a capital stands for its government ("Washington's envoy")


def affiliation_of(title: str | None, lex: Lexicon | None = None) -> str | None:
    """The country or organisation a title names: "Iraqi Prime Minister" -> Iraq, "Pentagon spokesman" -> United States."""
    if not title:
        return None
    lex = lex or lexicon()
    toks = [t for t in tokenize(title, lex.abbreviations) if t.word]
    for cut, tok in enumerate(toks):
        if tok.lower in LOCATIVE:  # "commander of coalition forces in Iraq": where, not whose
            toks = toks[:cut]
            break
    # an organisation's name can only match where its first word stands (an empty name, were there one, everywhere)
    by_first = None if any(not words for words, _ in lex.orgs) else _by_word(lex.orgs, 0)
    i = 0
    while i < len(toks):
        for words, affiliation in (lex.orgs if by_first is None else by_first.get(toks[i].base, ())):
            n = len(words)
            window = toks[i:i + n]
            if len(window) == n and all(t.base == w for t, w in zip(window, words)):
                return affiliation
        tok = toks[i]
        if tok.poss and tok.cap:  # "Putin's envoy"
            leader = next((lex.leaders[key] for words, key in lex.leader_names if words == (tok.base,)), None)
            if leader:
                return leader[1]
        if tok.cap and not _is_function(tok, lex) and tok.lower not in lex.title_words:
            if i + 1 < len(toks) and toks[i + 1].cap:  # two words first: "North Korean" is not "Korean"
                country = _country_for_demonym(f"{tok.base} {toks[i + 1].base}")
                if country:
                    return country
            country = _country_for_demonym(tok.base) or _country_of_place(tok.base)
            if country:
                return country
            if i + 1 < len(toks) and toks[i + 1].cap:  # two-word places ("Sierra Leone's")
                country = _country_of_place(f"{tok.base} {toks[i + 1].base}")
                if country:
                    return country
        i += 1
    return None


# ---------------------------------------------------------------- cues around a name


def _possessor_start(toks: Sequence[Tok], j: int, lex: Lexicon, lower: int = 0) -> int:
    """First index of a capitalised possessor ending at toks[j] ("the Kurdistan Region's" -> "Kurdistan")."""
    while j > lower and toks[j - 1].cap and not _is_function(toks[j - 1], lex) and not toks[j].newline_before:
        j -= 1
    return j


def _chain_left(toks: list[Tok], i: int, lex: Lexicon) -> int:
    """Index of the first token of the title words right before toks[i] (== i when none)."""
    j = i - 1
    first = i
    while j >= 0:
        tok = toks[j]
        if not tok.word or toks[j + 1].newline_before:
            break
        low = tok.lower
        if tok.poss:
            if tok.cap:
                first = _possessor_start(toks, j, lex)
            elif tok.tkey in lex.title_words:
                first = j
            break
        if tok.tkey in lex.title_words or low in lex.org_words:
            first = j
        elif low == "of" and j > 0 and toks[j - 1].word and toks[j - 1].lower in lex.title_words and first < i:
            first = j
        elif low in ("and", "&") and first == j + 1 and _joins_organisation(toks, j, lex):
            first = j  # "US Army Europe and Africa spokesperson", "Ministry of Defence and Veterans Affairs"
        elif tok.cap and not _is_function(tok, lex) and not tok.text.endswith(".") and first < i:
            first = j  # "Anbar Gov.", "Iraqi Prime Minister": a capitalised word before title words
        elif tok.cap and tok.lower in lex.org_words:
            first = j
        else:
            break
        j -= 1
    while first < i and toks[first].lower == "of":
        first += 1
    return first


def _is_place_word(tok: Tok) -> bool:
    return _country_for_demonym(tok.base) is not None or _country_of_place(tok.base) is not None


def _joins_organisation(toks: list[Tok], j: int, lex: Lexicon) -> bool:
    """Is the 'and' at toks[j] inside an organisation's name in a title ('US Army Europe and Africa spokesperson')?
    Both sides are capitalised; the right one is no title word ('Smith and Defence Minister X' is two people), the
    left one an institution, title or place word (not a person's name)."""
    if j == 0 or j + 1 >= len(toks) or toks[j].newline_before or toks[j + 1].newline_before:
        return False
    left, right = toks[j - 1], toks[j + 1]
    if not (left.cap and right.cap) or left.poss or _is_function(left, lex):
        return False
    if right.tkey in lex.title_words or _head_of(right, lex):
        return False
    if _is_place_word(left) and _is_place_word(right):
        # two places join only inside a longer name ("US Army Europe and Africa"), not in a list ("talks between
        # Iraq and Turkey Foreign Minister X")
        before = toks[j - 2] if j >= 2 and not toks[j - 1].newline_before else None
        return before is not None and before.cap and (before.lower in lex.org_words or before.tkey in lex.title_words)
    return left.lower in lex.org_words or left.tkey in lex.title_words or _is_place_word(left)


def _pre_title(toks: list[Tok], first: int, name_start: int, text: str, lex: Lexicon) -> tuple[str, str] | None:
    """(title, kind) of the title words toks[first:name_start], if they contain a head."""
    kinds = [h[0] for h in (_head_of(t, lex) for t in toks[first:name_start]) if h]
    if not kinds:
        return None
    title = text[toks[first].start:toks[name_start - 1].end]
    return title, ("role" if "role" in kinds else "rank")


def _without_trailing_rank(toks: list[Tok], first: int, name_start: int, text: str, lex: Lexicon):
    """'Malian army spokesman Colonel X' -> ('Malian army spokesman', 'role'): a rank right before the
    name is the person's rank, not part of the role (unless the words form one role: 'Secretary General')."""
    r = name_start
    while r > first and toks[r - 1].tkey in lex.rank_words and toks[r - 1].cap:
        r -= 1
    if r == name_start or r == first:
        return None
    if (toks[r - 1].tkey, toks[r].tkey) in lex.role_pairs:
        return None
    return _pre_title(toks, first, r, text, lex)


def _phrase_is_role(toks: list[Tok], lex: Lexicon, max_head: int = 7) -> int | None:
    """Index of the head when toks (an appositive, article stripped) is '<modifiers> <role> [of ...]'."""
    head = None
    for k, tok in enumerate(toks):
        if k > max_head:
            break
        if not tok.word:
            if tok.text in ("-", "–"):
                continue
            break
        low = tok.lower
        if low in PREPOSITIONS_AFTER_HEAD or low == "and":
            break
        if _head_of(tok, lex):
            head = k
            continue
        if low in lex.cues["journalist"]:
            return None
        if tok.poss or (k == 0 and low in TITLE_PREFIXES):
            continue  # "Iran's top commander", "then prime minister"
        # an -ing word right before a head modifies it ("retiring commander", "commanding officer")
        ing_modifier = low.endswith("ing") and k + 1 < len(toks) and _head_of(toks[k + 1], lex) is not None
        if _is_verb(tok, lex) and low not in lex.title_words and not ing_modifier:
            break
        if _is_function(tok, lex) and low not in ("most", "more"):
            break
        if tok.pos is not None and tok.pos not in MODIFIER_POS and low not in lex.title_words and not ing_modifier:
            break
        if head is not None and k > head:
            head = None  # "minister's office": the role word was a modifier
            break
    return head


def _post_appositive(toks: list[Tok], j: int, text: str, lex: Lexicon) -> tuple[str, Span] | None:
    """Title from ', <role phrase>,' right after the name ending at toks[j-1]."""
    if j >= len(toks) or toks[j].text != ",":
        return None
    k = j + 1
    if k < len(toks) and toks[k].lower in ("the", "a", "an"):
        k += 1
    phrase: list[Tok] = []
    depth = 0
    while k < len(toks):
        tok = toks[k]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if tok.text in CLAUSE_ENDERS or tok.newline_before or tok.lower in APPOSITIVE_STOP_WORDS:
                break
            phrase.append(tok)
        k += 1
        if len(phrase) > MAX_COMPLEMENT_TOKENS + 8:
            return None
    if not phrase:
        return None
    head = _phrase_is_role(phrase, lex)
    if head is None:
        return None
    complement = phrase[head + 1:]
    for c in range(len(complement)):
        if _participle_clause(complement, c, lex):
            phrase = phrase[:head + 1 + c]  # "head of the joint committee overseeing the pullout": the role ends
            break
        if c > 0 and complement[c].lower.endswith("ing") and complement[c - 1].lower in PREPOSITIONS_AFTER_HEAD:
            continue  # a gerund after a preposition: "head of the committee for coordinating the pullout"
        if _verb_at(complement, c, lex):
            return None
    return _clean_title(text[phrase[0].start:phrase[-1].end]), (phrase[0].start, phrase[-1].end)


def _participle_clause(toks: Sequence[Tok], c: int, lex: Lexicon) -> bool:
    """Does a participle clause start at toks[c], right after a noun ('the committee overseeing the pullout',
    'the council formed in 2019')?"""
    tok = toks[c]
    low = tok.lower
    if c == 0 or tok.cap or not low.endswith(("ing", "ed")) or len(low) <= 5:
        return False
    prev = toks[c - 1]
    if not prev.word or prev.lower in DETERMINERS or prev.lower in PREPOSITIONS_AFTER_HEAD or prev.lower == "and":
        return False
    if tok.pos is not None:
        return tok.pos == "VERB"
    if low.endswith("ed"):
        return _is_verb(tok, lex)
    nxt = toks[c + 1] if c + 1 < len(toks) else None
    return nxt is not None and (nxt.lower in DETERMINERS or nxt.poss or nxt.lower in ("in", "on", "at", "for"))


RELATIVE_ADVERBS = frozenset({"also", "now", "currently", "still", "formerly", "previously"})
COPULAS = frozenset({"is", "was"})


def _post_relative(toks: list[Tok], j: int, text: str, lex: Lexicon) -> tuple[str, Span] | None:
    """Title from a relative clause right after the name ending at toks[j-1]: ', who chairs the defence committee'
    (a role verb of data/official_cues.jsonl and its object) or ', who is the army's chief of staff' (a role phrase)."""
    if j + 2 >= len(toks) or toks[j].text != "," or toks[j + 1].lower != "who" or toks[j + 1].newline_before:
        return None
    k = j + 2
    while k < len(toks) and toks[k].lower in RELATIVE_ADVERBS:
        k += 1
    if k >= len(toks) or toks[k].newline_before:
        return None
    verb = toks[k]
    if verb.lower in lex.cues["role_verb"]:
        phrase = [verb]
        m = k + 1
        while m < len(toks) and len(phrase) <= MAX_COMPLEMENT_TOKENS:
            tok = toks[m]
            if tok.text in CLAUSE_ENDERS or tok.newline_before or tok.lower in APPOSITIVE_STOP_WORDS:
                break
            if tok.pos in VERB_POS or tok.lower in lex.cues["speech"]:
                break
            phrase.append(tok)
            m += 1
        if len(phrase) < 2 or len(phrase) > MAX_COMPLEMENT_TOKENS or not phrase[-1].word:
            return None
        # the object is an institution ("the defence committee", "NATO's military committee"), not "the talks"
        if not any(t.lower in lex.cues["institution"] or _is_org_word(t, lex) or t.tkey in lex.title_words
                   for t in phrase[1:]):
            return None
        return _clean_title(text[verb.start:phrase[-1].end]), (verb.start, phrase[-1].end)
    if verb.lower in COPULAS or (verb.lower in ("serves", "served") and k + 1 < len(toks) and toks[k + 1].lower == "as"):
        k += 1 if verb.lower in COPULAS else 2
        if k < len(toks) and toks[k].lower in ("the", "a", "an"):
            k += 1
        phrase = []
        while k < len(toks) and len(phrase) <= MAX_COMPLEMENT_TOKENS:
            tok = toks[k]
            if tok.text in CLAUSE_ENDERS or tok.newline_before or tok.lower in APPOSITIVE_STOP_WORDS:
                break
            phrase.append(tok)
            k += 1
        head = _phrase_is_role(phrase, lex) if phrase and len(phrase) <= MAX_COMPLEMENT_TOKENS else None
        if head is None:
            return None
        complement = phrase[head + 1:]
        if any(_verb_at(complement, c, lex) for c in range(len(complement))):
            return None
        return _clean_title(text[phrase[0].start:phrase[-1].end]), (phrase[0].start, phrase[-1].end)
    return None


def _pre_appositive(toks: list[Tok], first: int, text: str, lex: Lexicon) -> tuple[str, str | None, Span] | None:
    """(title, determiner) from '<role phrase>, Name' where toks[first] starts the name (or its title words)."""
    j = first - 1
    if j < 1 or toks[j].text != ",":
        return None
    # the clause before the comma
    k = j - 1
    while k >= 0 and toks[k].text not in CLAUSE_ENDERS and not toks[k + 1].newline_before:
        k -= 1
    clause = toks[k + 1:j]
    if not clause:
        return None
    # the rightmost head whose complement (up to the comma) holds no verb
    for h in range(len(clause) - 1, -1, -1):
        tok = clause[h]
        if _verb_at(clause, h, lex) or (tok.lower in APPOSITIVE_STOP_WORDS and tok.lower != "that"):
            return None
        if not _head_of(tok, lex) or tok.poss:
            continue
        complement = clause[h + 1:]
        if complement and complement[0].lower not in PREPOSITIONS_AFTER_HEAD:
            continue
        if len(complement) > MAX_COMPLEMENT_TOKENS:
            return None
        start = h
        while start > 0:
            prev = clause[start - 1]
            low = prev.lower
            if prev.poss:
                start = _possessor_start(clause, start - 1, lex) if prev.cap else start - 1
                break
            if low in DETERMINERS or _is_function(prev, lex) and low not in ("most", "more"):
                break
            if _is_verb(prev, lex) and low not in lex.title_words:
                break
            if prev.pos is not None and prev.pos not in MODIFIER_POS and low not in lex.title_words:
                break
            if not prev.word:
                break
            start -= 1
        determiner = clause[start - 1].lower if start > 0 and clause[start - 1].lower in DETERMINERS else None
        return _clean_title(text[clause[start].start:clause[-1].end]), determiner, (clause[start].start, clause[-1].end)
    return None


def _is_byline(toks: list[Tok], first: int, lex: Lexicon) -> bool:
    """'By Jane Doe' at a line start, '(photo by Staff Sgt. X)', 'Reporting by X'."""
    j = first - 1
    if j < 0:
        return False
    tok = toks[j]
    if tok.lower == "by":
        if tok.newline_before or j == 0:
            return True
        if j >= 1 and toks[j - 1].text in ("-", "—", "–", "•", "◆", "|", "("):
            return True
        return j >= 1 and toks[j - 1].lower in lex.cues["byline"]
    if tok.text == ":" and j >= 1 and toks[j - 1].lower in lex.cues["byline"]:
        return True
    return False


# ---------------------------------------------------------------- named mentions


def _name_runs(toks: list[Tok], lex: Lexicon) -> list[tuple[int, int]]:
    """(first, last+1) token indexes of maximal runs of capitalised words (possessive ends a run)."""
    runs = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if not (tok.cap or _is_particle_name(tok)):
            i += 1
            continue
        j = i
        while j < n:
            t = toks[j]
            if j > i and t.newline_before:
                break
            ok = t.cap or _is_particle_name(t)
            if not ok and t.word and t.lower in PARTICLES and j > i:
                k = j  # "de la Vega", "bin Salman": particles between capitalised words
                while k < n and toks[k].word and toks[k].lower in PARTICLES and not toks[k].newline_before:
                    k += 1
                ok = k < n and toks[k].cap and not toks[k].newline_before
            if not ok:
                break
            j += 1
            if t.poss:
                break
        runs.append((i, j))
        i = j
    return runs


def _name_blocks(toks: list[Tok], run: tuple[int, int], lex: Lexicon) -> list[tuple[int, int]]:
    """(first, last+1) of each personal-name block inside a capitalised run: name words with
    particles between them ("Iraqi Prime Minister Mohammed Shia al-Sudani" -> "Mohammed Shia al-Sudani")."""
    first, end = run
    blocks = []
    k = first
    while k < end:
        if not (_is_name_word(toks[k], lex) or _is_initials(toks, k, end, lex) or _given_name_title(toks, k, end, lex)):
            k += 1
            continue
        b = k
        e = k + 1
        while e < end:
            if _is_name_word(toks[e], lex) and not toks[e - 1].poss:
                e += 1
                continue
            if (_is_honorific(toks[e], lex) and not toks[e].text.endswith(".") and not toks[e - 1].poss
                    and e + 1 < end and _is_name_word(toks[e + 1], lex)):
                e += 1  # inside a name an honorific word is a name ("Hassan Sheikh Mohamud")
                continue
            if e - b == 1 and re.fullmatch(r"[IVX]{1,5}", toks[e].base) and not toks[e - 1].poss:
                e += 1  # a regnal number ("King Charles III", "Pope Leo XIV"); "Lloyd Austin III" keeps the surname last
                break
            p = e  # particles only count when a name word follows them
            while p < end and toks[p].lower in PARTICLES:
                p += 1
            if p > e and p < end and _is_name_word(toks[p], lex):
                e = p + 1
                continue
            break
        before = toks[b - 1] if b > first else None
        after = toks[e] if e < end else None
        glued = [t for t in (before, after) if t is not None and (
            t.lower in lex.cues["unit"] or t.lower in lex.cues["nonname"] and t.tkey not in lex.title_words)]
        # "Victoria Base", "Camp Blaz": a place; "Task Force Helmand", "Combined Team Uruzgan": a unit, not a person
        if not glued and e - b <= MAX_NAME_TOKENS:
            blocks.append((b, e))
        k = e
    return blocks


def _given_name_title(toks: list[Tok], k: int, end: int, lex: Lexicon) -> bool:
    """Is toks[k] a title that is also a given name, used as the name after another title and before more of the
    name ("Defence Minister Prince Sultan bin Abdulaziz", "Minister Sultan Al Jaber")?"""
    tok = toks[k]
    if tok.lower not in lex.given_names or k == 0 or k + 1 >= end:
        return False
    prev = toks[k - 1]
    if not (prev.tkey in lex.title_words or prev.lower in lex.honorifics):
        return False
    p = k + 1
    while p < end and toks[p].lower in PARTICLES:
        p += 1
    return p < end and _is_name_word(toks[p], lex)


def title_case_lines(text: str, lex: Lexicon, toks: list[Tok] | None = None) -> list[Span]:
    """Spans of headline-style lines ("Iraqi Military Source Confirmed to Kurdistan24"), where
    capitalisation says nothing about names. `toks`: tokenize(text), when the caller has it; no token runs over a
    line break, so a line's tokens are those of the whole text that start on it."""
    spans = []
    pos = 0
    k = 0
    for line in text.splitlines(keepends=True):
        if toks is None:
            line_toks = tokenize(line, lex.abbreviations)
        else:
            line_end = pos + len(line)
            first = k
            while k < len(toks) and toks[k].start < line_end:
                k += 1
            line_toks = toks[first:k]
        if line.rstrip().endswith((".", "!", "?", "\"", "”", ":", ",")):
            pos += len(line)
            continue  # a sentence, not a headline (most lines: their words need no look)
        words = [t for t in line_toks[1:] if t.word and len(t.base) >= 4]
        words = [t for t in words if not _is_function(t, lex) or t.cap]
        if len(words) >= 4 and sum(t.cap for t in words) >= 0.8 * len(words):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def named_mentions(text: str, toks: list[Tok], lex: Lexicon, *, persons: Sequence[Span] = (),
                   places: Sequence[Span] = (), has_ner: bool = False) -> list[NamedMention]:
    """Every capitalised name that could be a person, with the role cue found around it."""
    found = []
    headlines = title_case_lines(text, lex, toks)
    blocks = [block for run in _name_runs(toks, lex) for block in _name_blocks(toks, run, lex)]
    for k, end_idx in blocks:
        last = toks[end_idx - 1]
        start, end = toks[k].start, last.base_end
        mention = NamedMention(start, end, text[start:end], sum(1 for t in toks[k:end_idx] if t.lower not in PARTICLES))
        mention.words = tuple(t.base for t in toks[k:end_idx])
        span = (start, end)
        h = _skip_honorifics(toks, k, lex)  # "Defence Minister H.E. <name>": the title ends before the honorific
        first = _chain_left(toks, h, lex)
        pre = _pre_title(toks, first, h, text, lex) if first < h else None
        # a place by the gazetteer: never evidence of a person by itself, but a title before it says person
        # ("President Ahmet Kaya"), and a later bare "Kaya" still folds into that person
        at_place = _overlaps(span, places) and not _overlaps(span, persons) and pre is None
        # one word that names a country or province, or that the model reads as a common noun ("Academy"), is
        # never a person, whatever title stands before it ("commander of Task Force Helmand")
        at_place = at_place or (mention.tokens == 1 and _not_a_one_word_name(toks[k], span, persons, lex))
        # ... nor is a name of several words that is a country or province as a whole ("New Mexico", "Burkina Faso")
        at_place = at_place or (1 < mention.tokens <= 3 and _is_region_name(" ".join(mention.words)))
        # the model often takes a hyphenated given name for an organisation ("Jean-Claude X")
        person_like = _overlaps(span, persons) or (not at_place and _hyphenated_given_name(toks[k:end_idx]))
        title_words = " ".join(t.lower for t in toks[first:h])
        if any(w in lex.cues["journalist"] for w in title_words.split()):
            mention.rejected = True
        if _is_byline(toks, first, lex):
            mention.rejected = True
        nxt = toks[end_idx] if end_idx < len(toks) else None
        closes = nxt is None or nxt.newline_before or nxt.text in (",", ".", ";", ":", ")", "!", "?", "”", "\"")
        if nxt is not None and not last.poss and _attributive(nxt, lex):
            pre = None  # "the official Xinhua news agency", "President Obama administration": a modifier
        post = (_post_appositive(toks, end_idx, text, lex) or _post_relative(toks, end_idx, text, lex)
                if not last.poss else None)
        # "<role phrase>, Name," only when the name closes the phrase ("In talks with the president, Ali Salem said")
        before = _pre_appositive(toks, first, text, lex) if closes else None
        if pre and pre[1] == "rank" and mention.tokens < 2:
            pre = None  # "General Motors", "Major Smith" later on: a rank needs a full name
        if pre and pre[1] == "role":
            pre = _without_trailing_rank(toks, first, h, text, lex) or pre
        if pre:
            mention.title, mention.title_kind = pre
            mention.title_start, mention.title_end = toks[first].start, toks[h - 1].end
            mention.title_spans.append((toks[first].start, toks[h - 1].end))
        role_app = post[0] if post else (before[0] if before else None)
        if role_app and (mention.title_kind != "role"):
            named_person = person_like if has_ner else mention.tokens >= 2 or pre is not None
            if named_person or pre is not None:
                if before and not post and before[1] in ("the",) and len(before[0].split()) == 1:
                    mention.definite_head = _title_head(before[0], lex)
                mention.title, mention.title_kind = role_app, "role"
                mention.title_spans.append(post[1] if post else before[2])
        # "Jonas X's UNITA movement", "Y's Liberation Front rebels": the leader of an armed group or party
        leads_group = last.poss and mention.tokens >= 2 and _group_follows(toks, end_idx, lex)
        mention.cue = ((mention.title is not None or leads_group) and not _overlaps(span, headlines)
                       and not at_place)
        mention.at_place = at_place
        if has_ner and mention.cue and pre is None:
            if not person_like:
                mention.cue = False
        found.append(mention)
    return found


def _not_a_one_word_name(tok: Tok, span: Span, persons: Sequence[Span], lex: Lexicon) -> bool:
    """A name of one word that is a country, region or province ('Helmand', 'Afghanistan'; a town may be a
    surname: 'Austin'), a unit word, or a common noun by the model's part of speech ('Academy') is no person."""
    if tok.lower in lex.cues["unit"]:
        return True
    if tok.pos in ("NOUN", "ADJ", "VERB", "ADV") and not _overlaps(span, persons):
        return True
    return _is_region_name(tok.base)


def _is_region_name(name: str) -> bool:
    """A country, region or province by the gazetteer (a town may be a surname: 'Austin', 'Kaya')."""
    from withdrawal_cli import gazetteer

    place = gazetteer.resolve(name)
    return place is not None and place.kind in ("country", "region", "province")


def _group_follows(toks: Sequence[Tok], j: int, lex: Lexicon) -> bool:
    """After a possessive name: an organisation's name and a group noun ('UNITA movement', 'Renamo rebels',
    'National Liberation Front fighters') of data/official_cues.jsonl (kind led_group)."""
    k = j
    while k < len(toks) and k - j < 5 and toks[k].cap and not toks[k].poss and not toks[k].newline_before:
        k += 1
    if k == j or k >= len(toks) or toks[k].newline_before:
        return False
    return toks[k].lower in lex.cues["led_group"]


def _hyphenated_given_name(name: Sequence[Tok]) -> bool:
    """'Jean-Claude Mbarga', 'Paul-Henri X': a given name of two capitalised parts and a surname, no place."""
    if len(name) < 2 or name[0].poss:
        return False
    parts = name[0].base.split("-")
    if len(parts) != 2 or not all(p[:1].isupper() and p[1:].islower() and p.isalpha() for p in parts):
        return False
    return not any(_is_place_word(t) for t in name) and not any(
        _country_of_place(p) or _country_for_demonym(p) for p in parts)


def _attributive(nxt: Tok, lex: Lexicon) -> bool:
    """Is the word after a name a noun the name modifies ("Xinhua news agency")?"""
    if not nxt.word or nxt.cap or nxt.newline_before:
        return False
    if nxt.pos is not None:
        return nxt.pos == "NOUN" and nxt.lower not in lex.cues["speech"]
    return nxt.lower in lex.cues["nonname"]


def _leader_key(mention: NamedMention, lex: Lexicon) -> str | None:
    words = mention.words
    # only names ending in the mention's last word can match its end; the index keeps their (longest first) order
    candidates = _by_word(lex.leader_names, -1).get(words[-1], ()) if words else lex.leader_names
    for cand, key in candidates:
        n = len(cand)
        if n <= len(words) and words[-n:] == cand:
            return key
    return None


_WORD_INDEXES: dict[tuple[int, int], tuple[tuple, dict]] = {}


def _by_word(entries: tuple, at: int) -> dict:
    """{word: entries whose words[at] it is, in their order} for a lexicon's (words, value) tuples, built once per
    tuple (entries without words are left out: they match nothing a caller looks up here)."""
    cached = _WORD_INDEXES.get((id(entries), at))
    if cached is not None and cached[0] is entries:
        return cached[1]
    index: dict = {}
    for entry in entries:
        if entry[0]:
            index.setdefault(entry[0][at], []).append(entry)
    _WORD_INDEXES[(id(entries), at)] = (entries, index)
    return index


# ---------------------------------------------------------------- unnamed sources


@dataclass
class SourcePhrase:
    start: int  # of the phrase, article included
    end: int
    text: str
    title: str
    head: str
    definite: bool
    bare: bool  # the head alone ("the official")


def source_phrases(text: str, toks: list[Tok], lex: Lexicon, sentences: Sequence[Span]) -> list[SourcePhrase]:
    """'a senior Iraqi security official', 'the Pentagon spokesperson', "the country's deputy defence minister"."""
    out = []
    speech = lex.cues["speech"]
    starts = [s for s, _e in sentences]
    speech_sentences = {max(bisect.bisect_right(starts, t.start) - 1, 0) for t in toks if t.lower in speech}
    for i, tok in enumerate(toks):
        if not tok.word or tok.lower not in lex.unnamed_heads or tok.poss:
            continue
        if tok.pos is not None and tok.pos not in ("NOUN", "PROPN"):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and not nxt.newline_before and nxt.word:
            if nxt.cap and _is_name_word(nxt, lex):
                continue  # a title before a name
            if not (nxt.lower in speech or _is_function(nxt, lex) or _is_verb(nxt, lex)
                    or nxt.lower in PREPOSITIONS_AFTER_HEAD):
                continue  # "the official end": an adjective
            if tok.lower == "source" and nxt.lower == "of":
                continue  # "a source of tension"
        # modifiers back to the determiner
        j = i - 1
        while j >= 0:
            prev = toks[j]
            if not prev.word or toks[j + 1].newline_before:
                break
            low = prev.lower
            if low in DETERMINERS or low in INDEFINITE or prev.poss:
                break
            if _is_function(prev, lex) or _is_verb(prev, lex):
                break
            if prev.pos is not None and prev.pos not in MODIFIER_POS:
                break
            if not (low in lex.title_words or low in lex.org_words or prev.cap or prev.pos in ("ADJ", "NOUN", "PROPN")):
                break
            j -= 1
        det = toks[j] if j >= 0 and toks[j].word else None
        if det is None or not (det.lower in DETERMINERS or det.lower in INDEFINITE or det.poss):
            continue
        if det.lower in ("his", "her", "its", "their", "our", "this", "that"):
            continue
        mod_start = j + 1
        # a complement: "a spokesman for coalition forces in the north"
        end_idx = i + 1
        if nxt is not None and nxt.lower in ("for", "of", "at") and not nxt.newline_before:
            k = i + 2
            while k < len(toks) and k - i <= MAX_COMPLEMENT_TOKENS:
                t = toks[k]
                if not t.word or t.newline_before or _is_verb(t, lex) or t.lower in APPOSITIVE_STOP_WORDS:
                    break
                k += 1
            if k > i + 2 and toks[k - 1].word:
                end_idx = k
        if max(bisect.bisect_right(starts, tok.start) - 1, 0) not in speech_sentences:
            continue
        title_first = (_possessor_start(toks, j, lex) if det.cap else j) if det.poss else mod_start
        title = text[toks[title_first].start:toks[end_idx - 1].end]
        out.append(SourcePhrase(
            start=det.start, end=toks[end_idx - 1].end, text=text[det.start:toks[end_idx - 1].end],
            title=title, head=tok.lower, definite=det.lower == "the", bare=(mod_start == i and end_idx == i + 1),
        ))
    return out


# ---------------------------------------------------------------- assembling facts


def find_officials(text: str, *, persons: Sequence[Span] = (), places: Sequence[Span] = (),
                   pos: dict[int, str] | None = None, has_ner: bool = False,
                   toks: list[Tok] | None = None) -> list[Official]:
    """Officials of a text, in order of first mention.

    persons: PERSON spans of a statistical model; places: spans the locations component resolved;
    pos: coarse part of speech by token start offset; has_ner: whether `persons` comes from a model
    (then a name with only an appositive cue must be a PERSON); toks: `tokenize(text)` when the caller has it
    already (tokenizing is a large share of the time)."""
    lex = lexicon()
    toks = tokenize(text, lex.abbreviations) if toks is None else toks
    if pos:
        for tok in toks:
            tok.pos = pos.get(tok.start)
    sentences = split_sentences(text, toks)  # ours for distances: the model's may break at "Lt."

    mentions = named_mentions(text, toks, lex, persons=persons, places=places, has_ner=has_ner)
    # group by surname, then by first name ("Fuad Hussein" is not "Saddam Hussein"); a group is an
    # official when any mention has a cue or it is a known leader
    groups: dict[str, list[NamedMention]] = {}
    for m in mentions:
        m.leader_key = None if m.at_place else _leader_key(m, lex)
        groups.setdefault(m.leader_key or surname_key(m.text.split()[-1]), []).append(m)
    clusters = [(key, cluster) for key, ms in groups.items() for cluster in _by_first_name(ms)]
    officials: list[Official] = []
    for key, ms in clusters:
        if any(m.rejected for m in ms if m.cue) and not any(m.cue and not m.rejected for m in ms):
            continue
        live = [m for m in ms if not m.rejected]
        if not live:
            continue
        cued = [m for m in live if m.cue]
        leader = lex.leaders.get(key) if any(m.leader_key for m in live) else None
        if not cued and leader is None:
            continue
        if not cued and has_ner and not any(_overlaps((m.start, m.end), persons) for m in live):
            continue  # a known surname the model does not take for a person here
        # a role of its own beats one that only relates the person to another ("his predecessor")
        roles = [m for m in cued if m.title_kind == "role"]
        role = next((m for m in roles if _title_head(m.title, lex) not in lex.relational_heads), None)
        role = role or (roles[0] if roles else None)
        chosen = role or (cued[0] if cued else None)
        full = next((m for m in live if m.tokens >= 2), live[0])
        first = live[0]
        title = chosen.title if chosen else None
        affiliation = None
        for m in ([chosen] if chosen else []) + cued:
            affiliation = affiliation_of(m.title, lex)
            if affiliation:
                break
        if affiliation is None and leader is not None:
            affiliation = leader[1]
        official = Official(
            name=full.text, title=title, title_kind=chosen.title_kind if chosen else None, affiliation=affiliation,
            start=first.start, end=first.end, text=first.text,
            mentions=[(m.start, m.end) for m in live], key=key, head=_title_head(title, lex),
            sentence_index=_sentence_index(first.start, sentences),
        )
        official.definite_head = next((m.definite_head for m in cued if m.definite_head), None)
        officials.append(official)

    # unnamed sources, in text order: definite ones refer back to an earlier fact with the same head
    sources = source_phrases(text, toks, lex, sentences)
    named_spans = [span for o in officials for span in o.mentions]
    named_spans += [span for m in mentions for span in m.title_spans]
    unnamed: list[Official] = []
    for sp in sources:
        if _overlaps((sp.start, sp.end), named_spans):
            continue
        sp_affiliation = affiliation_of(sp.title, lex)
        earlier = [o for o in officials + unnamed if o.start < sp.start and o.head == sp.head
                   and not (sp_affiliation and o.affiliation and sp_affiliation != o.affiliation)]
        if sp.definite:
            if earlier:
                target = max(earlier, key=lambda o: o.start)
                target.mentions.append((sp.start, sp.end))
                continue
            if sp.bare:
                continue  # "the official" with nothing to refer to
        unnamed.append(Official(
            name=None, title=sp.title, title_kind="role", affiliation=sp_affiliation,
            start=sp.start, end=sp.end, text=sp.text, mentions=[(sp.start, sp.end)], head=sp.head,
            sentence_index=_sentence_index(sp.start, sentences),
        ))
    _merge_unnamed_into_named(officials, unnamed)
    result = officials + unnamed
    for o in result:
        o.mentions = sorted(set(o.mentions))
        if o.name is None and o.mentions and o.mentions[0][0] < o.start:
            o.start, o.end = o.mentions[0]
            o.text = text[o.start:o.end]
    result.sort(key=lambda o: o.start)
    return result


def _by_first_name(ms: list[NamedMention]) -> list[list[NamedMention]]:
    """Split the mentions of one surname into persons by first name; a bare surname goes with the
    person whose first name it is ("Saddam") or else the one mentioned last before it."""
    clusters: list[tuple[list[str], list[NamedMention]]] = []  # (first names, mentions)
    for m in ms:
        words = m.text.split()
        target = None
        if len(words) >= 2:
            target = next((c for c in clusters if words[0] in c[0]), None)
            if target is None:
                target = next((c for c in clusters if not c[0]), None)
            if target is None:
                clusters.append(([words[0]], [m]))
                continue
            if not target[0]:
                target[0].append(words[0])
        else:
            target = next((c for c in clusters if words[0] in c[0]), None)
            if target is None and clusters:
                target = max(clusters, key=lambda c: c[1][-1].start)
            if target is None:
                clusters.append(([], [m]))
                continue
        target[1].append(m)
    return [c[1] for c in clusters]


def _merge_unnamed_into_named(officials: list[Official], unnamed: list[Official]) -> None:
    """An unnamed source that the next sentences name: 'A coalition spokesman said ...
    The spokesman, Major Tom Keller, declined' or 'A spokesman for ... says ...' followed by a
    quote from 'Lt. Col. Dana Price' (a rank only)."""
    named_starts = sorted(o.start for o in officials)
    for person in sorted(officials, key=lambda o: o.start):
        candidates = [u for u in unnamed if u.start < person.start and person.sentence_index - u.sentence_index <= 3]
        if not candidates:
            continue
        source = max(candidates, key=lambda u: u.start)
        between = [s for s in named_starts if source.start < s < person.start]
        definite_head = person.definite_head
        take_title = False
        if definite_head and definite_head == source.head:
            take_title = True
        elif (person.title_kind == "rank" and not between
              and person.sentence_index - source.sentence_index <= 2):
            take_title = True
        elif person.head and person.head == source.head:
            take_title = False
        else:
            continue
        if take_title:
            person.title = source.title
            person.title_kind = "role"
            person.head = source.head
            person.affiliation = source.affiliation or person.affiliation
        person.affiliation = person.affiliation or source.affiliation
        person.mentions.extend(source.mentions)
        unnamed.remove(source)
