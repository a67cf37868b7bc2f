"""`journal remind` and the secrets in its targets (issue 31, point 4): a webhook's path
and an ntfy topic are secrets, and were printed, stored (Datasette serves the table) and
exported; the stored digest was a plain SHA-256 a guess could be checked against; and
two runs that overlapped sent the same items twice."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import free_port

from journal.db import Connection

pytestmark = pytest.mark.usefixtures("no_settings")

SECRET = "s3cr3t-hook-path"
TOPIC = "s3cr3t-topic-name"


def everything_stored(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_a_secret_in_the_path_is_not_shown_stored_or_exported(
    morning,  # noqa: F811
    webhook,  # noqa: F811
    db_path,
):
    url = f"json://127.0.0.1:{webhook.server_port}/hooks/{SECRET}"
    result = morning("remind", "--to", url)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Sent 5 items to json://127.0.0.1:{webhook.server_port}.\n"
    webhook.status = 500
    down = f"ntfy://127.0.0.1:{free_port()}/{TOPIC}"  # nothing listens there
    failed = morning("remind", "--to", url, "--to", down, "--within", "30d")
    assert failed.exit_code == 1 and "could not send to" in failed.stderr
    for text in (result.output, failed.output, everything_stored(db_path)):
        assert SECRET not in text and TOPIC not in text
    exported = morning.ok("export", "json")
    assert SECRET not in exported and TOPIC not in exported
    rows = json.loads(exported)["tables"]["reminders_sent"]
    assert {row["shown"] for row in rows} == {f"json://127.0.0.1:{webhook.server_port}"}
    # the digest is keyed: the URL, guessed, does not give it
    assert hashlib.sha256(url.encode()).hexdigest() not in everything_stored(db_path)


def test_the_key_is_the_app_folders_and_yours_alone(
    morning,  # noqa: F811
    webhook,  # noqa: F811
    tmp_path,
):
    morning.ok("remind", "--to", webhook.url)
    key = tmp_path / "config" / "journal" / "remind.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32


def test_old_plain_digests_are_retired_on_upgrade(db_path):
    store = Connection(db_path)
    url = "json://127.0.0.1:9/hooks/" + SECRET
    store.conn.execute(
        "INSERT INTO reminders_sent (target, shown, item, day)"
        " VALUES (?, ?, 'met-1', '2026-11-24')",
        [hashlib.sha256(url.encode()).hexdigest(), url],
    )
    store.conn.execute("DELETE FROM migrations WHERE name = 'm017_reminder_digests'")
    store.conn.commit()
    store.close()
    Connection(db_path).close()  # upgrades
    stored = everything_stored(db_path)
    assert SECRET not in stored and hashlib.sha256(url.encode()).hexdigest() not in stored
    conn = sqlite3.connect(db_path)
    row = conn.execute("SELECT target, shown, item FROM reminders_sent").fetchone()
    conn.close()
    assert row == ("retired-1", "json://127.0.0.1:9", "met-1")


class HeldWebhook(ThreadingHTTPServer):
    """A webhook that holds its first POST until a second run is seen: its own POST, or
    a run waiting for the lock (a blocked flock in /proc/locks)."""

    def __init__(self):
        self.posts: list[str] = []
        held = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                held.posts.append(self.rfile.read(int(self.headers["content-length"])).decode())
                if len(held.posts) == 1:
                    for _ in range(1200):  # a minute at most
                        if len(held.posts) > 1 or " -> FLOCK" in Path("/proc/locks").read_text():
                            break
                        time.sleep(0.05)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="Linux's /proc/locks")
def test_runs_that_overlap_send_each_item_once(morning, db_path, tmp_path):  # noqa: F811
    server = HeldWebhook()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "JOURNAL_DB": str(db_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    # rto: Apprise waits for the held answer as long as the second run takes to start
    target = f"json://127.0.0.1:{server.server_port}/?rto=90"
    command = [sys.executable, "-m", "journal", "remind", "--to", target]
    try:
        first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        while not server.posts:  # the first run is sending
            assert first.poll() is None, first.stdout.read()
            time.sleep(0.02)
        second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        outputs = [first.communicate(timeout=120)[0], second.communicate(timeout=120)[0]]
    finally:
        server.shutdown()
        server.server_close()
    assert len(server.posts) == 1, outputs
    assert outputs[0].startswith("Sent ") and outputs[1].startswith("Nothing new for ")
