"""The rest of LinkedIn's data export, beside Connections.csv (journal.formats.linkedin):

- `Invitations.csv`: From, To, Sent At ("1/29/26, 2:37 PM", or "2026-06-01 08:00 UTC"),
  Message, Direction (INCOMING, OUTGOING), and since 2023 inviterProfileUrl and
  inviteeProfileUrl: each invitation is a way you found the other person, online on
  LinkedIn, on that day, with its message.
- `messages.csv`: CONVERSATION ID, CONVERSATION TITLE, FROM, SENDER PROFILE URL, TO,
  RECIPIENT PROFILE URLS, DATE ("2023-05-01 14:22:10 UTC"), SUBJECT, CONTENT, FOLDER:
  the log, as an archive's messages are (journal.db.social). You are the member found
  in every conversation.
- `Contacts.csv`: Source, FirstName, LastName, Companies, Title, Emails, PhoneNumbers,
  CreatedAt, Addresses, Sites, InstantMessageHandles, FullName, Birthday, Location,
  BookmarkedAt, Profiles: the address book you gave LinkedIn.

`kind_of` tells which of them (or Connections.csv) a file is, by its header.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

from journal.errors import JournalError
from journal.files import open_input
from journal.formats.archive import Sighting, Skipped
from journal.formats.contact import Contact
from journal.formats.linkedin import linkedin_date, text_lines
from journal.text.handles import HandleError, parse_handle

HEADERS = {
    "invitations": {"From", "To", "Sent At", "Direction"},
    "messages": {"CONVERSATION ID", "FROM", "TO", "DATE", "CONTENT"},
    "contacts": {"FirstName", "LastName", "Emails", "PhoneNumbers"},
}


def kind_of(path: Path) -> str:
    """ "invitations", "messages", "contacts", or "connections" (anything else: the
    Connections reader says what is wrong with it)."""
    columns = set(_header(path))
    for kind, needed in HEADERS.items():
        if needed <= columns:
            return kind
    return "connections"


def _header(path: Path) -> list[str]:
    with open_input(path, "rb") as f:
        for line in text_lines(f, path):
            return [c.strip() for c in next(csv.reader([line]))]
    return []


def _rows(path: Path) -> Iterator[dict]:
    with open_input(path, "rb") as f:
        try:
            for row in csv.DictReader(text_lines(f, path)):
                yield {k.strip(): (v or "").strip() for k, v in row.items() if k}
        except csv.Error as e:
            raise JournalError(f"{path}: not a LinkedIn export ({e})") from None


def _day(text: str) -> date | None:
    """ "2026-06-01 08:00 UTC" or LinkedIn's "1/29/26, 2:37 PM"."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return linkedin_date(text)


def _profile(url: str) -> list:
    try:
        handle = parse_handle(url) if url else None
    except HandleError:
        return []
    return [handle] if handle is not None and handle.network == "linkedin" else []


def read_invitations(path: Path) -> Iterator[Contact]:
    """The person at the other end of each invitation, found online on LinkedIn."""
    for n, row in enumerate(_rows(path), 2):
        incoming = row.get("Direction", "").upper() in ("INCOMING", "RECEIVED")
        name = row.get("From" if incoming else "To", "")
        url = row.get("inviterProfileUrl" if incoming else "inviteeProfileUrl", "")
        sent = row.get("Sent At", "")
        contact = Contact(
            name=name,
            where=f"line {n}",
            found_via="online",
            network="linkedin",
            met_on=_day(sent) if sent else None,
            way_note=row.get("Message") or ("they invited you" if incoming else "you invited them"),
            source_url=url or None,
        )
        contact.handles += _profile(url)
        yield contact


def read_contacts(path: Path) -> Iterator[Contact]:
    """The address book you gave LinkedIn: names, companies, titles, emails, phones."""
    for n, row in enumerate(_rows(path), 2):
        name = row.get("FullName") or " ".join(
            p for p in (row.get("FirstName"), row.get("LastName")) if p
        )
        phones = [p.strip() for p in row.get("PhoneNumbers", "").split(",") if p.strip()]
        contact = Contact(
            name=name,
            where=f"line {n}",
            company=row.get("Companies", "").split(",")[0].strip() or None,
            role=row.get("Title") or None,
            city=row.get("Location") or None,
            phone=phones[0] if phones else None,
        )
        contact.emails += [e.strip() for e in row.get("Emails", "").split(",") if e.strip()]
        for site in row.get("Profiles", "").split(","):
            contact.handles += _profile(site.strip())
        yield contact


def read_messages(path: Path) -> Iterator[Sighting | Skipped]:
    """Each message as a sighting of the member at the other end: you are the one
    profile found in the most messages (in every conversation)."""
    seen: Counter = Counter()
    for row in _rows(path):
        senders = [row.get("SENDER PROFILE URL", "")]
        seen.update(u for u in senders + row.get("RECIPIENT PROFILE URLS", "").split(",") if u)
    me = seen.most_common(1)[0][0] if seen else None
    for row in _rows(path):
        sender = row.get("SENDER PROFILE URL", "")
        if sender == me:
            others = [u.strip() for u in row.get("RECIPIENT PROFILE URLS", "").split(",")]
            names = [row.get("TO", "")]
        else:
            others, names = [sender], [row.get("FROM", "")]
        handles = _profile(others[0]) if len(others) == 1 else []
        if not handles:
            yield Skipped("messages to several people or without a profile")
            continue
        day = _day(row.get("DATE", ""))
        if day is None:
            raise JournalError(f"{path}: a message has a date it cannot read ({row.get('DATE')!r})")
        thread = row.get("CONVERSATION ID", "")
        # A message has no address of its own: its thread's, and when it was sent.
        when = quote(row.get("DATE", ""))
        url = f"https://www.linkedin.com/messaging/thread/{quote(thread)}/#{when}"
        text = row.get("CONTENT") or row.get("SUBJECT") or None
        yield Sighting(handles, names[0] or None, "message", day.isoformat(), url, text, "linkedin")
