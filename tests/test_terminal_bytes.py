"""What reaches a terminal (issue 31, point 6): every command, CSV and the exports to
stdout included, shows control characters and bidirectional overrides as text (`\\x1b`,
`\\u202e`) instead of letting the terminal act on them; a file, or a pipe, keeps the
bytes. Run on a real pseudo-terminal, as a user's shell runs it."""

from __future__ import annotations

import errno
import os
import pty
import subprocess
import sys

import pytest

# Set the title and ring, clear the screen, write the clipboard, a C1 CSI, hide the text
# that follows, and turn the rest of the line around.
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cm0=\x07\x9b31m\x1b[8mhidden\u202eevil"
RAW = ("\x1b]", "\x07", "\x1b[2J", "\x9b", "\x1b[8m", "\u202e")


def on_a_terminal(db_path, *args: str) -> str:
    """`journal ARGS` with its output on a pseudo-terminal: what the terminal was sent."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(db_path), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError as e:  # the terminal's other end closed
            if e.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, received
    return received.decode("utf-8", errors="replace")


@pytest.fixture
def hostile(journal):
    journal.ok("add", f"Eve{HOSTILE}", "--city", f"Paris{HOSTILE}", "--note", f"n{HOSTILE}")
    journal.ok("follow-up", "Eve", f"call{HOSTILE}", "--due", "today")
    return journal


@pytest.mark.parametrize(
    "command",
    [
        ["list", "--csv"],
        ["export", "csv"],
        ["export", "vcard"],
        ["export", "ics"],
        ["export", "json"],
        ["list"],
        ["show", "1"],
        ["due"],
        ["search", "Eve"],
        ["list", "--json"],
    ],
)
def test_every_command_shows_control_characters_on_a_terminal(hostile, db_path, command):
    shown = on_a_terminal(db_path, *command)
    assert "Eve" in shown
    assert not [raw for raw in RAW if raw in shown], repr(shown[:400])
    if "evil" in shown:  # unless the column was cut short: shown, not dropped
        assert "\\u202eevil" in shown


@pytest.mark.parametrize("kind", ["csv", "vcard", "ics"])
def test_files_and_pipes_keep_the_bytes(hostile, tmp_path, kind):
    path = tmp_path / f"out.{kind}"
    hostile.ok("export", kind, "-o", str(path))
    piped = hostile.ok("export", kind)  # CliRunner's stdout is no terminal
    for text in (path.read_text(encoding="utf-8"), piped):
        assert "\u202e" in text and "\x07" in text
