"""A contact as another program's file describes it, before it meets the journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from journal.text.dates import PartialDate
from journal.text.handles import Handle


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
    # The network the person was found on, when `found_via` is online (linkedin).
    network: str | None = None
    # What that way found says (an invitation's message).
    way_note: str | None = None
    met_on: date | PartialDate | None = None
    source_url: str | None = None
    story: str | None = None
    emails: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Other names the person goes by (a journal's own export writes them).
    other_names: list[str] = field(default_factory=list)
    # Important dates: {"label", "date" (1985-04-07 or --04-07), "yearly"}.
    dates: list[dict] = field(default_factory=list)
    # vCard properties the journal's columns cannot give back exactly, as vCard 3.0
    # lines, so that `export vcard` writes them again.
    vcard: str | None = None
    # A name the file did not give but the reader made up (from a company, an email, a
    # profile address): never matched against the journal's names.
    name_derived: bool = False
    # Why this record of the file cannot be imported; it is skipped with this reason.
    skip: str | None = None
