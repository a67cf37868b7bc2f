"""The README's way to reach the journal from a phone (issue 26, point 3), tried as
written: `journal serve --password --allow-host NAME --proxy 127.0.0.1` behind Debian's
Caddy terminating TLS (`tls internal`), on 127.0.0.1. Chromium reaches it by that name
over HTTPS, logs in, installs the worker, adds a person with no network, and the add
reaches the journal once when the connection returns.

Locally this skips when Caddy is missing; in CI (CI=true) it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Journal
from helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, installed, missing_browser

NAME = "phone.journal.test"
PASSWORD = "a long passphrase"
CADDYFILE = """{{
    admin off
    skip_install_trust
    storage file_system {storage}
    http_port {http_port}
    https_port {https_port}
    auto_https disable_redirects
}}
https://{name}:{https_port} {{
    bind 127.0.0.1
    tls internal
    reverse_proxy 127.0.0.1:{journal_port}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_tls(port: int, process: subprocess.Popen) -> None:
    """Until Caddy answers a TLS handshake for NAME on `port` (polled, bounded)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"caddy stopped: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as raw:
                with context.wrap_socket(raw, server_hostname=NAME):
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("caddy did not answer in 30 s")


# How long a form kept offline may take to go once the connection returns: the page
# asks the worker again after 1, 2, 4... seconds while the browser catches up.
SENT = 15_000


@pytest.fixture(scope="module")
def behind_caddy(tmp_path_factory):
    caddy = shutil.which("caddy")
    if caddy is None:
        missing_browser("no caddy (apt-get install caddy)")
    folder = tmp_path_factory.mktemp("caddy")
    path = folder / "journal.db"
    Journal(path).ok("--db", str(path), "add", "Ana Organiser")
    journal_port, https_port = free_port(), free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(path), "serve", "--port",
         str(journal_port), "--password", "--allow-host", NAME, "--proxy", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "JOURNAL_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert re.search(r"at http://\S+ ", serve.stdout.readline())
    (folder / "Caddyfile").write_text(
        CADDYFILE.format(storage=folder / "caddy-data", http_port=free_port(),
                         https_port=https_port, name=NAME, journal_port=journal_port)
    )  # fmt: skip
    proxy = subprocess.Popen(
        [caddy, "run", "--config", str(folder / "Caddyfile"), "--adapter", "caddyfile"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "xdg")},
    )  # fmt: skip
    try:
        wait_for_tls(https_port, proxy)
        yield f"https://{NAME}:{https_port}", path
    finally:
        for process in (proxy, serve):
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def phone_browser(behind_caddy):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        missing_browser(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    url, _ = behind_caddy
    port = url.rsplit(":", 1)[1]
    args = [
        *CHROMIUM_ARGS,
        f"--host-resolver-rules=MAP {NAME}:{port} 127.0.0.1:{port}",
        # Caddy's own certificate authority, which this test does not install.
        "--ignore-certificate-errors",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield browser
        browser.close()


def test_add_offline_through_caddy_with_tls_reaches_the_journal_once(phone_browser, behind_caddy):
    from playwright.sync_api import expect

    url, path = behind_caddy
    context = phone_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(url + "/journal")
        assert page.url == url + "/-/login"  # the password asked for, over HTTPS
        log_in(page, url)
        page = installed(context, url + "/journal")
        assert page.evaluate("window.isSecureContext && location.protocol") == "https:"

        context.set_offline(True)
        page.goto(url + "/journal/-/add")
        expect(page.locator(".journal-offline")).to_contain_text("offline: as of")
        page.get_by_label("Name", exact=True).fill("Noor Haddad")
        page.get_by_role("button", name="Add").click()
        expect(page.locator(".journal-waiting")).to_have_text("waiting to be sent (1)")
        context.set_offline(False)
        expect(page.locator(".journal-queue")).to_have_count(0, timeout=SENT)
        assert names(path).count("Noor Haddad") == 1

        # Kept offline, and the login gone by the time the connection returns: the
        # form stays, says why, and goes once logged in again.
        context.set_offline(True)
        page.goto(url + "/journal/-/add")
        page.get_by_label("Name", exact=True).fill("Rania Aziz")
        page.get_by_role("button", name="Add").click()
        expect(page.locator(".journal-waiting")).to_have_text("waiting to be sent (1)")
        context.clear_cookies()
        context.set_offline(False)
        refused = page.locator(".journal-queue li[data-state=refused]")
        expect(refused).to_contain_text("Not sent: log in again", timeout=SENT)
        expect(refused).to_contain_text("name: Rania Aziz", timeout=SENT)
        log_in(page, url)
        page.goto(url + "/journal")
        page.get_by_role("button", name="Send again").click()
        expect(page.locator(".journal-queue")).to_have_count(0, timeout=SENT)
    finally:
        context.close()
    assert names(path).count("Rania Aziz") == 1


def names(path) -> list[str]:
    return [p["name"] for p in Journal(path).json("--db", str(path), "list")]


def log_in(page, url: str) -> None:
    page.goto(url + "/-/login")
    page.get_by_label("Username").fill("journal")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
