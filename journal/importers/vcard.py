"""vCard files (2.1, 3.0 and 4.0; phones, Google Contacts, Apple, khard), read with vobject."""

from __future__ import annotations

import io
from collections.abc import Iterator
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
            try:
                found = 0
                for found, card in enumerate(vobject.readComponents(f, allowQP=True), 1):
                    if card.name != "VCARD":
                        raise JournalError(f"{path}, card {found}: a {card.name}, not a vCard")
                    yield _contact(path, card, found)
            except vobject.base.ParseError as e:
                raise JournalError(f"{path}: not a readable vCard file ({_message(e)})") from None
            except UnicodeDecodeError:
                raise JournalError(f"{path}: not a vCard file (not UTF-8 text)") from None
            if not found:
                raise JournalError(f"{path}: no vCard in this file")


def _message(error) -> str:
    text = str(error).strip()
    return text[:120]


def _contact(path: Path, card, number: int) -> Contact:
    where = f"card {number}"
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
