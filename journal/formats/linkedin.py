"""LinkedIn's "Connections" export (Settings → Data privacy → Get a copy of your data).

The file opens with a "Notes:" paragraph, then a header: First Name, Last Name, URL,
Email Address, Company, Position, Connected On ("17 Nov 2026"). Emails are often empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from journal.errors import JournalError
from journal.files import bounded_lines, open_text
from journal.formats.contact import Contact
from journal.handles import HandleError, parse_handle
from journal.values import clean

HEADER = ("First Name", "Last Name")
# A row of Connections.csv is a few hundred characters.
MAX_LINE = 2**20
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
    reader = csv.reader(bounded_lines(f, MAX_LINE, str(path)))
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
    at = {column: n for n, column in enumerate(columns)}  # the last, if one is repeated
    first, last, url, email = at["First Name"], at["Last Name"], at["URL"], at["Email Address"]
    company, role, connected = at["Company"], at["Position"], at.get("Connected On")
    width = len(columns)
    # Plain indexing and str methods below: this runs for every row of a large file.
    for row in reader:
        if not "".join(row).strip():
            continue
        where = f"line {reader.line_num}"
        if len(row) != width:
            raise JournalError(f"{path}, {where}: {len(row)} columns where the header has {width}")
        given, family = row[first].strip(), row[last].strip()
        contact = Contact(
            name=f"{given} {family}" if given and family else given or family,
            where=where,
            company=row[company].strip() or None,
            role=row[role].strip() or None,
            found_via="online",
            met_on=None if connected is None else _connected_on(path, where, row[connected]),
        )
        if address := row[email].strip():
            contact.emails.append(address)
        if profile := row[url].strip():
            try:
                contact.handles.append(parse_handle(profile))
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


MONTHS = {m: n for n, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


@lru_cache(maxsize=16384)  # more days than there have been since LinkedIn began
def _date(text: str):
    day, _, rest = text.partition(" ")
    month, _, year = rest.partition(" ")
    digits = day + year
    if digits.isascii() and digits.isdigit() and len(day) <= 2 and len(year) == 4:
        # LinkedIn's own "17 Nov 2026" without strptime; what it reads otherwise is the
        # same as the first form of _any_form.
        try:
            return date(int(year), MONTHS[month], int(day))
        except (KeyError, ValueError):
            pass
    return _any_form(text)


def _any_form(text: str):
    for form in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
