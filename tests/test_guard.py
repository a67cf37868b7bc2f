"""The guard in front of `journal serve`, tried as a hostile web page would (issue 20):
DNS rebinding, cross-site and same-site reads, framing. Writes: tests/test_web.py."""

from __future__ import annotations

import asyncio
import http.client
from urllib.parse import urlsplit

import pytest
from conftest import start_serve
from helpers import FETCH, FRAME, LINK, Site, ask

from journal.web.guard import Hosts, host_name
from journal.web.server import datasette_for

SQL = "/journal.json?sql=select+notes+from+people"


@pytest.fixture
def journal_db(journal, db_path):
    journal.ok("add", "Ada", "--note", "PIN 4711", "--follow-up", "call", "--due", "tomorrow")
    return db_path


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost:8001", "localhost"),
        ("[::1]:8001", "::1"),
        ("127.0.0.1", "127.0.0.1"),
        ("Laptop.Local.:8001", "laptop.local"),
        ("::1", "::1"),
    ],
)
def test_the_name_of_a_host_header(header, name):
    assert host_name(header) == name


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8001", "127.0.0.1.nip.io", "localhost.evil.example", ""],
)
def test_a_rebound_name_is_refused_before_datasette_runs(journal_db, host):
    ds = Site(journal_db).ds
    for method, path in (
        ("GET", SQL),
        ("GET", "/journal/people/1"),
        ("POST", "/journal/mark_done"),
    ):
        response = ask(ds, path, {"host": host}, method)
        assert response.status_code == 421, (method, path, response.text)
        assert "4711" not in response.text


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8001", "[::1]:8001"])
def test_this_machine_is_answered(journal_db, host):
    assert ask(Site(journal_db).ds, SQL, {"host": host}).status_code == 200


def test_names_given_with_allow_host_are_answered_and_every_address_when_serving_everywhere(
    journal_db,
):
    named = datasette_for(journal_db, names=["laptop.local"])
    assert ask(named, SQL, {"host": "laptop.local:8001"}).status_code == 200
    assert ask(named, SQL, {"host": "192.168.1.5:8001"}).status_code == 421
    everywhere = datasette_for(journal_db, password="secret", host="0.0.0.0")
    assert ask(everywhere, "/-/login", {"host": "192.168.1.5:8001"}).status_code == 200
    assert ask(everywhere, "/-/login", {"host": "evil.example"}).status_code == 421
    assert Hosts(["x.test"]).allow("X.TEST:1") and not Hosts().allow("192.168.1.5")


def test_serve_itself_refuses_a_rebound_name(journal_db):
    process, url = start_serve(journal_db)
    try:
        where = urlsplit(url)
        for host, status in (("evil.example", 421), (where.netloc, 200)):
            conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
            conn.request("GET", SQL.replace("/journal", where.path, 1), headers={"Host": host})
            assert conn.getresponse().status == status, host
            conn.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


# What a browser sends: an <img> or fetch() from another page, a link followed, a script.
IMAGE = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image"}


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        (SQL, IMAGE, 403),  # the timing attack on a private note
        (SQL, FETCH, 403),
        (SQL, LINK, 403),  # the SQL endpoints, never from another site
        ("/journal?sql=select+notes+from+people", LINK, 403),
        ("/journal/people.json", FETCH, 403),
        ("/journal/people.csv", LINK, 403),
        ("/journal/people/1?_format=json", LINK, 403),
        ("/journal/due.ics", FETCH, 403),
        ("/journal/people/1", FRAME, 403),
        ("/journal/people/1", FETCH, 403),
        ("/journal/people/1", LINK, 200),  # a link in an e-mail opens the card
        ("/journal", LINK, 200),
        ("/journal/due.ics", {}, 200),  # a calendar app sends no fetch metadata
        (SQL, {"sec-fetch-site": "same-origin"}, 200),  # the journal's own pages
        (SQL, {"sec-fetch-site": "none"}, 200),  # typed in the address bar
    ],
)
def test_requests_from_other_sites_get_only_pages_opened_from_a_link(
    journal_db, path, headers, status
):
    response = ask(Site(journal_db).ds, path, {"host": "localhost", **headers})
    assert response.status_code == status, response.text[:200]
    if status == 403:
        assert "4711" not in response.text


@pytest.mark.parametrize("path", ["/journal", "/journal/people/1", SQL, "/-/static/app.css"])
def test_no_page_can_be_framed(journal_db, path):
    for headers in ({}, FRAME):
        response = ask(Site(journal_db).ds, path, headers)
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "//journal/people/1", 404),
        ("GET", "/journal/-/query/x", 404),
        ("GET", "/journal/people?_sort=nope", 400),
        ("GET", "/journal/people?_sort_desc=nope", 400),
        ("GET", "/journal/people?_through=nope", 400),
        ("GET", '/journal/people.json?_through={"table":"x"}', 400),
        ("TRACE", "/journal", 405),
        ("PROPFIND", "/journal", 405),
    ],
)
def test_bad_requests_get_their_status_and_one_line_not_a_traceback(
    journal_db, capfd, method, path, status
):
    """Issue 20, point 7: each gave 500 and printed a traceback with local variables."""
    response = ask(Site(journal_db).ds, path, method=method)
    assert response.status_code == status, response.text[:300]
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "locals" not in out + err


def test_a_form_that_is_not_utf8_is_a_bad_request(journal_db):
    site = Site(journal_db)
    token = site.token("/people/1")
    body = f"csrftoken={token}&person_id=1&note=caf\xe9".encode("latin-1")
    headers = {"content-type": "application/x-www-form-urlencoded", "origin": "http://localhost"}
    response = asyncio.run(
        site.ds.client.post(
            "/journal/log_interaction", content=body, headers=headers, cookies=site.cookies
        )
    )
    assert response.status_code == 400


def test_a_server_error_is_one_line_in_the_terminal(journal_db, capfd, monkeypatch):
    from journal.web import pages

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "card", broken)
    response = ask(Site(journal_db).ds, "/journal/people/1")
    assert response.status_code == 500 and "a bug" not in response.text
    _, err = capfd.readouterr()
    assert err.strip().splitlines() == [
        "journal serve: 500 GET /journal/people/1: RuntimeError: a bug"
    ]


@pytest.mark.parametrize("name", ["a#b.db", "a?b.db", "a%20b.db", "a\nb.db"])
def test_a_journal_with_any_file_name_is_served(journal, tmp_path, name):
    """Issue 20, point 7: `a#b.db` opened a stray empty file `a`, `a%20b.db` gave 500."""
    path = tmp_path / name
    journal.ok("--db", str(path), "add", "Ada")
    process, url = start_serve(path)
    try:
        where = urlsplit(url)
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        conn.request("GET", where.path + "/people.json?_shape=array")
        response = conn.getresponse()
        assert response.status == 200 and b"Ada" in response.read()
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(name)) == []
