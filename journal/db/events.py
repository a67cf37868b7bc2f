"""Events: one event, many people. Finding one as EVENT is typed, and recording one."""

from __future__ import annotations

from datetime import date

from journal.db.connection import Connection, the_one
from journal.errors import Duplicate, InvalidValue, NotFound
from journal.inputs import EventRef
from journal.values import clean, containing, iso


def resolve_event(db: Connection, ref: EventRef) -> int:
    """An event by id, by its whole name (any case), then by a unique part of its name."""
    searches = (search(db, ref.text) for search in (_named, _named_like))
    found = the_one(db, "events", ref, searches)
    if found is not None:
        return found
    if ref.id is not None:
        raise NotFound(f"no event with id #{ref.id}")
    raise NotFound(f"no event named {ref.text!r}", subject="event", text=ref.text)


def _named(db: Connection, name: str) -> list[dict]:
    return db.rows("SELECT id, name FROM events WHERE name = ? COLLATE NOCASE ORDER BY id", [name])


def _named_like(db: Connection, part: str) -> list[dict]:
    return db.rows(
        "SELECT id, name FROM events WHERE name LIKE ? ESCAPE '\\' ORDER BY id",
        [containing(part)],
    )


def event_for(
    db: Connection, ref: EventRef, *, on: date | None = None, place: str | None = None
) -> int:
    """The event `ref` names, created when new (as `add --event` promises)."""
    if ref.id is not None or _named(db, ref.text):
        return resolve_event(db, ref)
    return add_event(db, ref.text, on=on, place=place)


def add_event(
    db: Connection,
    name: str,
    *,
    on: date | None = None,
    place: str | None = None,
    city: str | None = None,
    url: str | None = None,
    notes: str | None = None,
) -> int:
    name = name.strip()
    if not name:
        raise InvalidValue("an event needs a name", field="name")
    with db.transaction():
        same = db.row(
            "SELECT id, name FROM events WHERE name = ? COLLATE NOCASE AND date IS ?",
            [name, iso(on)],
        )
        if same:
            raise Duplicate(f"event #{same['id']} {same['name']} is already in the journal")
        row = {"place": place, "city": city, "url": url, "notes": notes}
        return db.insert(
            "events", {"name": name, "date": iso(on), **{k: clean(v) for k, v in row.items()}}
        )
