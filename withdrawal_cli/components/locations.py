"""withdrawal_locations component: one location fact per place mentioned in the text.

Three sources, in order of trust:

1. The gazetteer (withdrawal_cli.gazetteer): token n-grams looked up by key, longest match
   first, honouring capitals ("US" never "us"). Matches inside non-place phrases ("New York
   Times", "Africa Command") are dropped; so are names that read as part of a person's name
   ("Lou Leon Guerrero", "Bashar al-Assad") or of an organisation ("Kabul University").
2. Rules for bases the gazetteer lacks: "Khalil Air Base", "Camp Lejeune", and capitalised
   names after place nouns ("a base at Kamanyola").
3. With a statistical model, NER GPE/LOC/FAC entities none of the above covered (kind null),
   minus nationality adjectives, institutions, outlets and vague areas.

Works with the blank pipeline too (then only 1 and 2). The logic is in pure functions over a
Doc; the component class only stores the result in doc._.locations.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from withdrawal_cli import gazetteer
from withdrawal_cli.gazetteer import AliasHit, Place

NER_PLACE_LABELS = ("GPE", "LOC", "FAC")
ARABIC_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "ez"})
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


# --- 1. gazetteer matches ----------------------------------------------------------------------


def _scan(doc: Doc) -> list[tuple[int, int, AliasHit]]:
    """Longest gazetteer (or shadow) match at each token, left to right, no overlaps."""
    text = doc.text
    n = len(doc)
    width = gazetteer.max_name_words() * 2 + 2  # tokens: hyphens and dots split words
    out = []
    i = 0
    while i < n:
        tok = doc[i]
        first = gazetteer.place_key(tok.text).split(" ")[0]
        if not first or not gazetteer.is_first_word(first):
            i += 1
            continue
        best = None
        for j in range(i, min(n, i + width)):
            tj = doc[j]
            if "\n" in tj.text:
                break
            piece = text[tok.idx : tj.idx + len(tj.text)]
            if not gazetteer.is_key_prefix(gazetteer.place_key(piece)):
                break
            if any(c.isalnum() for c in tj.text):
                hit = gazetteer.match_text(piece)
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
    """Is doc[start:end] part of a person's name ("Lou Leon Guerrero", "Bashar al-Assad")?"""
    if _inside_longer(persons, start, end):
        return True
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    prev_name = prev is not None and prev.is_title and prev.is_alpha and not prev.is_sent_start and prev.whitespace_ != ""
    next_name = nxt is not None and nxt.is_title and nxt.is_alpha and doc[end - 1].whitespace_ != ""
    if prev_name and gazetteer.match_text(prev.text) is not None:
        prev_name = False
    if next_name and (gazetteer.match_text(nxt.text) is not None or nxt.lower_ in _generic()):
        next_name = False
    return prev_name or next_name


def _generic() -> frozenset[str]:
    return frozenset(w.lower() for w in gazetteer.place_word_roles().get("generic", ()))


