"""Files the journal makes are yours alone, and a planted link cannot redirect a write
(issue 20, point 5): other users of the same machine are part of the threat model."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_journal_and_its_companions_are_readable_by_you_alone(journal, db_path):
    journal.ok("add", "Ada")
    assert mode(db_path) == 0o600
    reader = sqlite3.connect(db_path)  # while it reads, the -wal and -shm files stay
    try:
        reader.execute("SELECT count(*) FROM people").fetchone()
        journal.ok("add", "Bob")
        for end in ("-wal", "-shm"):
            companion = db_path.with_name(db_path.name + end)
            assert mode(companion) == 0o600, (end, oct(mode(companion)))
    finally:
        reader.close()


def test_exports_and_backups_are_readable_by_you_alone(journal, tmp_path):
    journal.ok("add", "Ada", "--follow-up", "call", "--due", "tomorrow")
    for what in ("json", "csv", "vcard", "ics"):
        out = tmp_path / f"out.{what}"
        journal.ok("export", what, "-o", str(out))
        assert mode(out) == 0o600, what
    journal.ok("backup", str(tmp_path / "b.db"))
    assert mode(tmp_path / "b.db") == 0o600


def test_an_export_does_not_write_through_a_link_planted_beside_it(journal, tmp_path):
    """The temporary file was `.out.csv.tmp`: a link planted there made the export
    overwrite whatever it pointed at."""
    journal.ok("add", "Ada")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".out.csv.tmp").symlink_to(victim)
    journal.ok("export", "csv", "-o", str(tmp_path / "out.csv"))
    assert victim.read_text() == "precious"
    assert "Ada" in (tmp_path / "out.csv").read_text()
    assert not [
        p for p in tmp_path.iterdir() if p.name.startswith(".out.csv.") and not p.is_symlink()
    ]


def test_an_existing_journal_keeps_its_mode(journal, db_path):
    journal.ok("add", "Ada")
    db_path.chmod(0o640)
    journal.ok("add", "Bob")
    assert mode(db_path) == 0o640
