"""withdrawal_cli.query: filter specification and pure filters, on hand-written extraction fixtures.

The fixture corpus (fixtures/query/corpus.jsonl, made by fixtures/query/make_corpus.py)
has four invented articles: Iraq 2025 (Tigris Ledger), Syria 2025 (Levant Wire),
an undated look back at 2007-2011, and Iraq 2024 (Gulf Monitor).

Place lookups use a small stand-in gazetteer (`fake_gazetteer`) so these tests check
the filter logic whatever the real gazetteer data says; tests on the seeds use the real one.
"""

from __future__ import annotations

import json

import pytest

from withdrawal_cli import gazetteer
from withdrawal_cli.errors import UsageError
from withdrawal_cli.query import build_filter, fact_date, figure_span, query_records

from conftest import FIXTURES

CORPUS = FIXTURES / "query" / "corpus.jsonl"

_P = gazetteer.Place
FAKE_PLACES = {
    "Iraq": _P("Iraq", "country", "Iraq", 33.0, 44.0),
    "Syria": _P("Syria", "country", "Syria", 35.0, 38.0),
    "United States": _P("United States", "country", "United States", 39.76, -98.5),
    "Kurdistan Region": _P("Kurdistan Region", "region", "Iraq", 36.41, 44.38),
    "Anbar": _P("Anbar", "province", "Iraq", 33.4, 42.0),
    "Erbil": _P("Erbil", "city", "Iraq", 36.19, 44.01, parent="Kurdistan Region"),
    "Baghdad": _P("Baghdad", "city", "Iraq", 33.3406, 44.4009),
    "Ain al-Asad": _P("Ain al-Asad", "base", "Iraq", 33.7856, 42.4412, parent="Anbar"),
    "Deir ez-Zor": _P("Deir ez-Zor", "city", "Syria", 35.3359, 40.1408),
}
FAKE_ALIASES = {"irbil": "Erbil", "arbil": "Erbil", "al-asad": "Ain al-Asad", "al-assad": "Ain al-Asad", "us": "United States"}


def fake_resolve(name: str):
    key = " ".join(name.split()).casefold()
    for canonical, place in FAKE_PLACES.items():
        if canonical.casefold() == key:
            return place
    canonical = FAKE_ALIASES.get(key)
    return FAKE_PLACES[canonical] if canonical else None


def fake_is_within(inner: str, outer: str) -> bool:
    a, b = fake_resolve(inner), fake_resolve(outer)
    if a is None or b is None:
        return False
    while a is not None:
        if a.name == b.name or (b.kind == "country" and a.country == b.name):
            return True
        a = FAKE_PLACES.get(a.parent) if a.parent else None
    return False


@pytest.fixture
def fake_gazetteer(monkeypatch):
    monkeypatch.setattr(gazetteer, "resolve", fake_resolve)
    monkeypatch.setattr(gazetteer, "is_within", fake_is_within)


def load_corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_query(**options) -> list[tuple[str, str]]:
    """(document source or path, fact text) of every match."""
    flt = build_filter(**options)
    return [(item["document"]["source"] or item["document"]["path"], item["fact"]["text"]) for item in query_records(load_corpus(), flt)]


TL, LW, SY, GM = "Tigris Ledger", "Levant Wire", "articles/surge-years.md", "Gulf Monitor"