def _gazetteer_found(doc: Doc) -> list[_Found]:
    roles = gazetteer.place_word_roles()
    org_suffix = roles.get("org_suffix", frozenset())
    features = roles.get("feature_suffix", frozenset())
    admin = roles.get("admin_suffix", frozenset())
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    surnames = {e[-1].text for e in persons if len(e) >= 2 and e[-1].is_title}
    found: list[_Found] = []
    for start, end, hit in _scan(doc):
        place = hit.place
        if place is None:
            found.append(_Found(start, end, None))  # shadow: covers its tokens, yields nothing
            continue
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.text in org_suffix and doc[end - 1].whitespace_:
            found.append(_Found(start, end, None))  # "Kabul University", "Guam Daily Post"
            continue
        if nxt is not None and place.kind == "city" and nxt.lower_ in admin and doc[end - 1].whitespace_:
            province = f"{place.name} {nxt.lower_.capitalize()}"  # "Zhytomyr oblast" -> Zhytomyr Oblast
            found.append(_Found(start, end + 1, None, province, "province", place.country))
            continue
        if nxt is not None and nxt.text in features and doc[end - 1].whitespace_ and place.kind != "base":
            feature = doc[start : end + 1].text  # "Dnipro River": another place, named after this one
            found.append(_Found(start, end + 1, None, feature, None))
            continue
        base_start = _base_prefix_before(doc, start)
        if base_start is not None and place.kind not in ("base", "facility"):
            name = doc[base_start:end].text  # "Forward Operating Base Salerno" is not Salerno
            found.append(_Found(base_start, end, None, name, "base"))
            continue
        person_risk = hit.person_name or doc[start].lower_ in ARABIC_PARTICLES
        if person_risk and _reads_as_person(doc, start, end, persons):
            found.append(_Found(start, end, None))  # "Lou Leon Guerrero", "Bashar al-Assad"
            continue
        if place.kind == "city" or hit.person_name:
            if _inside_longer(persons, start, end) or (end - start == 1 and doc[start].text in surnames):
                found.append(_Found(start, end, None))  # "Carlos Mendoza ... Mendoza said"
                continue
            if hit.person_name and any((e.start, e.end) == (start, end) for e in persons):
                found.append(_Found(start, end, None))
                continue
        found.append(_Found(start, end, place))
    return _drop_relation_compounds(doc, found)


def _base_prefix_before(doc: Doc, start: int) -> int | None:
    """Start of the longest base prefix ("Camp", "Forward Operating Base") right before token `start`."""
    best = None
    for phrase in gazetteer.place_word_roles().get("base_prefix", ()):
        words = phrase.split(" ")
        s = start - len(words)
        if s >= 0 and [t.text for t in doc[s:start]] == words and doc[start - 1].whitespace_:
            best = s if best is None else min(best, s)
    return best


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
    first = doc[i].text if exact_case else doc[i].lower_
    best = 0
    for words in _phrase_table(phrases, exact_case).get(first, ()):
        if i + len(words) > len(doc) or len(words) <= best:
            continue
        toks = [doc[i + k].text if exact_case else doc[i + k].lower_ for k in range(len(words))]
        if toks == list(words):
            best = len(words)
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
    """Start of the run of capitalised name tokens ending at `end` (exclusive); `end` if none."""
    start = end
    while start > 0 and end - start < limit:
        tok = doc[start - 1]
        if cov[start - 1] or "\n" in tok.text:
            break
        if tok.is_title and tok.is_alpha and not _bad_name_word(tok):
            start -= 1
            continue
        if tok.text == "-" and start - 2 >= 0 and doc[start - 2].lower_ in ARABIC_PARTICLES:
            start -= 2  # "al-Harir"
            continue
        break
    return start


def _rule_found(doc: Doc, found: list[_Found]) -> list[_Found]:
    roles = gazetteer.place_word_roles()
    suffixes = roles.get("base_suffix", frozenset())
    prefixes = roles.get("base_prefix", frozenset())
    cues = gazetteer.place_cue_kinds()
    ner_spans = [e for e in doc.ents if e.label_ not in ("NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")]
    cov = _covered(found, len(doc))
    out: list[_Found] = []
    i = 0
    n = len(doc)
    while i < n:
        if cov[i]:
            i += 1
            continue
        # "Khalil Air Base" (capitalised suffix) / "Harir base" (lower-case: only where NER saw a name)
        k = _phrase_at(doc, i, suffixes, exact_case=True)
        lower = 0 if k else _phrase_at(doc, i, suffixes, exact_case=False)
        if (k or lower) and i > 0:
            length = k or lower
            start = _name_run_before(doc, i, cov, 3 if k else 2)
            if start > 0 and doc[start - 1].is_title and _bad_name_word(doc[start - 1]):
                start = i  # "Marine Corps Base": the name is an organisation's
            if start < i and not (start == i - 1 and doc[start].is_sent_start and not k):
                ok = bool(k) or any(e.start <= start and i <= e.end for e in ner_spans)
                if ok and not any(cov[start:i + length]):
                    out.append(_Found(start, i + length, None, _span_name(doc, start, i + length), "base"))
                    for c in range(start, i + length):
                        cov[c] = True
                    i += length
                    continue
        # "Camp Lejeune", "Fort Bragg", "FOB Chapman"
        k = _phrase_at(doc, i, prefixes, exact_case=True)
        if k and i + k < n:
            end = i + k
            while end < n and end - (i + k) < 2 and not cov[end] and doc[end].is_title and doc[end].is_alpha and not _bad_name_word(doc[end]):
                end += 1
            if end == i + k and end < n and doc[end].like_num and doc[i:i + k].text.startswith("Air Base"):
                end += 1
            if end > i + k:
                out.append(_Found(i, end, None, _span_name(doc, i, end), "base"))
                for c in range(i, end):
                    cov[c] = True
                i = end
                continue
        # "a base at Kamanyola", "the town of Bucha"
        tok = doc[i]
        if tok.lower_ in cues and i + 2 < n and doc[i + 1].lower_ in ("at", "in", "of", "near", "outside"):
            s = i + 2
            end = s
            while end < n and end - s < 3 and not cov[end] and doc[end].is_title and doc[end].is_alpha and not _bad_name_word(doc[end]):
                end += 1
            if end > s and not (end < n and doc[end].is_title and doc[end].is_alpha):
                kind = cues[tok.lower_]
                out.append(_Found(s, end, None, _span_name(doc, s, end), kind if kind in gazetteer.KINDS else None))
                for c in range(s, end):
                    cov[c] = True
                i = end
                continue
        i += 1
    return out


