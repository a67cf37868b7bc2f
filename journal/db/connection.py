"""The connection to a journal: opening and checking the file, upgrading its schema, and
transactions. Every module of the core takes a `Connection` and owns its own SQL."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from journal.db.replica_state import replicating
from journal.errors import Ambiguous, NotAJournal, NotFound
from journal.schema.migrations import APPLICATION_ID, IS_JOURNAL_SQL, MIGRATIONS
from journal.text.values import iso, storable

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# How long a write waits its turn behind another (an import of a large file holds the
# journal for minutes, in one transaction) before it gives up, the busy timeout at a time.
WRITE_WAIT_S = 30 * 60


def check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not SQLite, or one cut short, before SQLite gets a chance to
    touch it: SQLite reads a page cut short as zeros, and would read on and write to it."""
    if not path.is_file():
        raise NotAJournal(f"{path} is not a file")
    try:
        with path.open("rb") as f:
            header = f.read(100)
            size = f.seek(0, os.SEEK_END)
    except OSError as e:
        raise NotAJournal(f"cannot read {path}: {e.strerror}") from None
    if not header:
        return  # an empty file: a journal not written yet
    if not header.startswith(SQLITE_HEADER):
        raise NotAJournal(f"{path} is not a journal database (not a SQLite file)")
    page_size = int.from_bytes(header[16:18], "big") if len(header) == 100 else 0
    page_size = 65536 if page_size == 1 else page_size
    if not page_size or size % page_size:
        raise NotAJournal(
            f"{path} is damaged: it ends partway through a page (cut short?);"
            " restore a backup (see README, Backups)"
        )


