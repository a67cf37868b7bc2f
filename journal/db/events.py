"""Events: one event, many people. Finding one as EVENT is typed, and recording one."""

from __future__ import annotations

import sqlite3
from datetime import date

from journal.db.connection import Connection, existing, the_one
from journal.errors import Duplicate, InvalidValue, NotFound
from journal.text.handles import abbreviates, name_key, name_words
from journal.text.inputs import EventRef
from journal.text.values import clean, containing, iso, like_escaped


def resolve_event(db: Connection, ref: EventRef) -> int:
    """An event by id, by its whole name (any case), then by a unique part of its name."""
    searches = (
        search(db, ref.text)
        for search in (_named, _named_bare, _named_like, _named_by_words, _named_by_word_starts)
    )
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


def _named_by_words(db: Connection, text: str) -> list[dict]:
    """Names that `text` abbreviates word by word ("pydata ber" for PyData Berlin)."""
    words = name_words(text)
    if not words:
        return []
    rows = db.rows(
        "SELECT id, name FROM events WHERE name LIKE ? ESCAPE '\\' ORDER BY id",
        ["%" + "%".join(like_escaped(w) for w in words) + "%"],
    )
    return [r for r in rows if abbreviates(text, r["name"])]


def _word_starts(db: Connection, text: str) -> list[dict]:
    """Events with a word starting with each word typed, case and accents ignored (the
    search index of m013 reads "apero" in "Apéro")."""
    words = name_words(text)
    if not words:
        return []
    query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    try:
        return db.rows(
            "SELECT e.id, e.name FROM events_fts JOIN events e ON e.id = events_fts.rowid"
            " WHERE events_fts MATCH ? ORDER BY e.id",
            [f"name : ({query})"],
        )
    except sqlite3.OperationalError:  # a journal from before m013, or a word FTS refuses
        return []


def _named_bare(db: Connection, text: str) -> list[dict]:
    """The whole name, case and accents ignored: "apero la cantine"."""
    return [r for r in _word_starts(db, text) if name_key(r["name"]) == name_key(text)]


def _named_by_word_starts(db: Connection, text: str) -> list[dict]:
    """Word beginnings in order, case and accents ignored: "apero" for Apéro La Cantine."""
    return [r for r in _word_starts(db, text) if abbreviates(text, r["name"])]


def find_event(db: Connection, ref: EventRef) -> int | None:
    """The event `ref` names, or None when `event_for` would make a new one."""
    return existing(resolve_event, db, ref)


def event_for(
    db: Connection, ref: EventRef, *, on: date | str | None = None, place: str | None = None
) -> int:
    """The event `ref` names (`--event`): found by id, name or a part of one, else made,
    and `db.created` announces it."""
    found = find_event(db, ref)
    if found is not None:
        return found
    event_id = add_event(db, ref.text, on=on, place=place)
    db.created.append({"table": "events", "id": event_id, "name": ref.text.strip()})
    return event_id


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
