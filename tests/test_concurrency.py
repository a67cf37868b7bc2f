"""Several processes at once, and processes killed halfway: nothing lost, nothing torn.

Real processes on a real file, with `journal serve` reading over HTTP while they write.
Timeouts here only stop a hung test; no assertion depends on how long anything took.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import start_serve

WRITERS, WRITES = 4, 25

WRITER = """
import sys
from journal.cli import main
w = sys.argv[1]
failures = 0
for i in range({writes}):
    code = main(["add", f"Writer {{w}}-{{i}}", "--handle", f"@w{{w}}x{{i}}", "--city", "Berlin"])
    code = code or main(["log", f"@w{{w}}x{{i}}", f"note {{w}}-{{i}}", "--kind", "call"])
    failures += code != 0
sys.exit(failures)
"""


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_writers_and_a_reading_server_at_once(journal, db_path):
    journal.ok("add", "First One", "--follow-up", "call", "--due", "2026-11-20")
    serve, url = start_serve(db_path)
    pages, failed, stop = [0], [], threading.Event()

    def read():
        paths = ["", "/people", "/people/1", "/due_list", "/people?_search=writer", "/due.ics"]
        while not stop.is_set():
            for path in paths:
                try:
                    with urllib.request.urlopen(url + path, timeout=30) as response:
                        response.read()
                    pages[0] += 1
                except (urllib.error.URLError, OSError) as e:
                    failed.append(f"{path}: {e}")

    reader = threading.Thread(target=read)
    reader.start()
    env = {**os.environ, "JOURNAL_DB": str(db_path)}
    code = textwrap.dedent(WRITER.format(writes=WRITES))
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(w)],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in range(WRITERS)
        ]
        errors = [w.communicate(timeout=300)[1] for w in writers]
    finally:
        stop.set()
        reader.join(timeout=60)
        serve.terminate()
        serve.wait(timeout=10)
    assert [w.returncode for w in writers] == [0] * WRITERS, errors
    assert not any("locked" in e for e in errors), errors
    assert failed == [] and pages[0] > 0
    people = count(db_path, "SELECT count(*) FROM people WHERE name LIKE 'Writer %'")
    calls = count(db_path, "SELECT count(*) FROM interactions WHERE kind = 'call'")
    assert (people, calls) == (WRITERS * WRITES, WRITERS * WRITES)
    assert integrity(db_path) == "ok"
    assert "all fine" in journal.ok("check")


@pytest.mark.parametrize("wal_bytes", [200_000, 2_000_000, 6_000_000])
def test_an_import_killed_halfway_leaves_nothing_behind(journal, db_path, tmp_path, wal_bytes):
    """SIGKILL at different points of a large import: the journal is whole, without it."""
    journal.ok("add", "Already Here")
    before = journal.fingerprint()
    connections = tmp_path / "Connections.csv"
    with connections.open("w", encoding="utf-8") as f:
        f.write("Notes:\nsome notes\n\nFirst Name,Last Name,URL,Email Address,Company,")
        f.write("Position,Connected On\n")
        for n in range(30_000):
            f.write(
                f"Zoë,Müller {n},https://www.linkedin.com/in/zoe-{n},,Acme,Engineer,17 Nov 2026\n"
            )
    process = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(db_path), "import", "linkedin",
         str(connections)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wal = Path(f"{db_path}-wal")
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= wal_bytes:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the import finished before it was killed"
    assert integrity(db_path) == "ok"
    assert journal.fingerprint() == before
    assert "all fine" in journal.ok("check")
    journal.ok("add", "After The Crash")  # and the journal goes on working


def test_the_server_killed_during_browser_writes_keeps_every_acknowledged_one(journal, db_path):
    journal.ok("add", "Kim Ode")
    serve, url = start_serve(db_path)
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url + "/people/1", timeout=30) as page:
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.read().decode()).group(1)
    acknowledged, stop = [0], threading.Event()

    def write():
        n = 0
        while not stop.is_set():
            n += 1
            form = {"csrftoken": token, "person_id": "1", "kind": "note", "date": "",
                    "place": "", "note": f"write {n}"}  # fmt: skip
            request = urllib.request.Request(
                url + "/log_interaction",
                data=urlencode(form).encode(),
                headers={"Origin": url.rsplit("/", 1)[0], "Referer": url + "/people/1"},
            )
            try:
                with opener.open(request, timeout=30) as response:
                    if response.status == 200:
                        acknowledged[0] = n
            except (urllib.error.URLError, OSError):
                return

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 120
    while acknowledged[0] < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    serve.send_signal(signal.SIGKILL)
    serve.wait(timeout=10)
    stop.set()
    writer.join(timeout=60)
    assert acknowledged[0] >= 20
    assert integrity(db_path) == "ok"
    stored = count(db_path, "SELECT count(*) FROM interactions WHERE note LIKE 'write %'")
    assert stored >= acknowledged[0]
    assert "all fine" in journal.ok("check")


def test_a_browser_write_behind_a_long_write_says_why_and_writes_nothing(
    journal, db_path, monkeypatch
):
    """Issue 20, point 8: it failed with 'database is locked' after 5 s behind an import."""
    import sqlite3 as sqlite

    from helpers import Site

    from journal.web import routes

    journal.ok("add", "Ada")
    site = Site(db_path)
    site.token("/people/1")
    monkeypatch.setattr(routes, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        response = site.log("/people/1", 1, note="waiting")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 302
    page = site.get("/people/1").text
    assert "the journal is busy with another write" in page
    assert "waiting" not in page.split("journal-log-entries")[-1]


def test_an_import_changes_no_schema(journal, db_path, tmp_path):
    """Issue 20, point 8: the import dropped and re-made four triggers for each batch, a
    change of schema that a write waiting behind it could catch half-way ('no such
    table'). Now the schema's version is the same after an import as before."""
    import sqlite3 as sqlite

    journal.ok("add", "Ada")
    rows = "".join(
        f"P{n},Q{n},https://www.linkedin.com/in/p{n},,,,17 Nov 2026\n" for n in range(3000)
    )
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows)

    def version():
        conn = sqlite.connect(db_path)
        try:
            return conn.execute("PRAGMA schema_version").fetchone()[0]
        finally:
            conn.close()

    before = version()
    journal.ok("import", "linkedin", str(csv))
    assert version() == before
    assert journal.json("search", "P2999")[0]["name"] == "P2999 Q2999"
    assert len(journal.json("list", "--tag", "x")) == 0
    assert journal.ok("check")
