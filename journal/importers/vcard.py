"""vCard files (2.1, 3.0 and 4.0; phones, Google Contacts, Apple, khard), read with vobject."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from journal.errors import JournalError
from journal.handles import HandleError, parse_handle
from journal.importers import Contact, clean, open_text

# Written by `export vcard` for what vCard has no property for; read back here.
JOURNAL_PROPERTIES = {
    "X-JOURNAL-FOUND-VIA": "found_via",
    "X-JOURNAL-MET-ON": "met_on",
    "X-JOURNAL-SOURCE-URL": "source_url",
    "X-JOURNAL-STORY": "story",
}
# Not kept: they describe the file, not the person.
DROPPED = {"VERSION", "PRODID", "REV"}
SOCIAL = {"X-SOCIALPROFILE", "X-TWITTER", "IMPP", "URL"}


def read_vcards(paths: list[Path]) -> Iterator[Contact]:
    import vobject

    for path in paths:
        with open_text(path) as f:
            found = 0
            try:
                for start, text in _chunks(f):
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


def _chunks(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """The file cut into cards, as text with the line each starts on, so a large file is
    read one card at a time. What lies between cards comes as a chunk of its own, for
    vobject to refuse (or to find a calendar in)."""
    chunk: list[str] = []
    start, depth = 1, 0
    for number, line in enumerate(lines, 1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if depth == 0 and chunk:
                yield start, "".join(chunk)
                chunk = []
            depth += 1
        if not chunk:
            start = number
        chunk.append(line)
        if word == "END:VCARD" and depth:
            depth -= 1
            if depth == 0:
                yield start, "".join(chunk)
                chunk = []
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
    extra = []
    for line in card.getChildren():
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
                setattr(contact, field, date.fromisoformat(value) if field == "met_on" else value)
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
