"""journal check and journal backup."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import garbled, v1_journal

from journal.db import Connection, maintenance


def raw(path: Path, *statements: str) -> None:
    """Damage the journal the way another program could: straight SQL, no checks."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_check_a_healthy_journal(journal):
    journal.ok("add", "Zoë Müller", "--handle", "@zoe", "--follow-up", "call")
    out = journal.ok("check")
    assert "integrity, foreign keys, search index and facet counts are all fine" in out
    assert journal.json("check") == {"ok": True, "problems": []}


def test_check_finds_a_broken_search_index_and_changes_nothing(journal, db_path):
    journal.ok("add", "Zoë Müller")
    journal.ok("add", "Kim Ode")
    raw(db_path, "DELETE FROM people_fts WHERE rowid = 2")
    result = journal("check")
    assert result.exit_code == 1
    assert "people_fts: 1 person missing" in result.stdout
    assert "1 problem in" in journal.fails(1, "check")


def test_check_finds_rows_pointing_nowhere(journal, db_path):
    journal.ok("add", "Zoë Müller")
    raw(
        db_path,
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO interactions (person_id, date, kind) VALUES (99, '2026-01-01', 'note')",
    )
    result = journal("check")
    assert result.exit_code == 1
    assert "foreign key: interactions row 2 points at a missing people row" in result.stdout


def test_backup_beside_the_journal_then_restore_from_it(journal, db_path):
    journal.ok("add", "Zoë Müller", "--handle", "@zoe", "--story", "met at the *meetup*")
    out = journal.ok("backup")
    (copy,) = db_path.parent.glob("journal-2026-11-25T*.db")
    assert out.startswith(f"Backed up {db_path} to {copy}")
    assert journal.json("--db", str(copy), "show", "@zoe")["story"] == "met at the *meetup*"
    assert "all fine" in journal.ok("--db", str(copy), "check")
    # Refuses to overwrite unless told.
    assert "exists" in journal.fails(1, "backup", str(copy))
    journal.ok("add", "Kim Ode")
    journal.ok("backup", str(copy), "--force")
    assert len(journal.json("--db", str(copy), "list")) == 2


def test_backup_needs_a_journal(journal, tmp_path):
    assert "no journal yet" in journal.fails(1, "backup", str(tmp_path / "b.db"))
    assert not (tmp_path / "b.db").exists()


WRITER = """
import sys
from datetime import date
from journal.db import Connection, people, plans
store = Connection(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    n += 1
    with store.transaction():
        person = people.add_person(store, f"Writer {n}", met_on=date(2026, 11, 25))
        plans.log(store, person, "note " * 50, on=date(2026, 11, 25))
"""


def test_backup_is_consistent_while_another_process_writes(journal, db_path, tmp_path):
    journal.ok("add", "First One")
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        for n in range(5):
            copy = tmp_path / f"copy-{n}.db"
            journal.ok("backup", str(copy))
            conn = sqlite3.connect(copy)
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            people, logged = conn.execute(
                "SELECT count(*), (SELECT count(*) FROM interactions) FROM people"
            ).fetchone()
            conn.close()
            # Each writer transaction adds a person and their log together: whole ones only.
            assert logged == 2 * (people - 1) + 1, (people, logged)
            store = Connection(copy)
            assert maintenance.check(store) == []
            store.close()
    finally:
        writer.kill()
        writer.wait()
    assert people > 1, "the writer never wrote while we backed up"


def test_check_and_backup_leave_the_journal_byte_for_byte(journal, db_path, tmp_path):
    journal.ok("add", "Zoë Müller", "--handle", "@zoe", "--follow-up", "call")
    data = db_path.read_bytes()
    journal.ok("check")
    journal.ok("backup", str(tmp_path / "copy.db"))
    assert db_path.read_bytes() == data


def test_check_and_backup_do_not_upgrade_an_older_journal(journal, tmp_path):
    """A journal from an earlier release is checked and backed up as it is: the backup
    is what to go back to if the upgrade goes wrong."""
    path = v1_journal(tmp_path / "old.db")
    data = path.read_bytes()
    assert "all fine" in journal.ok("--db", str(path), "check")
    copy = tmp_path / "copy.db"
    journal.ok("--db", str(path), "backup", str(copy))
    assert path.read_bytes() == data
    assert {p.name for p in tmp_path.iterdir()} == {"old.db", "copy.db"}
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT max(id) FROM migrations").fetchone() == (1,)
    conn.close()
    assert journal.json("--db", str(copy), "show", "@benji")["name"] == "Benji Weber"


def test_backup_into_a_folder(journal, db_path, tmp_path):
    journal.ok("add", "Zoë Müller")
    folder = tmp_path / "backups"
    folder.mkdir()
    journal.ok("backup", str(folder))
    (copy,) = folder.iterdir()
    assert copy.name.startswith("journal-2026-11-25T") and copy.suffix == ".db"
    assert journal.json("--db", str(copy), "list")[0]["name"] == "Zoë Müller"
    nowhere = tmp_path / "nowhere" / "b.db"
    assert "no such folder" in journal.fails(1, "backup", str(nowhere))
    assert not nowhere.parent.exists()


def test_a_damaged_journal_is_not_backed_up(journal, db_path, tmp_path):
    """The backup API copies pages as they are: a damaged journal would give a damaged
    backup, which could then replace a good one with --force."""
    data = garbled(tmp_path)["page headers from two thirds on"]
    db_path.write_bytes(data)
    old = tmp_path / "old-backup.db"
    old.write_bytes(b"")
    assert "damaged" in journal.fails(1, "backup", str(old), "--force")
    assert old.read_bytes() == b"" and db_path.read_bytes() == data
    assert {p.name for p in tmp_path.iterdir()} == {"journal.db", "old-backup.db", "source.db"}


def test_check_finds_facet_counts_and_tags_that_drifted(journal, db_path):
    journal.ok("add", "Zoë Müller", "--city", "Berlin", "--tag", "press")
    raw(
        db_path,
        "UPDATE people_counts SET count = 5 WHERE facet = 'city'",
        "DELETE FROM person_tags",
    )
    result = journal("check")
    assert result.exit_code == 1
    assert "facet counts: 1 differ from the people table" in result.stdout
    assert "tags: 1 differ from the people table" in result.stdout
