"""Other names of a person: the name a merged record had (an import that matched by
email, a merge by hand), a nickname. Kept so nothing of a merged record is lost; found
by search, shown on the card, exported (X-JOURNAL-OTHER-NAME) and imported back."""

from __future__ import annotations

from collections.abc import Iterable

from journal.db.connection import Connection
from journal.text.handles import name_key


def of(db: Connection, person_id: int) -> list[str]:
    """The person's other names, oldest first."""
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT name FROM other_names WHERE person_id = ? ORDER BY id", [person_id]
        )
    ]


def add(db: Connection, person_id: int, names: Iterable[str]) -> list[str]:
    """Give the person the names they are not already known by; returns those added."""
    row = db.conn.execute("SELECT name FROM people WHERE id = ?", [person_id]).fetchone()
    known = {name_key(row[0])} if row else set()
    known |= {name_key(n) for n in of(db, person_id)}
    added = []
    for name in names:
        name = (name or "").strip()
        if not name or name_key(name) in known:
            continue
        known.add(name_key(name))
        db.conn.execute(
            "INSERT INTO other_names (person_id, name) VALUES (?, ?)", [person_id, name]
        )
        added.append(name)
    return added


def move(db: Connection, other: int, keep: int) -> int:
    """OTHER merged into KEEP: OTHER's name, and the names they went by, become names
    KEEP goes by. Returns how many KEEP did not have."""
    row = db.conn.execute("SELECT name FROM people WHERE id = ?", [other]).fetchone()
    names = [row[0], *of(db, other)] if row else of(db, other)
    db.conn.execute("DELETE FROM other_names WHERE person_id = ?", [other])
    return len(add(db, keep, names))
