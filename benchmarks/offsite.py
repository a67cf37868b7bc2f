"""Off-site copies (journal replicate, journal restore) for run.py: `journal add` while
a replica runs against without one; the replica's size after 10,000 adds against the
journal's; a restore of the big journal against `journal backup` of it."""

from __future__ import annotations

import json
import signal
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path

ADDS = 10_000
WRITER = """
import sys
from journal.db import Connection, people
store = Connection(sys.argv[1])
for i in range(int(sys.argv[2])):
    with store.transaction():
        people.add_person(store, f"Replicated Person {i}", tags=["bench"])
store.close()
"""


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Replicating:
    """`journal replicate` on `db` to a file replica, for the length of a `with`."""

    def __init__(self, ws, db: Path, replica: Path, run):
        self.ws, self.db, self.replica, self.run = ws, db, replica, run

    def __enter__(self):
        self.process = subprocess.Popen(
            self.ws.journal_cmd(self.db, "replicate", f"file://{self.replica}"),
            env=self.ws.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.wait_written(0)
        return self

    def written(self) -> int:
        status = self.db.parent / f".{self.db.name}-replicas" / "status.json"
        try:
            replicas = json.loads(status.read_text())["replicas"]
        except (OSError, ValueError, KeyError):
            return -1
        return replicas[0].get("txid") or -1

    def wait_written(self, txid: int) -> None:
        deadline = time.monotonic() + 600
        while self.written() < max(txid, 1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise self.run.BenchmarkError(f"journal replicate: {self.process.communicate()}")
            time.sleep(0.05)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGINT)
        self.process.communicate(timeout=120)


class Offsite:
    """`run` is benchmarks/run.py's module, whichever name it runs under: its Row,
    alternate, fresh and BenchmarkError."""

    name: str = "offsite"

    def __init__(self, run):
        self.run = run

    def measure(self, ws, runs: int) -> list:
        Row, alternate, fresh = self.run.Row, self.run.alternate, self.run.fresh
        rows = []
        with_replica, without = fresh(ws.path("replicated.db")), fresh(ws.path("alone.db"))
        for db in (with_replica, without):
            self.check(ws, ws.journal_cmd(db, "add", "First Person"))
        with Replicating(ws, with_replica, ws.path("replica-add"), self.run):
            replicated, alone = alternate(
                ws,
                runs,
                lambda ws, i: ws.journal_cmd(with_replica, "add", f"Person {i}", "--tag", "x"),
                lambda ws, i: ws.journal_cmd(without, "add", f"Person {i}", "--tag", "x"),
            )
        rows.append(
            Row(
                name="add while replicating",
                peer="add, no replica",
                goal=1.2,
                journal=statistics.median(r.seconds for r in replicated[1:]) * 1000,
                other=statistics.median(r.seconds for r in alone[1:]) * 1000,
            )
        )
        rows.append(self.replica_size(ws))
        rows.append(self.restore(ws, runs))
        return rows

    def check(self, ws, argv: list[str]) -> str:
        done = subprocess.run(argv, env=ws.env, capture_output=True, text=True)
        if done.returncode:
            raise self.run.BenchmarkError(f"{' '.join(argv)}: {done.stderr.strip()}")
        return done.stdout

    def replica_size(self, ws):
        Row, fresh = self.run.Row, self.run.fresh
        db, replica = fresh(ws.path("ten-thousand.db")), ws.path("replica-size")
        self.check(ws, ws.journal_cmd(db, "add", "First Person"))
        with Replicating(ws, db, replica, self.run) as running:
            self.check(ws, [str(ws.python), "-c", WRITER, str(db), str(ADDS)])
            before = running.written()
            # The last adds are written within a sync interval (1 s) of the last commit.
            time.sleep(3)
            running.wait_written(before)
        # The journal's own size: its file with the WAL written into it.
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        journal = size(db)
        return Row(
            name=f"replica size after {ADDS:,} adds",
            peer="the journal's file",
            goal=None,
            journal=size(replica) / 2**20,
            other=journal / 2**20,
            unit="MiB",
        )

    def restore(self, ws, runs: int):
        Row, alternate = self.run.Row, self.run.alternate
        replica = ws.path("replica-big")
        with Replicating(ws, ws.big, replica, self.run):
            pass
        restored, backup = ws.path("restored.db"), ws.path("backup.db")

        def restore(ws, i):
            restored.unlink(missing_ok=True)
            return ws.journal_cmd(ws.big, "restore", f"file://{replica}", "-o", str(restored))

        def back_up(ws, i):
            return ws.journal_cmd(ws.big, "backup", str(backup), "--force")

        restores, backups = alternate(ws, runs, restore, back_up)
        conn = sqlite3.connect(restored)
        people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
        conn.close()
        if people != ws.people:
            raise self.run.BenchmarkError("the restored journal does not hold every person")
        return Row(
            name=f"restore {ws.people:,} people",
            peer="journal backup",
            goal=None,
            journal=statistics.median(r.seconds for r in restores[1:]) * 1000,
            other=statistics.median(r.seconds for r in backups[1:]) * 1000,
        )
