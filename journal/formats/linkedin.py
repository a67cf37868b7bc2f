"""LinkedIn's "Connections" export (Settings → Data privacy → Get a copy of your data), of
every generation, and as Excel saves it again.

Since 2020 the file opens with a "Notes:" paragraph, then a header: First Name, Last
Name, URL, Email Address, Company, Position, Connected On ("17 Nov 2026"). The 2018
layout has no URL column and no paragraph, and dates like "1/8/18, 6:14 PM". Saved
again by Excel, the file may be Windows-1252, separated by semicolons (where the decimal
separator is a comma), with dates like "5-Jan-26", "16.09.2021" or "27-juil-25".
Members who hide their name come with a profile URL only: they are kept under a name
made from that address, tagged NAMELESS_TAG.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from journal.errors import JournalError
from journal.files import open_input
from journal.formats.contact import Contact
from journal.text.handles import HandleError, parse_handle
from journal.text.values import clean

HEADER = ("First Name", "Last Name")
# A row of Connections.csv is a few hundred characters.
MAX_LINE = 2**20
COLUMNS = {"First Name", "Last Name", "Company", "Position"}
EMAIL_COLUMNS = ("Email Address", "E-mail Address", "Email")
NAMELESS_TAG = "name-from-profile"

# Month names and abbreviations as LinkedIn and Excel write them, in the languages
# Excel most often saves in: English, French, German, Spanish, Italian, Dutch, Portuguese.
MONTH_WORDS = {
    1: "jan january janv janvier januar ene enero gen gennaio januari janeiro",
    2: "feb february fév févr fev fevr février fevrier februar febrero febbraio februari fevereiro",
    3: "mar march mars märz maerz mär mrz marzo maart março marco",
    4: "apr april avr avril abr abril aprile",
    5: "may mai mayo mag maggio mei maio",
    6: "jun june juin juni junio giu giugno junho",
    7: "jul july juil juillet juli julio lug luglio julho",
    8: "aug august août aout ago agosto augustus",
    9: "sep sept september septembre septiembre set settembre setembro",
    10: "oct october octobre okt oktober octubre ott ottobre out outubro",
    11: "nov november novembre noviembre novembro",
    12: "dec december déc dec décembre decembre dez dezember dic diciembre dicembre dezembro",
}
MONTHS = {word: n for n, words in MONTH_WORDS.items() for word in words.split()}


def read_linkedin(path: Path, *, strict: bool = False) -> Iterator[Contact]:
    """Every connection of the file. A row that cannot be read comes as a Contact with
    `skip` set (its reason), or, with `strict`, refuses the whole file."""
    with open_input(path, "rb") as f:
        try:
            yield from _contacts(path, text_lines(f, path), strict)
        except csv.Error as e:
            raise JournalError(f"{path}: not a LinkedIn export ({e})") from None


def text_lines(f, path: Path) -> Iterator[str]:
    """The file's lines as text, each UTF-8 if it is, else Windows-1252 (a file saved
    again by Excel on Windows), or UTF-16 by its byte order mark (Excel's "Unicode
    text", separated by tabs); a line longer than MAX_LINE refuses the file."""
    if f.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):
        import io

        text = io.TextIOWrapper(f, encoding="utf-16", errors="replace", newline="")
        f = _Encoded(text)
    number = 0
    while line := f.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            size = f"{MAX_LINE / 2**20:g} MiB"
            raise JournalError(f"{path}: line {number} is longer than {size}; not an export")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            yield line.decode("cp1252", "replace")


class _Encoded:
    """A text file read as UTF-8 bytes, line by line."""

    def __init__(self, text):
        self.text = text

    def readline(self, size: int) -> bytes:
        return self.text.readline(size).encode("utf-8")


