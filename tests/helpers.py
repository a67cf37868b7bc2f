"""What the tests share: a site to call in-process, the journal's pages, the browser's
settings, the meetup story's sentence, old and damaged journals, and a hostile page's
headers. Fixtures are in conftest.py; no test module imports another."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from journal.db import Connection, events, network, people, plans
from journal.web.forms import ADD_FIELDS
from journal.web.server import datasette_for

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says why the browser tests cannot run
    expect = None

# -- Datasette in-process ---------------------------------------------------------------

TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


class Site:
    """Datasette on one journal, called in-process, keeping cookies like a browser."""

    def __init__(self, path: Path, *, password: str | None = None):
        self.ds = datasette_for(path, password=password)
        asyncio.run(self.ds.invoke_startup())
        self.base = self.ds.urls.database(path.stem)
        self.cookies: dict[str, str] = {}

    def _keep(self, response: httpx.Response) -> httpx.Response:
        self.cookies.update(response.cookies)
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        kwargs.setdefault("cookies", self.cookies)
        return self._keep(asyncio.run(self.ds.client.get(self.url(path), **kwargs)))

    def post(self, path: str, data: dict, **kwargs) -> httpx.Response:
        kwargs.setdefault("cookies", self.cookies)
        return self._keep(asyncio.run(self.ds.client.post(self.url(path), data=data, **kwargs)))

    def url(self, path: str) -> str:
        return path if path.startswith("/-/") else self.base + path

    def token(self, page: str) -> str:
        """The CSRF token of a form on `page` (loading it also sets the CSRF cookie)."""
        return TOKEN.search(self.get(page).text).group(1)

    def submit(self, page: str, action: str, fields: dict) -> httpx.Response:
        """Post a form found on `page`, as a browser does: token, cookie and Referer."""
        data = {"csrftoken": self.token(page), **fields}
        referer = "http://localhost" + self.url(page)
        return self.post(action, data, headers={"referer": referer, "origin": "http://localhost"})

    def done(self, page: str, follow_up_id: int, note: str = "", on_date: str = ""):
        """The card's "done" button (the note and date fields are there, empty)."""
        fields = {"follow_up_id": str(follow_up_id), "note": note, "on_date": on_date}
        return self.submit(page, "/mark_done", fields)

    def log(self, page: str, person_id: int, **fields: str):
        """The card's log form: kind, note, and the hidden date and place."""
        return self.submit(
            page,
            "/log_interaction",
            {"person_id": str(person_id), "kind": "note", "date": "", "place": "", **fields},
        )


class Pages(Site):
    """The journal's pages under `/<db>`: a path is the journal's unless it is the login's
    or already names the journal."""

    def url(self, path: str) -> str:
        if path.startswith(("/-/login", "/-/logout", self.base + "/")):
            return path
        return self.base + path


def submit(site: Pages, page: str, action: str, fields: dict):
    return site.submit(page, action, fields)


def add_form(**fields) -> dict:
    return dict.fromkeys(ADD_FIELDS, "") | fields


def card(journal, who: str) -> dict:
    """A person as `journal show --json` gives them, without what differs by record."""
    person = journal.json("show", who)
    for key in ("id", "created_at", "updated_at"):
        person.pop(key)
    for entry in person["interactions"]:
        entry.pop("id")
    for plan in person["follow_ups"]:
        plan.pop("id")
    person["via"] = person["via"] and person["via"]["name"]
    person["event"] = person["event"] and person["event"]["name"]
    return person


