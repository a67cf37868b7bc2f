"""Your network: the introductions you make, how you came to know someone (the chain of
introducers), a trip (who is in a city, what you planned there, who you met there), and
what the network, map and stats pages draw.

Introductions others made for you are the people's `via` links; the ones you make are
rows of `introductions`, each on both people's timelines.
"""

from __future__ import annotations

import heapq
import json
from datetime import date, timedelta

from journal.db import places, plans
from journal.db.connection import Connection
from journal.errors import InvalidValue, NotFound
from journal.text.dates import standing, today
from journal.text.values import clean, iso

# A chain longer than this is not followed further (a guard; a real one is a few links).
LONGEST_CHAIN = 1000
# A trip reads the open follow-ups of each resident of a city this small, and otherwise
# every open follow-up soonest first until it has found enough of the city's people.
READ_WHOLE_CITY = 2000
# `list --via PERSON --depth N` goes at most this deep.


def _name(db: Connection, person_id: int) -> str:
    row = db.row("SELECT name FROM people WHERE id = ?", [person_id])
    if row is None:
        raise NotFound(f"no person with id #{person_id}")
    return row["name"]


# -- introductions you make -----------------------------------------------------------


def introduce(
    db: Connection,
    person_id: int,
    other_id: int,
    *,
    on: date | None = None,
    note: str | None = None,
    follow_up: dict | None = None,
) -> int:
    """You introduced two people: recorded once, logged on both timelines, with an
    optional follow-up (on the first person) to check they met."""
    if person_id == other_id:
        raise InvalidValue("introduce two different people, not someone to themselves")
    on, note = on or today(), clean(note)
    with db.transaction():
        names = {i: _name(db, i) for i in (person_id, other_id)}
        for me, them in ((person_id, other_id), (other_id, person_id)):
            said = f"Introduced to {names[them]}" + (f": {note}" if note else "")
            plans.log(db, me, said, kind="message", on=on)
        follow_up_id = None
        if follow_up is not None:
            follow_up_id = plans.add_follow_up(db, person_id, **follow_up)
        return db.insert(
            "introductions",
            {
                "person_id": person_id,
                "other_id": other_id,
                "date": on.isoformat(),
                "note": note,
                "follow_up_id": follow_up_id,
            },
        )


def introductions(db: Connection, person_id: int | None = None) -> list[dict]:
    """The introductions you made (of `person_id`, if given), newest first."""
    where = "WHERE i.person_id = :id OR i.other_id = :id" if person_id is not None else ""
    rows = db.rows(
        f"""SELECT i.id, i.date, i.note, i.person_id, a.name AS person, i.other_id,
            b.name AS other, f.id AS follow_up_id, f.action, f.due, f.status
        FROM introductions i
        JOIN people a ON a.id = i.person_id JOIN people b ON b.id = i.other_id
        LEFT JOIN follow_ups f ON f.id = i.follow_up_id
        {where} ORDER BY i.date DESC, i.id DESC""",
        {"id": person_id},
    )
    return [
        {
            "id": r["id"],
            "date": r["date"],
            "note": r["note"],
            "people": [
                {"id": r["person_id"], "name": r["person"]},
                {"id": r["other_id"], "name": r["other"]},
            ],
            "follow_up": None
            if r["follow_up_id"] is None
            else {
                "id": r["follow_up_id"],
                "action": r["action"],
                "due": r["due"],
                "status": r["status"],
            },
        }
        for r in rows
    ]


def introduced_you(db: Connection, person_id: int) -> list[dict]:
    """The people `person_id` introduced you to (their `via`), oldest first."""
    return db.rows(
        "SELECT id, name, met_on FROM people WHERE via_id = ? ORDER BY met_on, id", [person_id]
    )


# -- how you came to know someone ------------------------------------------------------


def chain(db: Connection, person_id: int) -> dict:
    """The introducers from someone you met directly down to `person_id`, each with where
    you met them. `loop` is true when the introducers come back on themselves (A via B,
    B via A): the chain stops before the repeat."""
    rows = db.rows(
        """WITH RECURSIVE up (id, via_id, depth, seen) AS (
            SELECT id, via_id, 0, ',' || id || ',' FROM people WHERE id = :id
            UNION ALL
            SELECT p.id, p.via_id, up.depth + 1, up.seen || p.id || ','
            FROM up JOIN people p ON p.id = up.via_id
            WHERE instr(up.seen, ',' || p.id || ',') = 0 AND up.depth < :longest
        )
        SELECT up.depth, up.via_id, p.id, p.name, p.found_via, p.met_on, p.met_where,
            e.id AS event_id, e.name AS event
        FROM up JOIN people p ON p.id = up.id LEFT JOIN events e ON e.id = p.event_id
        ORDER BY up.depth DESC""",
        {"id": person_id, "longest": LONGEST_CHAIN},
    )
    if not rows:
        raise NotFound(f"no person with id #{person_id}")
    first = rows[0]
    path = [
        {
            "id": r["id"],
            "name": r["name"],
            "found_via": r["found_via"],
            "met_on": r["met_on"],
            "met_where": r["met_where"],
            "event": {"id": r["event_id"], "name": r["event"]} if r["event_id"] else None,
        }
        for r in rows
    ]
    return {"path": path, "loop": first["via_id"] is not None}


