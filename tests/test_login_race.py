"""Password mode, the second round (issue 31, point 3): guesses sent all at once, the
hash's own thread, the hash in /-/metadata.json, and a big body from a visitor who is
not logged in."""

from __future__ import annotations

import asyncio
import select
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import start_serve
from helpers import PASSWORD, Site, log_in

from journal.web import login

GUESSES = 40


@pytest.fixture
def site(journal, db_path) -> Site:
    journal.ok("add", "Ada")
    return Site(db_path, password=PASSWORD)


def test_guesses_sent_at_once_are_throttled_like_guesses_one_by_one(site, monkeypatch):
    hashed = []
    verify = login.verify_password

    def counted(password, password_hash):
        hashed.append(threading.current_thread().name)
        return verify(password, password_hash)

    monkeypatch.setattr(login, "verify_password", counted)
    token = site.token("/-/login")
    form = {"username": "journal", "password": "guess", "csrftoken": token}

    async def all_at_once():
        client = site.ds.client
        guesses = [client.post("/-/login", data=form, cookies=site.cookies) for _ in range(GUESSES)]
        return await asyncio.gather(*guesses)

    statuses = [r.status_code for r in asyncio.run(all_at_once())]
    assert len(hashed) <= login.FREE_FAILURES, f"{len(hashed)} of {GUESSES} guesses hashed"
    assert statuses.count(401) == len(hashed)
    assert statuses.count(429) == GUESSES - len(hashed)
    # on a thread of their own, not the one that reads static files for everyone
    assert {name.startswith("journal-password") for name in hashed} == {True}


def test_static_files_answer_while_passwords_are_being_hashed(site, monkeypatch):
    """A hash takes its time (PBKDF2); the stylesheet every page needs must not wait for
    it, nor for the guesses queued behind it."""
    started, release = threading.Event(), threading.Event()
    verify = login.verify_password

    def held(password, password_hash):
        started.set()
        release.wait(60)
        return verify(password, password_hash)

    monkeypatch.setattr(login, "verify_password", held)
    token = site.token("/-/login")
    form = {"username": "journal", "password": "guess", "csrftoken": token}
    css = site.ds.urls.static_plugins("journal", "journal.css")

    async def while_hashing():
        client = site.ds.client
        guesses = [
            asyncio.create_task(client.post("/-/login", data=form, cookies=site.cookies))
            for _ in range(login.HASHES_WAITING)
        ]
        while not started.is_set():  # the first guess is in the hash
            await asyncio.sleep(0.01)
        sheet = await client.get(css)
        waiting = sum(not g.done() for g in guesses)
        release.set()
        await asyncio.gather(*guesses)
        return sheet, waiting

    try:
        sheet, waiting = asyncio.run(while_hashing())
    finally:
        release.set()
    assert sheet.status_code == 200 and ".journal" in sheet.text
    assert waiting == login.HASHES_WAITING  # every guess was still held when it came


def test_metadata_never_shows_the_password_hash(site):
    log_in(site)
    for path in ("/-/metadata.json", "/-/metadata", "/-/settings.json", "/-/plugins.json"):
        page = site.get(path)
        assert page.status_code in (200, 404), (path, page.status_code)
        assert "pbkdf2" not in page.text and "password_hash" not in page.text, path


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.fixture
def served(db_path, journal):
    journal.ok("add", "Ada")
    process, url = start_serve(db_path, "--password", env={"JOURNAL_PASSWORD": PASSWORD})
    try:
        yield process, urlsplit(url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def send_big_body(url, size: int) -> tuple[str, int]:
    """POST a body of `size` bytes, streamed a MiB at a time from one buffer, with the
    cookie that made the server read it all: the status line and the bytes sent before
    the server answered."""
    chunk = b"a" * 2**20
    sock = socket.create_connection((url.hostname, url.port), timeout=60)
    sent = 0
    try:
        sock.sendall(
            (
                f"POST /-/login HTTP/1.1\r\nHost: {url.hostname}\r\n"
                "Cookie: ds_csrftoken=anything\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {size}\r\n\r\n"
            ).encode()
        )
        while sent < size:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered
            try:
                sock.sendall(chunk[: size - sent])
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += min(len(chunk), size - sent)
        answer = sock.recv(4096).decode("latin-1")
    finally:
        sock.close()
    return answer.split("\r\n")[0], sent


def test_a_big_body_from_a_visitor_not_logged_in_is_refused_unread(served):
    process, url = served
    before = peak_rss(process.pid)
    status, sent = send_big_body(url, 150 * 2**20)
    grown = peak_rss(process.pid) - before
    assert " 413 " in status, status
    assert sent < 32 * 2**20, f"{sent / 2**20:.0f} MiB sent before the answer"
    assert grown < 32 * 2**20, f"the server grew {grown / 2**20:.0f} MiB"
