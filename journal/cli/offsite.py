"""Off-site copies: replicate (Litestream, in the foreground) and restore (checked, then
moved into place)."""

from __future__ import annotations

import datetime as dt
import re
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from journal.cli.boundary import new_app
from journal.cli.output import echo
from journal.errors import InvalidValue, JournalError

app = new_app()

SyncOpt = Annotated[
    str | None,
    typer.Option(
        "--sync-interval",
        metavar="DURATION",
        help="How often to write to the replicas: 500ms, 10s, 5m [default: 1s, or"
        " sync_interval in replicate.yml].",
        show_default=False,
    ),
]
AGO = re.compile(r"^(\d+)\s*(second|minute|hour|day|week)s?\s+ago$")


def worth_copying(path) -> None:
    """A journal, whole: a replica of a foreign or damaged file would copy the damage."""
    from journal.db import open_store

    s = open_store(path, write=False, upgrade=False)
    try:
        if s.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise JournalError(f"{path} is damaged; see `journal check` before replicating it")
    finally:
        s.close()


@app.command()
def replicate(
    ctx: typer.Context,
    urls: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[URL]...",
            help="Replicas: file:///path, sftp://user@host/path, s3://bucket/path"
            " [default: JOURNAL_REPLICAS, else replicas in replicate.yml].",
            show_default=False,
        ),
    ] = None,
    sync_interval: SyncOpt = None,
) -> None:
    """Stream the journal to replicas with Litestream, in the foreground, until stopped.

    Credentials come from the environment (LITESTREAM_ACCESS_KEY_ID,
    LITESTREAM_SECRET_ACCESS_KEY; JOURNAL_SSH_KEY for an SSH key file) or from
    replicate.yml in your app folder, never from the URL. One replicate per journal.

    \b
    Example:
      journal replicate file:///mnt/usb/journal sftp://me@backup.example.com/journal
    """
    from journal.offsite.litestream import Replication
    from journal.offsite.settings import settings_for

    path = ctx.find_root().obj
    if not path.is_file():
        raise JournalError(f"{path}: no journal yet; add someone first")
    settings = settings_for(urls, sync_interval=sync_interval)
    worth_copying(path)

    def report(line: str, problem: bool) -> None:
        echo(line, err=problem)

    replication = Replication(path, settings, report)
    replication.start()
    shown = ", ".join(r.url for r in settings.replicas)
    echo(f"Replicating {path} to {shown} (Ctrl-C to stop)")
    # Ctrl-C, and systemd's SIGTERM (even where a shell left SIGINT ignored).
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    try:
        replication.stopping.wait()
    except KeyboardInterrupt:
        pass
    finally:
        replication.stop()
    echo("Stopped.")


def interrupted(*_) -> None:
    raise KeyboardInterrupt


def read_time(text: str) -> dt.datetime:
    """--at: `2026-12-04 14:30` (local time unless it says), `2026-12-04T14:30:00Z`,
    `10 minutes ago`, `yesterday`."""
    words = text.strip().lower()
    ago = AGO.match(words)
    now = dt.datetime.now().astimezone()
    if ago:
        return now - dt.timedelta(**{f"{ago[2]}s": int(ago[1])})
    if words in ("yesterday", "today"):
        day = now.date() - dt.timedelta(days=words == "yesterday")
        return now.replace(year=day.year, month=day.month, day=day.day)
    from dateutil import parser

    try:
        when = parser.isoparse(text.strip())
    except ValueError:
        try:
            when = parser.parse(text)
        except (ValueError, OverflowError):
            raise InvalidValue(
                f"--at: {text!r} is not a time (2026-12-04 14:30, 10 minutes ago)"
            ) from None
    return when if when.tzinfo else when.astimezone()


@app.command()
def restore(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Argument(metavar="URL", help="The replica, as `journal replicate` wrote it.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Where to restore [default: the journal in use].",
            show_default=False,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="TIME", help="Restore the journal as it was then: 2026-12-04 14:30."
        ),
    ] = None,
    test: Annotated[
        bool,
        typer.Option(
            "--test", help="The drill: restore to a temporary file, check it, report, delete it."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Restore a replica into a new file, checked before it is moved into place.

    Never replaces an existing journal without --force. The copy must pass SQLite's
    integrity check and `journal check`, or nothing is written.

    \b
    Example:
      journal restore sftp://me@backup.example.com/journal -o ~/journal.db
      journal restore --test s3://my-bucket/journal
    """
    from journal.offsite.restore import restore as restore_replica
    from journal.offsite.settings import settings_for

    when = read_time(at) if at is not None else None
    settings = settings_for([url])
    target = (output or ctx.find_root().obj).expanduser().absolute()
    if output is not None and target.is_dir():
        raise InvalidValue(f"-o: {str(output)!r} is a folder; give a file name")
    if test:
        import tempfile

        target = Path(tempfile.gettempdir()) / "journal-restore-test.db"
    done = restore_replica(settings.replicas[0], settings, target, at=when, force=force, drill=test)
    newest = done.newest or "unknown"
    people = f"{done.people:,} {'person' if done.people == 1 else 'people'}"
    if done.path is None:
        echo(f"Restore drill of {url}:")
        echo("  passed SQLite's integrity check and `journal check`")
        echo(f"  newest restorable time: {newest}")
        echo(f"  people: {people.split()[0]}")
        if done.at:
            echo(f"  restored as of: {done.at}")
        echo("  the test copy was deleted.")
        return
    as_of = f" as of {done.at}" if done.at else ""
    echo(f"Restored {url}{as_of} to {done.path} ({people}).")
    echo("It passed SQLite's integrity check and `journal check`.")
    if sys.stdout.isatty() and done.path != ctx.find_root().obj.absolute():
        echo(f"Use it with: journal --db {done.path} list")
