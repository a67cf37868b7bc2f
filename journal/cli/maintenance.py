"""Looking after the journal file: check and backup."""

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from journal.cli.boundary import new_app
from journal.cli.options import JsonOpt
from journal.cli.output import echo
from journal.cli.session import not_the_journal, store
from journal.errors import Conflict, JournalError

app = new_app()


@app.command()
def check(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Check the journal file: SQLite's integrity and foreign keys, the search index and counts.

    Exits 1 when a problem is found. Nothing is changed, not even an upgrade of a
    journal from an earlier release.

    \b
    Example:
      journal check
    """
    from journal.db import maintenance

    path = ctx.find_root().obj
    if not path.exists():
        raise JournalError(f"{path}: no journal yet, nothing to check")
    s = store(ctx, upgrade=False)
    problems = maintenance.check(s)
    if as_json:
        echo(json.dumps({"ok": not problems, "problems": problems}, ensure_ascii=False))
    else:
        for problem in problems:
            echo(f"  {problem}")
    if problems:
        raise JournalError(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {s.path};"
            " restore a backup (see README, Backups)"
        )
    if not as_json:
        echo(f"{s.path}: integrity, foreign keys, search index and facet counts are all fine.")


@app.command()
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help="Where to write it: a file, or a folder for a dated file"
            " (default: beside the journal).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Copy the journal to a backup file, consistent even while it is being written to.

    The journal itself is left as it is (a journal from an earlier release is backed
    up before it is upgraded).

    \b
    Example:
      journal backup ~/backups/
    """
    from journal.db import maintenance

    path = ctx.find_root().obj
    if not path.exists():
        raise JournalError(f"{path}: no journal yet, nothing to back up")
    stamp = dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    dated = f"{path.stem}-{stamp}.db"
    if file is None:
        file = path.with_name(dated)
    elif file.is_dir():
        file = file / dated
    if not file.parent.is_dir():
        raise JournalError(f"{file.parent}: no such folder")
    not_the_journal(ctx, file)
    if file.exists() and not force:
        raise JournalError(f"{file} exists; choose another name or add --force")
    s = store(ctx, upgrade=False)
    try:
        pages = maintenance.backup(s, file)
    except Conflict as e:
        advice = "see `journal check`, and copy the file as it is with cp"
        raise JournalError(f"{e}; {advice}") from None
    echo(f"Backed up {path} to {file} ({pages:,} pages).")
