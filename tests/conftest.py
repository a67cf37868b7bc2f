from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine
import typer
from helpers import CHROMIUM, CHROMIUM_ARGS, Webhook, missing_browser
from typer.testing import CliRunner

from journal.cli import app
from journal.db import Connection

# A Wednesday; every test runs on this day unless it travels elsewhere.
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def db_path(tmp_path, monkeypatch) -> Path:
    """Every test gets its own journal; nothing reaches the user's real one."""
    path = tmp_path / "journal.db"
    monkeypatch.setenv("JOURNAL_DB", str(path))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JOURNAL_DEBUG", raising=False)
    # No test opens a real editor (--edit): one that fails at once, unless a test says.
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    return path


@pytest.fixture
def fresh_db(db_path) -> Connection:
    store = Connection(db_path)
    yield store
    store.close()


class Journal:
    """Runs `journal` the way a user does, and reads back what it wrote."""

    def __init__(self, path: Path):
        self.path = path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, list(args), input=input, prog_name="journal")

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
        return result.stdout

    def json(self, *args: str):
        return json.loads(self.ok(*args, "--json"))

    def fails(self, code: int, *args: str, input: str | None = None) -> str:
        """The command fails with `code`, one `Error:` line, and the database is untouched."""
        before = self.fingerprint()
        result = self(*args, input=input)
        assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), result.exception
        lines = result.stderr.strip().splitlines()
        if input is not None:  # the error follows the question on the same line
            lines = [lines[-1][lines[-1].find("Error: ") :]]
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert "Traceback" not in result.output
        assert self.fingerprint() == before, "a failed command changed the database"
        return lines[0]

    def fingerprint(self) -> str | None:
        """A digest of every row of every table (None when there is no file)."""
        if not self.path.exists():
            return None
        digest = hashlib.sha256()
        conn = sqlite3.connect(self.path)
        try:
            for line in conn.iterdump():
                digest.update(line.encode())
        except sqlite3.DatabaseError:  # not a database: its bytes are what must not change
            digest.update(self.path.read_bytes())
        finally:
            conn.close()
        return digest.hexdigest()


@pytest.fixture
def journal(db_path) -> Journal:
    return Journal(db_path)


def start_serve(path: Path, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`journal serve --port 0 ARGS` on `path` in its own process (with `env` added to the
    environment); returns it and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(path), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    line = process.stdout.readline()
    match = re.search(r"at (http://\S+) ", line)
    if not match:
        process.kill()
        raise AssertionError(f"journal serve did not start: {line}{process.stdout.read()}")
    return process, match.group(1)


@contextlib.contextmanager
def serving(path: Path) -> Iterator[str]:
    """`journal serve` on `path` for the length of a `with`: its URL."""
    process, url = start_serve(path)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def leaf_commands() -> list[tuple[str, ...]]:
    """Every command of the CLI, found from the app itself, so later ones are covered too."""
    found = []

    def walk(command, path: tuple[str, ...]):
        if hasattr(command, "commands"):  # a group
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append(path)

    walk(typer.main.get_command(app), ())
    return sorted(found)


@pytest.fixture
def met_benji(journal, db_path) -> Path:
    """The meetup story from the README: Ana organised it, Benji was introduced there."""
    journal.ok("add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin", "--how", "online")
    journal.ok(
        "add",
        "Benji Moreau",
        "--handle",
        "@benji",
        "--handle",
        "https://www.linkedin.com/in/benjimoreau",
        "--email",
        "benji@example.org",
        "--company",
        "The Paper",
        "--role",
        "journalist",
        "--city",
        "London",
        "--tag",
        "press",
        "--event",
        "Datasette meetup",
        "--via",
        "Ana",
        "--how",
        "introduction",
        "--met",
        "2026-11-20",
        "--story",
        "Followed his **live posts**, then Ana said *someone is looking for you*.",
        "--follow-up",
        "meet again in London",
        "--due",
        "2026-11-24",
    )
    journal.ok(
        "follow-up", "Benji", "send the article", "--every", "monthly", "--due", "2026-11-20"
    )
    journal.ok("log", "Benji", "coffee after the talk", "--kind", "meeting", "--on", "2026-11-21")
    return db_path


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        missing_browser(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def webhook():
    server = Webhook()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_settings(tmp_path, monkeypatch):
    """For `remind`: no target or base URL but what a test gives; the app folder is the
    test's own."""
    monkeypatch.delenv("JOURNAL_NOTIFY", raising=False)
    monkeypatch.delenv("JOURNAL_BASE_URL", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def morning(journal):
    """Overdue plans, a birthday today, a meeting a year ago today, a plan next week."""
    journal.ok("add", "Ada Lovelace", "--met", "2026-10-01", "--birthday", "1985-11-25")
    journal.ok("add", "Benji Weber", "--met", "2025-11-25", "--event", "Mastodon meetup Berlin")
    journal.ok("follow-up", "Ada", "send the paper", "--due", "2026-11-20")
    journal.ok("follow-up", "Benji", "ask about the talk", "--due", "2026-11-24")
    journal.ok("follow-up", "Benji", "book the train", "--due", "2026-11-30")
    return journal
