"""What a face offers while you type (shell completion, the prompts of `journal add`):
people's names and handles, events, tags, cities, open follow-ups, beginning with what
was typed. Each read uses an index or a small table, so it costs the same at 100,000
people as on an empty journal."""

from __future__ import annotations

from journal.db.connection import Connection
from journal.text.handles import name_key
from journal.text.values import like_escaped

# Past every character a name can hold: the upper end of a range of names by prefix.
AFTER_ALL = "\U0010ffff"
SHOWN_AT = {"twitter": "@", "mastodon": "@", "bluesky": "@"}


def suggestions(db: Connection, what: str, typed: str = "", *, limit: int = 50) -> list[str]:
    """Values of `what` (people, handles, events, tags, cities, companies, follow-ups) that begin
    with `typed`, case and accents ignored for names; the most used first where known."""
    return [value for value, _ in suggestions_with_help(db, what, typed, limit=limit)]


def suggestions_with_help(
    db: Connection, what: str, typed: str = "", *, limit: int = 50
) -> list[tuple[str, str]]:
    """As `suggestions`, each with a word about it (an event's date, a follow-up's action)."""
    return READERS[what](db, typed.strip(), limit)


def _people(db: Connection, typed: str, limit: int) -> list[tuple[str, str]]:
    key = name_key(typed)
    rows = db.rows(
        "SELECT id, name, company FROM people WHERE name_key >= ? AND name_key < ?"
        " ORDER BY name_key LIMIT ?",
        [key, key + AFTER_ALL, limit],
    )
    return [
        (r["name"], f"#{r['id']}" + (f", {r['company']}" if r["company"] else "")) for r in rows
    ]


def _handles(db: Connection, typed: str, limit: int) -> list[tuple[str, str]]:
    bare = typed.lstrip("@")
    rows = db.rows(
        "SELECT h.network, h.handle, p.name FROM handles h JOIN people p ON p.id = h.person_id"
        " WHERE h.handle >= ? AND h.handle < ? ORDER BY h.handle LIMIT ?",
        [bare, bare + AFTER_ALL, limit],
    )
    shown = []
    for r in rows:
        prefix = SHOWN_AT.get(r["network"], f"{r['network']}:")
        if r["network"] != "web":
            shown.append((prefix + r["handle"], r["name"]))
    return shown


def _events(db: Connection, typed: str, limit: int) -> list[tuple[str, str]]:
    rows = db.rows(
        "SELECT name, date FROM events WHERE name LIKE ? ESCAPE '\\' ORDER BY date DESC, id DESC"
        " LIMIT ?",
        [like_escaped(typed) + "%", limit],
    )
    return [(r["name"], r["date"] or "") for r in rows]


def _counted(facet: str):
    def read(db: Connection, typed: str, limit: int) -> list[tuple[str, str]]:
        rows = db.rows(
            "SELECT value, count FROM people_counts WHERE facet = ? AND count > 0"
            " AND value LIKE ? ESCAPE '\\' ORDER BY count DESC, value LIMIT ?",
            [facet, like_escaped(typed) + "%", limit],
        )
        return [
            (r["value"], f"{r['count']} {'person' if r['count'] == 1 else 'people'}") for r in rows
        ]

    return read


def _follow_ups(db: Connection, typed: str, limit: int) -> list[tuple[str, str]]:
    rows = db.rows(
        "SELECT f.id, f.action, f.due, p.name FROM follow_ups f"
        " JOIN people p ON p.id = f.person_id WHERE f.status = 'open'"
        " AND CAST(f.id AS TEXT) LIKE ? ESCAPE '\\' ORDER BY f.due IS NULL, f.due, f.id LIMIT ?",
        [like_escaped(typed.lstrip("#")) + "%", limit],
    )
    return [(str(r["id"]), f"{r['action']} ({r['name']}, {r['due'] or 'any time'})") for r in rows]


READERS = {
    "people": _people,
    "handles": _handles,
    "events": _events,
    "tags": _counted("tags"),
    "cities": _counted("city"),
    "companies": _counted("company"),
    "follow-ups": _follow_ups,
}
