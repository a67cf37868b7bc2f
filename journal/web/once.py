"""Each browser write once: the `request_id` every write form may carry (SPEC §3).

The phone's queue sends again what it kept offline, and a form can be sent twice (a
double tap, a retry after an answer lost on the way back). Around Datasette, `remembered`
reads the id from a posted form and holds it for the request; `routes.write`, the one
door of every browser write, claims it in the write's own transaction
(journal.db.requests_seen), so a second request with the id writes nothing and raises
`Repeated`; the first one's answer (its status, where it sent the browser, the messages
it showed) is kept as it leaves, and the second is given the same.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from datasette.utils.asgi import Response

from journal.db import Connection, requests_seen
from journal.web.guard import header_map

FORM = b"application/x-www-form-urlencoded"
# How long a repeat waits for the first request's answer, and how often it looks.
WAIT_SECONDS = 5.0
LOOK_EVERY = 0.05


@dataclass
class Once:
    """The id of the write request in progress, and whether its write claimed it."""

    request_id: str | None
    database: str | None = None
    claimed: bool = False
    error: str | None = None  # why the id sent cannot be one


CURRENT: ContextVar[Once | None] = ContextVar("journal_request_id", default=None)


class Repeated(Exception):
    """A write whose request_id was seen before: nothing was written again."""

    def __init__(self, database: str, request_id: str, seen: dict):
        super().__init__(f"request_id {request_id!r} was sent before")
        self.database, self.request_id, self.seen = database, request_id, seen


def current() -> Once | None:
    return CURRENT.get()


async def _body(receive) -> tuple[bytes, list]:
    messages, body, more = [], b"", True
    while more:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body, messages


def _messages(datasette, headers) -> list:
    """The messages a response sets in Datasette's cookie."""
    for key, value in headers:
        if key.lower() != b"set-cookie" or not value.startswith(b"ds_messages="):
            continue
        cookie = SimpleCookie()
        cookie.load(value.decode("latin-1"))
        try:
            return datasette.unsign(cookie["ds_messages"].value, "messages")
        except Exception:
            return []
    return []


async def _remember(datasette, once: Once, event: dict) -> None:
    headers = event.get("headers", [])
    location = next((v.decode("latin-1") for k, v in headers if k.lower() == b"location"), None)
    messages = _messages(datasette, headers)

    def store(conn):
        requests_seen.answered(
            Connection.over(conn), once.request_id, event["status"], location, messages
        )

    await datasette.get_database(once.database).execute_write_fn(store, block=True)


def remembered(app, datasette):
    """`app` with the request_id of a posted form held for `routes.write`, and the
    answer of a write that claimed it remembered before it is sent."""

    async def with_request_id(scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        content_type = header_map(scope).get("content-type", "").encode("latin-1")
        if content_type.split(b";")[0].strip() != FORM:
            await app(scope, receive, send)
            return
        body, received = await _body(receive)
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        once = Once(form.get("request_id"))
        try:
            once.request_id = requests_seen.checked(once.request_id)
        except Exception as e:
            once.request_id, once.error = None, str(e)

        async def replay():
            return received.pop(0) if received else await receive()

        async def send_remembering(event):
            if event["type"] == "http.response.start" and once.claimed:
                await _remember(datasette, once, event)
            await send(event)

        token = CURRENT.set(once)
        try:
            await app(scope, replay, send_remembering)
        finally:
            CURRENT.reset(token)

    return with_request_id


async def repeated_answer(datasette, repeated: Repeated) -> Response:
    """The answer the first request with this id got; while it is still being answered,
    looked for again until it is there."""
    seen, waited = repeated.seen, 0.0
    while seen is None or seen["status"] is None:
        if waited >= WAIT_SECONDS:
            return Response.text(
                "This form is being sent already; reload the page in a moment.", status=409
            )
        await asyncio.sleep(LOOK_EVERY)
        waited += LOOK_EVERY
        seen = await datasette.get_database(repeated.database).execute_fn(
            lambda conn: requests_seen.answer(Connection.over(conn), repeated.request_id)
        )
    if seen["location"]:
        response = Response.redirect(seen["location"], status=seen["status"])
    else:
        response = Response.text("Sent already.", status=seen["status"])
    if seen["messages"]:
        response.set_cookie("ds_messages", datasette.sign(seen["messages"], "messages"))
    return response
