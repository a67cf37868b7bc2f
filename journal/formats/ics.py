"""Reminders as an iCalendar file: one all-day event per dated follow-up, per cadence and
per important date (a yearly one repeats every year)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from icalendar import Alarm, Calendar, Event, vRecur

from journal.text.dates import standing

# Calendar apps show an all-day event's alarm relative to its midnight start.
MORNING = dt.timedelta(hours=9)
PRODID = "-//journal//networking journal//EN"
# The longest a summary or a place is in an event: a calendar is no place for an essay.
SHORT = 200


def uid(item: dict) -> str:
    """Stable across exports, so a re-import or a subscription updates instead of duplicating."""
    if item["follow_up_id"] is not None:
        return f"follow-up-{item['follow_up_id']}@journal"
    if item.get("date_id") is not None:
        return f"date-{item['date_id']}@journal"
    return f"keep-in-touch-{item['person_id']}@journal"


def clipped(text: str, size: int = SHORT) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def description(item: dict, card: str, on: dt.date) -> str:
    """Short, whatever the journal holds: a calendar provider gets the plan and a way
    to the card, never the story or the handles (issue 20, point 9)."""
    lines = []
    if item["kind"] == "important-date":
        since = "" if item["date"].startswith("--") else f" ({item['date']})"
        label = item["label"]
        lines.append(f"{label[:1].upper()}{label[1:]} of {item['name']}{since}.")
    if standing(item["due"], on) == "overdue":
        lines.append(f"Overdue since {item['due']}.")
    if item["kind"] == "keep-in-touch" and item["last_contact"]:
        lines.append(f"Last contact {item['last_contact']}.")
    if item["city"]:
        lines.append(f"In {clipped(item['city'])}.")
    lines.append(card)
    return "\n".join(lines)


def write_ics(
    items: list[dict],
    *,
    card_url: Callable[[int], str] | None = None,
    stamp: dt.datetime | None = None,
    on: dt.date | None = None,
) -> bytes:
    """`items` are due rows with a date (the core's `reads.calendar`). `card_url` gives
    the address of a person's card, when there is a server to link to; else the event
    says how to see it. `stamp` is when the calendar was made: now, unless given.

    What is overdue by `on` (today, unless given) is put on that day, saying since when:
    a calendar shows no reminder on a day gone by. It repeats again once it is done."""
    on = on or dt.date.today()
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "journal: follow-ups")
    for item in items:
        action = clipped(f"{item['name']}: {item['action'] or 'keep in touch'}")
        if item["kind"] == "important-date":
            # A yearly event: its title holds for every year, so no age in it.
            action = clipped(f"{item['name']}: {item['label']}")
        card = card_url(item["person_id"]) if card_url else f"journal show {item['person_id']}"
        event = Event()
        event.add("uid", uid(item))
        event.add("dtstamp", stamp)
        event.add("summary", action)
        start = max(dt.date.fromisoformat(item["due"]), on)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(days=1))
        if item["rrule"] and standing(item["due"], on) != "overdue":
            event.add("rrule", vRecur.from_ical(item["rrule"]))
        event.add("description", description(item, card, on))
        if card_url:
            event.add("url", card)
        if item["city"]:
            event.add("location", clipped(item["city"]))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", action)
        alarm.add("trigger", MORNING)
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
