"""The `journal` command line: reads what the user typed, calls the core, prints.

One module per command group: people (add, edit, show, log, found, rm), lookup (list,
search), events, reminders (follow-up, due, done, snooze, keep-in-touch, date), corrections
(edit-log, rm-log, edit-plan, drop, edit-found, rm-found, edit-intro, rm-intro), remind
(sending the digest through Apprise), capture (met), network (intro, intros, chain, trip,
places), transfer (import, export, merge), maintenance (check, backup), serve, and offsite
(replicate, restore).
No SQL here: the core (journal.db) owns it.
"""

from pathlib import Path
from typing import Annotated

import typer

from journal import __version__
from journal.cli import (
    capture,
    corrections,
    events,
    guests,  # noqa: F401 (adds import guests, event pick and event forget-guests)
    lookup,
    maintenance,
    network,
    offsite,
    people,
    remind,
    reminders,
    serve,
    transfer,
)
from journal.cli.boundary import new_app
from journal.cli.output import echo
from journal.cli.session import default_db

app = new_app(completion=True)


def _version(value: bool) -> None:
    if value:
        echo(f"journal {__version__}")
        raise typer.Exit()


@app.callback()
def journal(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="JOURNAL_DB",
            metavar="PATH",
            help="The journal database [default: JOURNAL_DB, else journal.db in your app folder].",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """A personal networking journal: who you met, how you found them, what comes next.

    \b
    Example:
      journal add "Benji Weber" --handle @benji --event "PyData Berlin" --city London
      journal show benji
    """
    ctx.obj = db or default_db()


app.add_typer(people.app)
app.add_typer(lookup.app)
app.add_typer(capture.app)
app.add_typer(reminders.app)
app.add_typer(corrections.app)
app.add_typer(remind.app)
app.add_typer(transfer.app)
app.add_typer(network.app)
app.add_typer(maintenance.app)
app.add_typer(serve.app)
app.add_typer(offsite.app)
app.add_typer(events.app, name="event")


def main(argv: list[str] | None = None) -> int:
    """Entry point for the console script and `python -m journal`."""
    return app(args=argv, prog_name="journal", standalone_mode=False) or 0
