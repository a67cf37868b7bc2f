"""Damaged and foreign files: every command refuses them with one line and leaves the
file exactly as it was (no bytes changed, no -wal or -shm left beside it)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import leaf_commands
from helpers import garbled, journal_bytes

# One way to run each command, so that it opens the journal; `{dir}` is a folder
# holding `contacts.vcf`, `Connections.csv` and `export.json`.
COMMANDS = [
    ["list"],
    ["show", "1"],
    ["search", "zoe"],
    ["due"],
    ["check"],
    ["export", "json"],
    ["export", "csv"],
    ["export", "vcard"],
    ["export", "ics"],
    ["event", "list"],
    ["event", "show", "1"],
    ["event", "add", "Meetup"],
    ["event", "pick", "1"],  # the events here have no guest list: nothing to ask
    ["event", "forget-guests", "1", "--yes"],
    ["import", "guests", "{dir}/guests.csv", "--event", "Meetup"],
    ["add", "New Person"],
    ["met", "Lu Roe at Meetup", "--yes"],
    ["log", "1", "a note"],
    ["found", "1", "--how", "mention"],
    ["follow-up", "1", "call"],
    ["done", "1"],
    ["snooze", "1", "--for", "1w"],
    ["edit", "1", "--city", "Oslo"],
    ["keep-in-touch", "480", "3m"],
    ["date", "1", "anniversary", "2019-06-14"],
    ["remind", "--to", "json://127.0.0.1:9/"],  # nothing listens on the discard port
    ["merge", "1", "2"],
    ["rm", "1", "--yes"],
    ["backup", "{dir}/backup.db"],
    ["import", "vcard", "{dir}/contacts.vcf"],
    ["import", "linkedin", "{dir}/Connections.csv"],
    ["import", "google", "{dir}/contacts.csv"],
    ["import", "json", "{dir}/export.json"],
    ["import", "twitter", "{dir}/twitter", "--follows"],
    ["import", "mastodon", "{dir}/imports.txt"],
    ["import", "bluesky", "{dir}/repo.car"],
    ["intro", "1", "2"],
    ["intros"],
    ["chain", "450"],  # someone in the second half of the file
    ["trip", "London"],  # trip and places may write: the cities they look up
    ["places"],
    ["event", "edit", "1", "--name", "Meetup"],
    ["event", "merge", "1", "2"],
    ["event", "rm", "1", "--yes"],
    ["edit-log", "1", "--note", "x"],
    ["rm-log", "1", "--yes"],
    ["edit-plan", "1", "--action", "x"],
    ["drop", "1"],
    ["edit-found", "1", "--note", "x"],
    ["rm-found", "1", "--yes"],
    ["edit-intro", "90", "--note", "x"],  # one in the second half of the file
    ["rm-intro", "90", "--yes"],
    ["restore", "file://{dir}/replica"],  # the journal is there: it is never overwritten
]
# Commands that run until stopped: tried on the damaged files alone (a garbled one they
# may not notice would keep them running), below.
RUN_UNTIL_STOPPED = {("serve",), ("replicate",)}
READS = {"list", "show", "search", "due", "check", "export", "event list", "event show", "backup",
         "intros", "chain"}  # fmt: skip


def test_every_command_is_tried_on_damaged_files():
    """A command added later is tried here too: it needs a line in COMMANDS."""
    tried = {tuple(c[: len(p)]) for c in COMMANDS for p in leaf_commands() if c[: len(p)] == [*p]}
    assert set(leaf_commands()) - RUN_UNTIL_STOPPED <= tried


def damaged(tmp_path: Path) -> dict[str, bytes]:
    good = journal_bytes(tmp_path)
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
        "truncated at the end of the header": good[:100],
        "truncated after page 1": good[: 4096 + 100],
        "truncated mid-file": good[: len(good) // 2],
        "truncated mid-page": good[: len(good) // 2 + 1234],
        "truncated in the last page": good[:-1000],
        "one byte short": good[:-1],
        "not SQLite": b"name,email\nZoe,zoe@example.org\n",
        "SQLite, not a journal": other.read_bytes(),
        "a newer journal": newer.read_bytes(),
    }


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, bytes]:
    return damaged(tmp_path_factory.mktemp("damaged"))


@pytest.fixture(scope="module")
def garbled_files(tmp_path_factory) -> dict[str, bytes]:
    return garbled(tmp_path_factory.mktemp("garbled"))


@pytest.fixture
def files(journal, tmp_path) -> Path:
    """Input files for the import commands, made with this journal's own export."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "good.db"
    journal.ok("--db", str(path), "add", "Kim Ode", "--email", "kim@example.org")
    journal.ok("--db", str(path), "export", "json", "-o", str(folder / "export.json"))
    journal.ok("--db", str(path), "export", "vcard", "-o", str(folder / "contacts.vcf"))
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kim,Ode,https://www.linkedin.com/in/kim,,Acme,CTO,17 Nov 2026\n",
        encoding="utf-8",
    )
    data = Path(__file__).parent / "data"
    shutil.copytree(data / "twitter-to-sqlite", folder / "twitter")
    shutil.copy(data / "mastodon" / "imports.txt", folder)
    shutil.copy(data / "atcute" / "repo.car", folder)
    (folder / "contacts.csv").write_text(
        "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
        "Kim,Ode,* myContacts,* Work,kim@example.org\n",
        encoding="utf-8",
    )
    (folder / "guests.csv").write_text(
        "api_id,name,first_name,last_name,email,approval_status,checked_in_at\n"
        "gst-1,Kim Ode,Kim,Ode,kim@example.org,approved,\n",
        encoding="utf-8-sig",
    )
    for leftover in folder.glob("good.db*"):
        leftover.unlink()
    return folder


