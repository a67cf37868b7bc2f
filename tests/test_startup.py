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


EVERYDAY = [
    ["add", "Zoë", "--handle", "@zoe", "--tag", "press", "--follow-up", "call", "--due", "today"],
    ["show", "zoe"],
    ["list", "--limit", "20"],
    ["search", "zoe"],
    ["due"],
    ["log", "zoe", "Coffee"],
    ["done", "1"],
]


def test_everyday_commands_import_nothing_heavy_nor_sqlite_utils(tmp_path):
    # sqlite-utils costs about as much to import as the rest of `journal add`; the
    # everyday commands use the store's own connection (import and export load it).
    code = "from journal.cli import main\n" + "".join(
        f"try:\n    main(['--db', {str(tmp_path / 'j.db')!r}, *{argv!r}])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        for argv in EVERYDAY
    )
    assert imported_after(code) & {*HEAVY, "sqlite_utils"} == set()