def _span_name(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


# --- 3. NER places the rules did not cover -----------------------------------------------------


def _ner_found(doc: Doc, covered: list[bool]) -> list[_Found]:
    roles = gazetteer.place_word_roles()
    org_words = roles.get("org_word", frozenset()) | roles.get("org_suffix", frozenset())
    out: list[_Found] = []
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
                f = _ner_piece(doc, run[0], run[-1] + 1, org_words, whole=len(run) == len(ent))
                if f is not None:
                    out.append(f)
                run = []
    return out


def _ner_piece(doc: Doc, start: int, end: int, org_words: frozenset[str], whole: bool) -> _Found | None:
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
    if all(t.lower_ in _generic() or t.text in roles.get("feature_suffix", ()) for t in span):
        return None  # "River", "Province" left over from a longer name
    if len(span) == 1 and (span[0].is_upper or not span[0].is_alpha):
        return None  # acronyms ("ISIS", "DR"): the gazetteer knows the places among them
    if not whole and len(span) == 1 and span[0].is_sent_start:
        return None
    place = gazetteer.resolve(text)
    if place is not None:
        return _Found(start, end, place)
    return _Found(start, end, None, text, None)


# --- facts -------------------------------------------------------------------------------------


def _context_country(doc: Doc, end: int, by_start: dict[int, _Found]) -> str | None:
    """Country of a place the gazetteer lacks, from "X, Syria" / "X in Erbil Governorate"."""
    if end < len(doc) and doc[end].lower_ in CONTEXT_PREPOSITIONS:
        nxt = by_start.get(end + 1)
        if nxt is not None and nxt.place is not None:
            return nxt.place.country
    return None


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

    def __init__(self, doc: Doc):
        self.text = doc.text
        if doc.has_annotation("SENT_START"):
            self.bounds = [(s.start_char, s.end_char) for s in doc.sents]
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


def find_locations(doc: Doc) -> list:
    """Location facts of a Doc, sorted by start offset."""
    from withdrawal_cli.models import LocationFact

    found = _gazetteer_found(doc)
    found += _rule_found(doc, found)
    found += _ner_found(doc, _covered(found, len(doc)))
    found.sort(key=lambda f: f.start)
    by_start = {f.start: f for f in found}
    sentences = _Sentences(doc)
    credits = _credit_line_starts(doc.text)
    facts = []
    for f in found:
        if f.place is None and f.name is None:
            continue  # shadow
        span = doc[f.start : f.end]
        if credits and doc.text.rfind("\n", 0, span.start_char) + 1 in credits:
            continue  # "(Reporting by X in Baghdad; Editing by Y)"
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
