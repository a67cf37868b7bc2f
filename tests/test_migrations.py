"""A journal written by the first schema opens with today's code and keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import v1_journal

from journal.db import Connection, maintenance
from journal.schema.migrations import APPLICATION_ID, MIGRATIONS

V1 = Path(__file__).parent / "schema_v1.sql"
TABLES = ("events", "people", "emails", "handles", "interactions", "follow_ups")


def rows_of(path: Path, columns_of_v1: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of every table, in the columns schema 1 had (later ones add columns)."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
            for table, columns in columns_of_v1.items()
        }
    finally:
        conn.close()


@pytest.fixture
def v1(tmp_path) -> tuple[Path, dict]:
    path = v1_journal(tmp_path / "v1.db")
    conn = sqlite3.connect(path)
    columns = {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in TABLES}
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    return path, columns


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS) + 1))
def test_each_migration_keeps_every_row(v1, version):
    path, columns = v1
    before = rows_of(path, columns)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for number, step in enumerate(MIGRATIONS[1:version], start=2):
        step.apply(conn)
        conn.execute("INSERT INTO migrations (id, name) VALUES (?, ?)", (number, step.name))
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert rows_of(path, columns) == before


def test_todays_code_upgrades_a_v1_journal_and_works_on_it(v1, journal):
    path, columns = v1
    before = rows_of(path, columns)
    store = Connection(path)
    assert store.schema_version() == len(MIGRATIONS)
    assert maintenance.check(store) == []
    store.close()
    assert rows_of(path, columns) == before
    db = ["--db", str(path)]
    benji = journal.json(*db, "show", "@benji")
    assert benji["via"]["name"] == "Maria Kovač" and benji["event"]["name"].startswith("Mastodon")
    assert benji["emails"] == ["benji@example.org", "b.weber@paper.example"]
    assert [p["name"] for p in journal.json(*db, "search", "muller")] == ["Zoë Müller"]
    assert [p["name"] for p in journal.json(*db, "list", "--via", "maria")] == ["Benji Weber"]
    journal.ok(*db, "done", "3")  # schema 2's trigger, on a row schema 1 wrote
    assert journal.json(*db, "show", "zoe")["follow_ups"][0]["due"] == "2026-12-31"


def test_a_journal_from_a_newer_schema_is_refused(v1, journal):
    path, _ = v1
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations (id, name) VALUES (99, 'm099_future')")
    conn.commit()
    conn.close()
    data = path.read_bytes()
    assert "newer journal" in journal.fails(1, "--db", str(path), "list")
    assert path.read_bytes() == data


def schema_of(path: Path) -> list[tuple]:
    """Every table, index, trigger and view, as SQLite keeps their definitions."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def test_a_new_journal_has_the_schema_of_a_first_one_upgraded_through_every_step(v1, tmp_path):
    """The frozen steps build what the first release built, then the same changes: no
    step reads a live constant that could make a new journal differ from an old one."""
    path, _ = v1
    Connection(path).close()
    Connection(tmp_path / "new.db").close()
    assert schema_of(path) == schema_of(tmp_path / "new.db")


def test_migration_steps_are_literal_sql_files():
    for step in MIGRATIONS:
        sql = step.sql
        assert sql.strip() and "{" not in sql, step.name  # no template left unfilled
