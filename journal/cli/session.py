"""The journal a command works on: which file, opened once per command in one transaction,
and files the command must not write over."""

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from journal.errors import InvalidValue, JournalError

if TYPE_CHECKING:
    from journal.db import Connection

# Journals the running command created; removed again if it fails, so that a failed
# command leaves no trace (an import that fails halfway through a file, say).
CREATED: list[Path] = []


def default_db() -> Path:
    return Path(typer.get_app_dir("journal")) / "journal.db"


def store(ctx: typer.Context, *, write: bool = False, upgrade: bool = True) -> "Connection":
    """The journal of this command, closed when it ends; its writes are one transaction."""
    # Imported here: --help needs none of the core.
    from journal.db import open_store

    path = ctx.find_root().obj
    if write and not path.exists():
        CREATED.append(path)
    s = open_store(path, write=write, upgrade=upgrade)
    ctx.call_on_close(s.close)
    ctx.with_resource(s.command())
    return s


def forget_created(*, failed: bool) -> None:
    """At the end of a command: a journal it created is removed if it failed."""
    if failed:
        for path in CREATED:
            discard_if_unused(path)
    CREATED.clear()


def discard_if_unused(path: Path) -> None:
    """Remove a journal a failed command made, unless another process, finding it there,
    has written to it in the meantime."""
    from journal.db import Connection, dump

    if not path.exists():
        return
    try:
        s = Connection(path)
        try:
            unused = dump.is_empty(s)
        finally:
            s.close()
    except (JournalError, sqlite3.Error):
        return
    if unused:
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def output_file(ctx: typer.Context, path: Path | None) -> Path | None:
    """--output: a file to write; not a folder, not the journal."""
    if path is not None and (not path.name or path.is_dir()):
        raise InvalidValue(f"--output: {str(path)!r} is a folder; give a file name")
    return not_the_journal(ctx, path)


def not_the_journal(ctx: typer.Context, path: Path | None) -> Path | None:
    """Refuse to write over the journal, or over the files SQLite keeps beside it."""
    if path is None:
        return None
    journal = ctx.find_root().obj.resolve()
    companions = {journal.with_name(journal.name + end) for end in ("-wal", "-shm", "-journal")}
    target = path.resolve()
    if target == journal:
        raise JournalError(f"{path} is the journal itself; write somewhere else")
    if target in companions:
        raise JournalError(f"{path} is a file SQLite keeps beside the journal; write elsewhere")
    return path
