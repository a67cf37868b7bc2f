"""How every value is normalised before it is stored, whichever face or file it came from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from journal.text.dates import PartialDate
from journal.text.handles import Handle


def clean(value: str | None) -> str | None:
    """Text as stored: without surrounding blanks; blank is NULL."""
    if value is None:
        return None
    value = value.strip()
    return value or None


BLANK = re.compile(r"\s")


def is_email(text: str) -> bool:
    """What the journal takes for an email address, from any face or file: something
    on both sides of an @, without spaces."""
    text = text.strip()
    return "@" in text.strip("@") and BLANK.search(text) is None


def iso(value: date | PartialDate | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date | PartialDate) else value


def as_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def unique(values: Iterable[str]) -> list[str]:
    """Stripped, without blanks or repeats (ignoring case), in their first order."""
    seen, kept = set(), []
    for value in values:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


def unique_handles(handles: Iterable[Handle]) -> list[Handle]:
    seen, kept = set(), []
    for h in handles:
        if (h.network, h.handle.casefold()) not in seen:
            seen.add((h.network, h.handle.casefold()))
            kept.append(h)
    return kept


def storable(row_id: int) -> bool:
    """An id SQLite can hold (a larger one, typed by hand, names nobody)."""
    return -(2**63) <= row_id < 2**63


def like_escaped(text: str) -> str:
    """`text` to stand for itself in a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def containing(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for values that contain `text` as typed."""
    return f"%{like_escaped(text)}%"
