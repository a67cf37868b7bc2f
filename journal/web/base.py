"""What every journal page stands on: whether a database is a journal the visitor may
see, reading it with the core on Datasette's connection, and the journal's bar (title,
the more pages that are served) that every page and the card share."""

from __future__ import annotations

import re

from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response

from journal.db import Connection
from journal.fields import FOUND_VIA, INTERACTION_KINDS
from journal.schema.migrations import IS_JOURNAL_SQL
from journal.text.dates import today
from journal.web.markdown import link

# A journal's URLs: /<db>/...
DB = r"^/(?P<database>[^/.]+)"
# Pages other parts of the plugin may serve; the bar links those that are there.
MORE_PAGES = [("trip", "Trip"), ("network", "Network"), ("map", "Map"), ("stats", "Stats")]


async def is_journal(datasette, database: str | None) -> bool:
    if database is None or database not in datasette.databases:
        return False
    db = datasette.get_database(database)
    if db.is_memory:
        return False
    return bool((await db.execute(f"SELECT {IS_JOURNAL_SQL}")).first()[0])


async def journal_named(request, datasette) -> str:
    """The journal named in the URL; else a 404 page."""
    database = tilde_decode(request.url_vars["database"])
    if not await is_journal(datasette, database):
        raise NotFound("No journal here")
    return database


async def journal_database(request, datasette) -> str:
    """The journal named in the URL, once the visitor may see it; else a 404 page."""
    database = await journal_named(request, datasette)
    await datasette.ensure_permissions(
        request.actor, [("view-database", database), "view-instance"]
    )
    return database


async def read(datasette, database: str, query):
    """Run `query(core)` on Datasette's read connection."""
    return await datasette.get_database(database).execute_fn(
        lambda conn: query(Connection.over(conn))
    )


async def not_found(request, datasette):
    raise NotFound("No page here")


def more_pages(datasette, database: str) -> list[dict]:
    """The pages of MORE_PAGES that a plugin serves, as links."""
    from datasette.plugins import pm

    patterns = [
        pattern
        for routes in pm.hook.register_routes(datasette=datasette)
        for pattern, view in routes or []
        if view is not not_found
    ]
    found = []
    for page, label in MORE_PAGES:
        path = f"/{database}/-/{page}"
        if any(re.match(p, path) for p in patterns):
            found.append({"url": datasette.urls.database(database) + f"/-/{page}", "label": label})
    return found


def bar(datasette, database: str) -> dict:
    """What the journal's bar and its forms need, on every journal page and the card."""
    return {
        "database": database,
        "journal_title": datasette.metadata("title", database=database) or "journal",
        "journal_more_pages": more_pages(datasette, database),
        "journal_kinds": INTERACTION_KINDS,
        "journal_found_via": FOUND_VIA,
        "journal_link": link,
        "journal_today": today().isoformat(),
    }


async def render(request, datasette, template: str, database: str, context: dict, status=200):
    html = await datasette.render_template(
        [template],
        {**bar(datasette, database), **context},
        request=request,
        view_name=template.removesuffix(".html"),
    )
    return Response.html(html, status=status)