# -- a trip ------------------------------------------------------------------------------


def trip(
    db: Connection,
    city: str,
    *,
    since: date | None = None,
    until: date | None = None,
    limit: int = 100,
) -> dict:
    """A trip to `city`: who lives there (most overdue first, with their last contact and
    open promises), the plans tied to it (due between `since` and `until`, or undated),
    and who you met there before; any spelling of the city (`Londres`) finds it."""
    if not city.strip():
        raise InvalidValue("CITY is empty: give a city, in any of its names", field="city")
    if since and until and since > until:
        raise InvalidValue("--from is after --to", field="from")
    where = places.place(db, city)
    cities = json.dumps(where["cities"])
    params = {"cities": cities, "limit": limit}
    total = db.row(
        """SELECT coalesce(sum(count), 0) AS n FROM people_counts WHERE facet = 'city'
        AND value COLLATE NOCASE IN (SELECT value FROM json_each(:cities))""",
        params,
    )["n"]
    people = _residents(db, where["cities"], limit, total)
    promises = _open_follow_ups(db, [p["id"] for p in people])
    on = today()
    for p in people:
        p["promises"] = promises.get(p["id"], [])
        p["overdue"] = standing(p["due"], on) == "overdue"
    # Dated plans soonest first, then the undated, by the open follow-ups' city index
    # (which SQLite would pass over for the one by date, reading every open follow-up).
    tied = """SELECT f.id AS follow_up_id, p.id AS person_id, p.name, f.action, f.due, f.city
        FROM (SELECT id, person_id, action, due, city
            FROM follow_ups INDEXED BY follow_ups_open_city
            WHERE status = 'open' AND {due}
                AND city COLLATE NOCASE IN (SELECT value FROM json_each(:cities))
            ORDER BY due, id LIMIT :limit) f
        JOIN people p ON p.id = f.person_id ORDER BY f.due, f.id"""
    plans_there = db.rows(
        tied.format(due="due >= :since AND due <= :until"),
        {**params, "since": iso(since) or "0", "until": iso(until) or "9999"},
    )
    plans_there += db.rows(tied.format(due="due IS NULL"), params)[: limit - len(plans_there)]
    met_there = db.rows(
        # The latest events there, then who was met at each: never a sort of everyone
        # met in a city of many events.
        """SELECT p.id, p.name, p.met_on, e.id AS event_id, e.name AS event, e.date
        FROM (SELECT id, name, date FROM events
            WHERE city COLLATE NOCASE IN (SELECT value FROM json_each(:cities))
            ORDER BY date DESC, id DESC LIMIT :limit) e
        CROSS JOIN people p ON p.event_id = e.id
        ORDER BY e.date DESC, e.id DESC, p.id LIMIT :limit""",
        params,
    )
    return {
        "city": where["city"],
        "place": None
        if where["geonameid"] is None
        else {k: where[k] for k in ("name", "country", "latitude", "longitude")},
        "cities": where["cities"],
        "people": people,
        "people_total": total,
        "plans": plans_there,
        "met_there": met_there,
    }


