"""People: finding them as PERSON is typed, recording them and how you found them,
changing and deleting them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from journal.db import events, guests, important_dates, plans
from journal.db.connection import Connection, existing, the_one
from journal.errors import Duplicate, InvalidValue, NotFound, SameName
from journal.fields import CLEARABLE, PERSON_FIELDS
from journal.text.dates import PartialDate, today
from journal.text.handles import Handle, abbreviates, name_key, name_words
from journal.text.inputs import EventRef, PersonRef
from journal.text.values import (
    clean,
    containing,
    iso,
    like_escaped,
    unique,
    unique_handles,
)

# -- finding people -------------------------------------------------------------------


def resolve_person(db: Connection, ref: PersonRef) -> int:
    """PERSON as SPEC §1 reads it: id, handle, email, whole name, then a unique part."""
    searches = (
        find(db, ref) for find in (_by_handle, _by_email, _by_name, _by_name_part, _by_name_words)
    )
    found = the_one(db, "people", ref, searches)
    if found is not None:
        return found
    if ref.id is not None:
        raise NotFound(f"no person with id #{ref.id}")
    raise NotFound(f"no person matches {ref.text!r}", subject="person", text=ref.text)


def _by_handle(db: Connection, ref: PersonRef) -> list[dict]:
    if ref.handle is None:
        return []
    rows = db.rows(
        "SELECT p.id, p.name FROM handles h JOIN people p ON p.id = h.person_id"
        " WHERE h.network = ? AND h.handle = ?",
        [ref.handle.network, ref.handle.handle],
    )
    if rows or not ref.text.startswith("@"):
        return rows
    # "@benji" may be the name someone has on any network, not only on X.
    bare = ref.text[1:]
    return db.rows(
        "SELECT DISTINCT p.id, p.name FROM handles h JOIN people p ON p.id = h.person_id"
        " WHERE h.handle = ? OR (h.network = 'mastodon' AND h.handle LIKE ? ESCAPE '\\')"
        " ORDER BY p.id",
        [bare, like_escaped(bare) + "@%"],
    )


def _by_email(db: Connection, ref: PersonRef) -> list[dict]:
    if ref.email is None:
        return []
    return db.rows(
        "SELECT p.id, p.name FROM emails m JOIN people p ON p.id = m.person_id WHERE m.email = ?",
        [ref.email],
    )


def _by_name(db: Connection, ref: PersonRef) -> list[dict]:
    return db.rows(
        "SELECT id, name FROM people WHERE name_key = ? ORDER BY id", [name_key(ref.name)]
    )


def _by_name_part(db: Connection, ref: PersonRef) -> list[dict]:
    return db.rows(
        "SELECT id, name FROM people WHERE name_key LIKE ? ESCAPE '\\' ORDER BY id",
        [containing(name_key(ref.name))],
    )


def _by_name_words(db: Connection, ref: PersonRef) -> list[dict]:
    """Names that `ref` abbreviates word by word ("Anne C." for Anne Chabot)."""
    words = name_words(ref.name)
    if not words:
        return []
    pattern = "%" + "%".join(like_escaped(w) for w in words) + "%"
    rows = db.rows(
        "SELECT id, name FROM people WHERE name_key LIKE ? ESCAPE '\\' ORDER BY id", [pattern]
    )
    return [r for r in rows if abbreviates(ref.name, r["name"])]


def find_person(db: Connection, ref: PersonRef) -> int | None:
    """The person `ref` names, or None when `person_for` would make a new one."""
    return existing(resolve_person, db, ref)


def person_for(db: Connection, ref: PersonRef) -> int:
    """The person `ref` names (`--via`): found as PERSON is, else made as a bare record,
    which `db.created` announces."""
    found = find_person(db, ref)
    if found is not None:
        return found
    handles = [ref.handle] if ref.handle is not None and ref.text.startswith("@") else []
    person_id = add_person(db, ref.name, handles=handles, log_meeting=False, new=True)
    db.created.append({"table": "people", "id": person_id, "name": ref.name})
    return person_id


def how_found(how: str | None, *, event: bool, via: bool) -> str | None:
    """How you found someone when not said: at the event given, else through the person
    given; the one rule for add and edit, whichever face."""
    if how is not None:
        return how
    if event:
        return "event"
    return "introduction" if via else None


# -- writing people ---------------------------------------------------------------------


def same_name(db: Connection, name: str) -> list[dict]:
    """The people whose name reads as `name` (case and accents ignored)."""
    return db.rows(
        "SELECT id, name FROM people WHERE name_key = ? ORDER BY id", [name_key(name.strip())]
    )


def _check_new_name(db: Connection, name: str) -> None:
    if same := same_name(db, name):
        raise SameName(same)


def _check_unused(db: Connection, handles: Iterable[Handle], emails: Iterable[str]) -> None:
    for email in emails:
        row = db.row(
            "SELECT p.id, p.name FROM emails m JOIN people p ON p.id = m.person_id"
            " WHERE m.email = ?",
            [email],
        )
        if row:
            raise Duplicate(f"{email} is already the email of #{row['id']} {row['name']}")
    for handle in handles:
        row = db.row(
            "SELECT p.id, p.name FROM handles h JOIN people p ON p.id = h.person_id"
            " WHERE h.network = ? AND h.handle = ?",
            [handle.network, handle.handle],
        )
        if row:
            raise Duplicate(f"{handle.display()} is already a handle of #{row['id']} {row['name']}")


# Each handle or email rebuilds the person's search row, which holds them all: a person
# with thousands (from a hostile file) would make each addition slower than the last.
MOST_ADDRESSES = 100


def addresses(db: Connection, person_id: int) -> dict:
    """How many handles and emails the person has."""
    return db.row(
        "SELECT (SELECT count(*) FROM handles WHERE person_id = :id) AS handles,"
        " (SELECT count(*) FROM emails WHERE person_id = :id) AS emails",
        {"id": person_id},
    )


def _attach(
    db: Connection, person_id: int, handles: Iterable[Handle], emails: Iterable[str]
) -> None:
    handles, emails = unique_handles(handles), unique(emails)
    have = addresses(db, person_id)
    for what, new in (("handles", handles), ("emails", emails)):
        if new and have[what] + len(new) > MOST_ADDRESSES:
            raise InvalidValue(f"a person has at most {MOST_ADDRESSES} {what}", field=what)
    _check_unused(db, handles, emails)
    for email in emails:
        db.insert("emails", {"person_id": person_id, "email": email})
    for h in handles:
        db.insert(
            "handles",
            {"person_id": person_id, "network": h.network, "handle": h.handle, "url": h.url},
        )


def _name(name: str) -> dict:
    name = name.strip()
    if not name:
        raise InvalidValue("a person needs a name", field="name")
    return {"name": name, "name_key": name_key(name)}


# `add_person(met_on=...)` not given: on the day of the dated event they were met at, else
# today (None is "not known": no day at all).
UNSAID = object()


def add_person(
    db: Connection,
    name: str,
    *,
    handles: Iterable[Handle] = (),
    emails: Iterable[str] = (),
    tags: Iterable[str] = (),
    event: EventRef | None = None,
    via: PersonRef | None = None,
    met_on: date | PartialDate | None | object = UNSAID,
    log_meeting: bool = True,
    follow_up: dict | None = None,
    birthday: str | None = None,
    new: bool = False,
    guest: int | None = None,
    **fields: Any,
) -> int:
    """Record a person and how you found them; everything in one transaction.
    `birthday` is a day as `journal.text.dates.parse_day` returns it. The guest of the
    event's list they are (`guest`, else the one their email or name matches) fills in
    what was not given, is linked to them, and is listed in `db.created`.

    A name the journal already has (case and accents ignored) is refused (SameName)
    unless `new`: someone else of the same name. The event and the introducer are found
    as EVENT and PERSON are, or made and listed in `db.created`."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    row = {k: clean(v) if isinstance(v, str) else v for k, v in fields.items()}
    row = {k: v for k, v in row.items() if v is not None}
    row |= _name(name)
    at_event = event is not None or guest is not None
    row["found_via"] = how_found(row.get("found_via"), event=at_event, via=via is not None)
    handles, emails = list(handles), list(emails)
    said = met_on is not UNSAID
    with db.transaction():
        if event is not None:
            on = met_on if said and met_on else today()
            row["event_id"] = events.event_for(db, event, on=on, place=row.get("met_where"))
        # Before the name is checked: the guest list may know the whole name.
        met_guest = guests.fill_in(db, row, handles, emails, guest_id=guest)
        if met_guest and event is None:
            row["event_id"] = met_guest["guest"]["event_id"]
        if not new:
            _check_new_name(db, row["name"])
        row["tags"] = json.dumps(unique(tags), ensure_ascii=False)
        if not said:
            # Met at a dated event, without saying when: on its day; else today.
            met_on = _event_day(db, row.get("event_id")) or today() if log_meeting else None
        row["met_on"] = iso(met_on)
        if via is not None:
            row["via_id"] = person_for(db, via)
        person_id = db.insert("people", row)
        _attach(db, person_id, handles, emails)
        if met_guest:
            _met_guest(db, met_guest, person_id)
        # A meeting remembered in part has no day to put on the timeline.
        if log_meeting and isinstance(met_on, date):
            plans.log_meeting(
                db, person_id, on=met_on, event_id=row.get("event_id"), place=row.get("met_where")
            )
        if follow_up:
            plans.add_follow_up(db, person_id, **follow_up)
        if birthday is not None:
            important_dates.set_date(db, person_id, important_dates.BIRTHDAY, birthday)
    return person_id


