"""Place lookup shared by the locations component, compare-sources and query.

Pure Python over package data (no spaCy import): resolve any spelling to a
canonical place, and answer containment ("is Erbil inside Iraq?").

(placeholder API: the locations work fills in the data and the lookups)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    name: str  # canonical
    kind: str | None  # country, region, province, city, base, facility
    country: str | None  # canonical containing country (itself for a country)
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None  # canonical name of the next larger place (province, region), if known


def resolve(name: str) -> Place | None:
    """The place any spelling refers to ("Irbil" -> Erbil), or None if unknown."""
    return None


def canonical_name(name: str) -> str:
    """Canonical name of a spelling, or the input unchanged when unknown."""
    place = resolve(name)
    return place.name if place else name


def is_within(inner: str, outer: str) -> bool:
    """True when `inner` is `outer` or lies inside it (Erbil within Kurdistan Region within Iraq)."""
    a, b = resolve(inner), resolve(outer)
    if a is None or b is None:
        return canonical_name(inner).casefold() == canonical_name(outer).casefold()
    return a.name == b.name
