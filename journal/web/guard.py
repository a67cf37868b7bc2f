"""The write guard: a write must come from a page of this server.

Datasette checks the CSRF token only when a request carries cookies, and a browser sends
none on a form posted from another site to a server it has no cookie for; so any web
page could post to a journal on 127.0.0.1. Every write must be same-origin and carry the
CSRF cookie, so that Datasette checks the token.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from datasette.utils.asgi import Response

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def header_map(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def write_refusal(scope) -> str | None:
    """Why a write must be refused, or None."""
    headers = header_map(scope)
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


def _with_headers(event: dict) -> dict:
    headers = []
    for key, value in event.get("headers", []):
        if key.lower() == b"referrer-policy":
            # Datasette sends no-referrer, which makes a browser send `Origin: null` on
            # our own forms; same-origin keeps other sites blind and lets us check it.
            value = b"same-origin"
        headers.append((key, value))
    return {**event, "headers": headers}


def guarded(app):
    """`app` behind the guard: writes that do not come from the journal's own pages are
    refused before Datasette sees them."""

    async def guard(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS and (reason := write_refusal(scope)) is not None:
            await Response.text(f"Refused: {reason}", status=403).asgi_send(send)
            return

        async def send_with_headers(event):
            if event["type"] == "http.response.start":
                event = _with_headers(event)
            await send(event)

        await app(scope, receive, send_with_headers)

    return guard