def _met_guest(db: Connection, met_guest: dict, person_id: int) -> None:
    g = met_guest["guest"]
    guests.link(db, g["id"], person_id)
    event = db.row("SELECT name FROM events WHERE id = ?", [g["event_id"]])
    db.created.append(
        {
            "table": "guests",
            "id": g["id"],
            "name": g["name"],
            "event": event["name"],
            "filled": met_guest["filled"],
        }  # fmt: skip
    )


def update_person(
    db: Connection,
    person_id: int,
    *,
    fields: dict[str, Any] | None = None,
    clear: Iterable[str] = (),
    add_handles: Iterable[Handle] = (),
    add_emails: Iterable[str] = (),
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
    event: EventRef | None = None,
    via: PersonRef | None = None,
    birthday: str | None = None,
) -> None:
    fields = {k: iso(v) for k, v in (fields or {}).items() if v is not None}
    with db.transaction():
        current = db.row("SELECT * FROM people WHERE id = ?", [person_id])
        if current is None:
            raise NotFound(f"no person with id #{person_id}")
        changes: dict[str, Any] = {}
        for field in clear:
            if field == "handles":
                db.conn.execute("DELETE FROM handles WHERE person_id = ?", [person_id])
            elif field == "emails":
                db.conn.execute("DELETE FROM emails WHERE person_id = ?", [person_id])
            elif field == "tags":
                changes["tags"] = "[]"
            elif field == "name":
                raise InvalidValue("a person's name cannot be cleared", field="name")
            else:
                changes[CLEARABLE[field]] = None
        if "name" in fields:
            changes |= _name(fields.pop("name"))
        changes |= {k: clean(v) for k, v in fields.items()}
        if event is not None:
            changes["event_id"] = events.event_for(
                db, event, on=current["met_on"], place=current["met_where"]
            )
        if via is not None:
            via_id = person_for(db, via)
            if via_id == person_id:
                raise InvalidValue("a person cannot be their own introducer", field="via")
            changes["via_id"] = via_id
        if not current["found_via"] and changes.get("found_via") is None:
            how = how_found(None, event=event is not None, via=via is not None)
            if how is not None:
                changes["found_via"] = how
        if add_tags or remove_tags:
            tags = json.loads(changes.get("tags", current["tags"]))
            removed = {t.casefold() for t in remove_tags}
            tags = [t for t in tags if t.casefold() not in removed]
            changes["tags"] = json.dumps(unique([*tags, *add_tags]), ensure_ascii=False)
        if changes:
            changes["updated_at"] = db.now()
            db.update("people", person_id, changes)
        if "event_id" in changes:
            met_follows(db, person_id, current["event_id"], changes["event_id"])
        _attach(db, person_id, add_handles, add_emails)
        if birthday is not None:
            important_dates.set_date(db, person_id, important_dates.BIRTHDAY, birthday)


