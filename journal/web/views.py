"""The journal's own pages: the home, the contact list, one search, what is due (the
forms that add and edit people and plans are in `forms`), and what they share.

Each page reads with the core (journal.db.reads) on Datasette's read connection.
A journal's `/<db>` and `/<db>/people` are these pages; with any parameter they do not
know (Datasette's `_sort`, a column filter, `sql`), Datasette's own page answers, so
its table, filters, SQL box, JSON and CSV stay one click away.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, Request
from markupsafe import Markup, escape

from journal.db import guests, lists, reads
from journal.db import replica_state as state
from journal.errors import InvalidValue, JournalError, SameName
from journal.fields import FOUND_VIA
from journal.text.dates import standing, today
from journal.text.inputs import whole_number
from journal.web.base import DB, is_journal, journal_database, not_found, read, render

PAGE_SIZE = 50
# The home lists this many of what is due and of who you met recently; a big journal
# met dozens of people on this day in earlier years: the home names a few.
HOME_ITEMS = 12
ON_THIS_DAY = 5
# What the contact list reads from its URL; anything else is Datasette's table's.
# SQLite's largest integer: a bigger page or id would not even reach a query.
LIST_PARAMS = {"q", "how", "event", "via", "tag", "city", "company", "sort", "page"}
# What the due page looks ahead.
DUE_AHEAD = dt.timedelta(days=28)
# Marks around the matching words of a snippet: characters no one types, so that the
# snippet can be escaped first and the marks made <mark> after.
MARKS = ("\ue000", "\ue001")
# -- helpers -------------------------------------------------------------------------------


async def datasettes_page(view_class, request, send, datasette, **url_vars):
    """Datasette's own page for this request, as if no plugin route had matched."""
    scope = {
        **request.scope,
        "url_route": {"kwargs": {**request.url_vars, "format": None, **url_vars}},
    }
    return await view_class.as_view(datasette)(Request(scope, request.receive), send)


def highlighted(snippet: str | None) -> Markup:
    """A snippet from the core, escaped, with its matching words in <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>"))


def with_overdue(items: list[dict], on: dt.date) -> list[dict]:
    for item in items:
        item["overdue"] = standing(item["due"], on) == "overdue"
        item["today"] = standing(item["due"], on) == "today"
    return items


async def typed(request) -> dict:
    """A form's fields as typed: a browser sends a text area's lines ended by CR LF."""
    return {k: v.replace("\r\n", "\n") for k, v in (await request.post_vars()).items()}


def one_line(form: dict, field: str) -> str | None:
    """A form's field as the command line gets an option: absent when left empty."""
    value = (form.get(field) or "").strip()
    return value or None


def lines(form: dict, field: str) -> list[str]:
    return [line.strip() for line in (form.get(field) or "").splitlines() if line.strip()]


