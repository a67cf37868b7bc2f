"""What every `journal` command shares: errors, the store, reading values, options."""

import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from typer.core import TyperGroup

from journal import render
from journal.dates import DateError, Period, parse_date, parse_period, rrule_for
from journal.errors import InvalidValue, JournalError
from journal.fields import FOUND_VIA
from journal.handles import Handle, HandleError, parse_handle
from journal.render import echo

if TYPE_CHECKING:
    from journal.store import JournalStore

How = Literal[FOUND_VIA]  # type: ignore[valid-type]


class JournalGroup(TyperGroup):
    """Every failure becomes one `Error:` line: exit 2 for bad usage, 1 for the rest."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            code = fail("aborted; nothing was changed", 1)
        except InvalidValue as e:
            code = fail(str(e), 2)
        except JournalError as e:
            code = fail(str(e), 1)
        except typer.TyperException as e:
            if type(e).__name__ == "NoArgsIsHelpError":
                echo(e.format_message())
                code = 0
            else:
                code = fail(e.format_message(), e.exit_code)
        except sqlite3.OperationalError as e:
            code = fail(f"the journal database could not be used: {e}", 1)
        except sqlite3.IntegrityError as e:
            code = fail(f"the journal refused this change: {e}", 1)
        except sqlite3.ProgrammingError as e:  # a bug in a query, not a damaged file
            code = unexpected(e)
        except sqlite3.DatabaseError as e:
            code = fail(DAMAGED.format(e), 1)
        except UnicodeDecodeError as e:  # text SQLite hands back that is not UTF-8
            code = fail(DAMAGED.format(f"text that is not UTF-8 at byte {e.start}"), 1)
        except OSError as e:
            code = fail(f"{e.filename or 'file'}: {e.strerror or e}", 1)
        except ValueError as e:
            # Python refuses a file name with a NUL in it (only a program can pass one).
            if "null byte" not in str(e):
                code = unexpected(e)
            else:
                code = fail("a file name cannot contain a NUL character", 2)
        except Exception as e:
            code = unexpected(e)
        code = code if isinstance(code, int) else 0
        if code:
            for path in CREATED:
                discard_if_unused(path)
        CREATED.clear()
        if standalone_mode:
            sys.exit(code)
        return code


def unexpected(error: Exception) -> int:
    """A bug: still one line, with a way to see the traceback."""
    if os.environ.get("JOURNAL_DEBUG"):
        raise error
    return fail(f"unexpected {type(error).__name__}: {error} (set JOURNAL_DEBUG=1 for details)", 1)


DAMAGED = "the journal file is damaged ({}); see `journal check`, or restore a backup"


def fail(message: str, code: int) -> int:
    # One line whatever the user typed: a newline or a carriage return in a name or a
    # note is shown as \n or \r.
    line = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)
    echo(f"Error: {line}", err=True)
    return code


def new_app(help: str | None = None) -> typer.Typer:
    """A command group that reports errors the journal's way."""
    return typer.Typer(
        cls=JournalGroup,
        rich_markup_mode=None,
        no_args_is_help=True,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        **({"help": help} if help else {}),  # else the callback's docstring
    )


def default_db() -> Path:
    return Path(typer.get_app_dir("journal")) / "journal.db"


# Journals the running command created; removed again if it fails, so that a failed
# command leaves no trace (an import that fails halfway through a file, say).
CREATED: list[Path] = []


def discard_if_unused(path: Path) -> None:
    """Remove a journal a failed command made, unless another process, finding it there,
    has written to it in the meantime."""
    from journal.store import JournalStore

    if not path.exists():
        return
    try:
        s = JournalStore(path)
        try:
            unused = s.is_empty()
        finally:
            s.close()
    except (JournalError, sqlite3.Error):
        return
    if unused:
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def store(ctx: typer.Context, *, write: bool = False, upgrade: bool = True) -> "JournalStore":
    # Imported here: sqlite-utils is the costliest import, and --help needs none of it.
    from journal.store import open_store

    path = ctx.find_root().obj
    if write and not path.exists():
        CREATED.append(path)
    s = open_store(path, write=write, upgrade=upgrade)
    ctx.call_on_close(s.close)
    ctx.with_resource(s.command())
    return s


