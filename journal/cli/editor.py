"""`--edit`: a commented template in $VISUAL or $EDITOR (as khard does), read back into
the values the options would have given; and `-` for text read from standard input."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from journal.cli.output import handle_text
from journal.errors import InvalidValue, JournalError
from journal.fields import CARD_NAMES, FOUND_VIA, PERSON_COLUMNS
from journal.text.inputs import person_changes

SECTION = re.compile(r"--- (?P<name>[a-z]+)\b.*---\s*")
HELP = (
    "# Lines starting with # are ignored. Save and close to write; leave it unchanged or\n"
    "# empty to write nothing.\n"
)


class Unchanged(JournalError):
    """The template came back unchanged or empty: nothing to write."""


def editor() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


# Signals that end the command while the editor is open (the terminal closed, `kill`):
# each is made an exception, so that the template's file is removed on the way out.
# Ctrl-C is one already (KeyboardInterrupt); SIGKILL cannot be caught.
ENDING = ("SIGTERM", "SIGHUP", "SIGQUIT")


class Ended(SystemExit):
    """The command was ended by a signal while the editor was open."""


@contextmanager
def signals_raise() -> Iterator[None]:
    """While the editor is open, an ending signal raises Ended (exit 128 + its number)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ended(number, frame):
        raise Ended(128 + number)

    kept = {}
    for name in ENDING:
        if hasattr(signal, name):
            number = getattr(signal, name)
            kept[number] = signal.signal(number, ended)
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def edit(template: str, *, suffix: str = ".md") -> str:
    """The text of `template` after the user edited it; Unchanged if they did not. The
    template's file is removed however the command ends, but for SIGKILL."""
    with signals_raise():
        fd, name = tempfile.mkstemp(prefix="journal-", suffix=suffix)
        path = Path(name)
        return _edited(fd, path, template)


def _edited(fd: int, path: Path, template: str) -> str:
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(template)
        command = f"{editor()} {shlex.quote(str(path))}"
        code = subprocess.run(command, shell=True, check=False).returncode
        if code != 0:
            raise JournalError(f"the editor ({editor()}) failed with exit code {code}")
        text = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    if text == template or not _meaningful(text):
        raise Unchanged("nothing was written: the file was left unchanged or empty")
    return text


def _meaningful(text: str) -> bool:
    """Whether anything but comments, blanks, section lines and empty fields is there."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or SECTION.fullmatch(line):
            continue
        _, colon, value = line.partition(":")
        if not colon or value.strip():
            return True
    return False


def read_template(text: str, fields: tuple[str, ...], sections: tuple[str, ...]) -> dict:
    """`field: value` lines (comments and blanks skipped) then `--- section ---` blocks of
    free text; a field left empty reads as None. InvalidValue for a line that is neither."""
    values: dict[str, str | None] = dict.fromkeys((*fields, *sections))
    blocks: dict[str, list[str]] = {name: [] for name in sections}
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        if (m := SECTION.fullmatch(line.strip())) and m["name"] in sections:
            section = m["name"]
        elif section is not None:
            blocks[section].append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            key, colon, value = line.partition(":")
            key = key.strip().lower()
            if not colon or key not in fields:
                raise InvalidValue(
                    f"line {number}: {line.strip()[:40]!r} is not 'field: value'"
                    f" with a field of {', '.join(fields)}"
                )
            values[key] = value.strip() or None
    for name, lines in blocks.items():
        values[name] = "\n".join(lines).strip() or None
    return values


def comments_out(text: str) -> str:
    """A free text written in the editor, without the template's comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()


def template(title: str, values: dict, sections: dict[str, str], hints: dict) -> str:
    """The text the editor opens: a title, the fields, then the free-text sections."""
    out = [f"# {title}", HELP.rstrip("\n")]
    for key, value in values.items():
        if key in hints:
            out.append(f"# {hints[key]}")
        out.append(f"{key}: {value or ''}")
    for name, text in sections.items():
        out += ["", f"--- {name} ---", text or ""]
    return "\n".join(out) + "\n"


@contextmanager
def kept_on_failure(text: str, what: str) -> Iterator[None]:
    """If what was typed in the editor cannot be used, keep it in a file the error names."""
    try:
        yield
    except JournalError as e:
        fd, name = tempfile.mkstemp(prefix=f"journal-{what}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        e.args = (f"{e} (what you wrote is kept in {name})",)
        raise


def stdin_texts(**values: str | None) -> dict[str, str | None]:
    """Each value, `-` replaced by what standard input holds (for one of them only)."""
    dashed = [name for name, value in values.items() if value == "-"]
    if len(dashed) > 1:
        raise InvalidValue(
            f"only one of {', '.join('--' + n for n in dashed)} can read standard input (-)"
        )
    return {name: sys.stdin.read() if value == "-" else value for name, value in values.items()}


# -- a person in the editor ------------------------------------------------------------

ADD_FIELDS = (
    "name", "handles", "emails", "phone", "company", "role", "city", "tags", "how",
    "event", "via", "met", "where", "link", "follow-up", "due", "in", "every",
)  # fmt: skip
EDIT_FIELDS = ADD_FIELDS[: ADD_FIELDS.index("follow-up")]
LISTS = ("handles", "emails", "tags")
SECTIONS = ("story", "notes")
HINTS = {
    "handles": "handles, emails and tags: several, separated by commas",
    "how": f"how: {', '.join(FOUND_VIA)}",
    "event": "event and via: a part of a name or a handle finds the record; +NAME makes a new one",
    "met": "met: a date (2026-11-24, last week, March 2019...)",
    "follow-up": "follow-up: something to do next; due (a date), in (a city), every (2w, monthly)",
}


def person_template(typed: dict, *, title: str, fields: tuple[str, ...] = ADD_FIELDS) -> str:
    values = {
        key: ", ".join(typed.get(key) or []) if key in LISTS else typed.get(key) for key in fields
    }
    sections = {"story": typed.get("story"), "notes": typed.get("notes")}
    hints = {k: v for k, v in HINTS.items() if k in fields}
    return template(title, values, sections, hints)


def read_person_template(text: str, *, fields: tuple[str, ...] = ADD_FIELDS) -> dict:
    values = read_template(text, fields, SECTIONS)
    for key in LISTS:
        values[key] = [v.strip() for v in (values[key] or "").split(",") if v.strip()]
    return {**dict.fromkeys(ADD_FIELDS), **values}


# The template's fields, and the column each changes (named as --clear takes them).
TEMPLATE_COLUMNS = {CARD_NAMES.get(k, k): column for k, column in PERSON_COLUMNS.items()}


def shown(card: dict) -> dict:
    """A person's card as `edit --edit`'s template shows it."""
    values = {key: card[column] for key, column in TEMPLATE_COLUMNS.items()}
    return values | {
        "handles": [handle_text(h) for h in card["handles"]],
        "emails": card["emails"],
        "tags": card["tags"],
        "event": card["event"] and card["event"]["name"],
        "via": card["via"] and card["via"]["name"],
    }


def changes(shown: dict, typed: dict) -> dict:
    """What update_person is to do for the template `shown` edited into `typed`."""
    as_options = {card: key for key, card in CARD_NAMES.items()}

    def person(values: dict) -> dict:
        return {as_options.get(k, k): v for k, v in values.items()}

    return person_changes(person(shown), person(typed), label=str)
