"""The core: every write and every read of a journal, once, for every face.

Each module owns its SQL and takes the journal's `Connection` first: `people` (finding and
recording people), `events`, `plans` (the log, follow-ups, cadences), `found` (ways found),
`important_dates`, `reads` (the card, search, due), `lists` (the contact list), `network`
(introductions, chains, trips), `places`, `imports`, `social`, `merge`, `dump` (the journal
as one document), `reminders`, `suggest` (completion) and `maintenance` (check, backup).
Both faces call them the same way, `people.add_person(journal, ...)`: there is no facade.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.db.connection import Connection, check_is_sqlite
from journal.errors import NotAJournal

__all__ = ["Connection", "open_store"]


def open_store(path: Path, *, write: bool, upgrade: bool = True) -> Connection:
    """Open the journal at `path`; a missing file is created only for a command that writes.

    `upgrade=False` leaves a journal from an earlier release as it is, for commands that
    must not change the file (check, backup)."""
    if path.exists():
        check_is_sqlite(path)
        return Connection(path, upgrade=upgrade)
    if not write:
        # Nothing recorded yet: read from an empty journal without creating a file.
        return Connection(":memory:")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Readable by you alone, and so are the -wal and -shm files SQLite makes beside
        # it (it gives them the journal's mode).
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another process made it first
    except OSError as e:
        raise NotAJournal(f"cannot create {path}: {e.strerror}") from None
    return Connection(path)