def _contacts(path: Path, lines: Iterator[str], strict: bool) -> Iterator[Contact]:
    head: list[str] = []
    columns, delimiter = None, ","
    for line in lines:
        head.append(line)
        for sep in (",", ";", "\t"):
            cells = [c.strip().strip('"').strip() for c in line.split(sep)]
            if tuple(cells[:2]) == HEADER:
                columns, delimiter = cells, sep
                break
        if columns is not None or len(head) > 50:
            break
    if columns is None or not COLUMNS <= set(columns):
        raise JournalError(
            f"{path}: not a LinkedIn Connections export (no header with "
            f"{', '.join(sorted(COLUMNS))})"
        )
    reader = csv.reader(lines, delimiter=delimiter)
    at = {column: n for n, column in enumerate(columns)}  # the last, if one is repeated
    first, last, company, role = at["First Name"], at["Last Name"], at["Company"], at["Position"]
    url, connected = at.get("URL"), at.get("Connected On")
    email = next((at[c] for c in EMAIL_COLUMNS if c in at), None)
    width, offset = len(columns), len(head)
    # Plain indexing and str methods below: this runs for every row of a large file.
    end = 0
    for row in reader:
        where, end = f"line {end + 1 + offset}", reader.line_num
        if not "".join(row).strip():
            continue
        if len(row) == 1 and delimiter in row[0]:
            # Excel sometimes quotes a whole row as one cell: the row is inside it.
            row = next(csv.reader([row[0]], delimiter=delimiter))
        problem = None
        if len(row) < width or "".join(row[width:]).strip():
            problem = f"{len(row)} columns where the header has {width}"
        row += [""] * (width - len(row))
        given, family = row[first].strip(), row[last].strip()
        contact = Contact(
            name=f"{given} {family}" if given and family else given or family,
            where=where,
            company=row[company].strip() or None,
            role=row[role].strip() or None,
            found_via="online",
            network="linkedin",
        )
        if connected is not None and problem is None and (text := clean(row[connected])):
            contact.met_on = linkedin_date(text)
            if contact.met_on is None:
                problem = f"cannot read the date {text!r} in Connected On"
        if email is not None and (address := row[email].strip()):
            if "@" in address:
                contact.emails.append(address)
            else:  # "urn:li:member:…" in some 2018 files: not an address, kept all the same
                contact.vcard = f'X-CSV-FIELD;X-COLUMN="{columns[email]}":{address}\r\n'

        if url is not None and (profile := row[url].strip()) and problem is None:
            try:
                contact.handles.append(parse_handle(profile))
            except HandleError as e:
                problem = str(e)
        if problem is not None:
            if strict:
                raise JournalError(f"{path}, {where}: {problem}")
            contact.skip = problem
        elif not contact.name and contact.handles:
            _name_from_profile(contact)
        yield contact


def _name_from_profile(contact: Contact) -> None:
    """A member who hides their name: named after their profile address
    (/in/jane-doe-4a1b2c3 is "Jane Doe"), and tagged so."""
    handle = contact.handles[0]
    words = unquote(handle.handle).replace("_", "-").split("-")
    if len(words) > 1 and any(c.isdigit() for c in words[-1]):
        words.pop()  # the number LinkedIn adds to tell namesakes apart
    contact.name = " ".join(w.capitalize() for w in words if w) or handle.handle
    contact.name_derived = True
    contact.tags.append(NAMELESS_TAG)


DATE_FORMS = (
    # 17 Nov 2026, 17 November 2026, 5-Jan-26, 27-juil-25, 17. Nov. 2026
    re.compile(r"(?P<d>\d{1,2})[\s\-./]+(?P<m>[^\W\d_]+)\.?[\s\-./]+(?P<y>\d{4}|\d{2})(?!\d)"),
    # Nov 17, 2026
    re.compile(r"(?P<m>[^\W\d_]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"),
    # 2021-09-16
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    # 16.09.2021, 16.09.21 (day first, as Europe writes it)
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})(?!\d)"),
    # 1/8/18, 6:14 PM and 11/17/2017 (month first, as LinkedIn wrote it in 2018)
    re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?!\d)"),
)


@lru_cache(maxsize=16384)  # more days than there have been since LinkedIn began
def linkedin_date(text: str) -> date | None:
    """A Connected On date in any of the forms above; None if it is none of them."""
    for form in DATE_FORMS:
        found = form.match(text.strip())
        if found is None:
            continue
        month = found["m"]
        month = int(month) if month.isdigit() else MONTHS.get(month.casefold())
        year = int(found["y"])
        if len(found["y"]) == 2:
            year += 2000  # LinkedIn was founded in 2003
        try:
            return date(year, month, int(found["d"])) if month else None
        except ValueError:
            return None
    return None