def _residents(db: Connection, cities: list[str], limit: int, total: int) -> list[dict]:
    """Who lives in `cities`, most overdue first (the earliest of their keep-in-touch date
    and open follow-ups), then those with nothing due, the least recently contacted first.

    Each list is read along an index in its order and stops at `limit`, but for the open
    follow-ups of a small city's people (`total` of them), read whole: a city of 10,000
    people costs what a city of 10 does, and so does a city of 10 in a journal of 100,000."""
    in_city = "+p.city COLLATE NOCASE IN (SELECT value FROM json_each(:cities))"
    params = {"cities": json.dumps(cities)}
    if total <= READ_WHOLE_CITY:
        # A small city: each resident's open follow-ups, by the person's index.
        by_follow_up = [
            db.conn.execute(
                """SELECT min(f.due), p.id FROM people p JOIN follow_ups f ON f.person_id = p.id
                WHERE p.city = ? COLLATE NOCASE AND +f.status = 'open' AND f.due IS NOT NULL
                GROUP BY p.id ORDER BY 1""",
                [city],
            )
            for city in cities
        ]
    else:
        # A large one: every open follow-up soonest first, until `limit` of its people
        # are found (one in ten, for a city of a tenth of the journal).
        by_follow_up = [
            db.conn.execute(
                f"""SELECT f.due, p.id FROM follow_ups f JOIN people p ON p.id = f.person_id
                WHERE f.status = 'open' AND f.due IS NOT NULL AND {in_city} ORDER BY f.due""",
                params,
            )
        ]
    by_cadence = [
        db.conn.execute(
            """SELECT p.next_due, p.id FROM people p
            WHERE p.city = ? COLLATE NOCASE AND p.next_due IS NOT NULL ORDER BY p.next_due""",
            [city],
        )
        for city in cities
    ]
    due: dict[int, str] = {}
    # As tuples: Datasette's connections give sqlite3.Row, which does not compare.
    dated = (map(tuple, c) for c in (*by_follow_up, *by_cadence))
    for when, person_id in heapq.merge(*dated):
        if len(due) >= limit:
            break
        due.setdefault(person_id, when)
    nothing_due = [
        db.conn.execute(
            """SELECT p.last_contact IS NOT NULL, p.last_contact, p.id FROM people p
            WHERE p.city = ? COLLATE NOCASE AND p.next_due IS NULL
                AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.person_id = p.id
                    AND +f.status = 'open' AND f.due IS NOT NULL)
            ORDER BY p.last_contact""",
            [city],
        )
        for city in cities
    ]
    coldest: list[int] = []
    for *_, person_id in heapq.merge(*(map(tuple, c) for c in nothing_due)):
        if len(due) + len(coldest) >= limit:
            break
        coldest.append(person_id)
    for cursor in (*by_follow_up, *by_cadence, *nothing_due):
        cursor.close()  # read only as far as needed
    ids = list(due) + coldest
    rows = {
        r["id"]: r
        for r in db.rows(
            """SELECT id, name, company, role, city, last_contact, next_due FROM people
            WHERE id IN (SELECT value FROM json_each(?))""",
            [json.dumps(ids)],
        )
    }
    return [{**rows[i], "due": due.get(i)} for i in ids if i in rows]


