"""The journal's Datasette plugin, loaded through the `datasette` entry point.

It turns a person's row page into a contact card and an event's into the list of who
you met there, puts "due this week" and "recently met" on the database page, serves
`/<db>/due.ics`, registers the SQL functions the schema's triggers call, and refuses
writes that do not come from the journal's own pages. Only journals are touched: any
other database Datasette serves alongside keeps Datasette's own pages.
"""

from __future__ import annotations

import datetime as dt
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from journal.dates import today
from journal.handles import Handle
from journal.migrations import APPLICATION_ID
from journal.store import JournalStore, register_functions
from journal.web.facets import CountedFacet
from journal.web.markdown import link, render_markdown

# Static files are served under the distribution's name.
PLUGIN = "journal"
DUE_AHEAD = dt.timedelta(days=7)
# The database page lists this many of each; the rest are a click away.
HOME_ITEMS = 12
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# The writable canned queries in metadata.yml: after one, go back to the page it came from.
WRITE_QUERIES = ("mark_done", "log_interaction")
# Columns of the canned queries that hold a person's id: shown as a link to the card.
PERSON_COLUMNS = ("person_id", "introducer_id")


@hookimpl
def prepare_connection(conn):
    register_functions(conn)


async def is_journal(datasette, database: str | None) -> bool:
    if database is None or database not in datasette.databases:
        return False
    db = datasette.get_database(database)
    if db.is_memory:
        return False
    return (await db.execute("PRAGMA application_id")).first()[0] == APPLICATION_ID


async def read(datasette, database: str, query):
    """Run `query(store)` on Datasette's read connection, with the store's own queries."""
    return await datasette.get_database(database).execute_fn(
        lambda conn: query(JournalStore.reading(conn))
    )


def handle_links(handles: list[dict]) -> list[dict]:
    return [
        {"text": Handle(h["network"], h["handle"], h["url"]).display(), "url": h["url"]}
        for h in handles
    ]


def card(store: JournalStore, person_id: int) -> dict:
    person = store.person(person_id)
    person["handle_links"] = handle_links(person["handles"])
    person["story_html"] = render_markdown(person.get("story"))
    person["open_follow_ups"] = person.pop("follow_ups")
    return person


def home(store: JournalStore) -> dict:
    on = today()
    due = store.due(until=on + DUE_AHEAD, limit=HOME_ITEMS + 1)
    for item in due:
        item["overdue"] = item["due"] < on.isoformat()
    return {
        "due": due[:HOME_ITEMS],
        "more_due": len(due) > HOME_ITEMS,
        "recent": store.people(limit=HOME_ITEMS),
    }


def row_id(request) -> int | None:
    try:
        return int(tilde_decode(request.url_vars.get("pks", "")))
    except ValueError:
        return None


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def inner():
        if view_name not in ("row", "database") or not await is_journal(datasette, database):
            return {}
        found = {"journal_link": link}
        if view_name == "database":
            found["journal_home"] = await read(datasette, database, home)
            return found
        pk = row_id(request)
        if pk is None:
            return {}
        if table == "people":
            found["journal_card"] = await read(datasette, database, lambda s: card(s, pk))
        elif table == "events":
            found["journal_event"] = await read(datasette, database, lambda s: s.event(pk))
        return found

    return inner


@hookimpl
def render_cell(value, column, table, database, datasette):
    """In the canned queries' results, a person's id links to their card."""
    if table is not None or column not in PERSON_COLUMNS or not isinstance(value, int):
        return None
    if database not in datasette.databases:
        return None
    url = datasette.urls.row(database, "people", value)
    return Markup(f'<a href="{escape(url)}">{value}</a>')


@hookimpl
def register_facet_classes():
    return [CountedFacet]


@hookimpl
def extra_css_urls(database, datasette):
    return [datasette.urls.static_plugins(PLUGIN, "journal.css")]


async def due_ics(request, datasette):
    """A calendar feed of the open follow-ups and keep-in-touch dates, for subscribing."""
    database = tilde_decode(request.url_vars["database"])
    if not await is_journal(datasette, database):
        return Response.text("Not found", status=404)
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
    from journal.exporters.ics import due_calendar

    body, _ = await read(datasette, database, due_calendar)
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"content-disposition": f'inline; filename="{database}-due.ics"'},
    )


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/due\.ics$", due_ics)]


@hookimpl
def forbidden(datasette, request, message):
    """With a password set, a visitor who is not logged in is sent to the login form."""
    if request.actor is not None or not (datasette.plugin_config("datasette-auth-passwords") or {}):
        return None
    login = datasette.urls.path("/-/login")
    return Response.redirect(login)


def _refusal(reason: str) -> Response:
    return Response.text(f"Refused: {reason}", status=403)


def write_refusal(scope) -> str | None:
    """Why a write must be refused, or None.

    Datasette checks the CSRF token only when a request carries cookies, and a browser
    sends none on a form posted from another site to a server it has no cookie for;
    so any web page could post to a journal on 127.0.0.1. A write must come from a
    page of this server: same origin, and with the CSRF cookie, so Datasette checks
    the token.
    """
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    host = headers.get("host", "")
    origin = headers.get("origin")
    if origin is not None and (origin == "null" or urlsplit(origin).netloc != host):
        return "this form was sent from another site"
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return "this form was sent from another site"
    if headers.get("authorization", "").lower().startswith("bearer "):
        return "tokens are not accepted; use the journal's own pages"
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", ""))
    except Exception:
        return "unreadable cookies"
    if "ds_csrftoken" not in cookies:
        return "reload the page and send the form again (no CSRF cookie)"
    return None


def back_to_referer(scope, location: bytes) -> bytes:
    """After a write from a journal page (a card, the home page), go back to that page."""
    if not scope["path"].endswith(tuple(f"/{name}" for name in WRITE_QUERIES)):
        return location
    headers = dict(scope["headers"])
    referer = headers.get(b"referer", b"").decode("latin-1")
    parts = urlsplit(referer)
    host = headers.get(b"host", b"").decode("latin-1")
    if parts.netloc != host or not parts.path.startswith("/"):
        return location
    return (parts.path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


def _with_headers(event: dict, scope, *, write: bool) -> dict:
    headers = []
    for key, value in event.get("headers", []):
        name = key.lower()
        if name == b"referrer-policy":
            # Datasette sends no-referrer, which makes a browser send `Origin: null` on
            # our own forms; same-origin keeps other sites blind and lets us check it.
            value = b"same-origin"
        elif name == b"location" and write and event["status"] == 302:
            value = back_to_referer(scope, value)
        headers.append((key, value))
    return {**event, "headers": headers}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            write = scope["method"] not in SAFE_METHODS
            if write and (reason := write_refusal(scope)) is not None:
                await _refusal(reason).asgi_send(send)
                return

            async def send_with_headers(event):
                if event["type"] == "http.response.start":
                    event = _with_headers(event, scope, write=write)
                await send(event)

            await app(scope, receive, send_with_headers)

        return guarded

    return wrap
