"""The journal's own routes: the calendar feed, and the browser's writes.

A write reads the form at the edge (journal.text.inputs, as the command line reads its
options) and calls the same core function as the command line, on Datasette's write
connection; then it goes back to the page the form was on, with a message saying what
happened or what was wrong.
"""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import urlsplit

from datasette.utils.asgi import Response

from journal.db import Connection, places, plans, reads, requests_seen
from journal.db.connection import BUSY_TIMEOUT_MS
from journal.db.replica_state import replicating
from journal.errors import InvalidValue, JournalError
from journal.fields import INTERACTION_KINDS
from journal.text.dates import today
from journal.text.inputs import read_date, whole_number
from journal.web.base import journal_database, journal_named, read
from journal.web.once import Repeated, current


async def write(datasette, database: str, change):
    """Run `change(core)` in one transaction on the write connection; a JournalError it
    raises comes back here (returned, so Datasette does not print it as a crash).

    A form that carries a `request_id` (journal.web.once) claims it in the same
    transaction: sent again, it writes nothing and raises `Repeated`."""
    once = current()
    if once is not None and once.error:
        raise InvalidValue(once.error, field="request_id")
    request_id = once.request_id if once is not None and not once.claimed else None

    path = datasette.get_database(database).path

    def run(conn):
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # as long as the CLI waits
        # While Litestream replicates the journal, checkpoints are its own (README).
        conn.execute(f"PRAGMA wal_autocheckpoint = {0 if replicating(path) else 1000}")
        core = Connection.over(conn)
        try:
            with core.transaction():
                if request_id is not None:
                    seen = requests_seen.claim(core, request_id)
                    if seen is not None:
                        return Repeated(database, request_id, seen)
                return change(core)
        except JournalError as e:
            return e
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            seconds = BUSY_TIMEOUT_MS // 1000
            return JournalError(
                f"the journal is busy with another write (an import?) and was still busy"
                f" after {seconds} seconds; nothing was written: try again in a minute"
            )

    result = await datasette.get_database(database).execute_write_fn(run, block=True)
    if isinstance(result, (JournalError, Repeated)):  # Datasette raises a JournalError,
        raise result  # unless run without threads
    if request_id is not None:
        once.claimed, once.database = True, database
    _locate_soon(datasette, database)
    return result


_locating: set[asyncio.Task] = set()  # held, so that a task is not collected half done


def _locate_soon(datasette, database: str) -> None:
    """A write may have brought a city not located yet: it is looked up in the offline
    gazetteer and stored once the answer is on its way, so that no page has to store it
    on a GET (the map, the trip: pages another site can link to only read)."""

    def run(conn):
        core = Connection.over(conn)
        try:
            if places.pending(core):
                places.locate_cities(core)
        except sqlite3.OperationalError:
            pass  # busy (an import?): the next write looks them up

    task = asyncio.get_running_loop().create_task(
        datasette.get_database(database).execute_write_fn(run, block=True)
    )
    _locating.add(task)
    task.add_done_callback(_locating.discard)


def back(request, fallback: str, form: dict | None = None) -> str:
    """The page of this site the form was sent from (or that a confirmation form names
    in its `back` field), else `fallback`."""
    if form and form.get("back"):
        parts = urlsplit(form["back"])
        same_site = not parts.netloc
    else:
        parts = urlsplit(request.headers.get("referer", ""))
        same_site = parts.netloc == request.headers.get("host", "")
    # "//elsewhere/x" (or "/\elsewhere") would send the browser to another site.
    if not same_site or not parts.path.startswith("/") or parts.path[1:2] in ("/", "\\"):
        return fallback
    return parts.path + (f"?{parts.query}" if parts.query else "")


