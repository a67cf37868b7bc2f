"""An event's guest list as the organiser (or an attendee) can export it: Luma's guest
CSV, Eventbrite's attendee report, Meetup's attendee export, and an `.ics` invitation's
attendees. Pure readers: a file in, a `GuestList` out; nothing here knows the journal.

Each guest is a dict: `key` (the list's own id for them, else their email, else their
name: what an updated list is matched on), name, email, phone, profile_url, company,
role, status (going, checked in, waitlist, pending, refunded, declined, maybe, not
going), came (1 checked in or attended, 0 not, None unknown) and `answers` (the custom
questions' columns, by their heading).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from journal.errors import JournalError
from journal.files import open_input
from journal.text.values import clean

# A guest list of a large conference is a few MB; a file of 50 MB is not one.
MAX_BYTES = 50 * 2**20

LUMA_KNOWN = {
    "api_id", "guest_id", "name", "first_name", "last_name", "email", "phone_number",
    "created_at", "approval_status", "checked_in_at", "custom_source", "qr_code_url",
    "amount", "amount_tax", "amount_discount", "currency", "coupon_code", "eth_address",
    "solana_address", "survey_response_rating", "survey_response_feedback",
    "ticket_type_id", "ticket_name", "utm_source", "registered_at", "ticket_type",
}  # fmt: skip
EVENTBRITE_KNOWN = {
    "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier",
    "Ticket Type", "Attendee #", "Barcode #", "Group", "Order Type", "Currency",
    "Total Paid", "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing",
    "Attendee Status", "Job Title", "Company", "Event Name", "Event Date", "Checked In",
    "Cell Phone", "Home Phone", "Work Phone", "Prefix", "Suffix", "Website", "Blog",
    "Gender", "Age", "Birth Date", "Order Status", "Device Name", "Check-In Date",
}  # fmt: skip
ADDRESS_PARTS = ("Address 1", "Address 2", "City", "State", "Zip", "Country")
ADDRESSES = {f"{kind} {part}" for kind in ("Home", "Work", "Billing", "Shipping")
             for part in ADDRESS_PARTS}  # fmt: skip
MEETUP_KNOWN = {
    "Name", "Attendance", "User ID", "Title", "Event Host", "RSVP", "Guests", "RSVPed on",
    "Joined Group on", "URL of Member Profile", "Notes",
}  # fmt: skip

LUMA_STATUS = {
    "approved": "going", "pending_approval": "pending", "pending": "pending",
    "waitlist": "waitlist", "declined": "declined", "invited": "invited",
    "not_going": "not going", "session": "going",
}  # fmt: skip


@dataclass
class GuestList:
    """What a file says: where it came from, the event when it names one, the guests."""

    source: str
    guests: list[dict]
    event: dict = field(default_factory=dict)


def read_guests(path: Path) -> GuestList:
    """The guest list in `path`, of whichever layout its first line (or its
    BEGIN:VCALENDAR) shows; a file of no known layout is refused, naming the four."""
    with open_input(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise JournalError(f"{path}: larger than {MAX_BYTES // 2**20} MB; not a guest list")
    text = _decoded(data)
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return read_invitation(text, path)
    return read_guest_csv(text, path)


def _decoded(data: bytes) -> str:
    """UTF-8 (with or without Luma's byte order mark), UTF-16 by its mark (Meetup's
    spreadsheet export), else Windows-1252 (a list saved again by Excel)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_guest_csv(text: str, path: Path | str = "guests.csv") -> GuestList:
    """A Luma, Eventbrite or Meetup export, told apart by its header."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [h.strip() for h in rows.fieldnames or []]
        rows.fieldnames = header
        if "api_id" in header or "guest_id" in header:
            return GuestList("luma", _each(rows, _luma, header))
        if "Attendee Status" in header or ("Order #" in header and "First Name" in header):
            return GuestList("eventbrite", _each(rows, _eventbrite, header))
        if "URL of Member Profile" in header or {"User ID", "RSVP"} <= set(header):
            return GuestList("meetup", _each(rows, _meetup, header))
    except csv.Error as e:
        raise JournalError(f"{path}: not a guest list ({e})") from None
    raise JournalError(
        f"{path}: not a guest list (a Luma, Eventbrite or Meetup CSV, or an .ics invitation)"
    )


def _each(rows: csv.DictReader, read, header: list[str]) -> list[dict]:
    guests = []
    for row in rows:
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue
        guest = read(row, header)
        if guest["name"] or guest["email"]:
            guest["name"] = guest["name"] or guest["email"].split("@")[0]
            guest["key"] = guest["key"] or guest["email"] or guest["name"].casefold()
            guests.append(guest)
    return guests


def _guest(**values) -> dict:
    guest = {k: clean(values.get(k)) for k in ("key", "name", "email", "phone", "profile_url")}
    guest |= {k: clean(values.get(k)) for k in ("company", "role", "status")}
    guest["email"] = guest["email"] and guest["email"].lower()
    guest["came"] = values.get("came")
    guest["answers"] = {k: v for k, v in values.get("answers", {}).items() if v}
    return guest


def _answers(row: dict, header: list[str], known: set[str]) -> dict:
    return {h: row.get(h, "") for h in header if h and h not in known}


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _luma(row: dict, header: list[str]) -> dict:
    status = LUMA_STATUS.get(row.get("approval_status", "").lower(), row.get("approval_status"))
    checked_in = bool(row.get("checked_in_at"))
    answers = _answers(row, header, LUMA_KNOWN)
    return _guest(
        key=row.get("api_id") or row.get("guest_id"),
        name=_luma_name(row),
        email=row.get("email"),
        phone=row.get("phone_number"),
        status="checked in" if checked_in else status,
        came=1 if checked_in else None,
        company=_asked(answers, "company", "organization", "organisation", "employer"),
        role=_asked(answers, "role", "title", "position", "job"),
        profile_url=_asked(answers, "linkedin", "website", "profile", "twitter"),
        answers=answers,
    )


def _luma_name(row: dict) -> str:
    """The name as typed, but "Lovelace, Ada" as "Ada Lovelace" when the first and last
    name columns say which is which."""
    first, last = row.get("first_name", ""), row.get("last_name", "")
    name = row.get("name") or _joined(first, last)
    if first and last and name.replace(" ", "") == f"{last},{first}".replace(" ", ""):
        return _joined(first, last)
    return name


def _asked(answers: dict, *words: str) -> str | None:
    """The answer to the first custom question whose heading names one of `words`
    ("What's your company?"), which Luma's fixed columns lack."""
    for word in words:
        for question, answer in answers.items():
            if word in question.lower() and answer:
                return answer
    return None


