"""Places: where the cities people, events and plans are in lie, from the offline
gazetteer (journal.gazetteer), kept in `places` one row per city as typed.

Events' and plans' cities are queued by triggers (m011), people's come from the facet
counts (kept by triggers and by a batch import); `locate_cities` looks up what is
queued. A city the gazetteer does not know keeps a row without coordinates, so it is
looked up once, and still found as typed (`Smallville` and `smallville` are one place).
"""

from __future__ import annotations

from journal.db.connection import Connection
from journal.gazetteer import city_key, locate

PLACE_COLUMNS = "city, key, name, country, latitude, longitude, geonameid"

# Cities of people not in `places` yet: a few hundred rows at most, whatever the journal.
UNQUEUED = """SELECT value FROM people_counts
    WHERE facet = 'city' AND count > 0 AND value NOT IN (SELECT city FROM places)"""


def pending(db: Connection) -> bool:
    """Whether some city is still to be looked up: cheap, for a read to ask first."""
    return (
        db.conn.execute("SELECT 1 FROM places WHERE located = 0 LIMIT 1").fetchone() is not None
        or db.conn.execute(UNQUEUED + " LIMIT 1").fetchone() is not None
    )


def _located(city: str) -> dict:
    found = locate(city) or {}
    return {
        "key": city_key(city),
        "name": found.get("name"),
        "country": found.get("country"),
        "latitude": found.get("latitude"),
        "longitude": found.get("longitude"),
        "geonameid": found.get("geonameid"),
    }


def locate_cities(db: Connection) -> int:
    """Look up every city not located yet; how many there were."""
    if not pending(db):
        return 0
    with db.transaction():
        db.conn.execute(f"INSERT OR IGNORE INTO places (city) {UNQUEUED}")
        cities = [r[0] for r in db.conn.execute("SELECT city FROM places WHERE located = 0")]
        for city in cities:
            db.conn.execute(
                "UPDATE places SET key = :key, name = :name, country = :country,"
                " latitude = :latitude, longitude = :longitude, geonameid = :geonameid,"
                " located = 1 WHERE city = :city",
                {**_located(city), "city": city},
            )
    return len(cities)


def place(db: Connection, city: str) -> dict:
    """Where `city` (as typed) is, with every spelling of it the journal holds (`cities`):
    `Londres` is London, and so are the people who typed `london` or `Londra`.

    Only reads: a city typed for a trip, and the journal's cities not looked up yet, are
    looked up in the gazetteer and not stored (a page another site links to must not
    add rows)."""
    row = db.row(
        f"SELECT {PLACE_COLUMNS} FROM places WHERE city = ? AND located = 1", [city.strip()]
    )
    if row is None:
        row = {"city": city.strip(), **_located(city)}
    match = "geonameid" if row["geonameid"] is not None else "key"
    same = [r["city"] for r in db.rows(f"SELECT city FROM places WHERE {match} = ?", [row[match]])]
    unlocated = [c for (c,) in db.conn.execute("SELECT city FROM places WHERE located = 0")]
    unlocated += sorted(c for (c,) in db.conn.execute(UNQUEUED))
    same += [c for c in unlocated if _located(c)[match] == row[match]]
    spellings: dict[str, str] = {}
    for spelling in [*same, row["city"]]:  # of two cases of a spelling, the places' one
        spellings.setdefault(spelling.casefold(), spelling)
    row["cities"] = sorted(spellings.values())
    return row


def spellings(db: Connection, city: str) -> list[str]:
    """Every spelling of `city` the journal's people and plans use (`Londres`, `london`
    and `London` are one city), read without writing: the cities not located yet are
    looked up here, not stored. A city the gazetteer does not know is itself alone."""
    typed = city.strip()
    where = _located(typed)
    if where["geonameid"] is None:
        return [typed]
    same = {
        r["city"]
        for r in db.rows(
            "SELECT city FROM places WHERE geonameid = ? AND located", [where["geonameid"]]
        )
    }
    unlocated = [r[0] for r in db.conn.execute(UNQUEUED)]
    unlocated += [r[0] for r in db.conn.execute("SELECT city FROM places WHERE located = 0")]
    same |= {c for c in unlocated if _located(c)["geonameid"] == where["geonameid"]}
    return sorted({typed, *same}, key=str.casefold)


# Events without a city looked at for the map, newest first.
CITYLESS = 200


def cityless_events(db: Connection) -> tuple[list[dict], list[dict]]:
    """Events with no city: (those whose venue names a place the gazetteer knows, each
    with where it is, those it does not). "Le Panier, Marseille" is in Marseille."""
    placed, unplaced = [], []
    rows = db.rows(
        "SELECT id, name, date, place FROM events WHERE city IS NULL"
        " ORDER BY date DESC, id DESC LIMIT ?",
        [CITYLESS],
    )
    for event in rows:
        parts = [p.strip() for p in (event["place"] or "").split(",") if p.strip()]
        where = next((w for p in reversed(parts) if (w := locate(p))), None)
        if where is None:
            unplaced.append(event)
        else:
            placed.append({**event, "where": where})
    return placed, unplaced


def places(db: Connection) -> list[dict]:
    """Every place the journal holds, with how many people live there.

    Only reads, like `place` and `spellings`: a city not located yet is looked up here
    and not stored (the map is a GET another site can link to). A write from the
    browser has them stored afterwards (journal.web.routes), `journal places` before it
    reads."""
    rows = db.rows(
        f"""SELECT {", ".join("pl." + c for c in PLACE_COLUMNS.split(", "))}, pl.located,
            coalesce(c.count, 0) AS people
        FROM places pl LEFT JOIN people_counts c ON c.facet = 'city' AND c.value = pl.city
        UNION ALL
        SELECT value, NULL, NULL, NULL, NULL, NULL, NULL, 0, count
        FROM people_counts WHERE facet = 'city' AND count > 0
            AND value NOT IN (SELECT city FROM places)"""
    )
    for row in rows:
        if not row.pop("located"):
            row.update(_located(row["city"]))
    # As SQL would order them: NULLs first, then by code point (SQLite's BINARY).
    return sorted(
        rows,
        key=lambda r: (
            r["name"] is None,
            r["country"] is not None,
            r["country"] or "",
            r["name"] is not None,
            r["name"] or "",
            r["city"],
        ),
    )