class Connection:
    """A journal's sqlite3 connection with its transactions.

    The everyday commands use the sqlite3 connection directly; sqlite-utils (`db`) is
    loaded on first use, by import and export, because importing it costs about as much
    as the rest of `journal add`."""

    _db = None
    _held = False
    _created: list[dict] | None = None
    write_wait = WRITE_WAIT_S

    def __init__(self, path: Path | str, *, upgrade: bool = True):
        self.path = path
        try:
            self.conn = sqlite3.connect(str(path))
            # As sqlite-utils sets it: a trigger may fire again from its own writes.
            self.conn.execute("PRAGMA recursive_triggers = ON")
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if replicating(path):
                # Litestream checkpoints: one of ours would write the WAL into the file
                # behind its back (and force it to copy the whole file again).
                self.conn.execute("PRAGMA wal_autocheckpoint = 0")
            self._upgrade(apply=upgrade)
        except sqlite3.DatabaseError as e:
            raise NotAJournal(f"{path} is not a usable journal database ({e})") from None

    @classmethod
    def over(cls, conn: sqlite3.Connection):
        """The core over a connection someone else opened and looks after (Datasette's)."""
        self = cls.__new__(cls)
        self.path = "(connection)"
        self.conn = conn
        self.write_wait = 0  # a page says at once that the journal is busy
        return self

    @property
    def db(self):
        """sqlite-utils over the same connection."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        self.conn.close()

    @property
    def created(self) -> list[dict]:
        """The records the core made besides the one asked for (the event an `--event`
        named, the person a `--via` named), in order, as {table, id, name}: every face
        announces them."""
        if self._created is None:
            self._created = []
        return self._created

    # -- the schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        # One statement, so one snapshot: another process making the journal may commit
        # between two, and its tables would be seen without its mark.
        journal, things = self.conn.execute(
            f"SELECT {IS_JOURNAL_SQL}, (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if journal:
            return self.conn.execute("SELECT coalesce(max(id), 0) FROM migrations").fetchone()[0]
        if things:
            raise NotAJournal(f"{self.path} is a SQLite database but not a journal")
        return 0

    def _upgrade(self, *, apply: bool = True) -> None:
        version = self.schema_version()
        if version > len(MIGRATIONS):
            raise NotAJournal(
                f"{self.path} was written by a newer journal (schema {version}; this one knows"
                f" up to {len(MIGRATIONS)}): upgrade journal to open it"
            )
        self.conn.execute("PRAGMA foreign_keys = ON")
        if version == len(MIGRATIONS) or not apply:
            return
        if self.path != ":memory:":
            # Once, when the journal is made or upgraded: the mode is kept in the file,
            # and setting it on every open would rewrite the header of any file we open.
            self._write_ahead_log()
        with self.transaction():
            # Another process may have upgraded it while we waited for the lock.
            version = self.schema_version()
            if version == 0:
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step.apply(self.conn)
                self.conn.execute(
                    "INSERT INTO migrations (id, name) VALUES (?, ?)", (number, step.name)
                )

    def _write_ahead_log(self) -> None:
        """Put the journal in WAL mode. SQLite answers "locked" at once, without waiting
        for the busy timeout, when another process is making the same new journal
        (tests/test_creation.py): so wait here, as long as the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.005)

    # -- transactions -------------------------------------------------------------

    def _begin(self) -> None:
        """Take the write lock up front (IMMEDIATE), so that a write waits its turn
        instead of failing when a read turns into a write; behind a long import, for as
        long as `write_wait`."""
        deadline = time.monotonic() + self.write_wait
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                busy = "locked" in str(e) or "busy" in str(e)
                if not busy or time.monotonic() >= deadline:
                    raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All of it is written or none of it; inside another transaction, a savepoint."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT journal_nested")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:  # some errors end the transaction themselves
                    self.conn.execute("ROLLBACK TO journal_nested")
                raise
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("RELEASE journal_nested")
            return
        self._begin()
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        else:
            if not self._held:
                self.conn.commit()

    @contextmanager
    def command(self) -> Iterator[None]:
        """One command, one transaction: from its first write to its end, so a command that
        fails after writing (reading back what to print, say) leaves the journal as it was.
        The lock is taken at the first write, not before: a question asked first holds
        no one up."""
        self._held = True
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise
        else:
            if self.conn.in_transaction:
                self.conn.commit()
        finally:
            self._held = False

    # -- rows ---------------------------------------------------------------------

    def rows(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        cursor = self.conn.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]

    def row(self, sql: str, params: Iterable | dict = ()) -> dict | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def exists(self, table: str, row_id: int) -> bool:
        """Whether `table` has a row with this id (an id too large for SQLite has none)."""
        found = storable(row_id) and self.row(f"SELECT id FROM [{table}] WHERE id = ?", [row_id])
        return bool(found)

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row; returns its id."""
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join(f":{c}" for c in row)
        values = {c: iso(v) for c, v in row.items()}
        return self.conn.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", values
        ).lastrowid

    def update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        sets = ", ".join(f"[{c}] = :{c}" for c in changes)
        values = {c: iso(v) for c, v in changes.items()}
        self.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = :_id", {**values, "_id": row_id})

    def now(self) -> str:
        return self.conn.execute(
            "SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')"
        ).fetchone()[0]


def the_one(db: Connection, table: str, ref, searches: Iterable[list[dict]]) -> int | None:
    """The id of the row of `table` that `ref` (a PersonRef, an EventRef) names: its id if
    the row is there, else the one row found by the first of `searches` (tried in order,
    as they come) that finds any. None when nothing is found; Ambiguous for several."""
    if ref.id is not None:
        return ref.id if db.exists(table, ref.id) else None
    for rows in searches:
        if len(rows) == 1:
            return rows[0]["id"]
        if rows:
            raise Ambiguous(table, ref.text, rows)
    return None


class RollBack(Exception):
    """Raised inside a dry run's transaction, so that it is rolled back."""


def existing(resolve, db: Connection, ref) -> int | None:
    """The record `ref` names, found with `resolve`, or None when a new one is to be made:
    `+NAME` insists on it, or nothing matches the name (an id that matches nothing is an
    error); several matches say how to insist on a new one."""
    if ref.new:
        return None
    try:
        return resolve(db, ref)
    except NotFound:
        if ref.id is not None:
            raise
        return None
    except Ambiguous as e:
        raise e.or_new(f"'+{ref.text}'") from None
