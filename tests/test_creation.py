"""Several processes making the same new journal at once: one journal, every write kept."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time

from journal.cli.session import discard_if_unused
from journal.db import Connection

STARTER = """
import os, sys, time
from journal.cli import main
while not os.path.exists(sys.argv[1]):  # all start together, once loaded
    time.sleep(0.001)
sys.exit(main(sys.argv[2:]))
"""


def test_processes_making_a_new_journal_at_once_all_succeed(tmp_path):
    path, go = tmp_path / "new" / "journal.db", tmp_path / "go"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(STARTER),
                str(go),
                "--db",
                str(path),
                "add",
                f"Person {n}",
                "--handle",
                f"@p{n}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(6)
    ]
    time.sleep(0.5)  # not a condition of the test: only lets every process load first
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, errors
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM people").fetchone() == (6,)
    assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] >= 1
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_failed_first_command_keeps_a_journal_another_wrote_to(journal, db_path, tmp_path):
    """A failed first command removes the journal it made; but another process may have
    found it there and written to it before the failure: that is kept."""
    journal.ok("add", "Zoë Müller")  # the other process's write
    discard_if_unused(db_path)
    assert [p["name"] for p in journal.json("list")] == ["Zoë Müller"]
    unused = tmp_path / "unused.db"
    Connection(unused).close()
    discard_if_unused(unused)
    assert not list(tmp_path.glob("unused.db*"))
