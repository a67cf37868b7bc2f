"""The questions of `journal add` without NAME, and `journal met`'s, asked on a real
terminal: a `journal` process driven through a pseudo-terminal (pexpect)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pexpect
import pytest


@pytest.fixture
def terminal(db_path):
    """Starts `journal ARGS` on a pseudo-terminal; the test answers its questions."""
    env = {**os.environ, "JOURNAL_DB": str(db_path), "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("VISUAL", None)
    started = []

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(
            sys.executable, ["-m", "journal", *args], env=env, encoding="utf-8", timeout=20
        )
        started.append(child)
        return child

    yield start
    for child in started:
        child.close(force=True)


def finished(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    return child.exitstatus, output


def journal_json(db_path, *args: str):
    out = subprocess.run(
        [sys.executable, "-m", "journal", "--db", str(db_path), *args, "--json"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)


def test_add_asks_for_each_field_with_completion(journal, terminal, db_path):
    journal.ok("add", "Maria Kovač", "--handle", "@maria", "--city", "London")
    journal.ok("event", "add", "Mastodon meetup Berlin")
    child = terminal("add", "--tag", "press")
    answers = [
        ("Name: ", "Benji Weber\r"),
        ("Handles.*: ", "@benji\r"),
        ("Emails.*: ", "\r"),
        ("Company: ", "The Guardian\r"),
        ("Role: ", "journalist\r"),
        ("City: ", "Lon\t\r"),  # Tab completes the city the journal has
        (r"Tags \(commas between\) \[press\]: ", "\r"),  # the option is the default
        ("How you found them.*: ", "by chance\r"),
        ("is not one of", None),
        ("How you found them.*: ", "\r"),
        ("Event.*: ", "mastodon\r"),  # a part of the name finds the event
        ("Via.*: ", "Mar\t\r"),
        ("Met.*: ", "someday\r"),
        ("cannot read date 'someday'", None),
        ("Met.*: ", "2026-11-18\r"),
        ("Where you met: ", "c-base\r"),
        ("Link.*: ", "\r"),
        ("Follow-up.*: ", "meet again\r"),
        (r"Due \(a date\): ", "2026-12-16\r"),
        ("In a city.*: ", "London\r"),
        ("> ", "Followed his live posts.\r"),
        (". ", "Then coffee.\r"),
        (". ", "\r"),
    ]
    for question, answer in answers:
        child.expect(question)
        if answer is not None:
            child.send(answer)
    code, output = finished(child)
    assert code == 0, output
    assert "Added #2 Benji Weber · journalist, The Guardian · London" in output
    benji = journal_json(db_path, "show", "@benji")
    assert benji["city"] == "London" and benji["tags"] == ["press"]
    assert benji["event"]["name"] == "Mastodon meetup Berlin" and benji["via"]["id"] == 1
    assert benji["found_via"] == "event" and benji["met_on"] == "2026-11-18"
    assert benji["met_where"] == "c-base"
    assert benji["story"] == "Followed his live posts.\nThen coffee."
    [plan] = benji["follow_ups"]
    assert (plan["action"], plan["due"], plan["city"]) == ("meet again", "2026-12-16", "London")


def test_ctrl_c_writes_nothing(journal, terminal, db_path):
    journal.ok("add", "Maria")
    before = journal.fingerprint()
    child = terminal("add")
    child.expect("Name: ")
    child.send("\r")
    child.expect("a person needs a name")
    child.expect("Name: ")
    child.send("Benji\r")
    child.expect("Handles.*: ")
    child.sendintr()
    code, output = finished(child)
    assert code == 1 and "Error: aborted; nothing was changed" in output
    assert journal.fingerprint() == before


def test_ctrl_c_on_an_empty_journal_leaves_no_file(terminal, db_path):
    child = terminal("add")
    child.expect("Name: ")
    child.sendintr()
    code, _ = finished(child)
    assert code == 1 and not db_path.exists()


def test_no_name_off_a_terminal_is_bad_usage(journal):
    assert "Missing argument 'NAME'" in journal.fails(2, "add", "--city", "London")


def test_met_asks_before_writing(journal, terminal):
    journal.ok("add", "Maria")
    before = journal.fingerprint()
    child = terminal("met", "Lu Roe at PyData via Maria")
    child.expect(r"event      PyData  new event")
    child.expect(r"Record this\? \[Y/n\]: ")
    child.send("n\r")
    code, output = finished(child)
    assert code == 1 and "aborted" in output
    assert journal.fingerprint() == before
    child = terminal("met", "Lu Roe at PyData via Maria")
    child.expect(r"Record this\? \[Y/n\]: ")
    child.send("\r")
    code, output = finished(child)
    assert code == 0 and "Added #2 Lu Roe" in output
    child = terminal("met", "Kim at PyData", "--yes")
    code, output = finished(child)
    assert code == 0 and "Record this" not in output


def test_the_story_can_be_written_in_the_editor(terminal, db_path, tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + 'Met at the *station*.\\nTwo lines.\\n')\n"
    )
    child = pexpect.spawn(
        sys.executable, ["-m", "journal", "add"], encoding="utf-8", timeout=20,
        env={**os.environ, "JOURNAL_DB": str(db_path), "NO_COLOR": "1", "TERM": "dumb",
             "EDITOR": f"{sys.executable} {script}"},
    )  # fmt: skip
    child.expect("Name: ")
    child.send("Bo\r")
    for _ in range(13):  # every other question, left empty
        child.expect(": ")
        child.send("\r")
    child.expect("> ")
    child.send("editor\r")
    code, output = finished(child)
    assert code == 0, output
    assert journal_json(db_path, "show", "bo")["story"] == "Met at the *station*.\nTwo lines."
