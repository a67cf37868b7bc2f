"""The log and the plans: interactions, follow-ups (done, snoozed, recurring) and
keep-in-touch cadences. Every face's Log, Done and Snooze call these."""

from __future__ import annotations

from datetime import date

from journal.db import events
from journal.db.connection import Connection
from journal.errors import Conflict, InvalidValue, NotFound
from journal.fields import INTERACTION_KINDS
from journal.text.dates import DateError, Period, next_occurrence, today
from journal.text.inputs import EventRef
from journal.text.values import as_date, clean, iso, storable


def _check_person(db: Connection, person_id: int) -> None:
    if not db.exists("people", person_id):
        raise NotFound(f"no person with id #{person_id}")


def log(
    db: Connection,
    person_id: int,
    note: str | None,
    *,
    kind: str | None = None,
    on: date | None = None,
    event: EventRef | None = None,
    place: str | None = None,
) -> int:
    """Record an interaction: what happened (required), its kind (a note unless said),
    the day (today unless said), and where."""
    note, place, kind = clean(note), clean(place), clean(kind) or "note"
    if note is None:
        raise InvalidValue("write what happened: the note is empty", field="note")
    if kind not in INTERACTION_KINDS:
        raise InvalidValue(
            f"the kind must be one of {', '.join(INTERACTION_KINDS)}, not {kind!r}", field="kind"
        )
    on = on or today()
    with db.transaction():
        _check_person(db, person_id)
        event_id = None if event is None else events.event_for(db, event, on=on, place=place)
        return _insert(db, person_id, on, kind, note, event_id=event_id, place=place)


def log_meeting(
    db: Connection, person_id: int, *, on: date, event_id: int | None, place: str | None
) -> int:
    """The `met` entry that recording someone puts on their timeline."""
    return _insert(db, person_id, on, "met", None, event_id=event_id, place=place)


def _insert(
    db: Connection,
    person_id: int,
    on: date,
    kind: str,
    note: str | None,
    *,
    event_id: int | None = None,
    place: str | None = None,
) -> int:
    row = {"person_id": person_id, "date": iso(on), "kind": kind, "note": note}
    return db.insert("interactions", {**row, "event_id": event_id, "place": place})


def add_follow_up(
    db: Connection,
    person_id: int,
    action: str,
    *,
    due: date | None = None,
    city: str | None = None,
    rrule: str | None = None,
) -> int:
    action = clean(action)
    if action is None:
        raise InvalidValue(
            "a follow-up needs an action, e.g. 'meet again in London'", field="follow_up"
        )
    if rrule and due is None:
        raise InvalidValue("a recurring follow-up needs a first date", field="due")
    with db.transaction():
        row = {"person_id": person_id, "action": action, "due": iso(due)}
        return db.insert("follow_ups", {**row, "city": clean(city), "rrule": rrule})


def follow_up(db: Connection, follow_up_id: int) -> dict:
    row = storable(follow_up_id) and db.row(
        "SELECT f.*, p.name FROM follow_ups f JOIN people p ON p.id = f.person_id WHERE f.id = ?",
        [follow_up_id],
    )
    if not row:
        raise NotFound(
            f"no follow-up with id #{follow_up_id}", subject="follow-up", text=str(follow_up_id)
        )
    return row


def _open_follow_up(db: Connection, follow_up_id: int) -> dict:
    row = follow_up(db, follow_up_id)
    if row["status"] != "open":
        raise Conflict(f"follow-up #{follow_up_id} is already {row['status']}")
    return row


def next_due(rrule: str | None, due: str | None, on: date) -> str | None:
    """Where a recurring follow-up done on `on` moves: the first date of its rule after
    both `on` and its due date, so missed dates never pile up. None when the rule has no
    date left, or for a one-off."""
    if not rrule or not due:
        return None
    start = date.fromisoformat(due)
    try:
        return next_occurrence(rrule, start, after=max(start, on)).isoformat()
    except DateError:
        return None


def complete_follow_up(
    db: Connection, follow_up_id: int, *, on: date | None = None, note: str | None = None
) -> dict:
    """Mark a follow-up done and log it; a recurring one moves to its next date instead."""
    on, note = on or today(), clean(note)
    with db.transaction():
        f = _open_follow_up(db, follow_up_id)
        logged = f["action"] if note is None else f"{f['action']}: {note}"
        _insert(db, f["person_id"], on, "note", logged)
        later = next_due(f["rrule"], f["due"], on)
        if later is not None:
            db.update("follow_ups", follow_up_id, {"due": later})
        else:
            db.update("follow_ups", follow_up_id, {"status": "done", "done_at": db.now()})
    return follow_up(db, follow_up_id)


def snooze(
    db: Connection, follow_up_id: int, *, until: date | None = None, by: Period | None = None
) -> dict:
    """Push a follow-up back: to `until`, or `by` a period from the later of today and
    its due date. A snooze only ever postpones: a date not after both is refused."""
    if (until is None) == (by is None):
        raise InvalidValue("a snooze needs one of a date or a period", field="until")
    with db.transaction():
        f = _open_follow_up(db, follow_up_id)
        now = max(today(), as_date(f["due"]) or today())
        if by is not None:
            until = by.after(now)
        elif until <= now:
            raise InvalidValue(
                f"{until.isoformat()} is not later than {now.isoformat()}:"
                " a snooze only postpones (mark it done, or give a later date)",
                field="until",
            )
        db.update("follow_ups", follow_up_id, {"due": until})
    return follow_up(db, follow_up_id)


def keep_in_touch(db: Connection, person_id: int, days: int | None) -> dict:
    """Set or stop a cadence. The triggers work out `next_due` from the last contact, but
    never before today, the day it is set (schema 7)."""
    with db.transaction():
        _check_person(db, person_id)
        since = None if days is None else today()
        changes = {"keep_in_touch_days": days, "keep_in_touch_since": since}
        db.update("people", person_id, {**changes, "updated_at": db.now()})
    return db.row("SELECT id, name, next_due FROM people WHERE id = ?", [person_id])
