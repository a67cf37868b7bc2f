"""Shell completion (bash, zsh, fish through Click's protocol): the values come from the
journal, read through the core's suggestions; a journal that cannot be read completes
nothing rather than print an error into the shell."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from journal.cli.session import default_db

COMPLETE_VAR = "_JOURNAL_COMPLETE"
FOUND_AS_TYPED = ("people", "handles", "events")
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def click_spelling() -> None:
    """Take Click 8's `bash_complete` as well as Typer's `complete_bash`."""
    shell, _, instruction = os.environ.get(COMPLETE_VAR, "").partition("_")
    if shell in SHELLS and instruction in ("complete", "source"):
        os.environ[COMPLETE_VAR] = f"{instruction}_{shell}"


def _journal(ctx: typer.Context) -> Path:
    # Completion parses the command line without running the root callback: --db (or
    # JOURNAL_DB) is among the root's parameters, not yet in ctx.obj.
    given = ctx.find_root().params.get("db")
    return Path(given) if given else default_db()


def _read(ctx: typer.Context, what: str, typed: str, *, helped: bool = False) -> list:
    from journal.db import suggest

    try:
        from journal.db import open_store

        s = open_store(_journal(ctx), write=False, upgrade=False)
        try:
            found = suggest.suggestions_with_help(s, what, typed)
        finally:
            s.close()
    except Exception:  # noqa: BLE001 (whatever it is, the shell must not show it)
        return []
    # bash splits what it inserts at spaces; zsh and fish quote it themselves.
    if os.environ.get(COMPLETE_VAR) == "complete_bash":
        found = [(value.replace(" ", "\\ "), help) for value, help in found]
    # Typer offers only what begins with the very letters typed. A name finds its
    # record whatever its case and accents, so it keeps the letters typed ("mari" →
    # "maria Kovač"); a city or a tag is stored as given, so only its own case is offered.
    if what in FOUND_AS_TYPED:
        found = [
            (value if value.startswith(typed) else typed + value[len(typed) :], help)
            for value, help in found
        ]
    return found if helped else [value for value, _ in found]


def people(ctx: typer.Context, incomplete: str) -> list:
    """PERSON: handles from `@`, else names (and, before anything is typed, handles)."""
    if incomplete.startswith("@"):
        return _read(ctx, "handles", incomplete)
    names = _read(ctx, "people", incomplete)
    return names if incomplete else names + _read(ctx, "handles", incomplete)


def events(ctx: typer.Context, incomplete: str) -> list:
    return _read(ctx, "events", incomplete)


def tags(ctx: typer.Context, incomplete: str) -> list:
    return _read(ctx, "tags", incomplete)


def cities(ctx: typer.Context, incomplete: str) -> list:
    return _read(ctx, "cities", incomplete)


def companies(ctx: typer.Context, incomplete: str) -> list:
    return _read(ctx, "companies", incomplete)


def follow_ups(ctx: typer.Context, incomplete: str) -> list:
    """Open follow-ups' ids, each with its action (zsh and fish show it)."""
    return _read(ctx, "follow-ups", incomplete, helped=True)
