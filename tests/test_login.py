"""Password mode, tried as an attacker would (issue 20, point 4): guessing, slowing the
server down with Basic auth, malformed headers, debug pages, and stolen or old sessions."""

from __future__ import annotations

import asyncio
import base64
import threading

import pytest
from helpers import PASSWORD, Site, log_in

from journal.web import login


@pytest.fixture
def site(journal, db_path) -> Site:
    journal.ok("add", "Ada", "--follow-up", "call", "--due", "tomorrow")
    return Site(db_path, password=PASSWORD)


def test_a_session_is_httponly_strict_expiring_and_new_at_each_login(site):
    first = log_in(site)
    assert first.status_code == 302
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=" in cookie
    token = site.cookies["ds_actor"]
    log_in(site)
    assert site.cookies["ds_actor"] != token
    assert site.get("/people/1").status_code == 200


def test_logging_out_or_restarting_ends_a_session(site, db_path):
    log_in(site)
    stolen = dict(site.cookies)
    assert site.get("/people/1", cookies=stolen).status_code == 200
    page = site.get("/people/1")
    token = page.text.split('name="csrftoken" value="')[1].split('"')[0]
    site.post("/-/logout", {"csrftoken": token})
    assert site.get("/people/1", cookies=stolen).status_code == 302  # to the login form
    log_in(site)
    again = dict(site.cookies)
    restarted = Site(db_path, password=PASSWORD)
    assert restarted.get("/people/1", cookies=again).status_code == 302


def test_wrong_passwords_are_slowed_down(site):
    for _ in range(login.FREE_FAILURES):
        assert log_in(site, "guess").status_code == 401
    slowed = log_in(site, "guess")
    assert slowed.status_code == 429 and int(slowed.headers["retry-after"]) >= 1
    assert log_in(site).status_code == 429  # even the right one must wait
    assert "ds_actor" not in site.cookies


@pytest.mark.parametrize(
    "header",
    [
        "Basic !!!not-base64",
        "Basic " + base64.b64encode(b"no colon").decode(),
        "Basic " + base64.b64encode("journal:pässwörd".encode("latin-1")).decode(),
        "Basic " + base64.b64encode("jöurnal:ü".encode()).decode(),
        "Basic",
        "Digest x",
    ],
)
def test_a_malformed_or_wrong_authorization_header_is_401_not_500(site, header):
    response = site.get("/due.ics", headers={"authorization": header})
    assert response.status_code == 401


def test_basic_auth_is_checked_off_the_event_loop_and_remembered(site, monkeypatch):
    threads = []
    verify = login.verify_password

    def watched(password, password_hash):
        threads.append(threading.current_thread() is threading.main_thread())
        return verify(password, password_hash)

    monkeypatch.setattr(login, "verify_password", watched)
    auth = ("journal", PASSWORD)
    for _ in range(3):
        assert site.get("/due.ics", auth=auth).status_code == 200
    assert threads == [False]  # once, in a worker thread


@pytest.mark.parametrize("path", ["/-/password-tool", "/-/allow-debug"])
def test_debug_pages_are_closed(site, path):
    assert asyncio.run(site.ds.client.get(path)).status_code == 404
    log_in(site)
    assert site.get(path).status_code == 404