# The forms the writes take: their fields (named as the command's options and arguments
# are) and what each does, for the page a GET shows.
FORMS = {
    "mark_done": {
        "title": "Mark a follow-up done",
        "about": "Logs it; a repeating follow-up moves to its next date.",
        "command": "journal done ID --note TEXT",
        "fields": ["follow_up_id", "note", "on_date"],
        "done": "Marked done and logged.",
    },
    "log_interaction": {
        "title": "Log an interaction",
        "about": f"kind is {', '.join(INTERACTION_KINDS)}; date empty for today.",
        "command": "journal log PERSON NOTE --kind K --on DATE --where PLACE",
        "fields": ["person_id", "date", "kind", "note", "place"],
        "done": "Logged.",
    },
}


def mark_done(form: dict):
    follow_up_id = whole_number(form.get("follow_up_id"), "follow_up_id")
    on = read_date(form.get("on_date") or None, "on_date")  # empty: today
    return lambda core: plans.complete_follow_up(core, follow_up_id, on=on, note=form.get("note"))


def log_interaction(form: dict):
    person_id = whole_number(form.get("person_id"), "person_id")
    on = read_date(form.get("date") or None, "date")  # empty: today
    return lambda core: plans.log(
        core,
        person_id,
        form.get("note"),
        kind=form.get("kind"),
        on=on,
        place=form.get("place"),
    )


WRITES = {"mark_done": mark_done, "log_interaction": log_interaction}


async def form_write(request, datasette):
    database = await journal_database(request, datasette)
    action = request.url_vars["action"]
    home = datasette.urls.database(database)
    if request.method != "POST":
        return Response.html(
            await datasette.render_template(
                "journal_form.html",
                {"database": database, "action": action, **FORMS[action]},
                request=request,
            )
        )
    form = dict(await request.post_vars())
    if action == "mark_done" and form.get("sure") != "yes":
        early = await not_yet_due(datasette, database, form)
        if early is not None:
            return Response.html(
                await datasette.render_template(
                    "journal_confirm.html",
                    {
                        "database": database,
                        "follow_up": early,
                        "form": {k: v for k, v in form.items() if k not in ("csrftoken", "back")},
                        "back": back(request, home, form),
                    },
                    request=request,
                )
            )
    try:
        await write(datasette, database, WRITES[action](form))
    except JournalError as e:
        datasette.add_message(request, str(e), datasette.ERROR)
    else:
        datasette.add_message(request, FORMS[action]["done"], datasette.INFO)
    return Response.redirect(back(request, home, form))


async def not_yet_due(datasette, database: str, form: dict) -> dict | None:
    """The open follow-up a Done form names, when it is not due yet: Done asks first."""
    try:
        follow_up_id = whole_number(form.get("follow_up_id"), "follow_up_id")
        f = await read(datasette, database, lambda core: plans.follow_up(core, follow_up_id))
    except JournalError:
        return None  # the write says what is wrong
    if f["status"] == "open" and f["due"] and f["due"] > today().isoformat():
        return f
    return None


async def due_ics(request, datasette):
    """A calendar feed of the open follow-ups and keep-in-touch dates, for subscribing."""
    database = await journal_named(request, datasette)
    visible, _ = await datasette.check_visibility(
        request.actor,
        permissions=[
            ("view-table", (database, "follow_ups")),
            ("view-database", database),
            "view-instance",
        ],
    )
    if not visible:
        # A calendar app cannot fill in a login form, but it can answer this.
        return Response.text(
            "Log in to read this calendar",
            status=401,
            headers={"www-authenticate": 'Basic realm="journal", charset="UTF-8"'},
        )
    from journal.formats.ics import write_ics

    items = await read(datasette, database, reads.calendar)

    def card_url(person_id: int) -> str:
        return datasette.absolute_url(request, datasette.urls.row(database, "people", person_id))

    return Response(
        write_ics(items, card_url=card_url),
        content_type="text/calendar; charset=utf-8",
        headers={"content-disposition": f'inline; filename="{database}-due.ics"'},
    )


ROUTES = [
    (r"^/(?P<database>[^/]+)/due\.ics$", due_ics),
    (r"^/(?P<database>[^/]+)/(?P<action>mark_done|log_interaction)$", form_write),
]