@pytest.mark.parametrize(
    "options, expected",
    [
        (
            {"types": ["official"]},
            [
                (TL, "Pentagon spokesperson Maria Delgado"),
                (TL, "A senior Iraqi security official"),
                (LW, "a U.S. official"),
                (LW, "Colonel Tom Brandt, a spokesman for the coalition"),
                (GM, "Brig. Gen. Karim Saadi"),
            ],
        ),
        ({"types": ["date", "official"], "source": "Gulf Monitor"}, [(GM, "2024-01-10"), (GM, "2021"), (GM, "Brig. Gen. Karim Saadi"), (GM, "mid-2024")]),
        # --location: any spelling, places inside it; locations and troop counts only.
        (
            {"location": "Iraq"},
            [
                (TL, "Iraq"),
                (TL, "About 2,500 U.S. troops remain in Iraq"),
                (TL, "Iraq"),
                (TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"),
                (TL, "Ain al-Asad air base"),
                (TL, "Irbil"),
                (TL, "Kurdistan Region"),
                (TL, "between 1,500 and 2,000 personnel"),
                (TL, "Baghdad"),
                (SY, "nearly 170,000 troops in Iraq"),
                (SY, "Iraq"),
                (SY, "between 100,000 and 150,000"),
                (GM, "around 3,000 troops in Iraq in 2021"),
                (GM, "Iraq"),
                (GM, "2,000 advisers remain at Al-Asad"),
                (GM, "Al-Asad"),
                (GM, "Some 40 Danish soldiers"),
                (GM, "Erbil"),
            ],
        ),
        ({"location": "Arbil"}, [(TL, "Irbil"), (GM, "Some 40 Danish soldiers"), (GM, "Erbil")]),
        (
            {"location": "kurdistan region"},
            [(TL, "Irbil"), (TL, "Kurdistan Region"), (TL, "between 1,500 and 2,000 personnel"), (GM, "Some 40 Danish soldiers"), (GM, "Erbil")],
        ),
        ({"location": "al-Assad", "types": ["troop_count"]}, [(TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"), (GM, "2,000 advisers remain at Al-Asad")]),
        (
            {"location": "Syria"},
            [(LW, "More than 900 American troops"), (LW, "Syria"), (LW, "Deir ez-Zor"), (LW, "Hundreds of troops")],
        ),
        # --official: any part of name or title, case-insensitive; officials only.
        ({"official": "SPOKES"}, [(TL, "Pentagon spokesperson Maria Delgado"), (LW, "Colonel Tom Brandt, a spokesman for the coalition")]),
        ({"official": "saadi"}, [(GM, "Brig. Gen. Karim Saadi")]),
        ({"official": "tom  brandt"}, [(LW, "Colonel Tom Brandt, a spokesman for the coalition")]),
        ({"official": "iraqi"}, [(TL, "A senior Iraqi security official"), (GM, "Brig. Gen. Karim Saadi")]),
        # --source: whole words, case-insensitive; a document with no source never matches.
        ({"source": "ledger", "types": ["troop_count"]}, [(TL, "About 2,500 U.S. troops remain in Iraq"), (TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"), (TL, "between 1,500 and 2,000 personnel")]),
        ({"source": "Tigris Led"}, []),
        # --since/--until: mixed granularity; troop figures without a date apply at publication.
        (
            {"types": ["troop_count"], "since": "2024"},
            [
                (TL, "About 2,500 U.S. troops remain in Iraq"),
                (TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"),
                (TL, "between 1,500 and 2,000 personnel"),
                (LW, "More than 900 American troops"),
                (LW, "Hundreds of troops"),
                (GM, "2,000 advisers remain at Al-Asad"),
                (GM, "Some 40 Danish soldiers"),
            ],
        ),
        (
            {"since": "2025-09"},
            [(TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"), (TL, "September 2025"), (LW, "Hundreds of troops"), (LW, "this year")],
        ),
        ({"until": "2008"}, [(SY, "2007"), (SY, "nearly 170,000 troops in Iraq"), (SY, "2008")]),
        ({"since": "2011-12-31", "until": "2021-06"}, [(SY, "December 2011"), (GM, "around 3,000 troops in Iraq in 2021"), (GM, "2021")]),
        ({"since": "2024-01-10", "until": "2024-01-10", "types": ["troop_count"]}, [(GM, "2,000 advisers remain at Al-Asad"), (GM, "Some 40 Danish soldiers")]),
        # --min/--max: troop figures only, ranges overlap the bounds, vague amounts never match.
        (
            {"min": 1800},
            [
                (TL, "About 2,500 U.S. troops remain in Iraq"),
                (TL, "between 1,500 and 2,000 personnel"),
                (SY, "nearly 170,000 troops in Iraq"),
                (SY, "between 100,000 and 150,000"),
                (GM, "around 3,000 troops in Iraq in 2021"),
                (GM, "2,000 advisers remain at Al-Asad"),
            ],
        ),
        ({"max": 900}, [(TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"), (LW, "More than 900 American troops"), (GM, "Some 40 Danish soldiers")]),
        ({"min": 1800, "max": 1900}, [(TL, "between 1,500 and 2,000 personnel")]),
        ({"min": 120000, "max": 160000}, [(SY, "between 100,000 and 150,000")]),
        ({"min": 0, "max": 0}, []),
        # --text: a regex on the evidence sentence, any fact type.
        ({"text": r"status of forces"}, [(SY, "between 100,000 and 150,000"), (SY, "2008")]),
        ({"text": r"^some \d+", "types": ["troop_count"]}, [(TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"), (GM, "Some 40 Danish soldiers")]),
        # Everything together: the acceptance query on the fixtures.
        (
            {"types": ["troop_count"], "location": "Iraq", "since": "2024"},
            [
                (TL, "About 2,500 U.S. troops remain in Iraq"),
                (TL, "Some 600 soldiers will leave Ain al-Asad air base by September 2025"),
                (TL, "between 1,500 and 2,000 personnel"),
                (GM, "2,000 advisers remain at Al-Asad"),
                (GM, "Some 40 Danish soldiers"),
            ],
        ),
        ({"types": ["troop_count"], "location": "Iraq", "since": "2024", "min": 1000, "text": "remain"}, [(TL, "About 2,500 U.S. troops remain in Iraq"), (GM, "2,000 advisers remain at Al-Asad")]),
    ],
)
def test_filters(fake_gazetteer, options, expected):
    options = {("minimum" if k == "min" else "maximum" if k == "max" else k): v for k, v in options.items()}
    assert run_query(**options) == expected


def test_no_filter_keeps_every_fact():
    assert len(run_query()) == sum(len(r["facts"]) for r in load_corpus())


def test_result_item_carries_document_reference_and_whole_fact(fake_gazetteer):
    record = load_corpus()[0]
    items = list(query_records([record], build_filter(types=["troop_count"])))
    assert items[0] == {
        "document": {"id": record["document"]["id"], "path": record["document"]["path"], "source": "Tigris Ledger", "published": "2025-03-14"},
        "fact": record["facts"][2],
    }
    assert items[0]["fact"]["type"] == "troop_count"


def test_error_records_pass_through_in_order():
    error = {"schema_version": 1, "document": {"path": "gone.txt"}, "error": {"code": "not_found", "message": "no such file"}}
    corpus = load_corpus()
    items = list(query_records([corpus[1], error, corpus[3]], build_filter(types=["official"])))
    assert [i["error"]["code"] if "error" in i else i["fact"]["title"] for i in items] == [
        "U.S. official",
        "spokesman for the coalition",
        "not_found",
        "Iraqi commander",
    ]


@pytest.mark.parametrize(
    "fact, document, expected",
    [
        ({"type": "date", "value": "2025-09"}, {"published": "2025-10-01"}, "2025-09"),
        ({"type": "date", "value": None}, {"published": "2025-10-01"}, None),
        ({"type": "troop_count", "date": "2021"}, {"published": "2025-10-01"}, "2021"),
        ({"type": "troop_count", "date": None}, {"published": "2025-10-01"}, "2025-10-01"),
        ({"type": "troop_count", "date": None}, {"published": None}, None),
        ({"type": "location", "name": "Iraq"}, {"published": "2025-10-01"}, None),
        ({"type": "official", "name": "Sean Parnell"}, {"published": "2025-10-01"}, None),
    ],
)
def test_fact_date(fact, document, expected):
    assert fact_date(fact, document) == expected


@pytest.mark.parametrize(
    "fact, expected",
    [
        ({"type": "troop_count", "value": 2500, "low": 2500, "high": 2500}, (2500, 2500)),
        ({"type": "troop_count", "value": None, "low": 100000, "high": 150000}, (100000, 150000)),
        ({"type": "troop_count", "value": 900, "low": None, "high": None}, (900, 900)),
        ({"type": "troop_count", "value": None, "low": None, "high": None}, None),
        ({"type": "date", "value": "2024"}, None),
    ],
)
def test_figure_span(fact, expected):
    assert figure_span(fact) == expected


def test_unparseable_fact_date_in_input_is_not_a_match():
    record = {"document": {"id": "x", "path": "x", "source": None, "published": None}, "facts": [{"type": "date", "value": "someday", "sentence": ""}]}
    assert list(query_records([record], build_filter(since="2000"))) == []


@pytest.mark.parametrize(
    "options, message",
    [
        ({"location": "Atlantis"}, "--location: unknown place 'Atlantis'"),
        ({"location": "  "}, "--location: unknown place"),
        ({"since": "2024-13"}, "--since: '2024-13' is not a date"),
        ({"until": "last week"}, "--until: 'last week' is not a date"),
        ({"since": "2025", "until": "2024"}, "--since 2025 is after --until 2024"),
        ({"text": "(unclosed"}, "--text: invalid regular expression"),
        ({"minimum": 10, "maximum": 5}, "--min 10 is larger than --max 5"),
        ({"minimum": -1}, "--min: must be 0 or more"),
        ({"types": ["troops"]}, "--type: unknown fact type 'troops'"),
        ({"official": " "}, "--official"),
        ({"source": ""}, "--source"),
    ],
)
def test_bad_filter_values_are_usage_errors(fake_gazetteer, options, message):
    with pytest.raises(UsageError) as info:
        build_filter(**options)
    assert message in str(info.value)
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)


def test_query_streams_one_document_at_a_time(fake_gazetteer):
    """Matches of a document come out before the next document is even read."""
    corpus = load_corpus()
    pulled = []

    def source():
        for record in corpus[:2]:
            pulled.append(record["document"]["path"])
            yield record
        raise RuntimeError("input broke after two documents")

    results = query_records(source(), build_filter(types=["troop_count"]))
    first = next(results)
    assert first["document"]["path"] == corpus[0]["document"]["path"]
    assert pulled == [corpus[0]["document"]["path"]]
    got = [first]
    with pytest.raises(RuntimeError):
        for item in results:
            got.append(item)
    # Every match of the two documents read was produced before the failure.
    assert [g["fact"]["text"] for g in got] == [
        "About 2,500 U.S. troops remain in Iraq",
        "Some 600 soldiers will leave Ain al-Asad air base by September 2025",
        "between 1,500 and 2,000 personnel",
        "More than 900 American troops",
        "Hundreds of troops",
    ]


# -- every filter on real extraction output of the seeds (real gazetteer) -------------------------


def seed_matches(seed_records, **options) -> list[dict]:
    return list(query_records(seed_records, build_filter(**options)))


def test_seed_official_filter(seed_records):
    items = seed_matches(seed_records, official="PARNELL")
    assert items and all(i["fact"]["type"] == "official" and "Parnell" in i["fact"]["name"] for i in items)
    assert len({i["document"]["id"] for i in items}) >= 3  # the Pentagon spokesman is quoted by three outlets
    titles = seed_matches(seed_records, official="spokes")
    assert {i["fact"]["name"] for i in titles} >= {"Sean Parnell"}
    assert all("spokes" in (i["fact"]["title"] or "").lower() or "spokes" in (i["fact"]["name"] or "").lower() for i in titles)


def test_seed_source_filter(seed_records):
    rudaw = [r for r in seed_records if (r["document"].get("source") or "").lower() == "rudaw"]
    assert len(rudaw) == 1
    items = seed_matches(seed_records, source="rudaw")
    assert len(items) == len(rudaw[0]["facts"]) and {i["document"]["id"] for i in items} == {rudaw[0]["document"]["id"]}


def test_seed_location_filter_includes_places_inside(seed_records):
    from withdrawal_cli import gazetteer

    items = seed_matches(seed_records, location="Irbil")
    assert items
    places = {i["fact"].get("name") if i["fact"]["type"] == "location" else i["fact"].get("location") for i in items}
    assert "Erbil" in places and all(gazetteer.is_within(p, "Erbil") for p in places)
    iraq = seed_matches(seed_records, location="Iraq", types=["location"])
    names = {i["fact"]["name"] for i in iraq}
    assert {"Iraq", "Baghdad", "Erbil"} <= names and "Syria" not in names and "United States" not in names
    syria = seed_matches(seed_records, location="Syria", types=["troop_count"])
    assert [(i["fact"]["low"], i["fact"]["location"]) for i in syria] == [(900, "Syria")]


def test_seed_date_filters(seed_records):
    from withdrawal_cli.timeutil import bounds

    early = seed_matches(seed_records, types=["troop_count"], until="2014")
    assert early and all(bounds(fact_date(i["fact"], i["document"]))[0].year <= 2014 for i in early)
    assert 170000 in {i["fact"]["high"] for i in early}
    late = seed_matches(seed_records, since="2025-09", until="2025-10")
    assert late and all(i["fact"]["type"] in ("date", "troop_count") for i in late)
    assert "2025-10-01" in {i["fact"].get("value") for i in late}
    for item in late:
        first, last = bounds(fact_date(item["fact"], item["document"]))
        assert last.isoformat() >= "2025-09-01" and first.isoformat() <= "2025-10-31"


def test_seed_figure_filters(seed_records):
    big = seed_matches(seed_records, minimum=100000)
    assert big and all(i["fact"]["type"] == "troop_count" and i["fact"]["high"] >= 100000 for i in big)
    assert {130000, 170000} <= {i["fact"]["high"] for i in big}
    small = seed_matches(seed_records, maximum=2000)
    assert {(900, "Syria")} <= {(i["fact"]["low"], i["fact"]["location"]) for i in small}
    assert all(i["fact"]["low"] <= 2000 for i in small)


def test_seed_text_filter(seed_records):
    items = seed_matches(seed_records, text=r"kurdistan\s*24")
    expected = sum(1 for r in seed_records for f in r["facts"] if "kurdistan24" in f["sentence"].lower().replace(" ", ""))
    assert items and len(items) == expected
