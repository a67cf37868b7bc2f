"""Correcting events: one edited, two that are the same merged, one removed. Both faces
(`journal event edit|merge|rm`, the event page's Edit) call these."""

from __future__ import annotations

from typing import Any

from journal.db import guests
from journal.db.connection import Connection
from journal.errors import Duplicate, InvalidValue, NotFound
from journal.text.values import clean, iso
from journal.text.words import counted

# The event's columns a correction may change; `name` may not be emptied.
EVENT_COLUMNS = ("name", "date", "place", "city", "url", "notes")
# What points at an event, in the order it is moved: the people first, whose first way
# found the triggers keep (m010), then the other ways found and the log.
FIRST = ("people", "ways_found", "interactions")
# How a table that points at events is named in what a face says.
SAID = {"people": "person", "ways_found": "way found", "interactions": "log entry"}


def event_row(db: Connection, event_id: int) -> dict:
    if not db.exists("events", event_id):
        raise NotFound(f"no event with id #{event_id}", subject="event", text=str(event_id))
    return db.row("SELECT * FROM events WHERE id = ?", [event_id])


def edit_event(db: Connection, event_id: int, changes: dict[str, Any]) -> dict:
    """Change the fields named in `changes` (None or empty clears one; a name cannot be
    cleared); another event of the same name on the same day is refused."""
    unknown = set(changes) - set(EVENT_COLUMNS)
    if unknown:
        raise InvalidValue(f"an event has no field {sorted(unknown)[0]!r}")
    values = {k: clean(iso(v)) for k, v in changes.items()}
    if "name" in values and values["name"] is None:
        raise InvalidValue("an event needs a name", field="name")
    with db.transaction():
        current = event_row(db, event_id)
        after = {**current, **values}
        same = db.row(
            "SELECT id, name FROM events WHERE name = ? COLLATE NOCASE AND date IS ? AND id != ?",
            [after["name"], after["date"], event_id],
        )
        if same:
            raise Duplicate(
                f"event #{same['id']} {same['name']} is already in the journal on that day:"
                f" merge them with `journal event merge {same['id']} {event_id}`"
            )
        changed = {k: v for k, v in values.items() if current[k] != v}
        if changed:
            db.update("events", event_id, changed)
        return event_row(db, event_id)


def pointing_at_events(db: Connection) -> list[tuple[str, str]]:
    """Every (table, column) that points at an event, the people first: those of later
    schema steps (an event's guest list) are moved as well, without being named here."""
    tables = [r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = [
        (table, fk[3])
        for table in tables
        for fk in db.conn.execute(f"PRAGMA foreign_key_list([{table}])")
        if fk[2] == "events"
    ]
    return sorted(found, key=lambda tc: FIRST.index(tc[0]) if tc[0] in FIRST else len(FIRST))


def _references(db: Connection, event_id: int) -> dict[str, int]:
    return {
        table: db.conn.execute(
            f"SELECT count(*) FROM [{table}] WHERE [{column}] = ?", [event_id]
        ).fetchone()[0]
        for table, column in pointing_at_events(db)
    }


def merge_events(db: Connection, keep: int, other: int) -> dict:
    """`other` is the same event as `keep`: every person, way found and log entry filed
    under it moves to `keep`, its empty fields are filled from `other`, and `other` goes.
    Returns both events and how many of each moved."""
    if keep == other:
        raise InvalidValue("cannot merge an event with itself")
    with db.transaction():
        kept, gone = event_row(db, keep), event_row(db, other)
        moved = _references(db, other)
        # The first ways found follow the people (trigger people_ways_au): not twice.
        moved["ways_found"] = db.conn.execute(
            "SELECT count(*) FROM ways_found WHERE event_id = ? AND NOT is_first", [other]
        ).fetchone()[0]
        # A guest on both lists stays once (the generic move below would double them).
        guests.move_list(db, keep, other)
        for table, column in pointing_at_events(db):
            db.conn.execute(
                f"UPDATE [{table}] SET [{column}] = ? WHERE [{column}] = ?", [keep, other]
            )
        filled = {c: gone[c] for c in EVENT_COLUMNS[1:] if kept[c] is None and gone[c]}
        db.conn.execute("DELETE FROM events WHERE id = ?", [other])
        if filled:
            db.update("events", keep, filled)
        return {"kept": event_row(db, keep), "removed": gone, "moved": moved}


def remove_event(db: Connection, event_id: int) -> dict:
    """Remove an event: the people, ways found and log entries filed under it stay,
    under no event. Returns the event and how many of each pointed at it."""
    with db.transaction():
        event = event_row(db, event_id)
        pointed = _references(db, event_id)
        db.conn.execute("DELETE FROM events WHERE id = ?", [event_id])
        return {"removed": event, "pointed": pointed}


def moved_text(moved: dict[str, int]) -> str:
    """`2 people, 1 way found and 3 log entries` (what a merge moved)."""
    parts = [counted(moved.get(t, 0), SAID[t]) for t in FIRST]
    parts += [counted(n, t.replace("_", " ")) for t, n in moved.items() if t not in SAID and n]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
