"""An event's guest list: who was there, kept apart from the people you met.

`save_guests` keeps a list as the file has it (a second import of the same file changes
nothing; an updated one updates its guests); `fill_in` is what `add`, `met`, the add form
and `event pick` share: the guest a new person is, and what the list knows of them. A
guest already in the journal as a person is linked by email or handle, never by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from journal.db.connection import Connection
from journal.errors import NotFound
from journal.text.handles import (
    Handle,
    HandleError,
    abbreviates,
    name_key,
    name_words,
    parse_handle,
)
from journal.text.values import like_escaped

COLUMNS = ("name", "email", "phone", "profile_url", "company", "role", "status", "came")
# What a guest's row holds that a new person can take: the add form's fields.
PERSON_KEYS = ("email", "phone", "company", "role")


def _row(event_id: int, source: str, guest: dict, now: str) -> dict:
    row = {k: guest.get(k) for k in COLUMNS}
    answers = json.dumps(guest.get("answers") or {}, ensure_ascii=False, sort_keys=True)
    searched = (guest["name"], guest.get("email"), guest.get("company"), guest.get("role"))
    return {
        **row,
        "event_id": event_id,
        "list_key": guest["key"],
        "name_key": name_key(guest["name"]),
        "answers": answers,
        "source": source,
        "search_key": name_key(" ".join(s for s in searched if s)),
        "imported_at": now,
    }


def save_guests(db: Connection, event_id: int, source: str, guests: Iterable[dict]) -> dict:
    """Keep the guest list of an event: new guests added, changed ones updated (the
    person a guest became stays linked), the rest untouched; guests already in the
    journal (by email or a handle) linked. A guest another list of the same event has
    (by the list's id, else by email) is that guest: what this list leaves blank is kept.
    Counts of each, as a dict."""
    now = db.now()
    fields = (*COLUMNS, "answers")
    have = {
        r[0]: dict(zip(fields, r[1:], strict=True))
        for r in db.conn.execute(
            f"SELECT list_key, {', '.join(fields)} FROM guests WHERE event_id = ?", [event_id]
        )
    }
    by_email = {g["email"]: key for key, g in have.items() if g["email"]}
    added, updated, seen = [], [], set()
    for guest in guests:
        same_list = guest["key"] in have
        key = guest["key"] if same_list else by_email.get(guest.get("email")) or guest["key"]
        if key in seen:
            continue  # a list that names a guest twice: the first is the guest
        seen.add(key)
        row = _row(event_id, source, {**guest, "key": key}, now)
        before = have.get(key)
        if before is None:
            added.append(row)
            continue
        for c in COLUMNS:
            # An updated list says what is true now; another list only fills in blanks.
            if row[c] is None or (not same_list and before[c] is not None):
                row[c] = before[c]
        answers = {**json.loads(before["answers"]), **json.loads(row["answers"])}
        row["answers"] = json.dumps(answers, ensure_ascii=False, sort_keys=True)
        if before != {c: row[c] for c in fields}:
            updated.append(row)
    with db.transaction():
        if added or updated:
            columns = list((added or updated)[0])
            names = ", ".join(columns)
            marks = ", ".join(f":{c}" for c in columns)
            changes = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "list_key")
            db.conn.executemany(
                f"INSERT INTO guests ({names}) VALUES ({marks})"
                f" ON CONFLICT (event_id, list_key) DO UPDATE SET {changes}",
                added + updated,
            )
        linked = _link_known(db, event_id)
    unchanged = len(seen) - len(added) - len(updated)
    return {"added": len(added), "updated": len(updated), "unchanged": unchanged, "linked": linked}


def _link_known(db: Connection, event_id: int) -> int:
    """Link the event's unlinked guests who are already people: by email, then by the
    handle their profile address reads as. Never by name: two Benjis are two people."""
    by_email = db.conn.execute(
        "UPDATE guests"
        " SET person_id = (SELECT person_id FROM emails m WHERE m.email = guests.email)"
        " WHERE event_id = ? AND person_id IS NULL"
        " AND email COLLATE NOCASE IN (SELECT email FROM emails)",
        [event_id],
    ).rowcount
    by_handle = 0
    for g in db.rows(
        "SELECT id, profile_url FROM guests"
        " WHERE event_id = ? AND person_id IS NULL AND profile_url IS NOT NULL",
        [event_id],
    ):
        handle = _handle(g["profile_url"])
        person = handle and db.row(
            "SELECT person_id FROM handles WHERE network = ? AND handle = ?",
            [handle.network, handle.handle],
        )
        if person:
            db.update("guests", g["id"], {"person_id": person["person_id"]})
            by_handle += 1
    return by_email + by_handle


def _handle(url: str | None) -> Handle | None:
    try:
        return parse_handle(url) if url else None
    except HandleError:
        return None


# -- who you met among them ------------------------------------------------------------


def candidates(db: Connection, event_id: int, name: str, emails: Iterable[str] = ()) -> list[dict]:
    """The guests of the event, not yet people, that a new person may be: the one whose
    email is one of `emails`, else those whose name is `name` (case and accents ignored),
    else those whose name `name` abbreviates ("Benji", "benji w" for Benji Weber)."""
    unlinked = "SELECT * FROM guests WHERE event_id = ? AND person_id IS NULL"
    for email in emails:
        if found := db.row(unlinked + " AND email = ? COLLATE NOCASE", [event_id, email]):
            return [found]
    key = name_key(name or "")
    words = name_words(name or "")
    if not key or not words:
        return []
    if same := db.rows(unlinked + " AND name_key = ? LIMIT 10", [event_id, key]):
        return same
    # The first word starts the guest's name; the index on (event_id, name_key) finds them.
    starts = db.rows(
        unlinked + " AND name_key >= ? AND name_key < ? LIMIT 50",
        [event_id, words[0], words[0] + "\U0010ffff"],
    )
    return [g for g in starts if abbreviates(name, g["name"])]


def match(db: Connection, event_id: int, name: str, emails: Iterable[str] = ()) -> dict | None:
    """The one guest `candidates` finds; None when none or several are."""
    found = candidates(db, event_id, name, emails)
    return found[0] if len(found) == 1 else None


def fill_in(
    db: Connection,
    row: dict,
    handles: list[Handle],
    emails: list[str],
    *,
    guest_id: int | None = None,
) -> dict | None:
    """What the guest list knows of the person about to be added (`row` as add_person
    holds it, their handles and emails): the guest named by `guest_id`, else the one
    `match` finds at their event. Fills in what was not typed, in place, and returns
    {guest, filled} for the faces to say so; None when no guest is theirs."""
    if guest_id is not None:
        guest = guest_row(db, guest_id)
        if guest["person_id"] is not None:
            raise NotFound(f"guest #{guest_id} {guest['name']} is already #{guest['person_id']}")
    elif row.get("event_id") is not None:
        guest = match(db, row["event_id"], row.get("name", ""), emails)
    else:
        return None
    if guest is None:
        return None
    filled = []
    typed = row.get("name", "")
    # "Benji" is Benji Weber; a name of the user's own ("ZM") stays as typed.
    if name_key(guest["name"]) != name_key(typed) and abbreviates(typed, guest["name"]):
        row["name"], row["name_key"] = guest["name"], guest["name_key"]
        filled.append("name")
    if guest["email"] and not emails and not _is_someones(db, guest["email"]):
        emails.append(guest["email"])
        filled.append("email")
    for key in ("phone", "company", "role"):
        if guest[key] and not row.get(key):
            row[key] = guest[key]
            filled.append(key)
    handle = _handle(guest["profile_url"])
    if handle and handle.network not in {h.network for h in handles}:
        handles.append(handle)
        filled.append("profile")
    elif guest["profile_url"] and not handle and not row.get("source_url"):
        row["source_url"] = guest["profile_url"]
        filled.append("link")
    return {"guest": guest, "filled": filled}


def _is_someones(db: Connection, email: str) -> bool:
    return db.row("SELECT 1 AS yes FROM emails WHERE email = ?", [email]) is not None


def link(db: Connection, guest_id: int, person_id: int) -> None:
    """The guest is this person now: you met them."""
    db.update("guests", guest_id, {"person_id": person_id})


# -- reading lists ---------------------------------------------------------------------

GUEST = """SELECT g.id, g.event_id, e.name AS event, e.date AS event_date, g.name, g.email,
    g.phone, g.profile_url, g.company, g.role, g.status, g.came, g.answers, g.source,
    g.person_id, p.name AS person
    FROM guests g JOIN events e ON e.id = g.event_id LEFT JOIN people p ON p.id = g.person_id"""


def _decoded(row: dict) -> dict:
    return {**row, "answers": json.loads(row["answers"] or "{}")}


def guest_row(db: Connection, guest_id: int) -> dict:
    """One guest as stored (the list's columns), or NotFound."""
    found = db.row("SELECT * FROM guests WHERE id = ?", [guest_id])
    if found is None:
        raise NotFound(f"no guest with id #{guest_id}")
    return found


def guest(db: Connection, guest_id: int) -> dict:
    """One guest with their event's name and the person they became, if you met them."""
    found = db.row(GUEST + " WHERE g.id = ?", [guest_id])
    if found is None:
        raise NotFound(f"no guest with id #{guest_id}")
    return _decoded(found)


def guest_list(db: Connection, event_id: int) -> list[dict]:
    """The event's guests: the ones you met first, then those who came, then the rest,
    each by name."""
    return [
        _decoded(r)
        for r in db.rows(
            GUEST + " WHERE g.event_id = ?"
            " ORDER BY g.person_id IS NULL, coalesce(g.came, 0) DESC, g.name_key",
            [event_id],
        )
    ]


def guest_counts(db: Connection, event_id: int) -> dict:
    return db.row(
        "SELECT count(*) AS guests, count(person_id) AS met, coalesce(sum(came), 0) AS came"
        " FROM guests WHERE event_id = ?",
        [event_id],
    )


def forget(db: Connection, event_id: int) -> int:
    """Remove the event's guest list (the people you met among them stay); how many."""
    with db.transaction():
        return db.conn.execute("DELETE FROM guests WHERE event_id = ?", [event_id]).rowcount


def search_guests(db: Connection, text: str, *, limit: int = 20) -> list[dict]:
    """Guests not yet in the journal whose name, email, company, role or event match every
    word typed ("benji twestival"), by event then name."""
    words = name_words(text)
    if not words:
        return []
    events = db.rows("SELECT id, name FROM events WHERE id IN (SELECT event_id FROM guests)")
    keys = {e["id"]: name_key(e["name"]) for e in events}
    where, args = [], []
    for w in words:
        at = [i for i, k in keys.items() if w in k]
        where.append(
            f"(g.search_key LIKE ? ESCAPE '\\' OR g.event_id IN ({','.join('?' * len(at))}))"
            if at
            else "g.search_key LIKE ? ESCAPE '\\'"
        )
        args += [f"%{like_escaped(w)}%", *at]
    rows = db.rows(
        GUEST + f" WHERE g.person_id IS NULL AND {' AND '.join(where)}"
        " ORDER BY e.date DESC, g.name_key LIMIT ?",
        [*args, limit],
    )
    return [_decoded(r) for r in rows]


def move_list(db: Connection, keep: int, other: int) -> int:
    """Two events that are one (an event merge): `other`'s guests join `keep`'s list. A
    guest on both lists stays once, linked to the person either was; how many moved."""
    with db.transaction():
        ids = {"keep": keep, "other": other}
        db.conn.execute(
            "UPDATE guests SET person_id = (SELECT o.person_id FROM guests o"
            "  WHERE o.event_id = :other AND o.list_key = guests.list_key)"
            " WHERE event_id = :keep AND person_id IS NULL AND list_key IN"
            "  (SELECT list_key FROM guests WHERE event_id = :other AND person_id IS NOT NULL)",
            ids,
        )
        db.conn.execute(
            "DELETE FROM guests WHERE event_id = :other"
            " AND list_key IN (SELECT list_key FROM guests WHERE event_id = :keep)",
            ids,
        )
        return db.conn.execute(
            "UPDATE guests SET event_id = :keep WHERE event_id = :other", ids
        ).rowcount
