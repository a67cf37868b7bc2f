"""Correcting what was recorded about someone, by id: a log entry, a plan, a way found or
an introduction changed or removed. Both faces call these (`journal edit-log`, `drop`,
`rm-found`…, the card's Edit and Remove); the triggers keep what is derived (the last
contact, the search indexes, the facet counts) as they do on every other write.

`changes` holds only what is to change; None (or blank text) clears a field.
"""

from __future__ import annotations

from typing import Any

from journal.db import events, people
from journal.db.connection import Connection
from journal.errors import Conflict, InvalidValue, NotFound
from journal.fields import FOUND_VIA, INTERACTION_KINDS
from journal.text.values import clean, iso, storable


def _one(db: Connection, sql: str, what: str, row_id: int) -> dict:
    row = db.row(sql, [row_id]) if storable(row_id) else None
    if row is None:
        raise NotFound(f"no {what} with id #{row_id}", subject=what, text=str(row_id))
    return row


def _unknown(changes: dict, allowed: tuple[str, ...], what: str) -> None:
    extra = set(changes) - set(allowed)
    if extra:
        raise InvalidValue(f"a {what} has no field {sorted(extra)[0]!r}")


def _texts(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: clean(iso(v)) if v is None or isinstance(v, str) else v for k, v in changes.items()}


# -- the log -------------------------------------------------------------------------------

ENTRY = "SELECT i.*, p.name FROM interactions i JOIN people p ON p.id = i.person_id WHERE i.id = ?"
ENTRY_FIELDS = ("note", "kind", "date", "place", "event")


def entry(db: Connection, entry_id: int) -> dict:
    return _one(db, ENTRY, "log entry", entry_id)


def edit_entry(db: Connection, entry_id: int, changes: dict[str, Any]) -> dict:
    """Change a log entry: its note, kind, day, place, or event (an EventRef, found or
    made as `journal log --event` does; None takes it off its event)."""
    _unknown(changes, ENTRY_FIELDS, "log entry")
    values = _texts({k: iso(v) for k, v in changes.items() if k != "event"})
    if "date" in values and values["date"] is None:
        raise InvalidValue("a log entry needs a day", field="date")
    if "kind" in values and values["kind"] not in INTERACTION_KINDS:
        raise InvalidValue(
            f"the kind must be one of {', '.join(INTERACTION_KINDS)}, not {values['kind']!r}",
            field="kind",
        )
    with db.transaction():
        current = entry(db, entry_id)
        after = {**current, **values}
        if after["note"] is None and after["kind"] != "met":
            raise InvalidValue("write what happened: the note is empty", field="note")
        if "event" in changes:
            ref = changes["event"]
            values["event_id"] = (
                None if ref is None else events.event_for(db, ref, on=after["date"])
            )
        _save_changed(db, "interactions", entry_id, current, values)
        return entry(db, entry_id)


def _save_changed(db: Connection, table: str, row_id: int, current: dict, values: dict) -> None:
    """Write what differs from `current`, and nothing when nothing does."""
    changed = {k: v for k, v in values.items() if current[k] != v}
    if changed:
        db.update(table, row_id, changed)


def remove_entry(db: Connection, entry_id: int) -> dict:
    """Remove one log entry; returns it as it was."""
    with db.transaction():
        gone = entry(db, entry_id)
        db.conn.execute("DELETE FROM interactions WHERE id = ?", [entry_id])
        return gone


# -- plans -----------------------------------------------------------------------------------

PLAN = "SELECT f.*, p.name FROM follow_ups f JOIN people p ON p.id = f.person_id WHERE f.id = ?"
PLAN_FIELDS = ("action", "due", "city", "rrule")


def plan(db: Connection, follow_up_id: int) -> dict:
    return _one(db, PLAN, "follow-up", follow_up_id)


def edit_plan(db: Connection, follow_up_id: int, changes: dict[str, Any]) -> dict:
    """Change an open follow-up's action, due date, city or recurrence."""
    _unknown(changes, PLAN_FIELDS, "follow-up")
    values = _texts({k: iso(v) for k, v in changes.items()})
    if "action" in values and values["action"] is None:
        raise InvalidValue(
            "a follow-up needs an action, e.g. 'meet again in London'", field="follow_up"
        )
    with db.transaction():
        current = plan(db, follow_up_id)
        if current["status"] != "open":
            raise Conflict(f"follow-up #{follow_up_id} is already {current['status']}")
        after = {**current, **values}
        if after["rrule"] and not after["due"]:
            raise InvalidValue("a recurring follow-up needs a first date", field="due")
        _save_changed(db, "follow_ups", follow_up_id, current, values)
        return plan(db, follow_up_id)


def drop_plan(db: Connection, follow_up_id: int) -> dict:
    """Drop an open follow-up: kept, as dropped, and off every due list."""
    with db.transaction():
        current = plan(db, follow_up_id)
        if current["status"] != "open":
            raise Conflict(f"follow-up #{follow_up_id} is already {current['status']}")
        db.update("follow_ups", follow_up_id, {"status": "dropped", "done_at": db.now()})
        return plan(db, follow_up_id)


