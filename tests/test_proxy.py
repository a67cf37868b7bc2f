"""`journal serve --proxy ADDR` (issue 31, point 3): X-Forwarded-For and -Proto are
believed from the proxy named, and from nobody by default. Before, uvicorn believed any
loopback client, so each guess with a new X-Forwarded-For was a new client to the login
throttle. Tried on a real `journal serve`; the proxy is 127.0.0.2 (every 127/8 address is
this machine) so that 127.0.0.1 is a client that is not it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from conftest import start_serve
from helpers import PASSWORD, TOKEN

from journal.web import login

PROXY = "127.0.0.2"


def start(path, *args: str) -> tuple[subprocess.Popen, str]:
    return start_serve(path, "--password", *args, env={"JOURNAL_PASSWORD": PASSWORD})


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[dict[str, str]]:
    """One server trusting no proxy, one trusting PROXY: their base URLs."""
    folder = tmp_path_factory.mktemp("proxy")
    for name in ("plain", "proxied"):
        for person in ("Ada", "Grace"):
            subprocess.run([sys.executable, "-m", "journal", "--db", str(folder / f"{name}.db"),
                            "add", person], check=True, capture_output=True)  # fmt: skip
    plain, plain_url = start(folder / "plain.db")
    proxied, proxied_url = start(folder / "proxied.db", "--proxy", PROXY)
    try:
        yield {name: "http://" + urlsplit(url).netloc
               for name, url in (("plain", plain_url), ("proxied", proxied_url))}  # fmt: skip
    finally:
        for process in (plain, proxied):
            process.terminate()
            process.wait(timeout=10)


def guess(base: str, *, source: str, forwarded: str | None) -> int:
    """One wrong password on the login form, sent from `source` (a browser's own
    session: cookie, token), claiming to be for `forwarded`: the status."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, base_url=base) as client:
        token = TOKEN.search(client.get("/-/login").text).group(1)
        headers = {"x-forwarded-for": forwarded} if forwarded else {}
        form = {"username": "journal", "password": "guess", "csrftoken": token}
        return client.post("/-/login", data=form, headers=headers).status_code


def checked_before_refused(base: str, *, source: str, forwarded) -> int | None:
    """How many wrong guesses were checked (401) before the first refused (429), or
    None if none was refused. `forwarded(n)` is what the n-th guess claims to be for.
    The wait after the free failures doubles at each, so however slow the machine, a
    throttled client meets a 429 within a few more guesses."""
    for n in range(login.FREE_FAILURES + 4):
        status = guess(base, source=source, forwarded=forwarded(n))
        if status == 429:
            return n
        assert status == 401
    return None


def test_a_forged_forwarded_for_is_not_a_new_client_by_default(servers):
    checked = checked_before_refused(
        servers["plain"], source="127.0.0.1", forwarded=lambda n: f"203.0.113.{n}"
    )
    assert checked is not None and checked >= login.FREE_FAILURES


def test_behind_the_proxy_named_the_throttle_is_per_real_client(servers):
    base = servers["proxied"]
    first = checked_before_refused(base, source=PROXY, forwarded=lambda n: "198.51.100.1")
    assert first is not None and first >= login.FREE_FAILURES
    # another client behind the proxy is not held up by the first one's failures
    assert guess(base, source=PROXY, forwarded="198.51.100.2") == 401
    # one that is not the proxy cannot claim to be someone else
    forged = checked_before_refused(base, source="127.0.0.1", forwarded=lambda n: f"192.0.2.{n}")
    assert forged is not None and forged >= login.FREE_FAILURES


def test_forwarded_proto_is_believed_from_the_proxy_alone(servers):
    """Datasette writes absolute URLs (its JSON's `next_url`) with the scheme it was
    reached by: https only when the proxy says so."""

    def scheme_seen(source: str) -> str:  # from addresses no other test throttles
        transport = httpx.HTTPTransport(local_address=source)
        with httpx.Client(transport=transport, base_url=servers["proxied"]) as client:
            auth = ("journal", PASSWORD)
            response = client.get(
                "/proxied/people.json?_size=1",
                headers={"x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.9"},
                auth=auth,
            )
            assert response.status_code == 200, response.text
            return response.json()["next_url"].split(":")[0]

    assert scheme_seen(PROXY) == "https"
    assert scheme_seen("127.0.0.3") == "http"


def test_a_proxy_that_is_not_an_address_is_refused(journal):
    message = journal.fails(2, "serve", "--proxy", "caddy.local")
    assert "--proxy" in message and "caddy.local" in message
