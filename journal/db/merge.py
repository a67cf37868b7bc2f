"""Merging: what a contact from a file adds to someone already in the journal, and two
records of the same person merged by hand. Empty fields are filled, tags, emails and
handles united; a value that differs is never overwritten, it is reported."""

from __future__ import annotations

import json
from collections.abc import Iterable

from journal.db import other_names
from journal.db.connection import Connection
from journal.db.people import MOST_ADDRESSES, addresses
from journal.errors import InvalidValue, NotFound
from journal.fields import PERSON_FIELDS
from journal.text.handles import Handle
from journal.text.values import unique

# Fields a merge fills when empty and reports when they differ: all but the name.
MERGED_FIELDS = PERSON_FIELDS[1:]


def describe(conflict: tuple) -> str:
    field, mine, theirs = conflict
    return f"{field} is {mine!r}, the other has {theirs!r}"


def merge_fields(db: Connection, person_id: int, incoming: dict, tags: Iterable[str]) -> tuple:
    """Fill empty fields and add tags; returns (changed, [(field, mine, theirs)])."""
    current = db.row("SELECT * FROM people WHERE id = ?", [person_id])
    changes, conflicts = {}, []
    for name in MERGED_FIELDS:
        value = incoming.get(name)
        if value is None or value == "":
            continue
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        mine = current[name]
        if mine is None or mine == "":
            changes[name] = value
        elif str(mine).strip().casefold() != value.strip().casefold():
            conflicts.append((name, mine, value))
    if incoming.get("vcard"):
        mine = current["vcard"] or ""
        # One property a line, ended by CRLF (a value may hold other line breaks);
        # kept by an earlier release, the lines may be folded: read as properties.
        known = set(mine.split("\r\n"))
        if "\r\n " in mine or "\r\n\t" in mine:
            from journal.formats.vcard_text import parse_kept

            known = {prop.line() for prop in parse_kept(mine)}
        # The note the journal wrote from its own column (a card it exported, with
        # notes of several lines) is that column, not a property to keep beside it.
        notes = changes.get("notes", current["notes"])
        if notes:
            from journal.formats import vcard_text as vt

            known.add(vt.Prop(None, "NOTE", [], vt.escape(notes)).line())
        new = [ln for ln in incoming["vcard"].split("\r\n") if ln and ln not in known]
        if new:
            changes["vcard"] = mine + "".join(ln + "\r\n" for ln in new)
    known = json.loads(current["tags"])
    added = [t for t in unique(tags) if t.casefold() not in {k.casefold() for k in known}]
    if added:
        changes["tags"] = json.dumps([*known, *added], ensure_ascii=False)
    if changes:
        changes["updated_at"] = db.now()
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        db.conn.execute(f"UPDATE people SET {sets} WHERE id = :id", {**changes, "id": person_id})
    return bool(changes), conflicts


def union_contacts(
    db: Connection, person_id: int, handles: Iterable[Handle], emails: Iterable[str]
) -> tuple[bool, list[str]]:
    """Give the person the handles and emails they lack, up to MOST_ADDRESSES of each;
    report those someone else has, and those left out."""
    changed, conflicts = False, []
    room = {k: MOST_ADDRESSES - n for k, n in addresses(db, person_id).items()}
    one = db.conn.execute
    for email in unique(emails):
        owner = one("SELECT person_id FROM emails WHERE email = ?", [email]).fetchone()
        if owner is None and room["emails"] <= 0:
            conflicts.append(f"{email} left out: a person has at most {MOST_ADDRESSES} emails")
        elif owner is None:
            one("INSERT INTO emails (person_id, email) VALUES (?, ?)", [person_id, email])
            changed, room["emails"] = True, room["emails"] - 1
        elif owner[0] != person_id:
            conflicts.append(f"{email} is the email of #{owner[0]}")
    for h in handles:
        owner = one(
            "SELECT person_id FROM handles WHERE network = ? AND handle = ?",
            [h.network, h.handle],
        ).fetchone()
        if owner is None and room["handles"] <= 0:
            limit = f"a person has at most {MOST_ADDRESSES} handles"
            conflicts.append(f"{h.display()} left out: {limit}")
        elif owner is None:
            one(
                "INSERT INTO handles (person_id, network, handle, url) VALUES (?, ?, ?, ?)",
                [person_id, h.network, h.handle, h.url],
            )
            changed, room["handles"] = True, room["handles"] - 1
        elif owner[0] != person_id and h.network != "web":  # a page people share
            conflicts.append(f"{h.display()} is a handle of #{owner[0]}")
    return changed, conflicts


