"""The README's examples, run: so what it shows is what `journal` prints.

A fenced block after the comment `<!-- transcript: NAME -->` is run on a fresh journal
called NAME (the blocks of one NAME share it, in the README's order), on 2026-11-25 as
every test (conftest), through the command line in this process:

- a block of `journal …` commands (a `\\` continues a line, `#` starts a comment) followed
  by an unmarked block: that block is what the commands print, stdout and stderr as a
  terminal shows them; without one, each command must succeed;
- a block of `$ journal …` lines, each followed by what it prints.

`, on a terminal` runs the commands with a standard input that is one, answering each
question (`Record this? [Y/n]:`) with what the README shows after it (nothing: Enter);
`, after `COMMAND`` runs COMMAND first, unshown (what the prose says the journal holds).
Lines are compared exactly, but for the spaces at their ends, which editors take off.
"""

from __future__ import annotations

import io
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import typer.testing
from typer.testing import CliRunner

from journal.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"

MARKED = re.compile(
    r"^<!-- transcript: (?P<name>[\w-]+)(?P<terminal>, on a terminal)?"
    r"(?:, after `(?P<after>[^`]+)`)? -->\n"
    r"```(?P<lang>\w*)\n(?P<body>.*?)^```\n"
    r"(?:\n*```\n(?P<shown>.*?)^```\n)?",
    re.M | re.S,
)
QUESTION = re.compile(r"\? \[[^\]]*\]:(.*)$")


@dataclass
class Step:
    """Commands as the README types them, and what it shows they print (None: nothing
    shown, each must succeed)."""

    line: int
    commands: list[str]
    shown: str | None
    terminal: bool


def transcripts(text: str) -> dict[str, list[Step]]:
    found: dict[str, list[Step]] = {}
    for m in MARKED.finditer(text):
        line = text.count("\n", 0, m.start("body")) + 1  # the block's first line
        steps = found.setdefault(m["name"], [])
        terminal = bool(m["terminal"])
        if m["after"]:
            steps.append(Step(line, [m["after"]], None, terminal=False))
        if re.match(r"\$ ", m["body"]):
            steps += console(m["body"], line, terminal)
        else:
            steps.append(Step(line, typed(m["body"]), m["shown"], terminal))
    return found


def typed(body: str) -> list[str]:
    """The command lines of a block, continuation lines joined."""
    return [c.strip() for c in re.sub(r"\\\n", " ", body).splitlines() if c.strip()]


def console(body: str, line: int, terminal: bool) -> list[Step]:
    """`$ command` lines, each followed by what it prints."""
    steps = []
    for prompt in re.finditer(r"^\$ (.*?)(?=^\$ |\Z)", body, re.M | re.S):
        command, _, shown = re.sub(r"\\\n", " ", prompt[1]).partition("\n")
        at = line + body.count("\n", 0, prompt.start())
        steps.append(Step(at, [command], shown, terminal))
    return steps


class Terminal(io.BytesIO):
    """What the user types, on a standard input that is a terminal."""

    def isatty(self) -> bool:
        return True


def invoke(words: list[str], answers: str | None):
    """`journal WORDS`; with `answers`, typed on a terminal."""
    if answers is None:
        return CliRunner().invoke(app, words, prog_name="journal")
    # The runner makes its standard input from bytes; this one says it is a terminal.
    with mock.patch.object(typer.testing, "make_input_stream", lambda text, _: Terminal(text)):
        return CliRunner().invoke(app, words, input=answers.encode(), prog_name="journal")


def tidy(output: str) -> str:
    return "\n".join(line.rstrip() for line in output.strip("\n").splitlines())


def run(step: Step) -> str:
    """What `step`'s commands print, one after the other; fails on one that fails."""
    printed = []
    for command in step.commands:
        words = shlex.split(command, comments=True)
        assert words[0] == "journal", f"README line {step.line}: not a journal command"
        answers = "".join(
            m[1].strip() + "\n" for m in map(QUESTION.search, (step.shown or "").splitlines()) if m
        )
        result = invoke(words[1:], answers if step.terminal else None)
        assert result.exit_code == 0, (step.line, command, result.output, result.exception)
        printed.append(result.output)
    return "".join(printed)


def mismatches(steps: list[Step]) -> list[str]:
    """Each step whose output is not what the README shows, with both."""
    wrong = []
    for step in steps:
        printed = run(step)
        if step.shown is not None and tidy(printed) != tidy(step.shown):
            wrong.append(
                f"README line {step.line}, `{' && '.join(step.commands)}`\n"
                f"--- the README shows:\n{tidy(step.shown)}\n--- journal prints:\n{tidy(printed)}"
            )
    return wrong


TRANSCRIPTS = transcripts(README.read_text())


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_the_readme_shows_what_journal_prints(name):
    wrong = mismatches(TRANSCRIPTS[name])
    assert not wrong, "\n\n".join(wrong)


def test_the_worked_example_met_and_due_are_checked():
    def words(name: str, shown: bool) -> set[str]:
        steps = [s for s in TRANSCRIPTS[name] if (s.shown is not None) == shown]
        return {c.split()[1] for s in steps for c in s.commands}

    assert {"add", "due"} <= words("meetup", shown=True)  # their output, line for line
    assert {"show", "list", "log", "search", "follow-up", "keep-in-touch"} <= words(
        "meetup", shown=False
    )  # the everyday commands of the worked example: each must succeed
    assert words("met", shown=True) == {"met"}
    assert all(s.terminal for s in TRANSCRIPTS["met"] if s.shown)


def test_every_marked_block_is_read():
    text = README.read_text()
    assert len(MARKED.findall(text)) == len(re.findall("^<!-- transcript", text, re.M))


def test_a_line_the_readme_gets_wrong_is_reported():
    text = README.read_text()
    changed = text.replace("  follow-up #1  meet again  due ", "  follow-up #1  meet again!  due ")
    assert changed != text
    wrong = mismatches(transcripts(changed)["met"])
    assert len(wrong) == 1 and "meet again!  due" in wrong[0]
