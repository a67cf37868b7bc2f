"""Where a city is, offline: the GeoNames cities of 15,000 people or more, found by their
name or any of their other names, without case or accents (`Londres`, `MÜNCHEN`,
`Munchen` all find Munich's and London's entries). A city the gazetteer does not know is
kept as typed, without coordinates.

The cities are `data/cities15000.json.xz` (GeoNames, CC BY 4.0: see `data/README.md`),
what the journal reads of GeoNames and no more, built by `tools/build_gazetteer.py`.
"""

from __future__ import annotations

import json
import lzma
from functools import cache
from pathlib import Path

from journal.text.handles import name_key

DATA = Path(__file__).parent / "data" / "cities15000.json.xz"

# A city found by another of its names wins over one that bears the name only when it is
# this many times larger: "Londres" is London, but "Cambridge" stays Cambridge, England.
OTHER_NAME_ODDS = 10


def city_key(city: str) -> str:
    """A city as the journal compares it: no case, accents or extra spaces."""
    return name_key(city)


@cache
def _gazetteer() -> tuple[list[dict], dict[str, str]]:
    # Read on the first look-up only: 6 MB of JSON once uncompressed.
    data = json.loads(lzma.decompress(DATA.read_bytes()))
    columns = data["cities"]
    cities = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    return cities, data["countries"]


@cache
def _index() -> tuple[dict[str, dict], dict[str, dict], dict[str, str]]:
    """The gazetteer by name and by other name, built once a process: a third of a
    second, where a scan of every city's other names took 80 ms a city, which a journal
    of thousands of cities looks up at once."""
    return build_index(*_gazetteer())


def build_index(
    cities: list[dict], countries: dict[str, str]
) -> tuple[dict[str, dict], dict[str, dict], dict[str, str]]:
    """Each name and each other name of `cities` to its most populous city (the first
    of the list among equals)."""
    by_name: dict[str, dict] = {}
    by_other: dict[str, dict] = {}
    for c in cities:
        key = name_key(c["name"])
        if key and (key not in by_name or c["population"] > by_name[key]["population"]):
            by_name[key] = c
    for c in cities:
        own = name_key(c["name"])
        for other in c["alternatenames"]:
            key = name_key(other) if other else ""
            if not key or key == own:
                continue
            best = by_other.get(key)
            if best is None or c["population"] > best["population"]:
                by_other[key] = c
    return by_name, by_other, countries


def locate(city: str) -> dict | None:
    """The gazetteer's entry for `city` (name, country, latitude, longitude, geonameid),
    or None when it does not know it."""
    return locate_in(_index(), city)


def locate_in(index: tuple[dict[str, dict], dict[str, dict], dict[str, str]], city: str):
    """`locate` in the gazetteer `index` (`build_index`'s)."""
    key = city_key(city)
    if not key:
        return None
    names, others, countries = index
    found, by_other = names.get(key), others.get(key)
    if by_other is not None and (
        found is None or by_other["population"] >= OTHER_NAME_ODDS * found["population"]
    ):
        found = by_other
    if found is None:
        return None
    return {
        "name": found["name"],
        "country": countries.get(found["countrycode"], found["countrycode"]),
        "latitude": found["latitude"],
        "longitude": found["longitude"],
        "geonameid": int(found["geonameid"]),
    }
