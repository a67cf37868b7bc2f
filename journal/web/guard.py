"""The guard in front of Datasette: what a hostile web page in the user's browser could
make the browser ask of `journal serve`, refused before Datasette runs.

- DNS rebinding: a page whose name is rebound to 127.0.0.1 is same-origin with us in
  the browser's eyes; only the hosts `serve` was started for are answered.
- Cross-site and same-site requests (fetch metadata; another port on this machine is
  same-site): refused, but for a top-level GET navigation to an HTML page, so a link in
  an e-mail still opens a card. Never SQL of the visitor's (`sql`, `_where`: a link
  carrying it is an oracle on the journal, timed by the attacker's page), JSON, CSV or a
  write.
- Speculative requests (`Sec-Purpose: prefetch`, `prerender`): a page of another site can
  make Chromium fetch our URLs ahead of a click, and they arrive as if the user typed
  them (`Sec-Fetch-Site: none`). Refused whole: the browser then loads the page when it
  is really opened, as what it is.
- Writes: Datasette checks the CSRF token only when a request carries cookies, and a
  browser sends none on a form posted from another site to a server it has no cookie
  for; every write must be same-origin and carry the CSRF cookie.
- Framing: no page can be framed by another site (its buttons clicked for the user).
- Bodies: with a password, a visitor not logged in may send a form the size of the
  login form, no more; a bigger one is refused by its Content-Length before any of it
  is read (the CSRF check read all of it first: 150 MiB, 150 MiB of memory).
"""

from __future__ import annotations

import ipaddress
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from datasette.utils.asgi import Response

from journal.web.csvguard import CsvCells, is_csv

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# What the journal's pages use; anything else (TRACE, `get`) is answered 405.
METHODS = {*SAFE_METHODS, "POST"}
# Always answered: this machine, by name and by address.
LOOPBACK = ("localhost", "127.0.0.1", "::1")
# What a page's data is asked for as: never for another site.
DATA_SUFFIXES = (".json", ".csv", ".ics")
# Parameters that carry SQL of the visitor's own, or ask for a page's data.
SQL_PARAMETERS = {"sql", "_where"}
DATA_PARAMETERS = {*SQL_PARAMETERS, "_format", "_shape", "_json", "_stream"}
FRAMING = {"x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'"}
# The login form is well under it.
LONGEST_BODY_LOGGED_OUT = 64 * 1024