# -- ways found ------------------------------------------------------------------------------

WAY = "SELECT w.*, p.name FROM ways_found w JOIN people p ON p.id = w.person_id WHERE w.id = ?"
WAY_FIELDS = ("kind", "date", "event", "via", "url", "note")
# The first way is the card's own: its columns, which the triggers copy into the way.
ON_THE_CARD = {
    "kind": "found_via",
    "date": "met_on",
    "event_id": "event_id",
    "via_id": "via_id",
    "url": "source_url",
}


def way(db: Connection, way_id: int) -> dict:
    return _one(db, WAY, "way found", way_id)


def edit_way(db: Connection, way_id: int, changes: dict[str, Any]) -> dict:
    """Change a way found: its kind, day, event, who pointed them out, link or note. The
    first way is the card's, so its card changes with it (`found_via`, `met_on`…)."""
    _unknown(changes, WAY_FIELDS, "way found")
    values = _texts({k: iso(v) for k, v in changes.items() if k not in ("event", "via")})
    if "kind" in values and values["kind"] not in FOUND_VIA:
        raise InvalidValue(
            f"how: {values['kind']!r} is not one of {', '.join(FOUND_VIA)}", field="how"
        )
    with db.transaction():
        current = way(db, way_id)
        person_id = current["person_id"]
        if "event" in changes:
            ref = changes["event"]
            on = values.get("date", current["date"])
            values["event_id"] = None if ref is None else events.event_for(db, ref, on=on)
        if "via" in changes:
            ref = changes["via"]
            values["via_id"] = None if ref is None else people.person_for(db, ref)
            if values["via_id"] == person_id:
                raise InvalidValue("a person cannot be their own introducer", field="via")
        if "url" in values:
            from journal.db.found import network_of

            values["network"] = network_of(values["url"]) if values["url"] else None
        changed = {k: v for k, v in values.items() if current[k] != v}
        card = {ON_THE_CARD[k]: v for k, v in changed.items() if k in ON_THE_CARD}
        if current["is_first"] and card:
            # The triggers carry the card's change into its way (m010).
            db.update("people", person_id, {**card, "updated_at": db.now()})
            if "event_id" in card:
                people.met_follows(db, person_id, current["event_id"], card["event_id"])
        if changed:
            db.update("ways_found", way_id, changed)
        return way(db, way_id)


def remove_way(db: Connection, way_id: int) -> dict:
    """Remove a way found. The card's own way gives its place to the next (oldest) one;
    with none left, the card no longer says how you found them."""
    with db.transaction():
        gone = way(db, way_id)
        if not gone["is_first"]:
            db.conn.execute("DELETE FROM ways_found WHERE id = ?", [way_id])
            return gone
        person_id = gone["person_id"]
        after = db.row(
            "SELECT * FROM ways_found WHERE person_id = ? AND NOT is_first"
            " ORDER BY date IS NULL, date, id LIMIT 1",
            [person_id],
        )
        # When you met stays on the card; how you found them is the next way's.
        card = {c: after[k] if after else None for k, c in ON_THE_CARD.items() if k != "date"}
        db.update("people", person_id, {**card, "updated_at": db.now()})
        if after is not None:
            kept = {k: after[k] for k in ("date", "network", "note", "place")}
            db.update("ways_found", way_id, kept)
            db.conn.execute("DELETE FROM ways_found WHERE id = ?", [after["id"]])
        return gone


# -- introductions ---------------------------------------------------------------------------

INTRO = (
    "SELECT i.*, a.name AS person, b.name AS other FROM introductions i"
    " JOIN people a ON a.id = i.person_id JOIN people b ON b.id = i.other_id WHERE i.id = ?"
)
INTRO_FIELDS = ("note", "date")


def introduction(db: Connection, intro_id: int) -> dict:
    return _one(db, INTRO, "introduction", intro_id)


def edit_intro(db: Connection, intro_id: int, changes: dict[str, Any]) -> dict:
    """Change an introduction's note or day (the log entries it made stay as they are:
    each is corrected on its own)."""
    _unknown(changes, INTRO_FIELDS, "introduction")
    values = _texts({k: iso(v) for k, v in changes.items()})
    if "date" in values and values["date"] is None:
        raise InvalidValue("an introduction needs a day", field="date")
    with db.transaction():
        current = introduction(db, intro_id)
        _save_changed(db, "introductions", intro_id, current, values)
        return introduction(db, intro_id)


def remove_intro(db: Connection, intro_id: int) -> dict:
    """Remove an introduction from the ledger; nothing else is touched."""
    with db.transaction():
        gone = introduction(db, intro_id)
        db.conn.execute("DELETE FROM introductions WHERE id = ?", [intro_id])
        return gone
