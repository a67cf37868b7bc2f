"""vCard: files of 2.1, 3.0 and 4.0 (phones, Google Contacts, Apple, khard) read with vobject,
and everyone written back as vCard 3.0, which Google Contacts, Apple Contacts and khard read.

What vCard has no property for goes into X-JOURNAL-* properties, which `read_vcards`
reads back; the properties an imported card had and the journal has no column for
(kept in `people.vcard`) are written back as they were.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from journal.dates import when_from_iso
from journal.errors import JournalError
from journal.files import bounded_lines, open_text
from journal.formats.contact import Contact
from journal.formats.vcard_dates import read_dates, write_dates
from journal.handles import HandleError, parse_handle
from journal.values import clean

# Written by `export vcard` for what vCard has no property for; read back here.
JOURNAL_PROPERTIES = {
    "X-JOURNAL-FOUND-VIA": "found_via",
    "X-JOURNAL-MET-ON": "met_on",
    "X-JOURNAL-SOURCE-URL": "source_url",
    "X-JOURNAL-STORY": "story",
}
# Not kept: they describe the file, not the person.
DROPPED = {"VERSION", "PRODID", "REV"}
PRODID = "-//journal//networking journal//EN"
# A card with a large photo is a few MiB; past this, a card is no address book's.
MAX_CARD = 10 * 2**20
SOCIAL = {"X-SOCIALPROFILE", "X-TWITTER", "IMPP", "URL"}


def read_vcards(paths: list[Path]) -> Iterator[Contact]:
    import vobject

    for path in paths:
        with open_text(path) as f:
            found = 0
            try:
                for start, text in _chunks(bounded_lines(f, MAX_CARD, str(path)), str(path)):
                    try:
                        cards = list(vobject.readComponents(text, allowQP=True))
                    except vobject.base.ParseError as e:
                        raise JournalError(
                            f"{path}: not a readable vCard file ({_message(e, start)})"
                        ) from None
                    for card in cards:
                        found += 1
                        if card.name != "VCARD":
                            raise JournalError(f"{path}, card {found}: a {card.name}, not a vCard")
                        yield _contact(path, card, found, _logical_lines(text))
            except UnicodeDecodeError:
                raise JournalError(f"{path}: not a vCard file (not UTF-8 text)") from None
            if not found:
                raise JournalError(f"{path}: no vCard in this file")


def _chunks(lines: Iterable[str], where: str) -> Iterator[tuple[int, str]]:
    """The file cut into cards, as text with the line each starts on, so a large file is
    read one card at a time. What lies between cards comes as a chunk of its own, for
    vobject to refuse (or to find a calendar in). A card larger than MAX_CARD is refused
    as soon as it grows past it: vobject takes some 25 times a card's size to read it."""
    chunk: list[str] = []
    start, depth, size = 1, 0, 0
    for number, line in enumerate(lines, 1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if depth == 0 and chunk:
                yield start, "".join(chunk)
                chunk, size = [], 0
            depth += 1
        if not chunk:
            start = number
        chunk.append(line)
        size += len(line)
        if size > MAX_CARD:
            raise JournalError(
                f"{where}: the card at line {start} is larger than {MAX_CARD // 2**20} MiB"
            )
        if word == "END:VCARD" and depth:
            depth -= 1
            if depth == 0:
                yield start, "".join(chunk)
                chunk, size = [], 0
    if chunk:
        yield start, "".join(chunk)


def _logical_lines(text: str) -> dict[int, str]:
    """A card's lines unfolded, as vobject numbers them, before any decoding."""
    from vobject.base import getLogicalLines

    return {number: line for line, number in getLogicalLines(io.StringIO(text), allowQP=True)}


def _message(error, start: int) -> str:
    line = getattr(error, "lineNumber", None)
    if line is None:
        return str(error).strip()[:120]
    return f"At line {start + max(line, 1) - 1}: {error.msg}"[:120]


def _whole_text(line, raw: dict[int, str]) -> None:
    """Give a text property its whole value. vobject keeps only what comes before the
    first comma that is not escaped (py-vobject/vobject#55), and many phones write
    "NOTE:Met at PyCon, nice" or a quoted-printable =2C; a text property has one value."""
    from vobject.base import textLineToContentLine
    from vobject.icalendar import stringToTextValues
    from vobject.vcard import FN, VCardTextBehavior

    text = raw.get(line.lineNumber)
    if line.behavior not in (VCardTextBehavior, FN) or text is None:
        return
    if getattr(line, "encoding_param", None):  # base64: not text
        return
    # A new content line decodes quoted-printable; the escapes are undone here.
    encoded = textLineToContentLine(text).value
    line.value = stringToTextValues(encoded, listSeparator=None)[0]


def _contact(path: Path, card, number: int, raw: dict[int, str]) -> Contact:
    where = f"card {number}"
    for line in card.getChildren():
        _whole_text(line, raw)
    contact = Contact(name=_name(card) or "", where=where)
    contact.dates, dated = read_dates(card.getChildren())
    extra = []
    for line in card.getChildren():
        if any(line is used for used in dated):
            continue
        name = line.name.upper()
        value = line.value
        if name in ("FN", "N") or name in DROPPED:
            continue
        if name == "ORG":
            parts = value if isinstance(value, list) else [value]
            contact.company = contact.company or clean(parts[0] if parts else None)
            if len(parts) > 1:
                extra.append(line)
        elif name == "TITLE" and not contact.role:
            contact.role = clean(value)
        elif name == "EMAIL" and clean(value):
            contact.emails.append(value.strip())
        elif name == "TEL" and clean(value) and not contact.phone:
            contact.phone = value.strip().removeprefix("tel:")
        elif name == "ADR" and clean(getattr(value, "city", None)) and not contact.city:
            contact.city = value.city.strip()
            extra.append(line)  # the rest of the address comes back on export
        elif name == "NOTE" and clean(value) and not contact.notes:
            contact.notes = value.strip()
        elif name == "CATEGORIES":
            values = value if isinstance(value, list) else str(value).split(",")
            contact.tags += [t.strip() for t in values if t.strip()]
        elif name in SOCIAL and _handle(contact, name, value):
            continue
        elif name in JOURNAL_PROPERTIES and clean(value):
            field = JOURNAL_PROPERTIES[name]
            try:
                setattr(contact, field, when_from_iso(value) if field == "met_on" else value)
            except ValueError:
                raise JournalError(f"{path}, {where}: cannot read {name} {value!r}") from None
        else:
            extra.append(line)
    contact.vcard = _serialize(extra)
    return contact


def _name(card) -> str | None:
    if "fn" in card.contents and clean(card.fn.value):
        return card.fn.value.strip()
    if "n" in card.contents:
        n = card.n.value
        return clean(" ".join(p for p in (n.prefix, n.given, n.additional, n.family) if p))
    if "org" in card.contents:  # a company's card
        org = card.org.value
        return clean(org[0] if isinstance(org, list) else org)
    return None


def _handle(contact: Contact, name: str, value) -> bool:
    """Add the handle in a social property; False when it is not one we can read."""
    text = clean(str(value))
    if text is None:
        return False
    if name == "X-TWITTER" and not text.startswith(("@", "http")):
        text = "@" + text
    if name == "URL" and not text.lower().startswith(("http://", "https://")):
        return False
    if name == "IMPP" and not text.lower().startswith(("http://", "https://")):
        return False
    try:
        contact.handles.append(parse_handle(text))
    except HandleError:
        return False
    return True


def _serialize(lines) -> str | None:
    """The lines as vCard text (folded and escaped), to be read back by `export vcard`."""
    if not lines:
        return None
    buffer = io.StringIO()
    for line in lines:
        line.serialize(buffer, 75, validate=False)
    return buffer.getvalue()


# -- writing --------------------------------------------------------------------------


def write_vcard(person: dict) -> str:
    """One person as a vCard 3.0; what vCard has no property for goes into X-JOURNAL-*
    properties, and the properties kept from an imported card come back as they were."""
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("prodid").value = PRODID
    card.add("fn").value = person["name"]
    given, _, family = person["name"].rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    kept = _kept(person.get("vcard"))
    if not any(line.name == "UID" for line in kept):
        # khard and CardDAV need one; stable, so a re-export updates instead of adding.
        card.add("uid").value = f"journal-person-{person['id']}"
    if person["company"] and not _update(kept, "org", lambda v: [person["company"], *v[1:]]):
        card.add("org").value = [person["company"]]
    if person["role"]:
        card.add("title").value = person["role"]
    for email in person["emails"]:
        line = card.add("email")
        line.value = email
        line.type_param = "INTERNET"
    if person["phone"]:
        card.add("tel").value = person["phone"]
    if person["city"] and not _update(kept, "adr", lambda v: _with_city(v, person["city"])):
        card.add("adr").value = vobject.vcard.Address(city=person["city"])
    if person["notes"]:
        card.add("note").value = person["notes"]
    if person["tags"]:
        card.add("categories").value = person["tags"]
    for h in person["handles"]:
        line = card.add("x-socialprofile")
        line.value = h["url"]
        line.type_param = h["network"]
    for prop, field in JOURNAL_PROPERTIES.items():
        if person.get(field):
            card.add(prop.lower()).value = str(person[field])
    kept = write_dates(card, person.get("dates") or [], kept)
    for line in kept:
        card.add(line)
    return card.serialize()


def write_vcards(people: Iterator[dict]) -> Iterator[str]:
    for person in people:
        yield write_vcard(person)


def _kept(text: str | None) -> list:
    if not text:
        return []
    import vobject

    card = vobject.readOne(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{text}END:VCARD\r\n", allowQP=True)
    return [line for line in card.getChildren() if line.name != "VERSION"]


def _update(lines: list, name: str, change) -> bool:
    """Apply `change` to the kept `name` property, if the card had one."""
    for line in lines:
        if line.name.lower() == name:
            line.value = change(line.value)
            return True
    return False


def _with_city(address, city: str):
    address.city = city
    return address
