"""Reading contacts from other tools' files. Each reader yields `Contact`s, one at a time,
so a large file is never held in memory; `JournalStore.import_contacts` writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from journal.errors import JournalError
from journal.handles import Handle


@dataclass
class Contact:
    """One person as a file describes them, before matching against the journal."""

    name: str
    where: str  # "line 12", "card 3": for messages
    company: str | None = None
    role: str | None = None
    city: str | None = None
    phone: str | None = None
    notes: str | None = None
    found_via: str | None = None
    met_on: date | None = None
    source_url: str | None = None
    story: str | None = None
    emails: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # vCard properties the journal has no column for, as vCard text, so that
    # `export vcard` gives them back.
    vcard: str | None = None


def open_text(path: Path):
    """The file as text; a missing or unreadable file is one clear error."""
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise JournalError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise JournalError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise JournalError(f"{path}: permission denied") from None


def clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