def run(journal, db_path: Path, folder: Path, command: list[str], data: bytes):
    """Run `command` on a journal file holding `data`; return the result and what the
    command left in the journal's folder and the inputs' folder."""
    db_path.write_bytes(data)
    before = {p.name for p in folder.iterdir()}
    result = journal(*(arg.replace("{dir}", str(folder)) for arg in command))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    around = {p.name for p in db_path.parent.iterdir()} - {db_path.name, folder.name}
    left = around | ({p.name for p in folder.iterdir()} - before)
    return result, left


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "unexpected" not in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("kind", [
    "truncated in the header", "truncated at the end of the header", "truncated after page 1",
    "truncated mid-file", "truncated mid-page", "truncated in the last page", "one byte short",
    "not SQLite", "SQLite, not a journal", "a newer journal",
])  # fmt: skip
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_damaged_file_is_refused_untouched(journal, db_path, files, bad_files, kind, command):
    data = bad_files[kind]
    result, left = run(journal, db_path, files, command, data)
    assert result.exit_code == 1, (result.exit_code, result.output)
    one_error_line(result)
    assert db_path.read_bytes() == data
    assert not left, left  # no -wal, -shm, backup or export beside it


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_garbled_journal_is_never_changed_by_a_failed_command(
    journal, db_path, files, garbled_files, command
):
    """SQLite notices damage only on the pages a command reads, so a command that needs
    none of them may still work. When it fails, it fails in one line and writes nothing;
    a command that only reads never changes the file."""
    outcomes = set()
    for kind, data in garbled_files.items():
        result, left = run(journal, db_path, files, command, data)
        assert result.exit_code in (0, 1), (kind, result.output)
        outcomes.add(result.exit_code)
        if result.exit_code or " ".join(command[:2]) in READS or command[0] in READS:
            assert db_path.read_bytes() == data, (kind, result.output)
        if result.exit_code:
            one_error_line(result)
            assert not left, (kind, left)
    assert 1 in outcomes, "no garbled file was noticed: the damage is too light to test"


def test_check_reports_what_it_found_in_a_garbled_journal(journal, db_path, garbled_files):
    data = garbled_files["page headers from two thirds on"]
    db_path.write_bytes(data)
    result = journal("check")
    assert result.exit_code == 1
    assert "integrity: " in result.stdout, result.stdout
    assert "problems in" in one_error_line(result)
    assert db_path.read_bytes() == data


@pytest.mark.parametrize("kind", ["truncated mid-file", "not SQLite", "SQLite, not a journal"])
def test_replicate_refuses_a_damaged_journal_before_it_starts(
    journal, db_path, files, bad_files, kind
):
    data = bad_files[kind]
    result, left = run(journal, db_path, files, ["replicate", "file://{dir}/replica"], data)
    assert result.exit_code == 1, result.output
    one_error_line(result)
    assert db_path.read_bytes() == data
    assert not left, left
