"""Password mode (`journal serve --password`): one account, `journal`.

A login makes a session: a random token in an HttpOnly, SameSite=Strict cookie that
expires, held in this process's memory alone, so logging out ends it and so does
stopping `serve` (a new password, a new start). A calendar app answers the feed's 401
with HTTP Basic. The password's hash is checked in a thread, never on the event loop,
and a Basic credential once checked is remembered (as a keyed digest, not as text).
Failed logins from one address are slowed: after a few, each further try waits longer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import secrets
import time
import weakref

from datasette.utils.asgi import Response

USER = "journal"
COOKIE = "ds_actor"  # Datasette's name: its menu then offers "Log out"
SESSION_SECONDS = 14 * 24 * 3600
ITERATIONS = 480_000
# Failed logins allowed from one address before each further one must wait, doubling
# up to the cap.
FREE_FAILURES = 5
LONGEST_WAIT = 15 * 60


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt}${base64.b64encode(digest).decode()}"


def verify_password(password: str, password_hash: str) -> bool:
    salt = password_hash.split("$")[2]
    return hmac.compare_digest(hash_password(password, salt), password_hash)


def basic_credentials(header: str) -> tuple[str, str] | None:
    """User and password from an `Authorization: Basic` header; None if it is not one
    or cannot be read (not base64, not UTF-8, no colon)."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


class Login:
    """The account, its sessions and the failures, for one Datasette."""

    def __init__(self, password_hash: str):
        self.password_hash = password_hash
        self.sessions: dict[str, float] = {}  # token -> when it expires
        self.failures: dict[str, tuple[int, float]] = {}  # address -> (count, last)
        self.key = secrets.token_bytes(32)
        self.known: set[bytes] = set()  # keyed digests of Basic credentials checked

    def wait(self, address: str) -> float:
        """Seconds `address` must wait before its next try."""
        count, last = self.failures.get(address, (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        pause = min(2.0 ** (count - FREE_FAILURES), LONGEST_WAIT)
        return max(0.0, last + pause - time.monotonic())

    async def check(self, address: str, user: str, password: str) -> bool:
        """Whether `user` and `password` are right; a wrong one counts against `address`."""
        right = user == USER and await asyncio.to_thread(
            verify_password, password, self.password_hash
        )
        if right:
            self.failures.pop(address, None)
        else:
            count, _ = self.failures.get(address, (0, 0.0))
            self.failures[address] = (count + 1, time.monotonic())
        return right

    def open_session(self) -> str:
        token = secrets.token_urlsafe(32)
        self.sessions[token] = time.time() + SESSION_SECONDS
        return token

    def session(self, token: str | None) -> bool:
        expires = self.sessions.get(token or "")
        if expires is None:
            return False
        if expires < time.time():
            del self.sessions[token]
            return False
        return True

    async def basic(self, address: str, header: str) -> bool:
        credentials = basic_credentials(header)
        if credentials is None or self.wait(address):
            return False
        digest = hmac.digest(self.key, "\0".join(credentials).encode(), "sha256")
        if digest in self.known:
            return True
        if await self.check(address, *credentials):
            self.known.add(digest)
            return True
        return False


LOGINS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def login_for(datasette) -> Login | None:
    """The Login of a Datasette started with a password, else None."""
    password_hash = (datasette.plugin_config("journal") or {}).get("password_hash")
    if password_hash is None:
        return None
    if datasette not in LOGINS:
        LOGINS[datasette] = Login(password_hash)
    return LOGINS[datasette]


def address_of(request) -> str:
    client = request.scope.get("client") or ("unknown", 0)
    return str(client[0])


async def actor(datasette, request) -> dict | None:
    login = login_for(datasette)
    if login is None:
        return None
    if login.session(request.cookies.get(COOKIE)):
        return {"id": USER}
    header = request.headers.get("authorization", "")
    if header and await login.basic(address_of(request), header):
        return {"id": USER}
    return None


async def login_page(request, datasette, error: str | None = None, status: int = 200):
    html = await datasette.render_template("journal_login.html", {"error": error}, request=request)
    return Response.html(html, status=status)


async def log_in(request, datasette):
    login = login_for(datasette)
    if login is None:
        return Response.text("Not found", status=404)
    if request.method != "POST":
        return await login_page(request, datasette)
    address = address_of(request)
    if wait := login.wait(address):
        error = f"Too many wrong passwords: try again in {int(wait) + 1} seconds."
        response = await login_page(request, datasette, error, status=429)
        response.headers["retry-after"] = str(int(wait) + 1)
        return response
    form = await request.post_vars()
    if not await login.check(address, form.get("username", ""), form.get("password", "")):
        return await login_page(request, datasette, "Invalid username or password", status=401)
    response = Response.redirect(datasette.urls.path("/"))
    response.set_cookie(
        COOKIE, login.open_session(), max_age=SESSION_SECONDS, httponly=True, samesite="strict"
    )
    return response


async def log_out(request, datasette):
    if request.method != "POST":  # a link cannot log you out; the menu's button can
        return Response.redirect(datasette.urls.path("/"))
    login = login_for(datasette)
    if login is not None:
        login.sessions.pop(request.cookies.get(COOKIE, ""), None)
    response = Response.redirect(datasette.urls.path("/"))
    response.set_cookie(COOKIE, "", max_age=0, httponly=True, samesite="strict")
    return response


async def not_here(request, datasette):
    return Response.text("Not found", status=404)


ROUTES = [
    (r"^/-/login$", log_in),
    (r"^/-/logout$", log_out),
    # Datasette's page explaining `allow` blocks answers anyone; the journal has no use
    # for it.
    (r"^/-/allow-debug$", not_here),
]
