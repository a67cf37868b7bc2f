"""A replica brought back: Litestream restores it into a new file in a folder of our own
beside the target; SQLite's integrity check and `journal check` run on it; only then does
it take the target's name. A restore that fails leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from journal.db import replica_state as state
from journal.errors import Conflict, JournalError
from journal.offsite import litestream
from journal.offsite.settings import Replica, Settings


@dataclass
class Restored:
    path: Path | None  # None for the drill: checked and deleted
    people: int
    newest: str | None  # the newest time the replica can restore, UTC
    at: str | None


def restore(
    replica: Replica,
    settings: Settings,
    target: Path,
    *,
    at: dt.datetime | None = None,
    force: bool = False,
    drill: bool = False,
) -> Restored:
    exe = litestream.binary()
    if not drill:
        refuse_target(target, force=force)
    workdir = Path(tempfile.mkdtemp(prefix=".journal-restore-", dir=target.parent))
    try:
        copy = workdir / "restored.db"
        config = litestream.write_config(
            workdir / "litestream.yml", litestream.config(copy, replica, settings)
        )
        env = litestream.environment(replica)
        secrets = settings.secrets()
        command = [exe, "restore", "-no-expand-env", "-config", str(config), "-o", str(copy)]
        if at is not None:
            command += ["-timestamp", at.astimezone(dt.timezone.utc).isoformat()]
        run(command + [str(copy)], env, secrets, what=f"{replica.url}: restore failed")
        people = checked(copy, replica.url)
        newest = newest_time(exe, config, copy, env, secrets)
        shown_at = None if at is None else at.astimezone(dt.timezone.utc).isoformat()
        if drill:
            return Restored(None, people, newest, shown_at)
        copy.chmod(0o600)
        put_in_place(copy, target, force=force)
        return Restored(target, people, newest, shown_at)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def refuse_target(target: Path, *, force: bool) -> None:
    if not target.parent.is_dir():
        raise JournalError(f"{target.parent}: no such folder")
    if target.exists() and not force:
        raise Conflict(f"{target} exists; restore to another file with -o, or add --force")
    if state.replicating(target):
        raise Conflict(f"{target} is being replicated; stop `journal replicate` first")


def run(command: list[str], env: dict, secrets: list[str], *, what: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
    except subprocess.TimeoutExpired:
        raise JournalError(f"{what}: Litestream took more than an hour") from None
    if done.returncode:
        said = [line for line in done.stderr.splitlines() if line.strip()]
        why = said[-1].removeprefix("Error: ") if said else f"exit {done.returncode}"
        raise JournalError(f"{what}: {litestream.masked(why, secrets)}")
    return done.stdout


def checked(copy: Path, url: str) -> int:
    """`journal check` on the copy, which begins with SQLite's integrity check (run once:
    it reads every page); the number of people."""
    from journal.db import maintenance
    from journal.db.connection import Connection

    try:
        core = Connection(copy, upgrade=False)
    except JournalError as e:
        raise JournalError(f"{url}: the restored copy is not a usable journal ({e})") from None
    try:
        problems = maintenance.check(core)
        count = "SELECT count(*) FROM people"
        people = 0 if problems else core.conn.execute(count).fetchone()[0]
    except sqlite3.DatabaseError as e:
        problems = [f"integrity: {e}"]
    finally:
        core.close()
    if problems and problems[0].startswith("integrity"):
        raise JournalError(f"{url}: the restored copy is damaged ({problems[0]}); nothing restored")
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise JournalError(f"{url}: the restored copy fails `journal check` ({problems[0]}{more})")
    return people


def newest_time(exe: str, config: Path, db: Path, env: dict, secrets: list[str]) -> str | None:
    """The newest time the replica holds, from Litestream's list of its files."""
    out = run(
        [exe, "ltx", "-no-expand-env", "-config", str(config), "-level", "all", "-json", str(db)],
        env,
        secrets,
        what="listing the replica",
    )
    try:
        times = [f["timestamp"] for f in json.loads(out or "[]") if f.get("timestamp")]
    except (ValueError, TypeError, AttributeError):
        return None
    return max(times, default=None)


def put_in_place(copy: Path, target: Path, *, force: bool) -> None:
    """The checked copy takes the target's name. A journal it replaces loses its -wal and
    -shm first (SQLite would read an old WAL into the new file), and Litestream's
    bookkeeping of it (it describes the old file)."""
    if target.exists():
        if not force:
            raise Conflict(f"{target} exists; restore to another file with -o, or add --force")
        for end in ("-wal", "-shm"):
            target.with_name(target.name + end).unlink(missing_ok=True)
        kept = state.folder(target)
        if kept.is_dir():
            for meta in kept.iterdir():
                if meta.is_dir():
                    shutil.rmtree(meta, ignore_errors=True)
    copy.replace(target)