def _event_day(db: Connection, event_id: int | None) -> date | None:
    found = event_id and db.row("SELECT date FROM events WHERE id = ?", [event_id])
    try:
        return date.fromisoformat(found["date"]) if found and found["date"] else None
    except ValueError:
        return None


def met_follows(db: Connection, person_id: int, was: int | None, now: int | None) -> None:
    """The timeline's "met at" follows the card to its new event: the old one, left
    empty, stays (`journal event rm` or `event merge` it), but no longer says you met
    them there."""
    if was != now:
        db.conn.execute(
            "UPDATE interactions SET event_id = ? WHERE person_id = ? AND kind = 'met'"
            " AND event_id IS ?",
            [now, person_id, was],
        )


def delete_person(db: Connection, person_id: int) -> dict:
    """Delete a person with their handles, log and follow-ups; returns what went."""
    with db.transaction():
        counts = person_counts(db, person_id)
        db.conn.execute("DELETE FROM people WHERE id = ?", [person_id])
    return counts


def person_counts(db: Connection, person_id: int) -> dict:
    return db.row(
        """SELECT
            (SELECT count(*) FROM interactions WHERE person_id = :id) AS interactions,
            (SELECT count(*) FROM follow_ups WHERE person_id = :id) AS follow_ups,
            (SELECT count(*) FROM handles WHERE person_id = :id) AS handles,
            (SELECT count(*) FROM people WHERE via_id = :id) AS introduced""",
        {"id": person_id},
    )
