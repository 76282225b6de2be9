"""withdrawal_locations component: one location fact per place mentioned in the text.

Three sources, in order of trust:

1. The gazetteer (withdrawal_cli.gazetteer): token n-grams looked up by key, longest match
   first, honouring capitals ("US" never "us"). Matches inside non-place phrases ("New York
   Times", "Africa Command", "Rajya Sabha"), newspaper-shaped names ("THE SAHEL LEDGER", "(Basra
   Courier)") or company names ("Basra Holdings") are dropped; so are names that read as part of a
   person's name ("Rosa Leon Mendes", "Bashar al-Assad"), of an organisation ("Kabul University") or
   of a hyphenated town ("Tin-Hama" is not Hama). A city that is also a person's name is the city
   after a place preposition or before its state ("arrived in Darwin", "Austin, Texas") and the
   person only with a title, a first name or a speech verb ("Gen. Austin", "Darwin said"). A site
   word after a known place makes a site there ("Mosul Palace", "Kirkuk Air Station", "the Bien Hoa
   air base"); a capitalised compass word before a known region makes one region ("West Anbar").
   Places inside outlet tags ("(Levant Wire Service)", "the Gulf News Agency") and military unit names
   ("US Army Europe and Africa", "Naval Forces Europe", "Middle East Command") are none; a longer name the
   model spans after a known town wins over the town ("Cuito Cuanavale", "Mosul Jadida").
2. Rules for places the gazetteer lacks: bases ("Khalil Air Base", "Camp Lejeune", "RAAF Base
   Tindal", "Joint Base Lewis-McChord", "the Mount Kerrin Training Area", "the Sergeant Hadi Karim air
   base", numbered ones: "the 201st military base", "the 102nd base"); lower-case site words after a name
   the model saw ("Tarbaz camp", "the Dalweyn base camp", "the Khabari al-Awazem crossing") or a hyphenated
   name ("the Port-Bouët base", kept whole); names after place nouns, lists included ("a base at Nyamwera",
   "the outposts at Tindar, Kelmouni and Ousso"); "the Harun and Dabel regions"; "Hastiere, Belgium";
   a name listed with a known town or a model place after a place preposition or a verb of moving
   ("from Gao toward Tindermene and Kidal", "left Pallikudi and Tharavan").
3. With a statistical model, NER GPE/LOC/FAC entities none of the above covered (kind null),
   minus nationality adjectives, institutions, outlets ("Nile Dispatch"), companies (a name the text
   once calls a company, in all its mentions), masthead lines, vague areas and stray compass words.

A known place before "City" is one city ("Djibouti City"); a city that is a person's name is the city after a verb and
adverb ("flew back to Darwin") or before "-based". Site words of other languages open base names ("Kamp Holland";
"Base General Bacellar", "Quartel General X" only after a place preposition or place verb), and apostrophes stay
inside names ("Forward Operating Base Ma'sum Ghar").

Dateline outlet tags ("TOKYO (Pacific Desk) —", "Khartoum (Nile Dispatch):"), a first-line masthead ("HORN OF AFRICA
BRIEF — Analysis") and credit lines name no places; a reporter's First Last name after a credit cue ("By X, special
envoy to Y", "with files from X in Y", "Reporting by X and Z") is a person whatever the model says. Region adjectives
("West African", "Central Asian") are no places; a bare compass word the gazetteer shadows may open a longer name the
model saw. Works with the blank pipeline too (then only 1 and 2). The logic is in pure functions over a
Doc; the component class only stores the result in doc._.locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import ENT_TYPE, IDX, ORTH, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from withdrawal_cli import gazetteer
from withdrawal_cli.extensions import doc_text
from withdrawal_cli.gazetteer import AliasHit, Place
from withdrawal_cli.resources import name_particles

NER_PLACE_LABELS = ("GPE", "LOC", "FAC")
ARABIC_PARTICLES = name_particles("arabic_article")
CONTEXT_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "inside", ","})


@Language.factory("withdrawal_locations")
def make_component(nlp: Language, name: str):
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc._.locations = find_locations(doc)
        return doc


@dataclass
class _Found:
    start: int  # token indices [start, end)
    end: int
    place: Place | None  # None: a shadow (non-place phrase) or a place the gazetteer lacks
    name: str | None = None  # for places the gazetteer lacks
    kind: str | None = None
    country: str | None = None


# Pure functions of the gazetteer, memoised for the process: the same words recur in every article.
_MEMO_SIZE = 1 << 16


@lru_cache(maxsize=_MEMO_SIZE)
def _match_text(text: str) -> AliasHit | None:
    return gazetteer.match_text(text)


@lru_cache(maxsize=_MEMO_SIZE)
def _may_open_name(token_text: str) -> bool:
    """May a gazetteer name start with this token?"""
    first = gazetteer.place_key(token_text).split(" ")[0]
    return bool(first) and gazetteer.is_first_word(first)


@lru_cache(maxsize=_MEMO_SIZE)
def _may_begin_name(piece: str) -> bool:
    """May this piece of text be a gazetteer name or its beginning?"""
    return gazetteer.is_key_prefix(gazetteer.place_key(piece))


# --- a Doc read once ---------------------------------------------------------------------------


class _Tok:
    """The attributes of a spaCy Token these rules read, copied once: `doc[i]` builds a new Token object on every
    access and `doc.text` rejoins the whole text, which made object churn most of this component's time."""

    __slots__ = ("i", "text", "lower_", "whitespace_", "idx", "is_title", "is_alpha", "is_upper", "is_lower", "is_punct",
                 "is_space", "like_num", "tag_", "is_sent_start", "ent_type_")

    def __len__(self) -> int:
        return len(self.text)


