"""Writes behind a long import (issue 31, point 9): an import holds the journal in one
transaction (all of it or none); a command that writes meanwhile waited the busy
timeout, then failed "database is locked" (6 of 225 during a 25 s import). Now it waits
its turn. The writers here give up after 0.1 s of SQLite's busy timeout, so that an
import of a few seconds is longer than it, as a 25 s import is longer than 10 s."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

CARDS = 10_000
WRITERS, WRITES = 3, 3

WRITER = """
import sys
import journal.db.connection as connection
connection.BUSY_TIMEOUT_MS = 100
from journal.cli import main
failures = 0
for i in range({writes}):
    failures += main(["add", f"Writer {{sys.argv[1]}}-{{i}}"]) != 0
sys.exit(failures)
"""


def holds_the_write_lock(path) -> bool:
    conn = sqlite3.connect(path, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError as e:
        assert "locked" in str(e), e
        return True
    finally:
        conn.close()


def test_writers_during_an_import_wait_their_turn(journal, db_path, tmp_path):
    journal.ok("add", "First One")
    cards = tmp_path / "big.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\n"
            f"EMAIL:p{i}@example.org\r\nEND:VCARD\r\n"
            for i in range(CARDS)
        )
    )
    env = {**os.environ, "JOURNAL_DB": str(db_path)}
    run = [sys.executable, "-m", "journal", "import", "vcard", str(cards)]
    importing = subprocess.Popen(run, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not holds_the_write_lock(db_path):
        assert importing.poll() is None, importing.communicate()
        time.sleep(0.01)
    script = WRITER.format(writes=WRITES)
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(w)], env=env, stderr=subprocess.PIPE)
        for w in range(WRITERS)
    ]
    errors = [w.communicate(timeout=600)[1].decode() for w in writers]
    assert importing.wait(timeout=600) == 0
    assert [w.returncode for w in writers] == [0] * WRITERS, errors
    conn = sqlite3.connect(db_path)
    try:
        people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()
    assert people == 1 + CARDS + WRITERS * WRITES