EVENTBRITE_STATUS = {"attending": "going", "checked in": "checked in", "refunded": "refunded",
                     "not attending": "not going", "transferred": "transferred"}  # fmt: skip


def _eventbrite(row: dict, header: list[str]) -> dict:
    raw = row.get("Attendee Status") or row.get("Order Status") or ""
    status = EVENTBRITE_STATUS.get(raw.lower(), raw or None)
    checked_in = status == "checked in" or row.get("Checked In", "").lower() in ("yes", "y")
    known = EVENTBRITE_KNOWN | ADDRESSES
    if checked_in and status == "going":
        status = "checked in"
    order, attendee = row.get("Order #"), row.get("Attendee #")
    return _guest(
        key=attendee and f"{order}/{attendee}",
        name=_joined(row.get("First Name"), row.get("Last Name")),
        email=row.get("Email"),
        phone=row.get("Cell Phone") or row.get("Work Phone") or row.get("Home Phone"),
        company=row.get("Company"),
        role=row.get("Job Title"),
        profile_url=row.get("Website") or row.get("Blog"),
        status=status,
        came=1 if checked_in else (0 if status == "refunded" else None),
        answers=_answers(row, header, known),
    )


MEETUP_RSVP = {"yes": "going", "no": "not going", "waitlist": "waitlist", "maybe": "maybe"}


def _meetup(row: dict, header: list[str]) -> dict:
    rsvp = row.get("RSVP", "").lower()
    attended = row.get("Attendance", "").lower()
    came = 1 if attended in ("y", "yes", "attended") else (0 if attended in ("n", "no") else None)
    user = row.get("User ID", "")
    return _guest(
        key=user.removeprefix("user ").strip() or None,
        name=row.get("Name"),
        profile_url=row.get("URL of Member Profile"),
        role=row.get("Title"),
        status="checked in" if came else MEETUP_RSVP.get(rsvp, rsvp or None),
        came=came,
        answers=_answers(row, header, MEETUP_KNOWN),
    )


ICS_STATUS = {"ACCEPTED": "going", "DECLINED": "declined", "TENTATIVE": "maybe",
              "NEEDS-ACTION": "invited", "DELEGATED": "delegated"}  # fmt: skip


def read_invitation(text: str, path: Path | str = "invite.ics") -> GuestList:
    """The first event of a calendar invitation: its ATTENDEE lines (CN, mailto:,
    PARTSTAT) as guests, and the event's name, date and place."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError as e:
        raise JournalError(f"{path}: not a calendar invitation ({e})") from None
    found = list(cal.walk("VEVENT"))
    if not found:
        raise JournalError(f"{path}: a calendar with no event in it")
    event = found[0]
    start = event.get("DTSTART")
    when = start.dt if start is not None else None
    if isinstance(when, datetime):
        when = when.date()
    people = event.get("ATTENDEE") or []
    if not isinstance(people, list):
        people = [people]
    guests = [_attendee(a) for a in people]
    guests = [g for g in guests if g["name"]]
    return GuestList(
        "ics",
        guests,
        {
            "name": clean(str(event.get("SUMMARY", ""))),
            "date": when if isinstance(when, date) else None,
            "place": clean(str(event.get("LOCATION", ""))),
            "url": clean(str(event.get("URL", ""))),
        },
    )


def _attendee(a) -> dict:
    address = str(a)
    email = address[7:] if address.lower().startswith("mailto:") else None
    name = str(a.params.get("CN", "")).strip().strip('"')
    if not name or name.lower() == (email or "").lower():
        name = (email or "").split("@")[0]
    status = ICS_STATUS.get(str(a.params.get("PARTSTAT", "")).upper())
    return _guest(key=email or name.casefold(), name=name, email=email, status=status)
