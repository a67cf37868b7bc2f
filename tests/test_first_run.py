"""First run (issue 31, point 10): the README's first command shows the main job on a
demo journal of its own, never a made-up person in the user's journal (where `journal
due` then showed him); and `--edit` removes its template's file however the command is
ended, but for SIGKILL."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

README = Path(__file__).parent.parent / "README.md"


def first_command() -> str:
    return re.search(r"```bash\n(.+?)\n```", README.read_text(encoding="utf-8"), re.S)[1]


def journal_steps(command: str) -> list[list[str]]:
    """The `journal ...` commands of a shell line, in order (`pip install .` left out)."""
    steps = [shlex.split(part) for part in re.split(r"&&|;", command)]
    return [step for step in steps if step and step[0] == "journal"]


def test_the_first_command_leaves_the_users_journal_alone(tmp_path):
    steps = journal_steps(first_command())
    assert steps[-1][-2:] == ["serve", "--open"] and all("--db" in s for s in steps)
    real = tmp_path / "config" / "journal.db"
    env = {**os.environ, "JOURNAL_DB": str(real), "NO_COLOR": "1"}
    for _ in range(2):  # run twice: the demo is served again, not refused
        for step in steps[:-1]:
            subprocess.run([sys.executable, "-m", "journal", *step[1:]], cwd=tmp_path, env=env,
                           capture_output=True, check=False)  # fmt: skip
    assert not real.exists(), "the README's first command wrote to the user's journal"
    db = steps[-1][steps[-1].index("--db") + 1]
    shown = subprocess.run(
        [sys.executable, "-m", "journal", "--db", db, "list", "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert [p["name"] for p in json.loads(shown.stdout)] == ["Benji Weber"]
    assert "without `--db`" in README.read_text(encoding="utf-8")  # how to start the real one


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_edit_removes_its_file_when_the_command_is_ended(journal, db_path, tmp_path, ending):
    journal.ok("add", "Ada")
    told = tmp_path / "template-path"
    editor = tmp_path / "editor.sh"
    # An editor that says which file it was given, then waits to be closed.
    editor.write_text(
        f'#!/bin/sh\necho "$1" > {shlex.quote(str(told))}\nexec sleep 60 >/dev/null 2>&1\n'
    )
    editor.chmod(0o755)
    env = {**os.environ, "JOURNAL_DB": str(db_path), "EDITOR": str(editor)}
    process = subprocess.Popen([sys.executable, "-m", "journal", "edit", "Ada", "--edit"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    while not (told.exists() and told.read_text().strip()):
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    template = Path(told.read_text().strip())
    assert template.exists()
    process.send_signal(getattr(signal, ending))
    process.communicate(timeout=60)
    assert process.returncode != 0
    assert not template.exists(), f"{ending} left {template} behind"
