"""What the journal's pages show, read with the core on Datasette's connections: a
person's card, an event and who you met there (the other pages: views.py and forms.py)."""

from __future__ import annotations

from datasette.utils import tilde_decode

from journal.db import Connection, guests, reads
from journal.text.dates import day_text, every_text, period_from_days, rrule_text
from journal.text.handles import Handle
from journal.web.base import bar, is_journal, read
from journal.web.markdown import render_markdown


def handle_links(handles: list[dict]) -> list[dict]:
    return [
        {"text": Handle(h["network"], h["handle"], h["url"]).display(), "url": h["url"]}
        for h in handles
    ]


def card(core: Connection, person_id: int) -> dict:
    person = reads.person(core, person_id)
    person["handle_links"] = handle_links(person["handles"])
    person["story_html"] = render_markdown(person.get("story"))
    person["open_follow_ups"] = person.pop("follow_ups")
    for d in person["dates"]:
        d["day_text"] = day_text(d["date"])
    for f in person["open_follow_ups"]:
        f["every"] = rrule_text(f["rrule"]) if f["rrule"] else None
        f["every_typed"] = f["every"]
    if person["keep_in_touch_days"]:
        person["keep_in_touch_text"] = every_text(period_from_days(person["keep_in_touch_days"]))
    return person


def row_id(request) -> int | None:
    try:
        return int(tilde_decode(request.url_vars.get("pks", "")))
    except ValueError:
        return None


async def template_vars(view_name: str, database: str, table: str, request, datasette) -> dict:
    """The card on a person's row page, the event on an event's."""
    if view_name != "row" or not await is_journal(datasette, database):
        return {}
    found = bar(datasette, database)
    pk = row_id(request)
    if pk is None:
        return {}
    if table == "people":
        found["journal_card"] = await read(datasette, database, lambda core: card(core, pk))
    elif table == "events":
        found["journal_event"] = await read(datasette, database, lambda core: reads.event(core, pk))
        found["journal_guests"] = await read(
            datasette, database, lambda core: guests.guest_list(core, pk)
        )
    return found