def _open_follow_ups(db: Connection, person_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for row in db.rows(
        """SELECT id, person_id, action, due, city FROM follow_ups
        WHERE +status = 'open' AND person_id IN (SELECT value FROM json_each(?))
        ORDER BY due IS NULL, due, id""",
        [json.dumps(person_ids)],
    ):
        found.setdefault(row.pop("person_id"), []).append(row)
    return found


# -- the pages: network, map, stats ------------------------------------------------------

# The network page draws the latest links, not everyone: a picture of 100,000 is none,
# and one of a hundred people is already hard to read.
MOST_LINKS = 25


def graph(db: Connection, *, most: int = MOST_LINKS) -> dict:
    """The introductions graph: people as nodes; as edges, who introduced whom to you
    (`via`), the introductions you made and, among the people drawn, shared events."""
    vias = db.rows(
        """SELECT via_id AS source, id AS target, met_on AS date FROM people
        WHERE via_id IS NOT NULL ORDER BY met_on DESC, id DESC LIMIT :most""",
        {"most": most},
    )
    made = db.rows(
        """SELECT person_id AS source, other_id AS target, date, note FROM introductions
        ORDER BY date DESC, id DESC LIMIT :most""",
        {"most": most},
    )
    edges = [{**e, "kind": "via"} for e in vias] + [{**e, "kind": "introduced"} for e in made]
    edges = sorted(edges, key=lambda e: e["date"] or "", reverse=True)[:most]
    ids = {e["source"] for e in edges} | {e["target"] for e in edges}
    # Who else was met at the events of the people drawn (at most half as many).
    met_with = db.rows(
        """SELECT id, event_id FROM people WHERE event_id IN (
            SELECT DISTINCT event_id FROM people
            WHERE id IN (SELECT value FROM json_each(:ids)) AND event_id IS NOT NULL)
        ORDER BY event_id, id LIMIT :most""",
        {"ids": json.dumps(sorted(ids)), "most": most // 2},
    )
    by_event: dict[int, list[int]] = {}
    for row in met_with:
        by_event.setdefault(row["event_id"], []).append(row["id"])
    by_event = {e: members for e, members in by_event.items() if len(members) > 1}
    ids |= {i for members in by_event.values() for i in members}
    nodes = db.rows(
        """SELECT p.id, p.name, p.company, p.city, p.event_id, e.name AS event
        FROM people p LEFT JOIN events e ON e.id = p.event_id
        WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id""",
        [json.dumps(sorted(ids))],
    )
    event_names = {n["event_id"]: n["event"] for n in nodes}
    for event_id, members in by_event.items():
        # Met at the same event: a ring, not every pair (a meetup of 40 is 40 edges).
        pairs = (
            [members] if len(members) == 2 else zip(members, members[1:] + members[:1], strict=True)
        )
        for a, b in pairs:
            edges.append(
                {"source": a, "target": b, "kind": "event", "event": event_names[event_id]}
            )
    return {"nodes": nodes, "edges": edges}


def map_points(db: Connection) -> dict:
    """The map: each located place with how many people live there (a few named) and the
    events held there; the cities the gazetteer does not know, listed apart."""
    located, unknown = [], []
    for pl in places.places(db):
        (located if pl["latitude"] is not None else unknown).append(pl)
    for pl in located:
        # A few named, and the latest events, by the cities' indexes: no sort of a city
        # of thousands.
        pl["some_people"] = db.rows(
            "SELECT id, name FROM people WHERE city = ? COLLATE NOCASE LIMIT 5", [pl["city"]]
        )
        pl["events"] = db.rows(
            """SELECT id, name, date FROM events WHERE city = ? COLLATE NOCASE
            ORDER BY date DESC LIMIT 5""",
            [pl["city"]],
        )
    # One marker a place: spellings of one city (London, Londres) are merged; a city only
    # looked up for a trip, where nobody lives and nothing happened, is left out.
    merged: dict[object, dict] = {}
    for pl in located:
        if not pl["people"] and not pl["events"]:
            continue
        key = pl["geonameid"]
        if key in merged:
            m = merged[key]
            m["people"] += pl["people"]
            m["some_people"] += pl["some_people"]
            m["events"] += pl["events"]
            m["cities"].append(pl["city"])
        else:
            merged[key] = {**pl, "cities": [pl["city"]]}
    placed, unplaced = places.cityless_events(db)
    for event in placed:
        where = event.pop("where")
        m = merged.setdefault(
            where["geonameid"], {**where, "city": where["name"], "people": 0, "some_people": [],
                                 "events": [], "cities": [where["name"]]},
        )  # fmt: skip
        m["events"].append(event)
    unknown = [p for p in unknown if p["people"]]
    return {"places": list(merged.values()), "unknown": unknown, "unplaced_events": unplaced}


def stats(db: Connection, *, months: int = 24, top: int = 10) -> dict:
    """The charts: people met per month by how found (the last `months`), the events and
    the introducers that brought the most people, and the contacts going cold."""
    on = today()
    start = (on.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    # From the counts the triggers keep (m011): the same cost at any size.
    per_month = db.rows(
        """SELECT month, how, count AS people FROM people_met_months
        WHERE month >= :start AND count > 0 ORDER BY month, how""",
        {"start": start.strftime("%Y-%m")},
    )
    events = db.rows(
        """SELECT e.id, e.name, e.date, c.count AS people FROM people_counts c
        JOIN events e ON e.id = c.value
        WHERE c.facet = 'event_id' AND c.count > 0
        ORDER BY c.count DESC, e.date DESC LIMIT :top""",
        {"top": top},
    )
    introducers = db.rows(
        """SELECT v.id, v.name, c.count AS people FROM introducer_counts c
        JOIN people v ON v.id = c.via_id WHERE c.count > 0
        ORDER BY c.count DESC, c.via_id LIMIT :top""",
        {"top": top},
    )
    going_cold = db.rows(
        """SELECT id, name, last_contact, next_due, keep_in_touch_days FROM people
        WHERE next_due IS NOT NULL AND next_due < :on ORDER BY next_due, id LIMIT :top""",
        {"on": on.isoformat(), "top": top},
    )
    cold_total = db.row(
        "SELECT count(*) AS n FROM people WHERE next_due IS NOT NULL AND next_due < ?",
        [on.isoformat()],
    )["n"]
    month_list, cursor = [], start
    while cursor <= on:
        month_list.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return {
        "months": month_list,
        "per_month": per_month,
        "events": events,
        "introducers": introducers,
        "going_cold": going_cold,
        "going_cold_total": cold_total,
    }