def merge_people(db: Connection, keep: int, other: int) -> dict:
    """Move everything of `other` onto `keep` and delete `other`."""
    if keep == other:
        raise InvalidValue("cannot merge a person with themselves")
    with db.transaction():
        theirs = db.row("SELECT * FROM people WHERE id = ?", [other])
        if theirs is None or not db.row("SELECT id FROM people WHERE id = ?", [keep]):
            raise NotFound(f"no person with id #{other if theirs is None else keep}")
        moved = _move_timeline(db, keep, other)
        handles = [
            Handle(r["network"], r["handle"], r["url"])
            for r in db.rows("SELECT * FROM handles WHERE person_id = ?", [other])
        ]
        emails = [
            r["email"] for r in db.rows("SELECT email FROM emails WHERE person_id = ?", [other])
        ]
        # Every way OTHER was found is one KEEP was found, after KEEP's own first way.
        moved["ways_found"] = db.conn.execute(
            "UPDATE ways_found SET person_id = ?, is_first = 0 WHERE person_id = ?", [keep, other]
        ).rowcount
        db.conn.execute("DELETE FROM handles WHERE person_id = ?", [other])
        db.conn.execute("DELETE FROM emails WHERE person_id = ?", [other])
        union_contacts(db, keep, handles, emails)
        moved["handles"], moved["emails"] = len(handles), len(emails)
        moved["introductions"] = _take_over_links(db, keep, other, theirs)
        differing = _fill_and_note_differences(db, keep, other, theirs)
        _drop_repeated_first_way(db, keep)
        moved["other_names"] = other_names.move(db, other, keep)
        db.conn.execute("DELETE FROM people WHERE id = ?", [other])
    conflicts = [describe(d) for d in differing]
    return {"kept": keep, "removed": other, "moved": moved, "conflicts": conflicts}


def _move_timeline(db: Connection, keep: int, other: int) -> dict:
    """OTHER's log, follow-ups, places on guest lists and dates (of labels KEEP lacks) go
    to KEEP; returns how many of each moved."""
    moved = {
        table: db.conn.execute(
            f"UPDATE {table} SET person_id = ? WHERE person_id = ?", [keep, other]
        ).rowcount
        for table in ("interactions", "follow_ups")
    }
    # The guest they were on an event's list is the kept person now.
    db.conn.execute("UPDATE guests SET person_id = ? WHERE person_id = ?", [keep, other])
    # Their dates under labels KEEP lacks; the others go with OTHER.
    moved["dates"] = db.conn.execute(
        "UPDATE important_dates SET person_id = :keep WHERE person_id = :other"
        " AND label COLLATE NOCASE NOT IN"
        " (SELECT label FROM important_dates WHERE person_id = :keep)",
        {"keep": keep, "other": other},
    ).rowcount
    return moved


def _take_over_links(db: Connection, keep: int, other: int, theirs: dict) -> int:
    """The people OTHER introduced are KEEP's introductions; KEEP takes OTHER's event,
    introducer and keep-in-touch when it has none. Returns the introductions moved."""
    introductions = db.conn.execute(
        "UPDATE people SET via_id = ? WHERE via_id = ? AND id != ?", [keep, other, keep]
    ).rowcount
    if theirs["event_id"] is not None:
        db.conn.execute(
            "UPDATE people SET event_id = ? WHERE id = ? AND event_id IS NULL",
            [theirs["event_id"], keep],
        )
    if theirs["via_id"] not in (None, keep):
        db.conn.execute(
            "UPDATE people SET via_id = ? WHERE id = ? AND via_id IS NULL",
            [theirs["via_id"], keep],
        )
    if theirs["keep_in_touch_days"]:
        db.conn.execute(
            "UPDATE people SET keep_in_touch_days = ?, keep_in_touch_since = ?"
            " WHERE id = ? AND keep_in_touch_days IS NULL",
            [theirs["keep_in_touch_days"], theirs["keep_in_touch_since"], keep],
        )
    return introductions


def _fill_and_note_differences(db: Connection, keep: int, other: int, theirs: dict) -> list:
    """KEEP's empty fields filled from OTHER's, tags united; returns what differs, fields
    and dates of the same label, as (field, mine, theirs)."""
    _, differing = merge_fields(db, keep, theirs, json.loads(theirs["tags"]))
    differing += db.conn.execute(
        "SELECT o.label, k.date, o.date FROM important_dates o JOIN important_dates k"
        " ON k.person_id = ? AND k.label = o.label COLLATE NOCASE"
        " WHERE o.person_id = ? AND k.date != o.date",
        [keep, other],
    ).fetchall()
    if differing:
        # Nothing of OTHER's is lost: what KEEP already had differently goes
        # into KEEP's notes.
        kept = "; ".join(f"{field} {theirs_!r}" for field, _, theirs_ in differing)
        db.conn.execute(
            "UPDATE people SET notes = ltrim(coalesce(notes || char(10), '') || ?) WHERE id = ?",
            [f"Merged from #{other} {theirs['name']}: {kept}", keep],
        )
    return differing


def _drop_repeated_first_way(db: Connection, keep: int) -> None:
    """KEEP's card may have taken its first way from OTHER's: not twice."""
    db.conn.execute(
        "DELETE FROM ways_found WHERE id IN (SELECT w.id FROM ways_found w"
        " JOIN ways_found f ON f.person_id = w.person_id AND f.is_first"
        " WHERE w.person_id = :keep AND NOT w.is_first AND f.kind IS w.kind"
        " AND f.date IS w.date AND f.event_id IS w.event_id AND f.via_id IS w.via_id"
        " AND f.url IS w.url)",
        {"keep": keep},
    )


# -- the journal as one document ------------------------------------------------
