"""What the journal's pages show, read with the core on Datasette's connections: a
person's card, an event and who you met there (the other pages: views.py and forms.py)."""

from __future__ import annotations

from datasette.utils import tilde_decode

from journal.dates import day_text, every_text, period_from_days, rrule_text, today
from journal.db import Connection, reads
from journal.fields import FOUND_VIA, INTERACTION_KINDS
from journal.handles import Handle
from journal.schema.migrations import APPLICATION_ID
from journal.web.markdown import link, render_markdown


async def is_journal(datasette, database: str | None) -> bool:
    if database is None or database not in datasette.databases:
        return False
    db = datasette.get_database(database)
    if db.is_memory:
        return False
    return (await db.execute("PRAGMA application_id")).first()[0] == APPLICATION_ID


async def read(datasette, database: str, query):
    """Run `query(core)` on Datasette's read connection."""
    return await datasette.get_database(database).execute_fn(
        lambda conn: query(Connection.over(conn))
    )


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
    from journal.web.views import more_pages

    found = {
        "journal_link": link,
        "journal_kinds": INTERACTION_KINDS,
        "journal_found_via": FOUND_VIA,
        "journal_today": today().isoformat(),
        "journal_title": datasette.metadata("title", database=database) or "journal",
        "journal_more_pages": more_pages(datasette, database),
    }
    pk = row_id(request)
    if pk is None:
        return {}
    if table == "people":
        found["journal_card"] = await read(datasette, database, lambda core: card(core, pk))
    elif table == "events":
        found["journal_event"] = await read(datasette, database, lambda core: reads.event(core, pk))
    return found
