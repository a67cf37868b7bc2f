"""Damaged and foreign files: every command refuses them with one line and leaves the
file exactly as it was (no bytes changed, no -wal or -shm left beside it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from journal.store import JournalStore

COMMANDS = [
    ["list"],
    ["show", "1"],
    ["search", "zoe"],
    ["due"],
    ["check"],
    ["export", "json"],
    ["event", "list"],
    ["add", "New Person"],
    ["log", "1", "a note"],
    ["follow-up", "1", "call"],
    ["edit", "1", "--city", "Oslo"],
    ["keep-in-touch", "1", "3m"],
    ["merge", "1", "2"],
    ["rm", "1", "--yes"],
]


def journal_bytes(tmp_path: Path) -> bytes:
    """A real journal with a few hundred rows over several pages."""
    path = tmp_path / "source.db"
    store = JournalStore(path)
    with store.transaction():
        for n in range(300):
            store.add_person(f"Zoë Müller {n}", notes="x" * 200)
    store.conn.execute("PRAGMA journal_mode = DELETE")
    store.close()
    return path.read_bytes()


def damaged(tmp_path: Path) -> dict[str, bytes]:
    good = journal_bytes(tmp_path)
    # Every page header from the middle on: a disk or copy gone wrong, not a changed
    # letter in a note, which SQLite (without checksums) cannot notice.
    garbled = bytearray(good)
    for page in range(len(good) // 4096 // 2, len(good) // 4096):
        garbled[page * 4096 : page * 4096 + 12] = b"\x5a" * 12
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    newer.write_bytes(good)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO migrations (id, name) VALUES (999, 'm999_future')")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return {
        "truncated in the header": good[:60],
        "truncated after page 1": good[: 4096 + 100],
        "truncated mid-file": good[: len(good) // 2],
        "garbled mid-file": bytes(garbled),
        "not SQLite": b"name,email\nZoe,zoe@example.org\n",
        "SQLite, not a journal": other.read_bytes(),
        "a newer journal": newer.read_bytes(),
    }


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, bytes]:
    return damaged(tmp_path_factory.mktemp("damaged"))


@pytest.mark.parametrize("kind", [
    "truncated in the header", "truncated after page 1", "truncated mid-file",
    "not SQLite", "SQLite, not a journal", "a newer journal",
])  # fmt: skip
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_damaged_file_is_refused_untouched(journal, db_path, bad_files, kind, command):
    data = bad_files[kind]
    db_path.write_bytes(data)
    result = journal(*command)
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output and "unexpected" not in lines[0]
    assert db_path.read_bytes() == data
    leftovers = {p.name for p in db_path.parent.iterdir()} - {db_path.name}
    assert not leftovers & {f"{db_path.name}-wal", f"{db_path.name}-shm"}, leftovers


READS = [c for c in COMMANDS if c[0] in ("list", "show", "search", "due", "export", "event")]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_garbled_journal_is_never_changed_by_reading_it(journal, db_path, bad_files, command):
    """SQLite notices damage only on the pages a command reads: a command that needs none
    of them may still answer. It never changes the file, and never shows a traceback."""
    data = bad_files["garbled mid-file"]
    db_path.write_bytes(data)
    result = journal(*command)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    if result.exit_code:
        assert result.stderr.startswith("Error: the journal file is damaged"), result.stderr
    assert db_path.read_bytes() == data


def test_check_finds_a_garbled_journal(journal, db_path, bad_files):
    db_path.write_bytes(bad_files["garbled mid-file"])
    result = journal("check")
    assert result.exit_code == 1
    assert "Error: " in result.stderr
    assert db_path.read_bytes() == bad_files["garbled mid-file"]
