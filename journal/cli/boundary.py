"""The command line's error boundary: every failure becomes one `Error:` line, exit 2 for
bad usage and 1 for the rest, and a failed command leaves no journal it created."""

import os
import sqlite3
import sys

import typer
from typer.core import TyperGroup

from journal.cli.output import echo, reader_gone
from journal.cli.session import forget_created
from journal.errors import InvalidValue, JournalError, NotFound, SameName

# What to try next when a record is not found, by what was looked for.
HINTS = {
    "person": "try `journal search {text}`",
    "event": "see `journal event list`",
    "follow-up": "see `journal due`",
}


def with_hint(error: NotFound) -> str:
    hint = HINTS.get(error.subject or "")
    if hint is None or ("{text}" in hint and not error.text):
        return str(error)
    return f"{error} ({hint.format(text=error.text)})"


class JournalGroup(TyperGroup):
    """Every failure becomes one `Error:` line: exit 2 for bad usage, 1 for the rest."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from journal.cli.completion import click_spelling

        click_spelling()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except BrokenPipeError:
            # Output written past echo (an export to stdout) whose reader left: quiet,
            # and a success, as git's commands are when piped into `head`.
            reader_gone(sys.stdout)
            code = 0
        except typer.Abort:
            code = fail("aborted; nothing was changed", 1)
        except InvalidValue as e:
            code = fail(str(e), 2)
        except NotFound as e:
            code = fail(with_hint(e), 1)
        except SameName as e:
            first = e.existing[0]["id"]
            code = fail(
                f"{e}; to change theirs: journal edit {first} …; if this is someone else,"
                " add --new",
                1,
            )
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
        forget_created(failed=bool(code))
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


def new_app(help: str | None = None, *, completion: bool = False) -> typer.Typer:
    """A command group that reports errors the journal's way; the root one (`completion`)
    also offers --install-completion and --show-completion."""
    return typer.Typer(
        cls=JournalGroup,
        rich_markup_mode=None,
        no_args_is_help=True,
        add_completion=completion,
        context_settings={"help_option_names": ["-h", "--help"]},
        **({"help": help} if help else {}),  # else the callback's docstring
    )
