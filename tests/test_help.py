"""Every command's help has a one-line summary and an example (the docs test of sqlite-utils)."""

from __future__ import annotations

import pytest
import typer

from journal.cli import app


def all_commands(group=None, path=()):
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        yield (*path, name), command
        if hasattr(command, "commands"):
            yield from all_commands(command, (*path, name))


COMMANDS = list(all_commands())
LEAVES = [path for path, command in COMMANDS if not hasattr(command, "commands")]


def test_every_spec_command_exists():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"add", "edit", "show", "list", "search", "log", "rm", "follow-up",
            "event", "event add", "event list", "event show", "due", "done",
            "snooze", "keep-in-touch", "export", "export ics", "serve"} <= names  # fmt: skip


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_help_has_summary_and_example(journal, path):
    out = journal.ok(*path, "--help")
    assert out.startswith(f"Usage: journal {' '.join(path)}")
    summary = out.split("\n\n")[1].strip()
    assert summary and summary.endswith("."), summary
    assert "Example:" in out
    examples = out[out.index("Example:") :].split("\n\n")[0].splitlines()[1:]
    assert any(line.strip().startswith(f"journal {path[0]}") for line in examples), examples


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_every_option_is_explained_or_self_evident(path):
    command = dict(COMMANDS)[path]
    for param in command.params:
        if param.param_type_name == "option" and param.name not in {"help"}:
            assert param.help or param.metavar, (path, param.name)


def test_top_level_help_lists_commands(journal):
    out = journal.ok("--help")
    assert "A personal networking journal" in out
    for name in ("add", "show", "list", "search", "log", "rm", "event"):
        assert f"\n  {name} " in out
