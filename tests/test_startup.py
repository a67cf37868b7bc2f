"""A structural guard on start-up cost: `journal` must not import what it does not need."""

from __future__ import annotations

import subprocess
import sys

HEAVY = [
    "datasette",
    "rich",
    "vobject",
    "icalendar",
    "pydantic",
    "uvicorn",
    "yaml",
    "markdown_it",
    "nh3",
]


def imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_cli_module_imports_nothing_heavy():
    assert imported_after("import journal.cli") & set(HEAVY) == set()


def test_help_does_not_touch_sqlite_utils():
    code = "from journal.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert "sqlite_utils" not in imported_after(code)


def test_adding_someone_imports_nothing_heavy(tmp_path):
    code = (
        "from journal.cli import main\n"
        f"main(['--db', {str(tmp_path / 'j.db')!r}, 'add', 'Zoë', '--handle', '@zoe'])"
    )
    assert imported_after(code) & set(HEAVY) == set()