class _Span:
    """doc[start:end] of a _Doc: its tokens and its text, sliced from the document's text."""

    __slots__ = ("_doc", "start", "end")

    def __init__(self, doc: _Doc, start: int, end: int):
        self._doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self):
        return iter(self._doc.toks[self.start : self.end])

    def __getitem__(self, k: int) -> _Tok:
        if k < 0:
            k += self.end - self.start
        if not 0 <= k < self.end - self.start:
            raise IndexError(k)
        return self._doc.toks[self.start + k]

    @property
    def start_char(self) -> int:
        return self._doc.toks[self.start].idx

    @property
    def end_char(self) -> int:
        last = self._doc.toks[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        return self._doc.text[self.start_char : self.end_char]


class _Doc:
    """A spaCy Doc read once into plain Python objects; indexing and slicing behave as the Doc's do."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents = doc.ents
        toks: list[_Tok] = []
        lexemes: dict[int, tuple] = {}
        new = _Tok.__new__
        vocab = doc.vocab
        strings = vocab.strings
        # Read from the Doc's arrays: iterating the Doc builds a Token object per token.
        rows = doc.to_array([ORTH, IDX, SPACY, TAG, SENT_START, ENT_TYPE]).tolist()
        for i, (orth, idx, space, tag, sent_start, ent_type) in enumerate(rows):
            lex = lexemes.get(orth)
            if lex is None:  # lexeme attributes: the same for every token of the same text
                x = vocab[orth]
                lex = lexemes[orth] = (x.orth_, x.lower_, x.is_title, x.is_alpha, x.is_upper, x.is_lower, x.is_punct,
                                       x.is_space, x.like_num)
            r = new(_Tok)
            r.i, r.idx, r.whitespace_ = i, idx, " " if space else ""
            r.tag_, r.ent_type_ = strings[tag] if tag else "", strings[ent_type] if ent_type else ""
            r.is_sent_start = True if sent_start == 1 else (None if sent_start == 0 else False)
            (r.text, r.lower_, r.is_title, r.is_alpha, r.is_upper, r.is_lower, r.is_punct, r.is_space,
             r.like_num) = lex
            toks.append(r)
        self.toks = toks
        self.texts = [t.text for t in toks]
        self.lowers = [t.lower_ for t in toks]
        self.text = doc_text(doc)

    match_text = staticmethod(_match_text)

    def __len__(self) -> int:
        return len(self.toks)

    def __iter__(self):
        return iter(self.toks)

    def __getitem__(self, key):
        if key.__class__ is int:
            return self.toks[key]
        start, stop, _step = key.indices(len(self.toks))
        return _Span(self, start, max(start, stop))


# --- 1. gazetteer matches ----------------------------------------------------------------------


def _scan(doc: Doc) -> list[tuple[int, int, AliasHit]]:
    """Longest gazetteer (or shadow) match at each token, left to right, no overlaps."""
    text = doc.text
    toks = doc.toks
    n = len(toks)
    width = gazetteer.max_name_words() * 2 + 2  # tokens: hyphens and dots split words
    out = []
    i = 0
    while i < n:
        tok = toks[i]
        if not _may_open_name(tok.text):
            i += 1
            continue
        best = None
        for j in range(i, min(n, i + width)):
            tj = toks[j]
            if "\n" in tj.text:
                break
            piece = text[tok.idx : tj.idx + len(tj.text)]
            if not _may_begin_name(piece):
                break
            if any(c.isalnum() for c in tj.text):
                hit = doc.match_text(piece)
                if hit is not None:
                    best = (j + 1, hit)
        if best is None:
            i += 1
            continue
        out.append((i, best[0], best[1]))
        i = best[0]
    return out


def _inside_longer(ents: list[Span], start: int, end: int) -> bool:
    return any(e.start <= start and end <= e.end and (e.start, e.end) != (start, end) for e in ents)


def _reads_as_person(doc: Doc, start: int, end: int, persons: list[Span]) -> bool:
    """Is doc[start:end] part of a person's name ("Rosa Leon Mendes", "Bashar al-Assad")?"""
    if _inside_longer(persons, start, end):
        return True
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    prev_name = prev is not None and prev.is_title and prev.is_alpha and not prev.is_sent_start and prev.whitespace_ != ""
    next_name = nxt is not None and nxt.is_title and nxt.is_alpha and doc[end - 1].whitespace_ != ""
    if prev_name and doc.match_text(prev.text) is not None:
        prev_name = False
    if next_name and (doc.match_text(nxt.text) is not None or nxt.lower_ in _generic()):
        next_name = False
    return prev_name or next_name


def _compound_tail(doc: Doc, start: int, found: list[_Found]) -> bool:
    """Is token `start` the second part of a hyphenated name whose first part is no place ("Tin-Hama")? Not after
    a known place ("Iraq-Syria border") nor a prefix ("Pro-Russia")."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 2].whitespace_ or doc[start - 1].whitespace_:
        return False
    first = doc[start - 2]
    if not (first.is_title and first.is_alpha) or first.text in gazetteer.place_word_roles().get("hyphen_prefix", ()):
        return False
    return not (found and found[-1].end == start - 1)


def _compass_before(doc: Doc, start: int, found: list[_Found]) -> int | None:
    """Index of a capitalised compass word ("North", "West", "Central") right before token `start`, or None.
    Only the bare forms: "Northern Iraq" is Iraq unless the gazetteer knows the name ("Northern Ireland")."""
    k = start - 1
    if k < 0 or not doc[k].whitespace_ or doc[k].text not in gazetteer.place_word_roles().get("compass", ()):
        return None
    if found and found[-1].end > k:
        last = found[-1]
        if (last.start, last.end) != (k, k + 1) or last.place is not None or last.name is not None:
            return None
        found.pop()  # "the West" shadows the word alone, not "West Anbar"
    return k


def _compass_words() -> frozenset[str]:
    """Compass words and adjectives in lower case: a leftover "North" / "northern" is no place."""
    roles = gazetteer.place_word_roles()
    return frozenset(w.lower() for w in roles.get("compass", frozenset()) | roles.get("compass_adjective", frozenset()))


def _reads_as_place(doc: Doc, start: int, end: int, hits_at: dict[int, tuple[int, AliasHit]]) -> bool:
    """Does the text read doc[start:end] as a place: in a dateline ("DARWIN (Wire) —"), after a place preposition
    ("arrived in Darwin", "based at Darwin", "flew to Austin" — "to"/"from"/"between" only after a verb that is not one of speaking: not "according
    to Austin", "a letter from Austin", "said to Austin"), or before ", <a place containing it>" ("Austin, Texas")?"""
    roles = gazetteer.place_word_roles()
    if doc[start:end].text.isupper() and (start == 0 or "\n" in doc[start - 1].text or doc[start - 1].text == "\n") \
            and end < len(doc) and doc[end].text in ("(", ",", "—", "–", "-", ":"):
        return True  # "DARWIN (Top End Courier) —": a dateline names a place
    first_name = start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and not doc[start - 1].is_sent_start \
        and (start - 1) not in hits_at
    if end < len(doc) and doc[end].text == "," and end + 1 in hits_at and not first_name:  # not "Lloyd Austin, US ..."
        other = hits_at[end + 1][1].place
        inner = hits_at[start][1].place
        if other is not None and inner is not None and other.name != inner.name and other.kind in ("country", "province", "region"):
            if any(p.name == other.name for p in gazetteer.ancestors(inner.name)):
                return True
    if end + 1 < len(doc) and doc[end].text in ("-", "‐") and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and doc[end + 1].lower_ == "based":
        return True  # "Darwin-based Marines"
    if end + 1 < len(doc) and doc[end].text in ("'s", "’s"):
        # "Darwin's port": a possessive before a place's part reads as the place, otherwise nothing says so
        return doc[end + 1].is_lower and doc[end + 1].lower_ in roles.get("place_part", ())
    if start == 0:
        return False
    prev = doc[start - 1]
    if not prev.is_lower or prev.lower_ not in roles.get("place_preposition", ()):
        return False
    if prev.lower_ not in roles.get("verb_preposition", ()):
        return True
    k = start - 2
    while k >= 0 and start - 2 - k < 2 and (doc[k].tag_ in ("RB", "RP") or doc[k].lower_ == "home"):
        k -= 1  # "flew back to Darwin", "flew home from Darwin"
    if k < 0:
        return False
    verb = doc[k]
    return verb.tag_.startswith("VB") and verb.lower_ not in roles.get("speech_verb", ())


def _person_cue(doc: Doc, start: int, end: int, place: Place, found: list[_Found]) -> bool:
    """Does the text show doc[start:end] as a person: a title right before it ("Gen. Austin", "Mr. Florence") or a
    verb of speaking right after it ("Darwin said")? A capital that speaks is its government ("Washington said"), as is
    a city listed after another place ("Baghdad and Washington said"), or one the model took for a place."""
    if start > 0 and doc[start - 1].text in _title_words():
        return True
    roles = gazetteer.place_word_roles()
    if end >= len(doc) or doc[end].lower_ not in roles.get("speech_verb", ()) or not doc[end].is_lower:
        return False
    if any(e.label_ in ("GPE", "LOC") and (e.start, e.end) == (start, end) for e in doc.ents):
        return False
    if start >= 2 and doc[start - 1].lower_ in ("and", ",") and found and found[-1].end == start - 1 and found[-1].place is not None:
        return False
    country = gazetteer.resolve(place.country) if place.country else None
    return not (country is not None and place.lat is not None and (country.lat, country.lon) == (place.lat, place.lon))


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Last words of titles, ranks and honorifics (the officials' data): "Gen.", "Sergeant", "Mr.", "Minister"."""
    from withdrawal_cli.errors import RulesDataError
    from withdrawal_cli.resources import load_jsonl

    try:
        records = load_jsonl("titles.jsonl", required=("term",))
    except RulesDataError:
        return frozenset()
    words = set()
    for r in records:
        if r.get("kind") in ("role", "rank", "honorific"):
            last = r["term"].split(" ")[-1]
            if last[:1].isupper():
                words.add(last)
    return frozenset(words)


def _generic() -> frozenset[str]:
    return frozenset(w.lower() for w in gazetteer.place_word_roles().get("generic", ()))


def _gazetteer_found(doc: Doc) -> list[_Found]:
    roles = gazetteer.place_word_roles()
    org_suffix = roles.get("org_suffix", frozenset())
    features = roles.get("feature_suffix", frozenset())
    admin = roles.get("admin_suffix", frozenset())
    lower_features = roles.get("lower_feature_suffix", frozenset())
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    surnames = {e[-1].text for e in persons if len(e) >= 2 and e[-1].is_title}
    found: list[_Found] = []
    scanned = _scan(doc)
    hits_at = {start: (end, hit) for start, end, hit in scanned}
    unit_ends: set[int] = set()
    credits = _credit_names(doc)
    credit_tokens = {k for a, b in credits for k in range(a, b)}
    for start, end, hit in scanned:
        if credit_tokens and any(k in credit_tokens for k in range(start, end)):
            continue  # "By Jordan Hale, special envoy": a reporter's name (a shadow below)
        place = hit.place
        if place is None:
            found.append(_Found(start, end, None))  # shadow: covers its tokens, yields nothing
            continue
        if _compound_tail(doc, start, found):
            continue  # "Tin-Hama" is a town of its own, not Hama: left to the rules for names the gazetteer lacks
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.text in org_suffix and doc[end - 1].whitespace_:
            found.append(_Found(start, end, None))  # "Kabul University", "Kabul Daily Post"
            continue
        if _outlet_shaped(doc, start, end):
            found.append(_Found(start, end, None))  # "THE SAHEL LEDGER" masthead, "the Basra Courier"
            continue
        if _in_unit_name(doc, start, end, place, unit_ends):
            found.append(_Found(start, end, None))  # "US Army Europe and Africa", "Marine Forces Pacific", "Africa Corps"
            unit_ends.add(end)
            continue
        city = _city_suffix(doc, end, org_suffix) if place.kind in ("country", "region", "province", "city") else None
        if city is not None:
            # "Djibouti City", "Belize City": a city named after its country or province, one place
            found.append(_Found(start, city, None, doc[start:city].text, "city", place.country))
            continue
        site = _site_after(doc, end) if place.kind not in ("base", "facility", "country") else None
        if site is not None:
            length, kind = site  # "Basra Palace", "Basra Air Station": a site named after the city
            found.append(_Found(start, end + length, None, doc[start : end + length].text, kind, place.country))
            continue
        if nxt is not None and place.kind == "city" and nxt.lower_ in admin and doc[end - 1].whitespace_:
            province = f"{place.name} {nxt.lower_.capitalize()}"  # "Zhytomyr oblast" -> Zhytomyr Oblast
            found.append(_Found(start, end + 1, None, province, "province", place.country))
            continue
        if nxt is not None and doc[end - 1].whitespace_ and place.kind != "base" and (
            nxt.text in features or (nxt.is_lower and nxt.text in lower_features)
        ):
            feature = doc[start : end + 1].text  # "Dnipro River": another place, named after this one
            found.append(_Found(start, end + 1, None, feature, None))
            continue
        base_start = _base_prefix_before(doc, start)
        if base_start is not None and (place.kind not in ("base", "facility")
                                       or doc[base_start:start].text.lower() not in place.name.lower()):
            # "Forward Operating Base Salerno" is not Salerno; "Camp Novo Selo" (Kosovo) is not the Novo Selo
            # Training Area (Bulgaria): a listed site whose own name lacks the prefix is another site
            name = doc[base_start:end].text
            found.append(_Found(base_start, end, None, name, "base", _prefix_countries().get(doc[base_start:start].text)))
            continue
        person_risk = hit.person_name or doc[start].lower_ in ARABIC_PARTICLES
        if hit.person_name and place.kind == "city" and not _inside_longer(persons, start, end):
            # a city that is also a person's name ("Darwin", "Austin"): the place wherever the text reads it as one
            if _reads_as_place(doc, start, end, hits_at):
                found.append(_Found(start, end, place))  # "arrived in Darwin", "Austin, Texas"
                continue
            if _person_cue(doc, start, end, place, found):
                found.append(_Found(start, end, None))  # "Gen. Austin", "Darwin said"
                continue
        if person_risk and _reads_as_person(doc, start, end, persons):
            found.append(_Found(start, end, None))  # "Rosa Leon Mendes", "Bashar al-Assad"
            continue
        if place.kind == "city" or hit.person_name:
            if _inside_longer(persons, start, end) or (end - start == 1 and doc[start].text in surnames):
                found.append(_Found(start, end, None))  # "Carlos Mendoza ... Mendoza said"
                continue
            if hit.person_name and any((e.start, e.end) == (start, end) for e in persons):
                found.append(_Found(start, end, None))
                continue
        compass = _compass_before(doc, start, found) if place.kind in ("country", "region", "province") else None
        if compass is not None:
            # "West Anbar", "South Lebanon": a compass word capitalised before a region names a region of its own
            found.append(_Found(compass, end, None, doc[compass:end].text, "region", place.country))
            continue
        longer = _longer_model_name(doc, start, end, place, hits_at) if place.kind == "city" else None
        if longer is not None:
            # "Cuito Cuanavale", "Mosul Jadida": the model spans a longer name that opens with a known town's name
            found.append(_Found(start, longer, None, doc[start:longer].text, None))
            continue
        found.append(_Found(start, end, place))
    if credits:
        found += [_Found(a, b, None) for a, b in credits]
        found.sort(key=lambda f: f.start)
    return _drop_relation_compounds(doc, found)


_NAME_PARTICLES = name_particles()


def _credit_names(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of reporters' names in bylines and credits: the First Last name after a credit cue ("By X, special
    envoy to Y" at a line's start, "<Outlet>, with files from X in Y", "Reporting by X and Z in Y"). A name is two to
    five capitalised words (particles such as "da", "van" inside), no place the gazetteer knows as a whole, none of
    them a site, unit, organisation or compass word, ending at punctuation, a line end or a word such as "in"/"and"."""
    roles = gazetteer.place_word_roles()
    cues = roles.get("credit_cue", frozenset())
    if not cues:
        return []
    table = _phrase_table(cues, False)
    followers = roles.get("name_follower", frozenset())
    out: list[tuple[int, int]] = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.lower_ not in table:
            continue
        k = _phrase_at(doc, i, cues, exact_case=False)
        if not k or (k == 1 and tok.lower_ == "by" and not _at_line_start(doc, i)):
            continue
        j = i + k
        while j < n:
            e = _person_run(doc, j)
            if e is None or (e < n and not (doc[e].is_punct or doc[e].is_space or "\n" in doc[e].text
                                            or (doc[e].is_lower and doc[e].lower_ in followers))):
                break
            out.append((j, e))
            if e + 1 < n and (doc[e].lower_ == "and" or doc[e].text == ","):
                j = e + 2 if e + 2 < n and doc[e].text == "," and doc[e + 1].lower_ == "and" else e + 1
                continue  # "Reporting by X and Z"
            break
    return out


def _at_line_start(doc: Doc, i: int) -> bool:
    """Is token i the first word of its line (an opening parenthesis may stand before it)?"""
    k = i - 1
    if k >= 0 and doc[k].text == "(":
        k -= 1
    return k < 0 or "\n" in doc[k].text or "\n" in doc[k].whitespace_


def _person_run(doc: Doc, j: int) -> int | None:
    """End of a person's name of two to five words starting at token j ("Ines Valcourt", "Luiza da Costa"), or None."""
    roles = gazetteer.place_word_roles()
    bad = (roles.get("base_prefix", frozenset()) | roles.get("weak_base_prefix", frozenset()) | roles.get("unit_word", frozenset())
           | roles.get("org_word", frozenset()) | roles.get("org_suffix", frozenset()) | roles.get("compass", frozenset())
           | roles.get("compass_adjective", frozenset()) | roles.get("feature_suffix", frozenset())
           | roles.get("facility_suffix", frozenset()) | roles.get("outlet_suffix", frozenset()))
    n = len(doc)
    e, words = j, 0
    while e < n and e - j < 6:
        tok = doc[e]
        if tok.text[:1].isupper() and (tok.is_alpha or _apostrophe_word(tok.text)) and not tok.is_upper and tok.text not in bad:
            if gazetteer.country_for_demonym(tok.text) is not None:
                return None
            e += 1
            words += 1
        elif words and tok.lower_ in _NAME_PARTICLES and e + 1 < n and doc[e + 1].text[:1].isupper():
            e += 1
        else:
            break
        if "\n" in doc[e - 1].whitespace_:
            break
    if words < 2:
        return None
    hit = doc.match_text(doc[j:e].text)
    if hit is not None and hit.place is not None:
        return None  # "reporting from Saudi Arabia"
    return e


def _city_suffix(doc: Doc, end: int, org_suffix: frozenset[str]) -> int | None:
    """End of "City" right after a known place ("Djibouti City", "BELIZE CITY"), or None; not when an organisation
    word follows ("the Kirkuk City Council")."""
    if end >= len(doc) or doc[end].text not in ("City", "CITY") or not doc[end - 1].whitespace_:
        return None
    roles = gazetteer.place_word_roles()
    after = doc[end + 1] if end + 1 < len(doc) and doc[end].whitespace_ else None
    if after is not None and (after.text in org_suffix or after.text in roles.get("org_word", ())
                              or after.text.title() in org_suffix | roles.get("org_word", frozenset())):
        return None
    return end + 1


def _in_unit_name(doc: Doc, start: int, end: int, place: Place, unit_ends: set[int]) -> bool:
    """Is doc[start:end] a word of a military command's or formation's name: right after a capitalised unit word
    ("US Army Europe", "Marine Forces Pacific", "US Forces Korea"), listed with "and" after such a place ("US Army
    Europe and Africa"), or a world region right before a unit word ("Africa Corps", "Pacific Fleet")?"""
    units = gazetteer.place_word_roles().get("unit_word", frozenset())
    if start > 0 and doc[start - 1].text in units and doc[start - 1].whitespace_ and doc[start].is_title:
        return True
    if start > 1 and doc[start - 1].lower_ == "and" and start - 1 in unit_ends:
        return True
    return (
        place.kind == "region" and place.country is None and end < len(doc) and doc[end].text in units
        and bool(doc[end - 1].whitespace_)
    )


def _longer_model_name(doc: Doc, start: int, end: int, place: Place, hits_at: dict[int, tuple[int, AliasHit]]) -> int | None:
    """End of a longer name that opens with the known town doc[start:end] ("Cuito Cuanavale", "Mosul Jadida"), or None.

    The words after the town are capitalised words of no role (no place the gazetteer knows, no organisation, site,
    feature, title or outlet word), and the statistical model spans the whole as one place (GPE, LOC, FAC), or as an
    organisation right after a place preposition ("dug in at Luena Cazombo"). A person's name never counts."""
    n = len(doc)
    if end >= n or not doc[end - 1].whitespace_ or end in hits_at:
        return None
    roles = gazetteer.place_word_roles()
    blocked = set(_calendar_words())  # "in Kabul Monday"
    for role in ("org_suffix", "org_word", "feature_suffix", "facility_suffix", "site_name_word", "outlet_suffix",
                 "unit_word", "compass", "compass_adjective", "not_base_name"):
        blocked |= roles.get(role, frozenset())
    for ent in doc.ents:
        if ent.end <= end or ent.start > start or ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
            continue
        s = ent.start + 1 if ent.start < start and doc[ent.start].lower_ == "the" else ent.start
        if s != start or ent.end - end > 2 or "\n" in doc[start:ent.end].text:
            return None
        for tok in doc[end:ent.end]:
            if not (tok.is_title and tok.is_alpha) or tok.text in blocked or tok.lower_ in gazetteer.outlet_name_words() \
                    or tok.text in _title_words() or gazetteer.country_for_demonym(tok.text) is not None \
                    or gazetteer.is_first_word(gazetteer.place_key(tok.text)) and doc.match_text(tok.text) is not None:
                return None
        if ent.label_ == "ORG":
            prev = doc[start - 1] if start > 0 else None
            if prev is None or not prev.is_lower or prev.lower_ not in roles.get("place_preposition", ()):
                return None
        return ent.end
    return None


def _outlet_shaped(doc: Doc, start: int, end: int) -> bool:
    """Is doc[start:end] the place word of a newspaper-shaped name: "The Levant Ledger", "THE BASRA
    COURIER", "(Basra Courier)", "(Levant Wire Service)", "the Gulf News Agency"? That is: an outlet name word right
    after it (or an agency word such as "Service", "Agency" after up to two more capitalised words), and "the" before
    it (a few capitalised words may stand between: "THE NORTHERN IRAQ HERALD"), an opening parenthesis right before
    it, or the whole name in capitals (a masthead)."""
    if end >= len(doc) or not doc[end - 1].whitespace_:
        return False
    last = _outlet_word_end(doc, end)
    if last is None:
        return False
    if all(t.is_upper or not t.is_alpha for t in doc[start : last + 1]):
        return True
    if start > 0 and doc[start - 1].text == "(":
        return True  # "KHARTOUM (Nile Dispatch) —": an outlet's tag
    k = start - 1
    while k >= 0 and start - k <= 3 and doc[k].is_title and doc[k].lower_ != "the" and "\n" not in doc[k].text:
        k -= 1
    return k >= 0 and doc[k].lower_ == "the"


def _outlet_word_end(doc: Doc, end: int) -> int | None:
    """Index of the word that ends an outlet's name after a place ending at `end`: an outlet name word right there
    ("Ledger", "Dispatch"), or an agency word ("Service", "Agency", "Wire") after at most two capitalised words on
    the same line ("Levant Wire Service"); None if there is none."""
    words = gazetteer.outlet_name_words()
    agency = gazetteer.place_word_roles().get("outlet_suffix", frozenset())
    for k in range(end, min(len(doc), end + 3)):
        tok = doc[k]
        if not (tok.is_title or tok.is_upper) or not tok.is_alpha or (k > end and not doc[k - 1].whitespace_):
            return None
        if (k == end and tok.lower_ in words) or tok.text in agency or (tok.is_upper and tok.text.title() in agency):
            return k
    return None


def _site_after(doc: Doc, end: int) -> tuple[int, str | None] | None:
    """(length, kind) of a site word right after a known place: "Air Station" / "Air Base" / "air base" (a base),
    "Palace" / "Airport" / "Crossing" (a facility); None if there is none."""
    if end >= len(doc) or not doc[end - 1].whitespace_:
        return None
    roles = gazetteer.place_word_roles()
    k = _phrase_at(doc, end, roles.get("base_suffix", frozenset()), exact_case=True)
    if k:
        return k, "base"
    k = _phrase_at(doc, end, roles.get("facility_suffix", frozenset()), exact_case=True)
    if k:
        return k, "facility"
    k = _phrase_at(doc, end, _strong_base_words(), exact_case=False)
    if k and doc[end].is_lower:
        return k, "base"  # "the Bien Hoa air base"
    return None


def _base_prefix_before(doc: Doc, start: int) -> int | None:
    """Start of the longest base prefix ("Camp", "Forward Operating Base", "Kamp") right before token `start`; a weak
    one ("Quartel General", "Base") only after a place preposition or place verb (`_weak_prefix_ok`)."""
    texts = doc.texts
    best = None
    for words, weak in _base_prefix_phrases():
        s = start - len(words)
        if s >= 0 and texts[s:start] == words and doc[start - 1].whitespace_:
            if weak and not _weak_prefix_ok(doc, s):
                continue
            best = s if best is None else min(best, s)
    return best


@lru_cache(maxsize=1)
def _base_prefix_phrases() -> tuple[tuple[list[str], bool], ...]:
    """(words, weak) of every base prefix: "Forward Operating Base" -> (["Forward", "Operating", "Base"], False)."""
    roles = gazetteer.place_word_roles()
    return tuple((phrase.split(" "), role == "weak_base_prefix")
                 for role in ("base_prefix", "weak_base_prefix") for phrase in roles.get(role, ()))


def _weak_prefix_ok(doc: Doc, s: int) -> bool:
    """May a weak base prefix at token s ("Base", "Quartel") open a base's name: right after a place preposition or
    a verb whose object is a place ("left Base General Bacellar", "returned to Quartel General Carmona")?"""
    if s == 0:
        return False
    prev = doc[s - 1]
    roles = gazetteer.place_word_roles()
    return prev.is_lower and (prev.lower_ in roles.get("place_preposition", ()) or prev.lower_ in roles.get("place_verb", ()))


def _drop_relation_compounds(doc: Doc, found: list[_Found]) -> list[_Found]:
    """"US-Iraq partnership": two countries joined by a hyphen are a relation, not two mentions
    (spaCy already keeps "U.S.-Iraq" as one token, which names nothing)."""
    by_start = {f.start: f for f in found}
    drop: set[int] = set()
    for f in found:
        if f.place is None or f.place.kind != "country" or f.end + 1 >= len(doc):
            continue
        hyphen = doc[f.end]
        if hyphen.text in ("-", "–") and not doc[f.end - 1].whitespace_ and not hyphen.whitespace_:
            other = by_start.get(f.end + 1)
            if other is not None and other.place is not None and other.place.kind == "country":
                after = doc[other.end].lower_ if other.end < len(doc) else ""
                if after not in ("border", "borders", "frontier", "boundary", "crossing"):  # "Iraq-Syria border"
                    drop.update({id(f), id(other)})
    return [f if id(f) not in drop else _Found(f.start, f.end, None) for f in found]


# --- 2. base and cue rules ---------------------------------------------------------------------


def _covered(found: list[_Found], n: int) -> list[bool]:
    cov = [False] * n
    for f in found:
        for k in range(f.start, f.end):
            cov[k] = True
    return cov


def _phrase_at(doc: Doc, i: int, phrases: frozenset[str], exact_case: bool) -> int:
    """Length in tokens of the longest phrase of `phrases` starting at token i (0 if none)."""
    seq = doc.texts if exact_case else doc.lowers
    candidates = _phrase_table(phrases, exact_case).get(seq[i])
    if not candidates:
        return 0
    best = 0
    n = len(seq)
    for words in candidates:
        size = len(words)
        if i + size > n or size <= best:
            continue
        if tuple(seq[i : i + size]) == words:
            best = size
    return best


_PHRASE_TABLES: dict[tuple[frozenset[str], bool], dict[str, list[tuple[str, ...]]]] = {}


def _phrase_table(phrases: frozenset[str], exact_case: bool) -> dict[str, list[tuple[str, ...]]]:
    key = (phrases, exact_case)
    table = _PHRASE_TABLES.get(key)
    if table is None:
        table = {}
        for phrase in phrases:
            words = tuple(phrase.split(" ") if exact_case else phrase.lower().split(" "))
            table.setdefault(words[0], []).append(words)
        _PHRASE_TABLES[key] = table
    return table


def _bad_name_word(tok) -> bool:
    roles = gazetteer.place_word_roles()
    return (
        tok.text in roles.get("not_base_name", ())
        or gazetteer.country_for_demonym(tok.text) is not None
        or gazetteer.is_non_place(tok.text)
        or (tok.is_upper and len(tok) > 1)
    )


def _name_run_before(doc: Doc, end: int, cov: list[bool], limit: int) -> int:
    """Start of the run of capitalised name words ending at `end` (exclusive), at most `limit` words (an Arabic
    article joined by a hyphen belongs to its word: "Khabari al-Awazem" is two words); `end` if none."""
    start = end
    words = 0
    while start > 0 and words < limit:
        tok = doc[start - 1]
        if cov[start - 1] or "\n" in tok.text:
            break
        if tok.is_title and tok.is_alpha and not _bad_name_word(tok):
            start -= 1
            words += 1
            continue
        if tok.text == "-" and words and start - 2 >= 0 and doc[start - 2].lower_ in ARABIC_PARTICLES and not cov[start - 2]:
            start -= 2  # "al-Harir"
            continue
        if _hyphen_joins(doc, start - 1, cov) and words:
            start -= 2  # "Port-Bouët", "Sainte-Marie": one word
            continue
        break
    return start


def _hyphen_joins(doc: Doc, k: int, cov: list[bool]) -> bool:
    """Does the hyphen at token k join two capitalised words into one name ("Port-Bouët"), not a prefix and a name
    ("Pro-Russia") nor a nationality ("Franco-German")?"""
    if k < 1 or k + 1 >= len(doc) or doc[k].text not in ("-", "‐") or doc[k].whitespace_ or doc[k - 1].whitespace_:
        return False
    first = doc[k - 1]
    return (not cov[k - 1] and first.is_title and first.is_alpha and not _bad_name_word(first)
            and first.text not in gazetteer.place_word_roles().get("hyphen_prefix", ()))


def _name_word(tok) -> bool:
    """A capitalised word that may be part of a site's name ("Tindal", "McChord", "Ma'sum"), not an organisation's
    word."""
    return (tok.is_alpha or _apostrophe_word(tok.text)) and tok.text[:1].isupper() and not _bad_name_word(tok)


def _apostrophe_word(text: str) -> bool:
    """Letters with an apostrophe inside ("Ma'sum", "Ma’sum"), not a possessive ("Kabul's")."""
    parts = text.replace("’", "'").split("'")
    return len(parts) == 2 and all(p.isalpha() for p in parts) and parts[1].lower() != "s"


@lru_cache(maxsize=1)
def _strong_base_words() -> frozenset[str]:
    """Lower-case base words that name a base after any capitalised name ("the Sergeant X air base")."""
    return frozenset(w.lower() for w in gazetteer.place_word_roles().get("strong_base_suffix", ()))


@lru_cache(maxsize=1)
def _prefix_countries() -> dict[str, str]:
    """Base prefixes of one nation's forces whose bases lie in that nation ("RAAF Base" -> Australia)."""
    from withdrawal_cli.resources import load_jsonl

    return {r["term"]: r["country"] for r in load_jsonl("place_words.jsonl", required=("term", "role"))
            if r["role"] == "base_prefix" and r.get("country")}


_NOT_NER_NAMES = ("NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def _kind(kind: str | None) -> str | None:
    return kind if kind in gazetteer.KINDS else None


def _name_end(doc: Doc, s: int, cov: list[bool], limit: int = 3) -> int:
    """End of the run of capitalised name words starting at token s ("Jabal al-Zawiya", "Gorom-Gorom"); s if none."""
    n = len(doc)
    end = s
    while end < n and end - s < limit and not cov[end]:
        tok = doc[end]
        if tok.is_title and tok.is_alpha and not _bad_name_word(tok):
            end += 1
            if end + 1 < n and doc[end].text == "-" and not tok.whitespace_ and not doc[end].whitespace_ \
                    and doc[end + 1].is_title and doc[end + 1].is_alpha and not cov[end + 1]:
                end += 2  # "Gorom-Gorom"
            continue
        if (end > s and tok.lower_ in ARABIC_PARTICLES and end + 2 < n and doc[end + 1].text == "-"
                and doc[end + 2].is_title and not cov[end + 2]):
            end += 3  # "al-Zawiya"
            continue
        break
    return end


def _particle_at(doc: Doc, k: int) -> bool:
    """Does an Arabic article start at token k ("al-Furayji")?"""
    return k + 2 < len(doc) and doc[k].lower_ in ARABIC_PARTICLES and doc[k + 1].text == "-" and doc[k + 2].is_title


def _person_like(doc: Doc, start: int, end: int, persons: list[Span], surnames: set[str]) -> bool:
    """A name that the text uses for a person: part of a longer PERSON entity, or a surname seen there."""
    return _inside_longer(persons, start, end) or doc[start:end].text in surnames


@lru_cache(maxsize=1)
def _leader_names() -> frozenset[str]:
    """Surnames and short forms of well-known leaders (the officials' data): "the Erdogan camp" is no place."""
    from withdrawal_cli.errors import RulesDataError
    from withdrawal_cli.resources import load_jsonl

    try:
        records = load_jsonl("official_leaders.jsonl", required=("name",))
    except RulesDataError:
        return frozenset()
    names: set[str] = set()
    for r in records:
        names.add(r["name"].split(" ")[-1])
        names.update(a for a in r.get("aliases", ()) if isinstance(a, str))
    return frozenset(names)


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and weekday names ("March", "Sunday"); calendar builds them with strftime on every access."""
    import calendar

    return frozenset(w for w in (*calendar.month_name, *calendar.day_name) if w)


def _date_tokens(doc: Doc) -> set[int]:
    """Tokens inside a date ("in March", "on Sunday"): never place names. From the dates component when it ran
    first, and from the model's DATE/TIME entities; month and weekday names always."""
    calendar_words = _calendar_words()
    out = {t.i for t in doc if t.text in calendar_words or t.ent_type_ in ("DATE", "TIME")}
    spacy_doc = doc.doc
    dates = getattr(spacy_doc._, "dates", None) if spacy_doc.has_extension("dates") else None
    for f in dates or ():
        span = spacy_doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _list_can_end_before(doc: Doc, k: int) -> bool:
    """Can a list of places end right before token k? Yes before punctuation, a line end, a preposition or a
    time word ("toward Anefis and Kidal on Sunday"); not before a verb ("in Baghdad and Kadhimi said")."""
    if k >= len(doc) or doc[k].is_punct or "\n" in doc[k].text:
        return True
    if doc[k].tag_.startswith("VB") or doc[k].tag_ == "MD":
        return False
    roles = gazetteer.place_word_roles()
    return doc[k].lower_ in roles.get("place_preposition", ()) or doc[k].lower_ in roles.get("list_follower", ())


_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


class _Rules:
    """Rules for places the gazetteer lacks; `cov` marks tokens already taken, so each rule sees only the rest."""

    def __init__(self, doc: Doc, found: list[_Found]):
        self.doc = doc
        self.n = len(doc)
        self.cov = _covered(found, self.n)
        self.known = {k: f for f in found if f.place is not None for k in range(f.start, f.end)}
        self.found_at = {f.start: f for f in found}
        ents = doc.ents
        self.ents = [e for e in ents if e.label_ not in _NOT_NER_NAMES]
        self.persons = [e for e in ents if e.label_ == "PERSON"]
        self.surnames = {e[-1].text for e in self.persons if len(e) >= 2 and e[-1].is_title} | _leader_names()
        self.dates = _date_tokens(doc)
        self.out: list[_Found] = []

    def take(self, start: int, end: int, name: str, kind: str | None, country: str | None = None) -> None:
        self.out.append(_Found(start, end, None, name, _kind(kind), country))
        for c in range(start, end):
            self.cov[c] = True

    def ner_place(self, start: int, end: int) -> bool:
        """Did the statistical model take exactly doc[start:end] for a place?"""
        return any((e.start, e.end) == (start, end) and e.label_ in NER_PLACE_LABELS for e in self.ents)

    def ner_named(self, start: int, end: int) -> bool:
        """Did the statistical model see doc[start:end] as (part of) a name, not a nationality or number?"""
        return any(e.start <= start and end <= e.end for e in self.ents)

    def free_name(self, start: int, end: int) -> bool:
        doc = self.doc
        return (
            start < end
            and not any(self.cov[start:end])
            and not any(k in self.dates for k in range(start, end))
            and not gazetteer.is_non_place(doc[start:end].text)
            and not _person_like(doc, start, end, self.persons, self.surnames)
            and not (end < self.n and doc[end].text in ("'s", "’s"))
        )

    # -- lists of names ---------------------------------------------------------------------------

    def name_list(self, s: int) -> list[tuple[int, int, bool]]:
        """Names from token s on, joined by "," / "and" / "or": [(start, end, known)]. Known places (gazetteer
        matches) count as members; the list stops at anything else. A list of two or more names must end
        with "and"/"or" ("Ber, Tessalit and Aguelhok"); otherwise only its first name is returned (in
        "in Basra, Lieutenant General X" the comma opens an apposition, not a list)."""
        doc, n = self.doc, self.n
        members: list[tuple[int, int, bool]] = []
        joiners: list[str] = []
        k = s
        while k < n:
            f = self.found_at.get(k)
            if f is not None and f.place is not None:
                members.append((f.start, f.end, True))
                k = f.end
            elif not self.cov[k]:
                end = _name_end(doc, k, self.cov)
                if end == k or (end < n and (doc[end].is_title and doc[end].is_alpha or _particle_at(doc, end))):
                    break  # not a name, or part of a longer one
                members.append((k, end, False))
                k = end
            else:
                break
            if k < n and doc[k].text == "," and k + 1 < n and doc[k + 1].lower_ in ("and", "or"):
                joiners.append("and")
                k += 2
            elif k < n and doc[k].text == ",":
                joiners.append(",")
                k += 1
            elif k < n and doc[k].lower_ in ("and", "or"):
                joiners.append("and")
                k += 1
            else:
                break
        joiners = joiners[: max(0, len(members) - 1)]
        if len(members) > 1 and joiners[-1] != "and":
            return members[:1]
        return members

    def run(self) -> list[_Found]:
        doc, n = self.doc, self.n
        roles = gazetteer.place_word_roles()
        suffixes = roles.get("base_suffix", frozenset())
        prefixes = roles.get("base_prefix", frozenset())
        site_kinds = gazetteer.place_word_kinds("site_suffix")
        site_words = frozenset(site_kinds)
        admin_single = gazetteer.place_word_kinds("admin_single")
        cues = gazetteer.place_cue_kinds()
        # first words of the phrases each rule starts with: most tokens start none, and skip the calls
        suffix_starts = (_phrase_table(suffixes, True).keys() | _phrase_table(site_words, True).keys()
                         | _phrase_table(roles.get("facility_suffix", frozenset()), True).keys())
        lower_suffix_starts = _phrase_table(suffixes, False).keys()
        prefix_starts = (_phrase_table(prefixes, True).keys()
                         | _phrase_table(roles.get("weak_base_prefix", frozenset()), True).keys())
        texts, lowers, cov = doc.texts, doc.lowers, self.cov
        i = 0
        while i < n:
            if cov[i]:
                i += 1
                continue
            text = texts[i]
            nxt = self.numbered(i) if text[:1].isdigit() else None
            if nxt is None and (text in suffix_starts or lowers[i] in lower_suffix_starts):
                nxt = self.suffixed(i, suffixes, site_words, site_kinds)
            if nxt is None and text in prefix_starts:
                nxt = self.prefixed(i, prefixes)
            if nxt is None:
                nxt = self.cued(i, cues)
            if nxt is None and doc[i].lower_ in admin_single and doc[i].is_lower:
                nxt = self.admin_named(i, admin_single[doc[i].lower_])
            i = nxt if nxt is not None else i + 1
        self.admin_lists()
        self.comma_country()
        self.coordinated()
        return self.out

    def suffixed(self, i: int, suffixes, site_words, site_kinds) -> int | None:
        """"Khalil Air Base", "the Jaber al-Ahmad Crossing" (capitalised suffix); "Harir base", "Maslah camp", "the Sufa
        crossing" (lower-case: only where the statistical model saw a name, or after "air base" and the like)."""
        doc = self.doc
        if i == 0:
            return None
        k = _phrase_at(doc, i, suffixes, exact_case=True)
        cap_kind = "base"
        if not k:  # "the Khabari al-Awazem Crossing", "Heathrow Airport"
            k = _phrase_at(doc, i, gazetteer.place_word_roles().get("facility_suffix", frozenset()), exact_case=True)
            cap_kind = "facility"
        lower = kind = None
        if not k:
            base = _phrase_at(doc, i, suffixes, exact_case=False)
            site = _phrase_at(doc, i, site_words, exact_case=True)
            lower = max(base, site)
            if not lower:
                return None
            kind = "base" if base >= site else site_kinds[" ".join(t.text for t in doc[i:i + site])]
        length = k or lower
        # a lower-case "air base" / "airfield" names a base by itself; "camp" or "base" only with a name the model saw
        strong = not k and lower == base and " ".join(t.lower_ for t in doc[i:i + base]) in _strong_base_words()
        start = _name_run_before(doc, i, self.cov, 4 if k or strong else 2)
        if start > 0 and doc[start - 1].is_title and _bad_name_word(doc[start - 1]):
            return None  # "Marine Corps Base": the name is an organisation's
        if start == i or (start == i - 1 and doc[start].is_sent_start and not k):
            return None
        if not k:
            # "the Port-Bouët base": two capitalised words joined by a hyphen before a base word name it (not a
            # political "camp": "the Biden-Harris camp")
            if not strong and any(t.text in self.surnames for t in doc[start:i] if t.text not in ("-", "‐")):
                return None  # "the Biden-Harris camp"
            hyphenated = lower == base and any(doc[h].text in ("-", "‐") for h in range(start, i))
            if not (strong or hyphenated or self.ner_named(start, i)) or not self.free_name(start, i):
                return None
            if doc[i].lower_ == "post" and (start == 0 or doc[start - 1].lower_ != "the"):
                return None  # "in a Telegram post" is no army post
        if any(self.cov[start:i + length]):
            return None
        self.take(start, i + length, _span_name(doc, start, i + length), cap_kind if k else kind)
        return i + length

    def numbered(self, i: int) -> int | None:
        """"the 201st military base", "Russia's 4th military base", "the 102nd base": a numbered unit's base. With a
        base word between ordinal and "base" (military, air, naval, army; nationalities may stand there too) any ordinal
        names one; without, only a number of two or more digits ("the 2nd base" may be a count)."""
        doc, n = self.doc, self.n
        m = _ORDINAL.fullmatch(doc.texts[i])
        if m is None or i == 0 or (doc[i - 1].lower_ != "the" and doc[i - 1].text not in ("'s", "’s")):
            return None
        modifiers = gazetteer.place_word_roles().get("base_modifier", frozenset())
        k, modified = i + 1, False
        while k < n and k - i <= 3 and (doc[k].text in modifiers or gazetteer.country_for_demonym(doc[k].text) is not None):
            modified = modified or doc[k].text in modifiers
            k += 1
        if k >= n or doc[k].lower_ not in ("base", "airbase") or (not modified and int(m.group(1)) < 10):
            return None
        if k + 1 < n and doc[k + 1].lower_ == "to" or any(self.cov[i : k + 1]):
            return None  # "the 10th base to close"
        self.take(i, k + 1, _span_name(doc, i, k + 1), "base")
        return k + 1

    def prefixed(self, i: int, prefixes) -> int | None:
        """"Camp Lejeune", "Fort Bragg", "FOB Chapman", "Air Base 201", "Joint Base Lewis-McChord", "RAAF Base
        Tindal" (a national force's prefix puts the base in that country)."""
        doc, n = self.doc, self.n
        k = _phrase_at(doc, i, prefixes, exact_case=True)
        if not k:  # "left Base General Bacellar": a weak prefix after a place preposition or verb
            k = _phrase_at(doc, i, gazetteer.place_word_roles().get("weak_base_prefix", frozenset()), exact_case=True)
            if k and not _weak_prefix_ok(doc, i):
                return None
        if not k or i + k >= n:
            return None
        end = i + k
        words = 0
        while end < n and words < 2 and not self.cov[end] and _name_word(doc[end]):
            end += 1
            words += 1
            if end + 1 < n and doc[end].text in ("-", "–") and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
                    and not self.cov[end + 1] and _name_word(doc[end + 1]):
                end += 2  # "Lewis-McChord"
        if end == i + k and end < n and doc[end].like_num and doc[i:i + k].text.startswith("Air Base"):
            end += 1
        if end == i + k:
            return None
        country = _prefix_countries().get(doc[i:i + k].text)
        self.take(i, end, _span_name(doc, i, end), "base", country)
        return end

    def cued(self, i: int, cues: dict[str, str]) -> int | None:
        """"a base at Nyamwera", "the town of Bucha", "the camps at Tessalit and Aguelhok"."""
        doc, n = self.doc, self.n
        tok = doc[i]
        if tok.lower_ not in cues or not tok.is_lower or i + 2 >= n or doc[i + 1].lower_ not in ("at", "in", "of", "near", "outside"):
            return None
        if tok.lower_ in ("post", "posts") and i > 0 and doc[i - 1].lower_ in ("a", "an"):
            return None  # "a post at a university" is a job
        kind = cues[tok.lower_]
        if i + 2 in self.dates:
            return None  # "the region in March"
        members = self.name_list(i + 2)
        if not tok.lower_.endswith("s") or tok.lower_ in ("outskirts",):
            members = members[:1]
        taken = 0
        for start, end, known in members:
            if known or not self.free_name(start, end):
                continue
            if len(members) > 1 and end == members[-1][1] and not _list_can_end_before(doc, end):
                continue  # "bases in Kabul and Smith said"
            if any(t.text in gazetteer.place_word_roles().get("org_word", ()) for t in doc[start:end]):
                continue
            self.take(start, end, _span_name(doc, start, end), kind)
            taken = max(taken, end)
        return taken or None

    def admin_named(self, i: int, kind: str) -> int | None:
        """"the Hiraan region": a name the model saw, before a lower-case admin word, is such a place."""
        doc = self.doc
        start = _name_run_before(doc, i, self.cov, 2)
        if start == i or (start > 0 and doc[start - 1].is_title and doc[start - 1].lower_ not in ("the", "a", "an")):
            return None
        if not self.ner_named(start, i) or not self.free_name(start, i) or doc[start].is_sent_start:
            return None
        self.take(start, i, _span_name(doc, start, i), kind)
        return i + 1

    def admin_lists(self) -> None:
        """"the Gedo and Bay regions", "the Shaddadi and Tal Tamr bases": every name of the list before a plural
        admin or site word is such a place (a listed city stays the city before a site word)."""
        doc = self.doc
        admin = gazetteer.place_word_kinds("admin_plural")
        plural = {**gazetteer.place_word_kinds("site_plural"), **admin}
        for i, tok in enumerate(doc):
            if tok.lower_ not in plural or not tok.is_lower or i < 3:
                continue
            # walk back to the start of the list: names joined by "," / "and"
            k = i
            while k > 0 and (self.cov[k - 1] or (doc[k - 1].is_title and doc[k - 1].is_alpha) or doc[k - 1].text == "-"
                             or doc[k - 1].lower_ in ARABIC_PARTICLES or doc[k - 1].text == "," or doc[k - 1].lower_ in ("and", "or")):
                k -= 1
                if i - k > 12:
                    break
            while k < i and (doc[k].text == "," or doc[k].lower_ in ("and", "or")):
                k += 1
            members = self.name_list(k)
            if len(members) < 2 or members[-1][1] != i:
                continue
            if k > 0 and doc[k - 1].lower_ not in ("the", "of") and doc[k - 1].lower_ not in gazetteer.place_word_roles().get("place_preposition", ()):
                continue
            kind = plural[tok.lower_]
            word = tok.lower_[:-1]  # "regions" -> "region"
            countries = {self.found_at[a].place.country for a, _, known in members if known}
            country = countries.pop() if len(countries) == 1 else None  # "the Shaddadi and Tal Tamr bases": Syria
            for start, end, known in members:
                if known:
                    if tok.lower_ in admin:
                        self.province_of_city(self.found_at[start], word, kind)
                elif self.free_name(start, end) and not doc[start].is_sent_start:
                    named = gazetteer.resolve(f"{doc[start:end].text} {word}") if tok.lower_ in admin else None
                    if named is not None and named.kind in ("province", "region"):  # "Bay" + "region" -> Bay Region
                        self.out.append(_Found(start, end, named))
                        self.cov[start:end] = [True] * (end - start)
                    else:
                        self.take(start, end, _span_name(doc, start, end), kind, country)

    def province_of_city(self, f: _Found, word: str, kind: str) -> None:
        """"the Kharkiv and Sumy regions": a listed city stands for the province named after it."""
        if f.place is None or f.place.kind != "city" or kind == "place":
            return
        province = gazetteer.resolve(f"{f.place.name} {word}")
        if province is not None and province.kind in ("province", "region") and province.country == f.place.country:
            f.place = province
        else:
            f.place, f.name, f.kind, f.country = None, f"{f.place.name} {word.capitalize()}", kind, f.place.country

    def comma_country(self) -> None:
        """"to Mons, Belgium": a capitalised name right before ", <country>", after a place preposition or at the
        start of a line, is a place in that country."""
        doc, n = self.doc, self.n
        preps = gazetteer.place_word_roles().get("place_preposition", frozenset())
        for f in list(self.found_at.values()):
            if f.place is None or f.place.kind != "country" or f.start < 2 or doc[f.start - 1].text != ",":
                continue
            if f.end < n and not (doc[f.end].is_punct or doc[f.end].is_space) or (f.end < n and doc[f.end].text in ("'s", "’s", "-")):
                continue
            after = self.found_at.get(f.end + 1)
            if f.end < n and doc[f.end].text == "," and after is not None and after.place is not None:
                continue  # "according to Smith, Iraq, Syria and Iran": a list of countries, not "Town, Country"
            end = f.start - 1
            start = _name_run_before(doc, end, self.cov, 3)
            if start == end or not self.free_name(start, end):
                continue
            line_start = start == 0 or "\n" in doc[start - 1].text
            if not line_start and doc[start - 1].lower_ not in preps:
                continue
            self.take(start, end, _span_name(doc, start, end), None, f.place.country)

    def coordinated(self) -> None:
        """"from Gao toward Anefis and Kidal", "left Pallikudi and Tharavan": after a place preposition or a verb whose
        object is a place, a name listed with a known town or base, or with a name the model took for a place, is a
        place (of the known places' country)."""
        doc, n = self.doc, self.n
        preps = gazetteer.place_word_roles().get("place_preposition", frozenset())
        verbs = gazetteer.place_word_roles().get("place_verb", frozenset())
        org_words = gazetteer.place_word_roles().get("org_word", frozenset())
        for i, tok in enumerate(doc):
            if (tok.lower_ not in preps and tok.lower_ not in verbs) or not tok.is_lower or i + 1 >= n:
                continue
            members = self.name_list(i + 1)
            if len(members) < 2:
                continue
            places = [self.known[s].place for s, _, known in members if known]
            if places and not all(p.kind in ("city", "base", "facility") for p in places):
                continue
            if not places and not any(self.ner_place(s, e) for s, e, _ in members):
                continue
            countries = {p.country for p in places}
            country = countries.pop() if len(countries) == 1 else None
            last_end = members[-1][1]
            for start, end, known in members:
                if known or not self.free_name(start, end) or doc[start].is_sent_start:
                    continue
                if end == last_end and not _list_can_end_before(doc, last_end):
                    continue  # "in Baghdad and Smith said": the subject of the next clause
                if any(t.text in org_words for t in doc[start:end]) or any(
                    e.label_ == "ORG" and e.start <= start and end <= e.end and (e.start, e.end) != (start, end)
                    for e in self.ents
                ):
                    continue  # an "organisation" that is just the listed name is a place the model mistook
                self.take(start, end, _span_name(doc, start, end), None, country)


def _rule_found(doc: Doc, found: list[_Found]) -> list[_Found]:
    return _Rules(doc, found).run()


def _span_name(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


# --- 3. NER places the rules did not cover -----------------------------------------------------


def _own_caps_line(doc: Doc, text: str, start: int, end: int) -> bool:
    """Is doc[start:end] an all-caps line of its own ("NORTHERN WIRE" masthead, "WORLD" section label)?
    `text` is doc.text, passed in because spaCy rebuilds it on every access."""
    a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return line == text[a:b] and line.isupper()


def _ner_found(doc: Doc, covered: list[bool]) -> list[_Found]:
    roles = gazetteer.place_word_roles()
    org_words = roles.get("org_word", frozenset()) | roles.get("org_suffix", frozenset())
    out: list[_Found] = []
    text = doc.text
    for ent in doc.ents:
        if ent.label_ not in NER_PLACE_LABELS:
            continue
        # the parts of the entity no gazetteer/rule match covered ("Hajin, Syria" -> "Hajin")
        run: list[int] = []
        for k in list(range(ent.start, ent.end)) + [None]:
            if k is not None and not covered[k] and doc[k].text not in (",", "(", ")", "/", "–", "—") and "\n" not in doc[k].text:
                run.append(k)
                continue
            if run:
                f = _ner_piece(doc, text, run[0], run[-1] + 1, org_words, whole=len(run) == len(ent))
                if f is not None:
                    out.append(f)
                run = []
    return out


def _ner_piece(doc: Doc, doc_text: str, start: int, end: int, org_words: frozenset[str], whole: bool) -> _Found | None:
    while start < end and doc[start].lower_ in ("the", "-", "'s", "’s"):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "-", ".") or doc[end - 1].is_punct):
        end -= 1
    if start >= end or end - start > 5:
        return None
    span = doc[start:end]
    text = span.text
    if not text[:1].isupper() or any(t.like_num or any(c.isdigit() for c in t.text) for t in span):
        return None
    if any(t.is_alpha and t.is_lower and t.lower_ not in _generic() and t.lower_ not in ("of", "and") for t in span):
        return None  # "the region", "Middle Eastern nations"
    if gazetteer.is_non_place(text) or any(t.text in org_words for t in span):
        return None
    if gazetteer.country_for_demonym(text) is not None or gazetteer.country_for_demonym(span[-1].text) is not None:
        return None
    roles = gazetteer.place_word_roles()
    adjectives = roles.get("region_adjective", frozenset())
    if span[-1].text in adjectives or span[-1].text.title() in adjectives:
        return None  # "West African", "Central Asian": an adjective of a world region
    leftovers = roles.get("feature_suffix", frozenset()) | roles.get("facility_suffix", frozenset())
    if all(t.lower_ in _generic() or t.text in leftovers or t.lower_ in _compass_words() for t in span):
        return None  # "River", "Province", "Palace", "Northern" left over from a longer name
    if len(span) == 1 and (span[0].is_upper or not span[0].is_alpha):
        return None  # acronyms ("ISIS", "DR"): the gazetteer knows the places among them
    if len(span) == 1 and span[0].tag_ == "NNS":
        return None  # "Peacekeepers left ...": a plural common noun the model took for a place
    if not whole and len(span) == 1 and span[0].is_sent_start:
        return None
    if _outlet_shaped(doc, start, end):
        return None  # "THE DECCAN HERALD"
    if len(span) >= 2 and span[-1].is_title and span[-1].lower_ in gazetteer.outlet_name_words() \
            and span[-1].text not in roles.get("site_name_word", ()):
        return None  # "Nile Dispatch", "Sahel Courier": an outlet's name, even without "the"
    if _company_named(doc, start, end):
        return _Found(start, end, None, None, "company")  # "the Chinese company Landbridge": a shadow, for every mention
    if _own_caps_line(doc, doc_text, start, end) and gazetteer.resolve(text) is None:
        return None  # a masthead or section line the model took for a place
    if end < len(doc) and doc[end].is_lower and doc[end].text in roles.get("lower_feature_suffix", ()):
        return _Found(start, end + 1, None, doc[start : end + 1].text, None)  # "the Kailash range"
    place = gazetteer.resolve(text)
    if place is not None:
        return _Found(start, end, place)
    return _Found(start, end, None, text, None)


def _company_named(doc: Doc, start: int, end: int) -> bool:
    """Does the text call doc[start:end] a company: a company noun right before it ("the Chinese firm X", "port
    operator X"), a verb of owning before "by"/"to" ("operated by X", "leased to X"), or an apposition after it that
    ends in a company noun ("X, a Chinese company,")? Only for names the gazetteer lacks."""
    roles = gazetteer.place_word_roles()
    nouns = roles.get("company_noun", frozenset())
    if start > 0 and doc[start - 1].is_lower and doc[start - 1].lower_ in nouns:
        return True
    if start > 1 and doc[start - 1].lower_ in ("by", "to") and doc[start - 2].lower_ in roles.get("company_verb", ()):
        return True  # "operated by X", "leased to X"
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
        for tok in doc[end + 2 : end + 8]:
            if tok.is_punct:
                break
            if tok.is_lower and tok.lower_ in nouns:
                return True
    return False


def _drop_company_mentions(doc: Doc, found: list[_Found]) -> list[_Found]:
    """A name the text once calls a company ("Landbridge, a Chinese company") is no place in its other mentions."""
    companies = {doc[f.start:f.end].text for f in found if f.place is None and f.name is None and f.kind == "company"}
    if not companies:
        return found
    return [f for f in found if not (f.place is None and f.name is not None and f.kind is None
                                     and doc[f.start:f.end].text in companies)]


# --- facts -------------------------------------------------------------------------------------


def _context_country(doc: Doc, end: int, by_start: dict[int, _Found]) -> str | None:
    """Country of a place the gazetteer lacks, from "X, Syria" / "X in Erbil Governorate"."""
    if end < len(doc) and doc[end].lower_ in CONTEXT_PREPOSITIONS:
        nxt = by_start.get(end + 1)
        if nxt is not None and nxt.place is not None:
            return nxt.place.country
    return None


_DATELINE_TAG = None


def _dateline_tags(text: str) -> list[tuple[int, int]]:
    """Character spans of the outlet tag in a dateline: "TOKYO (Pacific Desk) —", "SEOUL, South Korea (Korea
    Morning Post) —", "Khartoum (Nile Dispatch):", a line opening with "(Nile Dispatch) —". The tag names an outlet
    or desk, not a place (a known place in the parentheses stays one: "Gao (Mali) —")."""
    import re

    global _DATELINE_TAG
    if _DATELINE_TAG is None:
        _DATELINE_TAG = re.compile(
            r"^[ \t]*(?:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}(?:,[ \t]*[A-Z][\w .'’-]*)?[ \t]*)?"
            r"\(([^()\n]{2,60})\)[ \t]*[—–:-]",
            re.M,
        )
    return [m.span(1) for m in _DATELINE_TAG.finditer(text) if gazetteer.resolve(m.group(1)) is None]


def _credit_line_starts(text: str) -> set[int]:
    """Start offsets of credit lines ("Reporting by ... in Baghdad")."""
    import re

    prefixes = gazetteer.place_word_roles().get("credit_prefix", ())
    if not prefixes:
        return set()
    pattern = re.compile(r"^[ \t(]*(?:" + "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)) + ")", re.I | re.M)
    return {text.rfind("\n", 0, m.start() + 1) + 1 if m.start() else 0 for m in pattern.finditer(text)}


class _Sentences:
    """Sentence spans of a Doc, found once (Span.sent rescans the whole Doc on every call)."""

    def __init__(self, doc: _Doc):
        self.text = doc.text
        if doc.doc.has_annotation("SENT_START"):
            self.bounds = [(s.start_char, s.end_char) for s in doc.doc.sents]
        else:
            self.bounds = [(0, len(doc.text))]
        self.starts = [b[0] for b in self.bounds]

    def of(self, start_char: int, end_char: int) -> str:
        """The sentence around a span, never running over a line break (the small models' sentence
        splitter sometimes joins a headline or paragraph to the next)."""
        import bisect

        k = max(0, bisect.bisect_right(self.starts, start_char) - 1)
        lo, hi = self.bounds[k]
        hi = max(hi, end_char)
        text = self.text
        start = max(lo, text.rfind("\n", 0, start_char) + 1)
        end = text.find("\n", end_char, hi)
        return text[start : end if end >= 0 else hi].strip()


def _ner_cover(doc: Doc, found: list[_Found]) -> list[bool]:
    """Tokens the model's places may not use: those of every match, except a bare compass word's shadow ("West"),
    which opens a longer name the model saw ("West Timor" when the gazetteer lacks it) and is dropped when alone."""
    cov = _covered(found, len(doc))
    compass = gazetteer.place_word_roles().get("compass", frozenset())
    for f in found:
        if f.place is None and f.name is None and f.end - f.start == 1 and doc[f.start].text in compass:
            cov[f.start] = False
    return cov


_MASTHEAD = None


def _masthead(text: str) -> tuple[int, int] | None:
    """Character span of an outlet's name on the first line: capitals of two or more words ending in an outlet or
    newsletter word, then a dash, bar or colon and a short section label ending the line ("HORN OF AFRICA BRIEF —
    Analysis", "SAHEL SECURITY MONITOR | Opinion").
    A line whose capitals are a place as a whole ("SOUTH SUDAN — Analysis") or that runs on into a sentence (a dateline)
    is none."""
    import re

    global _MASTHEAD
    if _MASTHEAD is None:
        _MASTHEAD = re.compile(
            r"\A\s*([A-Z][A-Z0-9&'’.-]*(?:[ \t]+[A-Z0-9&'’.-]+)+)[ \t]*(?:[—–|:]|[ \t]-[ \t])[ \t]*"
            r"[A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){0,2}[ \t]*(?:\n|\Z)"
        )
    m = _MASTHEAD.match(text)
    if m is None or gazetteer.resolve(m.group(1)) is not None:
        return None
    roles = gazetteer.place_word_roles()
    last = m.group(1).split()[-1].title()
    if last.lower() not in gazetteer.outlet_name_words() and last not in roles.get("outlet_suffix", ()) \
            and last not in roles.get("masthead_word", ()):
        return None  # "US TROOPS LEAVE SYRIA — Report": a headline
    return m.span(1)


def find_locations(doc: Doc) -> list:
    """Location facts of a Doc, sorted by start offset."""
    from withdrawal_cli.models import LocationFact

    doc = _Doc(doc)
    found = _gazetteer_found(doc)
    found += _rule_found(doc, found)
    found += _ner_found(doc, _ner_cover(doc, found))
    found = _drop_company_mentions(doc, found)
    found.sort(key=lambda f: f.start)
    by_start = {f.start: f for f in found}
    sentences = _Sentences(doc)
    credits = _credit_line_starts(sentences.text)
    tags = _dateline_tags(sentences.text)
    masthead = _masthead(sentences.text)
    if masthead is not None:
        tags.append(masthead)
    facts = []
    for f in found:
        if f.place is None and f.name is None:
            continue  # shadow
        span = doc[f.start : f.end]
        if credits and sentences.text.rfind("\n", 0, span.start_char) + 1 in credits:
            continue  # "(Reporting by X in Baghdad; Editing by Y)"
        if any(a <= span.start_char and span.end_char <= b for a, b in tags):
            continue  # "TOKYO (Pacific Desk) —": the outlet's tag
        if f.place is not None:
            p = f.place
            facts.append(
                LocationFact(
                    text=span.text, start=span.start_char, end=span.end_char, sentence=sentences.of(span.start_char, span.end_char),
                    name=p.name, kind=p.kind, country=p.country, lat=p.lat, lon=p.lon,
                )
            )
        else:
            name = f.name[4:] if f.name.lower().startswith("the ") else f.name
            facts.append(
                LocationFact(
                    text=span.text, start=span.start_char, end=span.end_char, sentence=sentences.of(span.start_char, span.end_char),
                    name=name, kind=f.kind, country=f.country or _context_country(doc, f.end, by_start),
                )
            )
    return facts
