"""One command, one transaction: a command that fails after it wrote leaves nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


def journal_to_dev_full(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run journal with its output going to a full disk: the write is done, then printing
    what was done fails."""
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "journal", "--db", str(db_path), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=60,
        )


@pytest.mark.parametrize("command", [
    ["log", "zoe", "coffee"],
    ["follow-up", "zoe", "send the draft", "--due", "friday"],
    ["keep-in-touch", "zoe", "3m"],
    ["edit", "zoe", "--city", "Oslo"],
    ["add", "Kim Ode", "--via", "zoe"],
    ["event", "add", "Meetup"],
    ["done", "1"],
])  # fmt: skip
def test_a_command_that_cannot_say_what_it_did_did_nothing(journal, db_path, command):
    journal.ok("add", "Zoë Müller", "--follow-up", "call")
    before = journal.fingerprint()
    result = journal_to_dev_full(db_path, *command)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert journal.fingerprint() == before


def test_the_first_command_that_fails_leaves_no_journal(db_path):
    result = journal_to_dev_full(db_path, "add", "Zoë Müller")
    assert result.returncode == 1, result.stderr
    assert not list(db_path.parent.glob("journal.db*"))


@pytest.mark.parametrize("command", [
    ["export", "json", "-o", "{db}"],
    ["export", "csv", "--output", "{db}"],
    ["export", "vcard", "-o", "{db}-wal"],
    ["export", "ics", "-o", "{db}-shm"],
    ["backup", "{db}", "--force"],
    ["backup", "{db}-wal", "--force"],
    ["backup", "{db}-journal"],
])  # fmt: skip
def test_nothing_is_written_over_the_journal(journal, db_path, tmp_path, monkeypatch, command):
    journal.ok("add", "Zoë Müller")
    data = db_path.read_bytes()
    monkeypatch.chdir(tmp_path)  # and by a name relative to where the user is
    for db in (str(db_path), db_path.name, f"./{db_path.name}"):
        assert "journal" in journal.fails(1, *(arg.replace("{db}", db) for arg in command))
        assert db_path.read_bytes() == data
        assert {p.name for p in tmp_path.iterdir()} == {db_path.name}


def test_an_error_is_one_line_whatever_was_typed(journal):
    journal.ok("add", "Zoë Müller")
    line = journal.fails(1, "show", "Kim\r\nOde\x0b\u2028x")
    assert "Kim\\r\\nOde\\x0b\\u2028x" in line


@pytest.mark.parametrize("output", ["", ".", "{tmp}"])
def test_export_to_a_folder_is_bad_usage(journal, tmp_path, output):
    journal.ok("add", "Zoë Müller")
    line = journal.fails(2, "export", "json", "-o", output.replace("{tmp}", str(tmp_path)))
    assert "is a folder" in line
