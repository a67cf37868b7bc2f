"""Each browser write once (SPEC §3, issue 26): a form sent again with the same
`request_id` writes nothing and is answered as the first time, in-process through
Datasette's client; the manifest and the worker's routes."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from helpers import Pages as Site
from helpers import add_form

from journal.db import Connection, requests_seen

FILES = Path(__file__).parent.parent / "journal" / "web" / "static"


def counts(db_path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("people", "interactions", "follow_ups", "requests_seen")
        }
    finally:
        conn.close()


@pytest.fixture
def site(journal, db_path) -> Site:
    journal.ok("add", "Benji Moreau", "--follow-up", "send the deck", "--due", "2026-11-20")
    return Site(db_path)


def test_an_add_sent_twice_adds_once_and_is_answered_the_same(site, db_path, journal):
    form = add_form(name="Ola Nordmann", company="Acme", request_id="add-1")
    first = site.submit("/-/add", "/-/add", form)
    assert first.status_code == 302
    again = site.submit("/-/add", "/-/add", form)
    assert again.status_code == 302
    assert again.headers["location"] == first.headers["location"]
    card = again.headers["location"].removeprefix(site.base)
    assert "Added Ola Nordmann." in site.get(card).text
    assert [p["name"] for p in journal.json("list")].count("Ola Nordmann") == 1
    # Another id is another write: the journal then refuses the name it has.
    other = site.submit("/-/add", "/-/add", {**form, "request_id": "add-2"})
    assert other.status_code == 400
    assert counts(db_path)["people"] == 2


def test_log_and_done_sent_twice_write_once(site, db_path):
    before = counts(db_path)
    for _ in range(2):
        logged = site.log("/people/1", 1, note="Phoned", kind="call", request_id="log-1")
        done = site.submit("/people/1", "/mark_done", {"follow_up_id": "1", "request_id": "done-1"})
        assert logged.status_code == done.status_code == 302
    after = counts(db_path)
    # One log entry for the call, one for the follow-up done.
    assert after["interactions"] == before["interactions"] + 2
    assert after["requests_seen"] == 2


def test_a_refused_write_is_not_remembered(site, db_path):
    form = add_form(name="Benji Moreau", request_id="same-name")
    assert site.submit("/-/add", "/-/add", form).status_code == 400
    assert counts(db_path)["requests_seen"] == 0
    ticked = site.submit("/-/add", "/-/add", {**form, "new": "on"})  # the same id, now right
    assert ticked.status_code == 302
    assert counts(db_path)["people"] == 2


def test_a_request_id_longer_than_100_characters_is_refused(site, db_path):
    before = counts(db_path)
    form = add_form(name="Kim", request_id="x" * 101)
    response = site.submit("/-/add", "/-/add", form)
    assert response.status_code == 400
    assert "request_id: at most 100 characters" in response.text
    assert counts(db_path) == before


def test_without_a_request_id_a_form_writes_each_time(site, db_path):
    for _ in range(2):
        site.log("/people/1", 1, note="Phoned", kind="call")
    assert counts(db_path)["requests_seen"] == 0


def test_ids_are_forgotten_after_a_while(db_path, journal):
    journal.ok("add", "Ana")
    core = Connection(db_path)
    try:
        with core.transaction():
            assert requests_seen.claim(core, "old") is None
            core.conn.execute("UPDATE requests_seen SET seen_at = '2026-01-01T00:00:00'")
            assert requests_seen.claim(core, "new") is None
        assert [r["request_id"] for r in core.rows("SELECT request_id FROM requests_seen")] == [
            "new"
        ]
    finally:
        core.close()


def test_requests_seen_are_not_exported(site, journal):
    site.log("/people/1", 1, note="Phoned", kind="call", request_id="log-1")
    assert "requests_seen" not in journal.ok("export", "json")


def test_the_manifest_and_the_worker(site):
    manifest = site.get("/-/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["name"] == body["short_name"] == "journal"
    assert body["start_url"] == site.base and body["display"] == "standalone"
    icons = {(i["sizes"], i["purpose"]) for i in body["icons"]}
    assert icons == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in body["icons"]:
        png = asyncio.run(site.ds.client.get(icon["src"]))
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
        width = int.from_bytes(png.content[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]
    worker = site.get("/-/sw.js")
    assert worker.headers["service-worker-allowed"] == site.base
    assert "javascript" in worker.headers["content-type"]
    home = site.get("").text
    assert f'<link rel="manifest" href="{site.base}/-/manifest.webmanifest"' in home
    assert 'rel="manifest"' in site.get("/people/1").text
    token = site.get("/-/token.json").json()["csrftoken"]
    assert token == site.cookies["ds_csrftoken"]


def test_a_kept_form_gets_a_fresh_token_after_serve_restarted(site, db_path):
    """The CSRF cookie a phone kept is signed with the secret of a `serve` since
    stopped: the token the worker asks for is a new one, and the form goes with it."""
    site.cookies["ds_csrftoken"] = "signed-by-a-server-long-gone"
    answer = site.get("/-/token.json")
    token = answer.json()["csrftoken"]
    assert site.cookies["ds_csrftoken"] == token != "signed-by-a-server-long-gone"
    form = add_form(name="Kim Ode", csrftoken=token, request_id="after-restart")
    headers = {"referer": "http://localhost" + site.url("/-/add"), "origin": "http://localhost"}
    assert site.post("/-/add", form, headers=headers).status_code == 302
    assert counts(db_path)["people"] == 2


def test_a_page_the_worker_keeps_leaves_the_csrf_cookie_alone(site):
    """The worker's background copies (sw.js keepFresh) are sent before the browser may
    have a CSRF cookie: their answers must not replace the one the page on screen uses."""
    asked = site.get("/-/add", cookies={})
    assert "ds_csrftoken" in asked.cookies
    kept = site.get("/-/add", cookies={}, headers={"x-journal-keeping": "1"})
    assert kept.status_code == 200 and 'name="csrftoken"' in kept.text
    assert "ds_csrftoken" not in kept.cookies
    assert "x-journal-keeping" in (FILES / "sw.js").read_text(encoding="utf-8").lower()
