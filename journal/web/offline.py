"""The journal as an app on a phone: its manifest, its service worker, and the fresh
CSRF token the worker's queue sends again with (SPEC §3).

The worker (static/sw.js) keeps the home, the add form, the due page and the cards
opened recently, so they open with no network; a form sent with no network is kept in
the browser and sent when the connection returns, each write once (journal.web.once).
"""

from __future__ import annotations

import json
from importlib.resources import files

from datasette.utils.asgi import Response

from journal.web.base import DB, journal_database

PLUGIN = "journal"
THEME_COLOUR = "#2b5b84"
BACKGROUND = "#ffffff"
# A home screen shows about this many characters under an icon.
SHORT_NAME = 12
ICONS = [
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
]
WORKER = files("journal.web") / "static" / "sw.js"


def short_name(title: str) -> str:
    if len(title) <= SHORT_NAME:
        return title
    first = title.split()[0]
    return first if len(first) <= SHORT_NAME else title[:SHORT_NAME].rstrip()


async def manifest(request, datasette):
    """`/<db>/-/manifest.webmanifest`: what a phone needs to install the journal."""
    database = await journal_database(request, datasette)
    home = datasette.urls.database(database)
    title = datasette.metadata("title", database=database) or "journal"
    body = {
        "id": home,
        "name": title,
        "short_name": short_name(title),
        "description": "Who you met, how, and what you mean to do next.",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND,
        "icons": [
            {
                "src": datasette.urls.static_plugins(PLUGIN, path),
                "sizes": sizes,
                "type": "image/png",
                "purpose": purpose,
            }
            for path, sizes, purpose in ICONS
        ],
    }
    return Response(json.dumps(body), content_type="application/manifest+json")


async def worker(request, datasette):
    """`/<db>/-/sw.js`: the service worker, allowed to cover every page of the journal
    (by default it would cover only `/<db>/-/`)."""
    database = await journal_database(request, datasette)
    return Response(
        WORKER.read_text(encoding="utf-8"),
        content_type="text/javascript; charset=utf-8",
        headers={
            "service-worker-allowed": datasette.urls.database(database),
            "cache-control": "no-cache",
        },
    )


async def token(request, datasette):
    """`/<db>/-/token.json`: the CSRF token a form kept offline is sent with (the one it
    was shown with may be from before `serve` restarted, or the cookie may be gone)."""
    await journal_database(request, datasette)
    return Response.json(
        {"csrftoken": request.scope["csrftoken"]()}, headers={"cache-control": "no-store"}
    )


# The worker's own copies of pages (sw.js keepFresh) say so in this header.
KEEPING = b"x-journal-keeping"
CSRF_COOKIE = b"ds_csrftoken="


def keeping_leaves_the_cookie(app):
    """A page the worker keeps in the background must not set a new CSRF cookie: sent
    before the browser had one, its answer would replace the cookie the page on screen
    was shown with, and that page's next form would be refused. A kept page's token is
    never sent (the queue asks /-/token.json for a fresh one)."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or not any(k == KEEPING for k, _ in scope["headers"]):
            return await app(scope, receive, send)

        async def without_cookie(message):
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [
                        (k, v)
                        for k, v in message.get("headers", [])
                        if not (k.lower() == b"set-cookie" and v.startswith(CSRF_COOKIE))
                    ],
                }
            await send(message)

        return await app(scope, receive, without_cookie)

    return wrapped


ROUTES = [
    (DB + r"/-/manifest\.webmanifest$", manifest),
    (DB + r"/-/sw\.js$", worker),
    (DB + r"/-/token\.json$", token),
]