def rows(path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


SCRIPT = "<script>alert(1)</script>"


# -- a hostile page's requests ----------------------------------------------------------


def ask(ds, path: str, headers: dict | None = None, method: str = "GET"):
    return asyncio.run(ds.client.request(method, path, headers=headers or {}))


FETCH = {"sec-fetch-site": "same-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty"}
LINK = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document"}
FRAME = {"sec-fetch-site": "same-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "iframe"}


# -- the browser ------------------------------------------------------------------------

CHROMIUM = os.environ.get("JOURNAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own calls home are refused on a closed network, and slow its start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def missing_browser(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


# -- stories and journals ---------------------------------------------------------------

JOURNALIST = (
    "Benji Weber @benji (journalist at The Guardian, London) at Mastodon meetup Berlin"
    " via @maria #press: followed his live posts; meet again in London in 3 weeks"
)

V1 = Path(__file__).parent / "schema_v1.sql"
GUEST_LISTS = Path(__file__).parent / "data" / "guests"
LUMA = GUEST_LISTS / "luma_guests.csv"


def v1_journal(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(V1.read_text(encoding="utf-8"))
    conn.close()
    return path


def journal_bytes(tmp_path: Path) -> bytes:
    """A real journal with a few hundred rows over several pages: more pages of rows
    than of schema, so that garbling the second half of the file spares the schema."""
    path = tmp_path / "source.db"
    store = Connection(path)
    with store.transaction():
        for n in range(500):
            person = people.add_person(store, f"Zoë Müller {n}", notes="x" * 200, city=f"Town {n}")
            plans.add_follow_up(store, person, "call")
            if n % 5 == 0:  # events and introductions over many pages too, so that
                # `event list` and `intros` meet the damage
                events.add_event(store, f"Meetup {n}", notes="y" * 200)
            if n % 5 == 1:
                network.introduce(store, person - 1, person, note="z" * 200)
    store.conn.execute("PRAGMA journal_mode = DELETE")
    store.close()
    return path.read_bytes()


def garbled(tmp_path: Path) -> dict[str, bytes]:
    """Bytes overwritten inside the file: a disk or a copy gone wrong. SQLite has no
    checksums, so a command may not notice damage on pages it does not read."""
    good = journal_bytes(tmp_path)
    pages = len(good) // 4096
    headers = bytearray(good)
    # The schema's pages come first (some 65 of them since schema 11): past them.
    for page in range(pages * 2 // 3, pages):
        headers[page * 4096 : page * 4096 + 12] = b"\x5a" * 12
    found = {"page headers from two thirds on": bytes(headers)}
    for seed, size in [(1, 200), (2, 4096), (3, 16), (4, 4096)]:
        rnd, data = random.Random(seed), bytearray(good)
        start = rnd.randrange(4096, len(good) - size)
        data[start : start + size] = rnd.randbytes(size)
        found[f"{size} random bytes at {start}"] = bytes(data)
    return found


# -- the service worker ---------------------------------------------------------------

# The worker's caches (sw.js).
PAGES, ASSETS = "journal-pages-v1", "journal-assets-v1"


def installed(context, url: str):
    """A page that has visited `url` once, with the worker in control and its caches
    filled: as a new user's phone is after the first visit."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert urlsplit(scope).path == urlsplit(url).path
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    until(
        page,
        f"""Promise.all([caches.open("{PAGES}").then(c => c.keys()),
                         caches.open("{ASSETS}").then(c => c.keys())])
            .then(([pages, assets]) => pages.length >= 3
                  && ["offline.js", "journal.js", "offline.css"].every(
                      name => assets.some(r => r.url.includes("/journal/" + name))))""",
    )
    return page


def until(page, promise: str, seconds: float = 15) -> None:
    """Until `promise`, evaluated in the page, comes true (polled, bounded)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(promise):
        assert time.monotonic() < deadline, f"never true: {promise}"
        page.wait_for_timeout(50)


# -- servers and logins ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Webhook(ThreadingHTTPServer):
    """A JSON webhook that records what it was sent, answering `status`."""

    def __init__(self):
        self.posts: list[dict] = []
        self.status = 200
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                webhook.posts.append(json.loads(body))
                self.send_response(webhook.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server_port}/"


PASSWORD = "correct horse"


def log_in(site: Site, password: str = PASSWORD):
    form = {"username": "journal", "password": password, "csrftoken": site.token("/-/login")}
    return site.post("/-/login", form)