def comma_list(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def field_of(error: JournalError) -> str | None:
    """The form field an error is about (the core names some by their column)."""
    if isinstance(error, SameName):
        return "name"
    field = getattr(error, "field", None)
    return {"handles": "handle", "emails": "email", "notes": "note", "until": "until"}.get(
        field, field
    )


# -- the home ------------------------------------------------------------------------------


def home_panels(core) -> dict:
    on = today()
    due = reads.due(core, until=on + dt.timedelta(days=7), limit=HOME_ITEMS + 1)
    met = reads.on_this_day(core, on)
    return {
        "due": with_overdue(due[:HOME_ITEMS], on),
        "more_due": len(due) > HOME_ITEMS,
        "recent": reads.people(core, limit=HOME_ITEMS),
        "on_this_day": met[:ON_THIS_DAY],
        "more_on_this_day": len(met) - ON_THIS_DAY,
    }


async def home(request, datasette, send):
    """`/<db>`: the journal's home. With a query (`sql`, `_view=datasette`, ...) or for
    a database that is not a journal, Datasette's database page."""
    from datasette.views.database import DatabaseView

    database = tilde_decode(request.url_vars["database"])
    if request.args or not await is_journal(datasette, database):
        return await datasettes_page(DatabaseView, request, send, datasette)
    database = await journal_database(request, datasette)
    panels = await read(datasette, database, home_panels)
    offsite = state.summary(Path(datasette.get_database(database).path))
    context = {"h": panels, "offsite": offsite}
    return await render(request, datasette, "journal_home.html", database, context)


# -- the contact list ------------------------------------------------------------------------


def whole(text: str | None, label: str, *, default: int | None = None) -> int | None:
    """A number in the URL (`page`, `event`, `via`, an id): a bad one is a 400."""
    try:
        return whole_number(text, label, optional=True, default=default)
    except InvalidValue as e:
        raise BadRequest(str(e)) from None


def contact_page(core, args) -> dict:
    how = args.get("how") or None
    if how is not None and how not in FOUND_VIA:
        raise InvalidValue(f"how: {how!r} is not one of {', '.join(FOUND_VIA)}", field="how")
    event_id = whole(args.get("event"), "event")
    via_id = whole(args.get("via"), "via")
    page = whole(args.get("page"), "page", default=1)
    sort = args.get("sort") or "met"
    text = (args.get("q") or "").strip() or None
    filters = {
        "how": how,
        "event_id": event_id,
        "via_id": via_id,
        "tags": [t for t in args.getlist("tag") if t],
        "city": args.get("city") or None,
        "company": args.get("company") or None,
    }
    found = lists.contact_list(
        core, sort=sort, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, text=text, **filters
    )
    names = {
        "event": event_id and core.row("SELECT name FROM events WHERE id = ?", [event_id]),
        "via": via_id and core.row("SELECT name FROM people WHERE id = ?", [via_id]),
    }
    return {
        "people": found[:PAGE_SIZE],
        "more": len(found) > PAGE_SIZE,
        "page": page,
        "sort": sort,
        "q": text or "",
        "filters": filters,
        "names": {k: v["name"] for k, v in names.items() if v},
        "facets": {
            facet: lists.facet_counts(core, facet)
            for facet in ("found_via", "city", "company", "tags", "event_id")
        },
    }


def list_url(base: str, args, **changes) -> str:
    """The contact list's URL with `changes` made (None removes a parameter); any change
    but the page's goes back to the first page."""
    pairs = [(k, v) for k, v in args if k in LIST_PARAMS and k not in changes and v]
    if "page" not in changes:
        pairs = [(k, v) for k, v in pairs if k != "page"]
    for key, value in changes.items():
        if value is not None:
            pairs.append((key, value))
    return base + ("?" + urlencode(pairs) if pairs else "")


def pairs_of(args) -> list[tuple[str, str]]:
    """A query's parameters as pairs (a tag may come more than once)."""
    return [(key, value) for key in args.keys() for value in args.getlist(key)]


async def people_list(request, datasette, send):
    """`/<db>/people`: the contact list. With a parameter it does not know, or for a
    database that is not a journal, Datasette's table."""
    from datasette.views.table import TableView

    database = tilde_decode(request.url_vars["database"])
    if set(request.args) - LIST_PARAMS or not await is_journal(datasette, database):
        return await datasettes_page(TableView, request, send, datasette, table="people")
    database = await journal_database(request, datasette)
    try:
        page = await read(datasette, database, lambda core: contact_page(core, request.args))
    except InvalidValue as e:
        raise BadRequest(str(e)) from None
    base = datasette.urls.table(database, "people")
    args = pairs_of(request.args)
    return await render(
        request,
        datasette,
        "journal_people.html",
        database,
        {
            "p": page,
            "sorts": {key: label for key, (label, _) in lists.CONTACT_SORTS.items()},
            "url": lambda **changes: list_url(base, args, **changes),
            "table_url": base + "?_view=datasette",
        },
    )


# -- one search ------------------------------------------------------------------------------


async def search(request, datasette):
    """`/<db>/-/search?q=`: what `journal search` finds, in its order."""
    database = await journal_database(request, datasette)
    text = (request.args.get("q") or "").strip()
    results, found_guests, error = [], [], None
    if text:
        try:
            results = await read(
                datasette, database, lambda core: reads.search(core, text, marks=MARKS)
            )
            found_guests = await read(
                datasette, database, lambda core: guests.search_guests(core, text)
            )
        except InvalidValue as e:
            error = str(e)
    context = {"q": text, "results": results, "guests": found_guests, "error": error}
    return await render(
        request,
        datasette,
        "journal_search.html",
        database,
        {**context, "highlighted": highlighted},
        status=400 if error else 200,
    )


# -- what is due ------------------------------------------------------------------------------


async def due(request, datasette):
    """`/<db>/-/due`: overdue first, then what is coming, then what has no date."""
    database = await journal_database(request, datasette)
    on = today()

    page = whole(request.args.get("page"), "page", default=1)

    def items(core):
        # The page's items and one more: overdue first, then by date.
        found = reads.due(core, until=on + DUE_AHEAD, limit=page * PAGE_SIZE + 1)
        return with_overdue(found[(page - 1) * PAGE_SIZE :], on)

    found = await read(datasette, database, items)
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return await render(
        request,
        datasette,
        "journal_due.html",
        database,
        {
            "overdue": [i for i in found if i["overdue"]],
            "coming": [i for i in found if i["due"] and not i["overdue"]],
            "any_time": [i for i in found if not i["due"]],
            "weeks": DUE_AHEAD.days // 7,
            "page": page,
            "more": more,
        },
    )


ROUTES = [
    (DB + r"$", home),
    (DB + r"/people$", people_list),
    (DB + r"/-/search$", search),
    (DB + r"/-/due$", due),
]
# After every other plugin's routes: any other `/<db>/-/...` is a 404 page (Datasette
# would read `-` as a table and log an SQL error).
LAST_ROUTES = [(DB + r"/-/.*$", not_found)]