def header_map(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def host_name(header: str) -> str:
    """The name in a Host header, without its port: `[::1]:8001` -> `::1`."""
    if header.startswith("["):
        return header[1 : header.find("]")].lower()
    name, _, port = header.rpartition(":")
    if header.count(":") != 1 or not port.isdigit():  # no port, or a bare IPv6 address
        name = header
    return name.rstrip(".").lower()


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Hosts:
    """The names `serve` answers for: the address it listens on, this machine, and the
    names given with --allow-host. Listening on every address (0.0.0.0), any address
    is answered too: a rebound name is a name, never an address."""

    def __init__(self, names=(), *, any_address: bool = False):
        self.names = {n.rstrip(".").lower() for n in (*LOOPBACK, *names)}
        self.any_address = any_address

    def allow(self, header: str | None) -> bool:
        if not header:
            return False
        name = host_name(header)
        return name in self.names or (self.any_address and is_ip(name))


def query_of(scope) -> dict[str, list[str]]:
    return parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def carries_sql(scope) -> bool:
    """Whether the request brings SQL of its own (the SQL box, a `_where`)."""
    return not SQL_PARAMETERS.isdisjoint(query_of(scope))


def is_speculative(headers: dict[str, str]) -> bool:
    """A prefetch or prerender: Chromium's Sec-Purpose, older browsers' Purpose."""
    purpose = f"{headers.get('sec-purpose', '')};{headers.get('purpose', '')}"
    purpose += f";{headers.get('x-moz', '')}"
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def cross_site_refusal(scope, headers: dict[str, str]) -> str | None:
    """Why a request from another site (or another port), or a speculative one, must be
    refused, or None.

    Calendar apps and scripts send no fetch metadata, and are answered as before."""
    if is_speculative(headers):
        return "not fetched ahead of a click; open the page itself"
    if headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none"):
        return None
    query = query_of(scope)
    navigation = (
        scope["method"] == "GET"
        and headers.get("sec-fetch-mode") == "navigate"
        and headers.get("sec-fetch-dest") == "document"
    )
    data = scope["path"].endswith(DATA_SUFFIXES) or not DATA_PARAMETERS.isdisjoint(query)
    if navigation and not data:
        return None
    return "this request came from another site; open the journal's pages yourself"


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


def body_refusal(headers: dict[str, str]) -> Response | None:
    """The answer to a body that may not be read from a visitor not logged in, or None."""
    length = headers.get("content-length")
    if length is None:
        if "transfer-encoding" not in headers:
            return None  # no body
        return Response.text("Length required: log in first", status=411, headers=FRAMING)
    if not length.isdigit():
        return Response.text("Bad request: Content-Length", status=400, headers=FRAMING)
    if int(length) > LONGEST_BODY_LOGGED_OUT:
        return Response.text("Too large: log in first", status=413, headers=FRAMING)
    return None


def _with_headers(event: dict) -> dict:
    headers = []
    for key, value in event.get("headers", []):
        name = key.lower()
        if name == b"referrer-policy":
            # Datasette sends no-referrer, which makes a browser send `Origin: null` on
            # our own forms; same-origin keeps other sites blind and lets us check it.
            value = b"same-origin"
        elif name in (b"x-frame-options", b"content-security-policy"):
            continue  # ours below
        headers.append((key, value))
    framing = [(k.encode(), v.encode()) for k, v in FRAMING.items()]
    return {**event, "headers": [*headers, *framing]}


def refusal(scope, headers: dict[str, str], hosts: Hosts, logged_in) -> Response | None:
    """The answer to a request the guard refuses, or None to let Datasette answer.
    `logged_in(headers)` says whether the request is (or needs no login)."""
    if scope["method"] not in METHODS:
        return Response.text("Method not allowed", status=405, headers=FRAMING)
    if not logged_in(headers) and (refused := body_refusal(headers)):
        return refused
    if headers.get("content-type", "").lower().startswith("multipart/"):
        # No form of the journal's sends files; the CSRF check's parser of them crashed.
        return Response.text(
            "Unsupported: the journal's forms are sent url-encoded", status=415, headers=FRAMING
        )
    if not hosts.allow(headers.get("host")):
        return Response.text(
            "Refused: this server does not answer for that name (DNS rebinding?); "
            "start `journal serve --allow-host NAME` to reach it by that name",
            status=421,
            headers=FRAMING,
        )
    reason = cross_site_refusal(scope, headers)
    if reason is None and scope["method"] not in SAFE_METHODS:
        reason = write_refusal(scope)
    if reason is None:
        return None
    return Response.text(f"Refused: {reason}", status=403, headers=FRAMING)


def guarded(app, hosts: Hosts, logged_in=lambda headers: True):
    """`app` behind the guard: what does not come from the journal's own pages, on a
    host `serve` answers for, is refused before Datasette sees it; every answer gets the
    framing headers, and a CSV its formulas made text."""

    async def guard(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        refused = refusal(scope, header_map(scope), hosts, logged_in)
        if refused is not None:
            await refused.asgi_send(send)
            return

        started = False
        cells = CsvCells() if is_csv(scope) else None

        async def send_with_headers(event):
            nonlocal started
            if event["type"] == "http.response.start":
                started = True
                event = _with_headers(event)
                if cells is not None:  # its length changes as formulas are made text
                    event["headers"] = [h for h in event["headers"] if h[0] != b"content-length"]
            elif event["type"] == "http.response.body" and cells is not None:
                more = event.get("more_body", False)
                event = {**event, "body": cells.feed(event.get("body", b""), final=not more)}
            await send(event)

        try:
            await app(scope, receive, send_with_headers)
        except UnicodeDecodeError:
            # A form that is not UTF-8, read by the CSRF check before Datasette runs.
            if started:
                raise
            bad = Response.text("Bad request: the form is not UTF-8", status=400)
            await bad.asgi_send(send_with_headers)

    return guard
