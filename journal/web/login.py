"""Password mode (`journal serve --password`): one account, `journal`.

A login makes a session: a random token in an HttpOnly, SameSite=Strict cookie that
expires, held in this process's memory alone, so logging out ends it and so does
stopping `serve` (a new password, a new start). A calendar app answers the feed's 401
with HTTP Basic. The password's hash is checked on a thread of its own, never on the
event loop nor on the threads that serve files, and a Basic credential once checked is
remembered (as a keyed digest, not as text). Failed logins from one address are slowed:
after a few, each further try waits longer. A try counts as failed from the moment its
hash starts, so guesses sent at once wait their turn like guesses sent one by one; and
past a few hashes waiting, a try is refused unhashed.
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
from concurrent.futures import ThreadPoolExecutor

from datasette.utils.asgi import Response

USER = "journal"
COOKIE = "ds_actor"  # Datasette's name: its menu then offers "Log out"
SESSION_SECONDS = 14 * 24 * 3600
ITERATIONS = 480_000
# Failed logins allowed from one address before each further one must wait, doubling
# up to the cap.
FREE_FAILURES = 5
LONGEST_WAIT = 15 * 60
# Hashes waiting for the one thread that computes them, from every address at once.
HASHES_WAITING = 4
HASHING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal-password")


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
        self.hashing = 0  # hashes started and not finished

    def wait(self, address: str) -> float:
        """Seconds `address` must wait before its next try."""
        count, last = self.failures.get(address, (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        pause = min(2.0 ** (count - FREE_FAILURES), LONGEST_WAIT)
        return max(0.0, last + pause - time.monotonic())

    async def check(self, address: str, user: str, password: str) -> bool | None:
        """Whether `user` and `password` are right: None when too many hashes wait.

        The try counts against `address` before its hash is checked, and is forgiven if
        it was right, so tries sent together are counted as they arrive."""
        if self.hashing >= HASHES_WAITING:
            return None
        count, _ = self.failures.get(address, (0, 0.0))
        self.failures[address] = (count + 1, time.monotonic())
        self.hashing += 1
        try:
            loop = asyncio.get_running_loop()
            right = user == USER and await loop.run_in_executor(
                HASHING, verify_password, password, self.password_hash
            )
        finally:
            self.hashing -= 1
        if right:
            self.failures.pop(address, None)
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
        if await self.check(address, *credentials):  # None, too busy: not now
            self.known.add(digest)
            return True
        return False


LOGINS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def login_for(datasette) -> Login | None:
    """The Login of a Datasette started with a password (server.datasette_for), else None."""
    return LOGINS.get(datasette)


def logged_in(datasette, headers: dict[str, str]) -> bool:
    """Whether a request with these headers has a session, or needs none (no password)."""
    from http.cookies import CookieError, SimpleCookie

    login = login_for(datasette)
    if login is None:
        return True
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", ""))
    except CookieError:
        return False
    token = cookies.get(COOKIE)
    return login.session(token.value if token else None)


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
    right = await login.check(address, form.get("username", ""), form.get("password", ""))
    if right is None:
        error = "Too many logins at once: try again in a moment."
        response = await login_page(request, datasette, error, status=429)
        response.headers["retry-after"] = "1"
        return response
    if not right:
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
    # Nor for Datasette's page that sets a message of any type (a bad type was a 500).
    (r"^/-/messages$", not_here),
]
