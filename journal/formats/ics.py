"""Reminders as an iCalendar file: one all-day event per dated follow-up and per cadence."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event, vRecur

from journal.handles import Handle

# Calendar apps show an all-day event's alarm relative to its midnight start.
MORNING = dt.timedelta(hours=9)
PRODID = "-//journal//networking journal//EN"


def uid(item: dict) -> str:
    """Stable across exports, so a re-import or a subscription updates instead of duplicating."""
    if item["follow_up_id"] is not None:
        return f"follow-up-{item['follow_up_id']}@journal"
    return f"keep-in-touch-{item['person_id']}@journal"


def description(item: dict, person: dict) -> str:
    lines = []
    if item["kind"] == "keep-in-touch" and item["last_contact"]:
        lines.append(f"Last contact {item['last_contact']}.")
    if item["city"]:
        lines.append(f"In {item['city']}.")
    lines += [
        f"{Handle(h['network'], h['handle'], h['url']).display()} {h['url']}"
        for h in person["handles"]
    ]
    if person.get("story"):
        lines += ["", person["story"]]
    return "\n".join(lines)


def write_ics(
    items: list[dict], people: dict[int, dict], *, stamp: dt.datetime | None = None
) -> bytes:
    """`items` are due rows with a date; `people` maps their ids to cards (the core's
    `reads.calendar`). `stamp` is when the calendar was made: now, unless given."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "journal: follow-ups")
    for item in items:
        person = people[item["person_id"]]
        action = item["action"] or "keep in touch"
        event = Event()
        event.add("uid", uid(item))
        event.add("dtstamp", stamp)
        event.add("summary", f"{person['name']}: {action}")
        start = dt.date.fromisoformat(item["due"])
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(days=1))
        if item["rrule"]:
            event.add("rrule", vRecur.from_ical(item["rrule"]))
        event.add("description", description(item, person))
        if item["city"]:
            event.add("location", item["city"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{person['name']}: {action}")
        alarm.add("trigger", MORNING)
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