# -- reading values the user typed -------------------------------------------------


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


def when(text: str | None, option: str, *, prefer: str = "past") -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text, prefer=prefer)
    except DateError as e:
        raise InvalidValue(f"{option}: {e}") from None


def handles(texts: list[str] | None) -> list[Handle]:
    try:
        return [parse_handle(t) for t in texts or []]
    except HandleError as e:
        raise InvalidValue(f"--handle: {e}") from None


def emails(texts: list[str] | None) -> list[str]:
    for text in texts or []:
        if "@" not in text.strip(" @") or " " in text.strip():
            raise InvalidValue(f"--email: {text!r} is not an email address")
    return [t.strip() for t in texts or []]


def period(text: str, option: str) -> Period:
    try:
        return parse_period(text)
    except DateError as e:
        raise InvalidValue(f"{option}: {e}") from None


def plan(due: str | None, in_city: str | None, every: str | None) -> dict:
    """The --due/--in/--every of a follow-up, read and checked."""
    first = when(due, "--due", prefer="future")
    rule = None
    if every is not None:
        repeat = period(every, "--every")
        if first is None:
            raise InvalidValue("--every: a recurring follow-up needs a first date: add --due")
        rule = rrule_for(repeat, first)
    return {"due": first, "city": in_city, "rrule": rule}


def show_person(s: "JournalStore", person_id: int, *, as_json: bool) -> None:
    person = s.person(person_id)
    echo(render.as_json(person) if as_json else render.card(person))


# -- options shared by add and edit -----------------------------------------------------

PersonArg = Annotated[str, typer.Argument(metavar="PERSON", help="Id, handle, email or name.")]
HandleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--handle",
        metavar="H",
        help="@name (X), @name@host (Mastodon), @name.bsky.social, or a profile URL. Repeatable.",
    ),
]
EmailOpt = Annotated[list[str] | None, typer.Option("--email", metavar="EMAIL", help="Repeatable.")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="Repeatable.")]
HowOpt = Annotated[How | None, typer.Option("--how", help="How you found them.")]
EventOpt = Annotated[
    str | None,
    typer.Option("--event", metavar="NAME|ID", help="Where you met; created if new."),
]
ViaOpt = Annotated[
    str | None,
    typer.Option(
        "--via",
        metavar="PERSON",
        help="Who introduced, mentioned or pointed them out; created if unknown.",
    ),
]
MetOpt = Annotated[str | None, typer.Option("--met", metavar="DATE", help="When you met.")]
StoryOpt = Annotated[str | None, typer.Option(metavar="TEXT", help="How you met (Markdown).")]
DueOpt = Annotated[
    str | None, typer.Option("--due", metavar="DATE", help="When the follow-up is due.")
]
InOpt = Annotated[
    str | None,
    typer.Option("--in", metavar="CITY", help="Tie the follow-up to a city: next time there."),
]
EveryOpt = Annotated[
    str | None,
    typer.Option("--every", metavar="PERIOD", help="Repeat the follow-up: 2w, 3m, monthly..."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
Text = Annotated[str | None, typer.Option(metavar="TEXT")]


PEOPLE_COLUMNS = [
    ("id", "ID"),
    ("name", "NAME"),
    ("company", "COMPANY"),
    ("city", "CITY"),
    ("found_via", "HOW"),
    ("found", "EVENT / VIA"),
    ("met_on", "MET"),
]


def print_people(rows: list[dict], *, as_json: bool = False, as_csv: bool = False) -> None:
    if as_json:
        echo(render.as_json(rows))
    elif as_csv:
        typer.echo(render.people_csv(rows), nl=False)
    elif not rows:
        echo("No one yet.", err=True)
    else:
        for r in rows:
            r["found"] = r["event"] or (f"via {r['via']}" if r["via"] else "")
        echo(render.table(rows, PEOPLE_COLUMNS))
