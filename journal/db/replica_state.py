"""What lies beside a journal while it is replicated, in a hidden folder `.<name>-replicas`:

- `lock`: held (flock) by `journal replicate` and by each Litestream it runs, so that a
  second one on the same journal is refused, even when the first was killed and left its
  Litestream running;
- `status.json`: when each replica was last written and what failed, for the home page;
- one folder per replica for Litestream's own bookkeeping, and its configuration (no
  secrets in it: those reach Litestream through its environment).

Imported by every connection (`replicating`), so it imports nothing heavy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from journal.errors import Conflict


def folder(journal: Path) -> Path:
    return journal.parent / f".{journal.name}-replicas"


def lock_path(journal: Path) -> Path:
    return folder(journal) / "lock"


def status_path(journal: Path) -> Path:
    return folder(journal) / "status.json"


def replicating(journal: Path | str) -> bool:
    """Whether a `journal replicate` (or `serve --replicate`) runs on this journal: its
    lock is held. One stat when none ever ran."""
    lock = lock_path(Path(journal))
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except (ImportError, OSError):
        return False
    finally:
        os.close(fd)
    return False


def take_lock(journal: Path) -> int:
    """Hold the journal's replication lock; the descriptor is passed on to each
    Litestream, so the lock lasts as long as any of them. Refused when it is held."""
    import fcntl

    folder(journal).mkdir(mode=0o700, exist_ok=True)
    fd = os.open(lock_path(journal), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        held_by = read_status(journal).get("pid")
        by = f" (process {held_by})" if held_by else ""
        raise Conflict(
            f"{journal} is already being replicated{by}; stop that `journal replicate`"
            " (or `journal serve --replicate`) first: two would write over each other"
        ) from None
    return fd


def read_status(journal: Path) -> dict:
    """The status `journal replicate` keeps; {} when there is none, or it cannot be read."""
    try:
        status = json.loads(status_path(journal).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


def write_status(journal: Path, status: dict) -> None:
    path = status_path(journal)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(status, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def summary(journal: Path) -> dict | None:
    """What the home page says of the replicas: when each was last written and what
    fails; None when the journal was never replicated."""
    status = read_status(journal)
    if not status.get("replicas"):
        return None
    import datetime as dt

    now = dt.datetime.now(dt.timezone.utc)
    running = replicating(journal)
    replicas = []
    for entry in status["replicas"]:
        written = entry.get("written")
        when = None
        if written:
            try:
                when = dt.datetime.fromisoformat(written[:19]).replace(tzinfo=dt.timezone.utc)
            except ValueError:
                written = None
        replicas.append(
            {
                "url": entry.get("url", "?"),
                "written": written and when.isoformat(),
                "written_text": when and f"{when.astimezone():%Y-%m-%d %H:%M} ({ago(now - when)})",
                "error": running and entry.get("error"),
            }
        )
    return {"running": running, "replicas": replicas}


def ago(delta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
        if minutes >= size:
            n = minutes // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"
