"""Looking after the file: what `journal check` finds wrong, and consistent backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from journal.db.connection import Connection
from journal.errors import Conflict
from journal.files import replaced_atomically
from journal.schema.derived import (
    FOUND_KINDS,
    found_kinds_of,
    people_facet_counts,
    person_tags_of,
)
from journal.text.words import counted


def derived(found_kinds: bool) -> dict[str, tuple[str, str, str]]:
    """What the triggers keep: its key, how to work it out afresh, and what is kept;
    the ways found too, from schema m010 on (`found_kinds`)."""
    kept = {
        "facet counts": (
            "facet, value",
            "SELECT facet, value, n AS count FROM"
            f" ({people_facet_counts('1', found_kinds=found_kinds)})",
            "SELECT facet, value, count FROM people_counts",
        ),
        "tags": (
            "person_id, tag",
            f"SELECT id AS person_id, value AS tag FROM ({person_tags_of('1')})",
            "SELECT person_id, tag FROM person_tags",
        ),
    }
    if found_kinds:
        kept["ways found"] = (
            "id",
            found_kinds_of("1"),
            f"SELECT id, {FOUND_KINDS} FROM people",
        )
        kept["first ways"] = (
            "id",
            "SELECT id, found_via, event_id, via_id, met_where, source_url FROM people"
            " WHERE found_via IS NOT NULL OR event_id IS NOT NULL OR via_id IS NOT NULL"
            " OR source_url IS NOT NULL",
            "SELECT person_id AS id, kind, event_id, via_id, place, url FROM ways_found"
            " WHERE is_first",
        )
    return kept


def check(db: Connection) -> list[str]:
    """What is wrong with the file: integrity, foreign keys, search indexes. Reads only.

    A check that SQLite cannot even run on a damaged file is a finding too."""
    problems: list[str] = []

    def rows(what: str, sql: str) -> list[tuple]:
        try:
            return db.conn.execute(sql).fetchall()
        except sqlite3.DatabaseError as e:
            problems.append(f"{what}: {e}")
            return []

    problems += [f"integrity: {row[0]}" for row in rows("integrity", "PRAGMA integrity_check")]
    if problems == ["integrity: ok"]:
        problems.clear()
    problems += [
        f"foreign key: {table} row {rowid} points at a missing {parent} row"
        for table, rowid, parent, _ in rows("foreign keys", "PRAGMA foreign_key_check")
    ]
    # The plans' and events' indexes are there from m013_browser_lists on.
    later = "SELECT name FROM sqlite_master WHERE name IN ('plans_fts', 'events_fts')"
    for fts in ("people_fts", "interactions_fts", *(r[0] for r in db.conn.execute(later))):
        rows(
            f"search index {fts}",
            f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)",
        )
    for (missing,) in rows(
        "search index people_fts",
        "SELECT count(*) FROM people WHERE id NOT IN (SELECT rowid FROM people_fts)",
    ):
        if missing:
            problems.append(f"search index people_fts: {counted(missing, 'person')} missing")
    since = "SELECT 1 FROM sqlite_master WHERE name = 'people_counts'"  # schema 4 on
    if db.conn.execute(since).fetchone():
        ways = f"SELECT 1 FROM pragma_table_info('people') WHERE name = '{FOUND_KINDS}'"
        found_kinds = bool(rows("schema", ways))
        for what, (key, live, kept) in derived(found_kinds).items():
            for (differ,) in rows(
                what,
                f"SELECT count(*) FROM (SELECT {key} FROM ({live} EXCEPT {kept})"
                f" UNION SELECT {key} FROM ({kept} EXCEPT {live}))",
            ):
                if differ:
                    problems.append(f"{what}: {differ} differ from the people table")
    return problems


def backup(db: Connection, target: Path) -> int:
    """A consistent copy with SQLite's backup API, written beside `target` and then
    renamed, so a half-written or damaged backup never takes its name. Returns the
    pages copied."""
    with replaced_atomically(target) as tmp:
        dest = sqlite3.connect(tmp)
        try:
            db.conn.backup(dest)
            pages = dest.execute("PRAGMA page_count").fetchone()[0]
            found = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
        if found != "ok":
            raise Conflict(f"{db.path} is damaged ({found}), so no backup was written")
    return pages
