"""What the journal refuses to hold, in one place: `import json` checks every row with these,
`add` and `edit` read what is typed with the same rules (journal.text.inputs), and every other
import keeps a value they refuse as typed, in the person's notes, instead of storing it
(`kept_as_typed`): so a journal's own backup always restores."""

from __future__ import annotations

import re
from datetime import date, datetime

from journal.text.values import is_email

PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
RRULE = re.compile(r"[A-Z0-9=;,+-]+")


def _date(value) -> None:
    """An ISO date, or the year (and month) of one remembered in part."""
    if not isinstance(value, str) or not PARTIAL_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    padded = value + "-01-01"[len(value) - 4 :]
    date.fromisoformat(padded)  # a day that does not exist is refused here


def _day(value) -> None:
    """An important date: `1985-04-07`, or `--04-07` without its year."""
    from journal.text.dates import DateError, parse_day

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD or --MM-DD")
    try:
        parse_day(value)
    except DateError:
        raise ValueError(f"{value!r} is not a day") from None


def _rrule(value) -> None:
    if not isinstance(value, str) or not RRULE.fullmatch(value):
        raise ValueError(f"{value!r} is not a recurrence rule (FREQ=...;INTERVAL=...)")
    from dateutil.rrule import rrulestr

    rrulestr(value, dtstart=datetime(2000, 1, 1))


def _text(value) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is empty")


def _email(value) -> None:
    if not isinstance(value, str) or not is_email(value):
        raise ValueError(f"{value!r} is not an email address")


# What `import json` checks beyond the schema's constraints: what the command line would
# refuse to write, and what would break the journal later (a line break in a recurrence
# broke the calendar feed).
CHECKS = {
    ("people", "name"): _text,
    ("people", "met_on"): _date,
    ("people", "last_contact"): _date,
    ("people", "next_due"): _date,
    ("events", "name"): _text,
    ("events", "date"): _date,
    ("emails", "email"): _email,
    ("interactions", "date"): _date,
    ("follow_ups", "action"): _text,
    ("follow_ups", "due"): _date,
    ("follow_ups", "rrule"): _rrule,
    ("important_dates", "label"): _text,
    ("important_dates", "date"): _day,
}


def refusal(table: str, column: str, value) -> str | None:
    """Why `import json` would refuse `value` in `table`.`column`; None if it would not."""
    check = CHECKS.get((table, column))
    if check is None or value is None:
        return None
    try:
        check(value)
    except ValueError as e:
        return str(e)
    return None


def kept_as_typed(contact) -> list[str]:
    """Take out of a contact from a file the values `import json` would refuse (an email
    with a space, a day that does not exist), and keep each, as typed, in its notes:
    nothing is lost, nothing stored breaks a restore. Returns the lines ("Kept as typed:
    …") of the values taken out; one the notes have already (the same file again, a card
    the journal wrote) is not added twice."""
    if not (contact.emails or contact.dates):
        return []  # most contacts of a large file: nothing to check
    kept: list[str] = []
    good = [e for e in contact.emails if is_email(e)]
    if len(good) != len(contact.emails):
        kept += [f"email {e.strip()}" for e in contact.emails if not is_email(e)]
        contact.emails = good
    dates = []
    for d in contact.dates:
        if refusal("important_dates", "date", d["date"]) or refusal(
            "important_dates", "label", d["label"]
        ):
            kept.append(f"{d['label']} {d['date']}")
        else:
            dates.append(d)
    contact.dates = dates
    lines = [f"Kept as typed: {k}" for k in kept]
    contact.notes = with_lines(contact.notes, lines)
    return lines


def with_lines(notes: str | None, lines: list[str]) -> str | None:
    """`notes` with those of `lines` it does not have yet, each on a line of its own."""
    new = [line for line in lines if line not in (notes or "").splitlines()]
    if not new:
        return notes
    return "\n".join([notes, *new]) if notes else "\n".join(new)
