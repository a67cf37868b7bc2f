"""LinkedIn's "Connections" export (Settings → Data privacy → Get a copy of your data).

The file opens with a "Notes:" paragraph, then a header: First Name, Last Name, URL,
Email Address, Company, Position, Connected On ("17 Nov 2026"). Emails are often empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from journal.errors import JournalError
from journal.handles import HandleError, parse_handle
from journal.importers import Contact, clean, open_text

HEADER = ("First Name", "Last Name")
COLUMNS = {"First Name", "Last Name", "URL", "Email Address", "Company", "Position"}


def read_linkedin(path: Path) -> Iterator[Contact]:
    with open_text(path) as f:
        try:
            yield from _contacts(path, f)
        except UnicodeDecodeError:
            raise JournalError(f"{path}: not a LinkedIn export (not UTF-8 text)") from None
        except csv.Error as e:
            raise JournalError(f"{path}: not a LinkedIn export ({e})") from None


def _contacts(path: Path, f) -> Iterator[Contact]:
    reader = csv.reader(f)
    columns = None
    for row in reader:
        if tuple(c.strip() for c in row[:2]) == HEADER:
            columns = [c.strip() for c in row]
            break
        if reader.line_num > 50:
            break
    if columns is None or not COLUMNS <= set(columns):
        raise JournalError(
            f"{path}: not a LinkedIn Connections export (no header with "
            f"{', '.join(sorted(COLUMNS))})"
        )
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        where = f"line {reader.line_num}"
        if len(row) != len(columns):
            raise JournalError(
                f"{path}, {where}: {len(row)} columns where the header has {len(columns)}"
            )
        r = dict(zip(columns, row, strict=True))
        name = " ".join(p for p in (clean(r["First Name"]), clean(r["Last Name"])) if p)
        contact = Contact(
            name=name,
            where=where,
            company=clean(r["Company"]),
            role=clean(r["Position"]),
            found_via="online",
            met_on=_connected_on(path, where, r.get("Connected On")),
        )
        if email := clean(r["Email Address"]):
            contact.emails.append(email)
        if url := clean(r["URL"]):
            try:
                contact.handles.append(parse_handle(url))
            except HandleError as e:
                raise JournalError(f"{path}, {where}: {e}") from None
        yield contact


def _connected_on(path: Path, where: str, text: str | None):
    text = clean(text)
    if text is None:
        return None
    on = _date(text)
    if on is None:
        raise JournalError(f"{path}, {where}: cannot read the date {text!r} in Connected On")
    return on


@lru_cache(maxsize=4096)  # a file has a few thousand distinct days at most
def _date(text: str):
    for form in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
