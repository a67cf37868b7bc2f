"""Ways found: how you came across someone, as many times as it happened.

The first way is the card's own (people.found_via, event_id, via_id, met_on, met_where,
source_url), kept in ways_found by the triggers of schema m010; further ways are rows of
their own. `journal found`, the browser and the social imports all record one here.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from journal.db import events, people
from journal.db.connection import Connection
from journal.errors import InvalidValue, NotFound
from journal.fields import FOUND_VIA
from journal.text.inputs import EventRef, PersonRef
from journal.text.values import clean, iso

# Where a link points, for the network of a way found (a profile's own host is a
# Mastodon server, which a link alone cannot tell).
HOSTS = {
    "x.com": "twitter",
    "twitter.com": "twitter",
    "bsky.app": "bluesky",
    "linkedin.com": "linkedin",
    "github.com": "github",
}


def network_of(url: str | None) -> str | None:
    """The network a link is on: a known site, else 'web'; None without a link."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"https://{url}").hostname or "").lower()
    host = host.removeprefix("www.").removeprefix("mobile.")
    return HOSTS.get(host, "web")


def add_way(
    db: Connection,
    person_id: int,
    kind: str,
    *,
    on: date | None = None,
    event: EventRef | None = None,
    via: PersonRef | None = None,
    link: str | None = None,
    note: str | None = None,
    network: str | None = None,
) -> int:
    """Record another way you found someone; returns its id.

    Someone whose card says nothing of how you found them gets it as their first way,
    on the card itself (so `found_via` and the facets tell it)."""
    if kind not in FOUND_VIA:
        raise InvalidValue(f"--how: {kind!r} is not one of {', '.join(FOUND_VIA)}", field="how")
    link, note = clean(link) if link else None, clean(note) if note else None
    with db.transaction():
        card = db.row("SELECT id, met_on FROM people WHERE id = ?", [person_id])
        if card is None:
            raise NotFound(f"no person with id #{person_id}")
        way = {
            "person_id": person_id,
            "kind": kind,
            "date": iso(on),
            "event_id": events.event_for(db, event, on=on) if event is not None else None,
            "via_id": people.person_for(db, via) if via is not None else None,
            "network": network or network_of(link),
            "url": link,
            "note": note,
        }
        if way["via_id"] == person_id:
            raise InvalidValue("a person cannot be their own introducer", field="via")
        first = db.row("SELECT id FROM ways_found WHERE person_id = ? AND is_first", [person_id])
        if first is not None:
            return db.insert("ways_found", way)
        changes = {
            "found_via": kind,
            "event_id": way["event_id"],
            "via_id": way["via_id"],
            "source_url": link,
            "met_on": card["met_on"] or way["date"],
            "updated_at": db.now(),
        }
        db.update("people", person_id, changes)
        first_id = db.row(
            "SELECT id FROM ways_found WHERE person_id = ? AND is_first", [person_id]
        )["id"]
        # The card has no date of its own for this way when it was met another day.
        extra = {"network": way["network"], "note": note, "date": way["date"]}
        db.update("ways_found", first_id, extra)
        return first_id


def ways_found(db: Connection, person_id: int) -> list[dict]:
    """Every way you found someone, oldest first (undated ones last), with the event and
    the person who pointed them out."""
    rows = db.rows(
        "SELECT w.id, w.kind, w.date, w.network, w.url, w.note, w.place, w.is_first,"
        " w.event_id, e.name AS event_name, w.via_id, v.name AS via_name"
        " FROM ways_found w LEFT JOIN events e ON e.id = w.event_id"
        " LEFT JOIN people v ON v.id = w.via_id"
        " WHERE w.person_id = ? ORDER BY w.date IS NULL, w.date, w.id",
        [person_id],
    )
    for row in rows:
        event_id, event_name = row.pop("event_id"), row.pop("event_name")
        via_id, via_name = row.pop("via_id"), row.pop("via_name")
        row["event"] = {"id": event_id, "name": event_name} if event_id else None
        row["via"] = {"id": via_id, "name": via_name} if via_id else None
        row["is_first"] = bool(row["is_first"])
    return rows
