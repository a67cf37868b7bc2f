"""JournalStore: the one object that owns the connection and every query."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from journal.dates import DateError, next_occurrence
from journal.errors import (
    Ambiguous,
    Conflict,
    Duplicate,
    InvalidValue,
    JournalError,
    NotAJournal,
    NotFound,
)
from journal.fields import CLEARABLE, PERSON_FIELDS
from journal.handles import Handle, HandleError, name_key, parse_handle
from journal.migrations import APPLICATION_ID, MIGRATIONS, people_facet_counts, person_tags_of
from journal.transfer import TransferMixin, unique

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


HANDLES_JSON = """(SELECT json_group_array(json_object('network', h.network, 'handle', h.handle,
        'url', h.url)) FROM handles h WHERE h.person_id = p.id)"""

PERSON_SUMMARY = f"""
SELECT p.id, p.name, p.company, p.role, p.city, p.email, p.phone, p.tags, p.found_via,
    p.event_id, e.name AS event, p.via_id, v.name AS via, p.met_on, p.met_where,
    p.source_url, p.next_due, {HANDLES_JSON} AS handles
FROM people p
LEFT JOIN events e ON e.id = p.event_id
LEFT JOIN people v ON v.id = p.via_id
"""


# How many of the latest matches `search` ranks (see JournalStore.search).
RANKED = 500


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _decode(row: dict) -> dict:
    """JSON columns arrive as text; hand them on as lists."""
    for key in ("tags", "handles"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def fts_query(text: str) -> str:
    """Every word the user typed must match, each as a prefix; FTS syntax is not exposed."""
    words = re.findall(r"\w+", text)
    if not words:
        raise InvalidValue(f"nothing to search for in {text!r}")
    return " ".join(f'"{word}"*' for word in words)


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


def open_store(path: Path, *, write: bool, upgrade: bool = True) -> JournalStore:
    """Open the journal at `path`; a missing file is created only for a command that writes.

    `upgrade=False` leaves a journal from an earlier release as it is, for commands that
    must not change the file (check, backup)."""
    if path.exists():
        check_is_sqlite(path)
        return JournalStore(path, upgrade=upgrade)
    if not write:
        # Nothing recorded yet: read from an empty journal without creating a file.
        return JournalStore(":memory:")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise NotAJournal(f"cannot create {path.parent}: {e.strerror}") from None
    return JournalStore(path)


def journal_next_due(rrule: str | None, due: str | None, on: str) -> str | None:
    """SQL `journal_next_due(rrule, due, on)`: where a recurring follow-up done on `on` moves.

    The first date of the rule after both `on` and `due`, so missed dates never pile up;
    NULL when the rule has no date left.
    """
    if not rrule or not due:
        return None
    start, done_on = date.fromisoformat(due), date.fromisoformat(on)
    try:
        return next_occurrence(rrule, start, after=max(start, done_on)).isoformat()
    except DateError:
        return None


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the schema's triggers call; every connection to a journal needs them."""
    conn.create_function("journal_next_due", 3, journal_next_due, deterministic=True)


class JournalStore(TransferMixin):
    """The one object that owns the connection and every query.

    The everyday commands use the sqlite3 connection directly; sqlite-utils (`db`) is
    loaded on first use, by import and export, because importing it costs about as much
    as the rest of `journal add`."""

    _db = None

    def __init__(self, path: Path | str, *, upgrade: bool = True):
        self.path = path
        try:
            self.conn = sqlite3.connect(str(path))
            # As sqlite-utils sets it: a trigger may fire again from its own writes.
            self.conn.execute("PRAGMA recursive_triggers = ON")
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            register_functions(self.conn)
            self._upgrade(apply=upgrade)
        except sqlite3.DatabaseError as e:
            raise NotAJournal(f"{path} is not a usable journal database ({e})") from None

    @classmethod
    def reading(cls, conn: sqlite3.Connection) -> JournalStore:
        """A store over a connection someone else opened (Datasette's), for its queries only."""
        store = cls.__new__(cls)
        store.path = "(connection)"
        store.conn = conn
        return store

    @property
    def db(self):
        """sqlite-utils over the same connection."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        self.conn.close()

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return self.conn.execute("SELECT coalesce(max(id), 0) FROM migrations").fetchone()[0]
        if self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
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
            self.conn.execute("PRAGMA journal_mode = WAL")
        with self.transaction():
            # Another process may have upgraded it while we waited for the lock.
            version = self.schema_version()
            if version == 0:
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step(self.conn)
                self.conn.execute(
                    "INSERT INTO migrations (id, name) VALUES (?, ?)", (number, step.__name__)
                )

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
        # IMMEDIATE takes the write lock up front, so concurrent writers wait for
        # the busy timeout instead of failing when a read turns into a write.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        else:
            if not self._held:
                self.conn.commit()

    _held = False

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

    def _rows(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        cursor = self.conn.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row; returns its id."""
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join(f":{c}" for c in row)
        values = {c: _iso(v) for c, v in row.items()}
        return self.conn.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", values
        ).lastrowid

    def _update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        sets = ", ".join(f"[{c}] = :{c}" for c in changes)
        values = {c: _iso(v) for c, v in changes.items()}
        self.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = :_id", {**values, "_id": row_id})

    def _row(self, sql: str, params: Iterable | dict = ()) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    # -- finding people and events ---------------------------------------------

    def resolve_person(self, text: str) -> int:
        """PERSON as SPEC §1 reads it: id, handle, email, whole name, then a unique part."""
        text = text.strip()
        if not text:
            raise InvalidValue("a person is needed: an id, a handle, an email or a name")
        if re.fullmatch(r"#?\d+", text):
            person_id = int(text.lstrip("#"))
            if not _storable(person_id) or not self._row(
                "SELECT id FROM people WHERE id = ?", [person_id]
            ):
                raise NotFound(f"no person with id #{person_id}")
            return person_id
        for finder in (self._by_handle, self._by_email, self._by_name, self._by_name_part):
            candidates = finder(text)
            if len(candidates) == 1:
                return candidates[0]["id"]
            if candidates:
                raise Ambiguous("people", text, candidates)
        raise NotFound(f"no person matches {text!r} (try `journal search {text}`)")

    def _by_handle(self, text: str) -> list[dict]:
        try:
            handle = parse_handle(text)
        except HandleError:
            return []
        rows = self._rows(
            "SELECT p.id, p.name FROM handles h JOIN people p ON p.id = h.person_id"
            " WHERE h.network = ? AND h.handle = ?",
            [handle.network, handle.handle],
        )
        if rows or not text.startswith("@"):
            return rows
        # "@benji" may be the name someone has on any network, not only on X.
        bare = text[1:]
        return self._rows(
            "SELECT DISTINCT p.id, p.name FROM handles h JOIN people p ON p.id = h.person_id"
            " WHERE h.handle = ? OR (h.network = 'mastodon' AND h.handle LIKE ? ESCAPE '\\')"
            " ORDER BY p.id",
            [bare, _like_prefix(bare) + "@%"],
        )

    def _by_email(self, text: str) -> list[dict]:
        if "@" not in text or text.startswith("@"):
            return []
        return self._rows(
            "SELECT p.id, p.name FROM emails m JOIN people p ON p.id = m.person_id"
            " WHERE m.email = ?",
            [text],
        )

    def _by_name(self, text: str) -> list[dict]:
        return self._rows(
            "SELECT id, name FROM people WHERE name_key = ? ORDER BY id", [name_key(text)]
        )

    def _by_name_part(self, text: str) -> list[dict]:
        return self._rows(
            "SELECT id, name FROM people WHERE name_key LIKE ? ESCAPE '\\' ORDER BY id",
            ["%" + _like_prefix(name_key(text)) + "%"],
        )

    def resolve_event(self, text: str) -> int:
        text = text.strip()
        if re.fullmatch(r"#?\d+", text):
            event_id = int(text.lstrip("#"))
            if not _storable(event_id) or not self._row(
                "SELECT id FROM events WHERE id = ?", [event_id]
            ):
                raise NotFound(f"no event with id #{event_id}")
            return event_id
        for rows in (self._events_named(text), self._events_named_like(text)):
            if len(rows) == 1:
                return rows[0]["id"]
            if rows:
                raise Ambiguous("events", text, rows)
        raise NotFound(f"no event named {text!r} (see `journal event list`)")

    def _events_named(self, name: str) -> list[dict]:
        return self._rows(
            "SELECT id, name FROM events WHERE name = ? COLLATE NOCASE ORDER BY id", [name]
        )

    def _events_named_like(self, part: str) -> list[dict]:
        return self._rows(
            "SELECT id, name FROM events WHERE name LIKE ? ESCAPE '\\' ORDER BY id",
            ["%" + _like_prefix(part) + "%"],
        )

    def event_for(self, text: str, *, on: date | None = None, place: str | None = None) -> int:
        """The event called `text`, created when new (as `add --event` promises)."""
        if re.fullmatch(r"#?\d+", text.strip()) or self._events_named(text.strip()):
            return self.resolve_event(text)
        return self.add_event(text.strip(), on=on, place=place)

    def person_for(self, text: str) -> int:
        """The person `text` names, created as a bare record when unknown (`--via`)."""
        try:
            return self.resolve_person(text)
        except NotFound:
            if re.fullmatch(r"#?\d+", text.strip()):
                raise
        try:
            handles = [parse_handle(text)] if text.strip().startswith("@") else []
        except HandleError:
            handles = []
        return self.add_person(text.strip(), handles=handles, log_meeting=False)

    # -- writing people ----------------------------------------------------------

    def _check_unused(self, handles: Iterable[Handle], emails: Iterable[str]) -> None:
        for email in emails:
            row = self._row(
                "SELECT p.id, p.name FROM emails m JOIN people p ON p.id = m.person_id"
                " WHERE m.email = ?",
                [email],
            )
            if row:
                raise Duplicate(f"{email} is already the email of #{row['id']} {row['name']}")
        for handle in handles:
            row = self._row(
                "SELECT p.id, p.name FROM handles h JOIN people p ON p.id = h.person_id"
                " WHERE h.network = ? AND h.handle = ?",
                [handle.network, handle.handle],
            )
            if row:
                raise Duplicate(
                    f"{handle.display()} is already a handle of #{row['id']} {row['name']}"
                )

    def _attach(self, person_id: int, handles: Iterable[Handle], emails: Iterable[str]) -> None:
        handles, emails = _unique_handles(handles), unique(emails)
        self._check_unused(handles, emails)
        for email in emails:
            self._insert("emails", {"person_id": person_id, "email": email})
        for h in handles:
            self._insert(
                "handles",
                {"person_id": person_id, "network": h.network, "handle": h.handle, "url": h.url},
            )

    def add_person(
        self,
        name: str,
        *,
        handles: Iterable[Handle] = (),
        emails: Iterable[str] = (),
        tags: Iterable[str] = (),
        event: str | None = None,
        via: str | None = None,
        met_on: date | None = None,
        log_meeting: bool = True,
        follow_up: dict | None = None,
        **fields: Any,
    ) -> int:
        """Record a person and how you found them; everything in one transaction."""
        name = name.strip()
        if not name:
            raise InvalidValue("a person needs a name")
        unknown = set(fields) - set(PERSON_FIELDS)
        if unknown:
            raise TypeError(f"unknown person fields: {sorted(unknown)}")
        with self.transaction():
            row = {
                **{k: v for k, v in fields.items() if v is not None},
                "name": name,
                "name_key": name_key(name),
                "tags": json.dumps(unique(tags), ensure_ascii=False),
                "met_on": _iso(met_on),
            }
            if event is not None:
                row["event_id"] = self.event_for(event, on=met_on, place=fields.get("met_where"))
                row.setdefault("found_via", "event")
            if via is not None:
                row["via_id"] = self.person_for(via)
            person_id = self._insert("people", row)
            self._attach(person_id, handles, emails)
            if log_meeting and met_on is not None:
                self.log(
                    person_id,
                    None,
                    kind="met",
                    on=met_on,
                    event_id=row.get("event_id"),
                    place=fields.get("met_where"),
                )
            if follow_up:
                self.add_follow_up(person_id, **follow_up)
        return person_id

    def update_person(
        self,
        person_id: int,
        *,
        fields: dict[str, Any] | None = None,
        clear: Iterable[str] = (),
        add_handles: Iterable[Handle] = (),
        add_emails: Iterable[str] = (),
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        event: str | None = None,
        via: str | None = None,
    ) -> None:
        fields = {k: _iso(v) for k, v in (fields or {}).items() if v is not None}
        with self.transaction():
            current = self._row("SELECT * FROM people WHERE id = ?", [person_id])
            if current is None:
                raise NotFound(f"no person with id #{person_id}")
            changes: dict[str, Any] = {}
            for field in clear:
                if field == "handles":
                    self.conn.execute("DELETE FROM handles WHERE person_id = ?", [person_id])
                elif field == "emails":
                    self.conn.execute("DELETE FROM emails WHERE person_id = ?", [person_id])
                elif field == "tags":
                    changes["tags"] = "[]"
                elif field == "name":
                    raise InvalidValue("a person's name cannot be cleared")
                else:
                    changes[CLEARABLE[field]] = None
            if "name" in fields:
                if not fields["name"].strip():
                    raise InvalidValue("a person needs a name")
                fields["name"] = fields["name"].strip()
                fields["name_key"] = name_key(fields["name"])
            changes.update(fields)
            if event is not None:
                changes["event_id"] = self.event_for(
                    event, on=_as_date(current["met_on"]), place=current["met_where"]
                )
                if not current["found_via"] and "found_via" not in changes:
                    changes["found_via"] = "event"
            if via is not None:
                via_id = self.person_for(via)
                if via_id == person_id:
                    raise InvalidValue("a person cannot be their own introducer")
                changes["via_id"] = via_id
            if add_tags or remove_tags:
                tags = json.loads(changes.get("tags", current["tags"]))
                removed = {t.casefold() for t in remove_tags}
                tags = [t for t in tags if t.casefold() not in removed]
                changes["tags"] = json.dumps(unique([*tags, *add_tags]), ensure_ascii=False)
            if changes:
                changes["updated_at"] = self._now()
                self._update("people", person_id, changes)
            self._attach(person_id, add_handles, add_emails)

    def delete_person(self, person_id: int) -> dict:
        """Delete a person with their handles, log and follow-ups; returns what went."""
        with self.transaction():
            counts = self.person_counts(person_id)
            self.conn.execute("DELETE FROM people WHERE id = ?", [person_id])
        return counts

    def person_counts(self, person_id: int) -> dict:
        return self._row(
            """SELECT
                (SELECT count(*) FROM interactions WHERE person_id = :id) AS interactions,
                (SELECT count(*) FROM follow_ups WHERE person_id = :id) AS follow_ups,
                (SELECT count(*) FROM handles WHERE person_id = :id) AS handles,
                (SELECT count(*) FROM people WHERE via_id = :id) AS introduced""",
            {"id": person_id},
        )

    def _now(self) -> str:
        return self.conn.execute(
            "SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')"
        ).fetchone()[0]

    # -- the log, events and plans -------------------------------------------------

    def log(
        self,
        person_id: int,
        note: str | None,
        *,
        kind: str = "note",
        on: date,
        event: str | None = None,
        event_id: int | None = None,
        place: str | None = None,
    ) -> int:
        with self.transaction():
            if event is not None:
                event_id = self.event_for(event, on=on, place=place)
            return self._insert(
                "interactions",
                {
                    "person_id": person_id,
                    "date": _iso(on),
                    "kind": kind,
                    "note": note,
                    "event_id": event_id,
                    "place": place,
                },
            )

    def add_event(
        self,
        name: str,
        *,
        on: date | None = None,
        place: str | None = None,
        city: str | None = None,
        url: str | None = None,
        notes: str | None = None,
    ) -> int:
        name = name.strip()
        if not name:
            raise InvalidValue("an event needs a name")
        with self.transaction():
            same = self._row(
                "SELECT id, name FROM events WHERE name = ? COLLATE NOCASE AND date IS ?",
                [name, _iso(on)],
            )
            if same:
                raise Duplicate(f"event #{same['id']} {same['name']} is already in the journal")
            return self._insert(
                "events",
                {
                    "name": name,
                    "date": _iso(on),
                    "place": place,
                    "city": city,
                    "url": url,
                    "notes": notes,
                },
            )

    def add_follow_up(
        self,
        person_id: int,
        action: str,
        *,
        due: date | None = None,
        city: str | None = None,
        rrule: str | None = None,
    ) -> int:
        action = action.strip()
        if not action:
            raise InvalidValue("a follow-up needs an action, e.g. 'meet again in London'")
        if rrule and due is None:
            raise InvalidValue("a recurring follow-up needs a first date: add --due")
        with self.transaction():
            return self._insert(
                "follow_ups",
                {
                    "person_id": person_id,
                    "action": action,
                    "due": _iso(due),
                    "city": city,
                    "rrule": rrule,
                },
            )

    def follow_up(self, follow_up_id: int) -> dict:
        row = _storable(follow_up_id) and self._row(
            "SELECT f.*, p.name FROM follow_ups f JOIN people p ON p.id = f.person_id"
            " WHERE f.id = ?",
            [follow_up_id],
        )
        if not row:
            raise NotFound(f"no follow-up with id #{follow_up_id} (see `journal due`)")
        return row

    def _open_follow_up(self, follow_up_id: int) -> dict:
        row = self.follow_up(follow_up_id)
        if row["status"] != "open":
            raise Conflict(f"follow-up #{follow_up_id} is already {row['status']}")
        return row

    def complete_follow_up(self, follow_up_id: int, *, on: date, note: str | None = None) -> dict:
        """Mark a follow-up done and log it; a recurring one moves to its next date instead."""
        with self.transaction():
            f = self._open_follow_up(follow_up_id)
            # The same trigger as a "done" button in the browser (migrations.m002).
            self.conn.execute(
                "INSERT INTO follow_up_done (follow_up_id, note, on_date) VALUES (?, ?, ?)",
                [f["id"], note, _iso(on)],
            )
        return self.follow_up(follow_up_id)

    def snooze(self, follow_up_id: int, until: date) -> dict:
        with self.transaction():
            self._open_follow_up(follow_up_id)
            self._update("follow_ups", follow_up_id, {"due": until.isoformat()})
        return self.follow_up(follow_up_id)

    def keep_in_touch(self, person_id: int, days: int | None) -> dict:
        """Set or stop a cadence; the triggers work out `next_due` from the last contact."""
        with self.transaction():
            self._update(
                "people", person_id, {"keep_in_touch_days": days, "updated_at": self._now()}
            )
        return self.person(person_id)

    def due(
        self, *, until: date | None = None, city: str | None = None, limit: int = -1
    ) -> list[dict]:
        """Open follow-ups and cadences due by `until`; or, for `city`, every plan tied to it
        (or to someone who lives there) and everyone who lives there. Soonest first.

        Reads only indexed columns (follow_ups.status/due/city, people.next_due/city):
        the log is never scanned. With a limit, each half stops at `limit` rows, so the
        home page's few items cost the same whatever is overdue.
        """
        if city is not None:
            follow_ups = "coalesce(f.city, p.city) = :city COLLATE NOCASE"
            cadences = "p.city = :city COLLATE NOCASE"
            order = "due IS NULL, due, kind = 'lives-there', name"
        else:
            follow_ups = "f.due <= :until"
            cadences = "p.next_due <= :until"
            order = "due, name"  # never NULL here, so the due indexes give the order
        return self._rows(
            f"""SELECT * FROM (
                SELECT * FROM (
                    SELECT 'follow-up' AS kind, f.id AS follow_up_id, p.id AS person_id,
                        p.name, f.action, f.due, coalesce(f.city, p.city) AS city, f.rrule,
                        p.last_contact
                    FROM follow_ups f JOIN people p ON p.id = f.person_id
                    WHERE f.status = 'open' AND {follow_ups}
                    ORDER BY {order} LIMIT :limit)
                UNION ALL
                SELECT * FROM (
                    SELECT CASE WHEN p.next_due IS NULL THEN 'lives-there'
                            ELSE 'keep-in-touch' END AS kind,
                        NULL, p.id, p.name, NULL, p.next_due AS due, p.city, NULL,
                        p.last_contact
                    FROM people p
                    WHERE {cadences}
                    ORDER BY {order} LIMIT :limit))
            ORDER BY due IS NULL, due, kind = 'lives-there', name
            LIMIT :limit""",
            {"until": _iso(until), "city": city, "limit": limit},
        )

    # -- reading -----------------------------------------------------------------

    def person(self, person_id: int) -> dict:
        """Everything about one person, as `show` prints it and `show --json` emits it."""
        row = self._row(
            "SELECT id, name, company, role, city, email, phone, tags, notes, found_via,"
            " event_id, via_id, met_on, met_where, source_url, story, keep_in_touch_days,"
            " last_contact, next_due, created_at, updated_at FROM people WHERE id = ?",
            [person_id],
        )
        if row is None:
            raise NotFound(f"no person with id #{person_id}")
        person = _decode(row)
        event_id, via_id = person.pop("event_id"), person.pop("via_id")
        person["event"] = self._row(
            "SELECT id, name, date, place, city FROM events WHERE id = ?", [event_id]
        )
        person["via"] = self._row("SELECT id, name FROM people WHERE id = ?", [via_id])
        person["emails"] = [
            r["email"]
            for r in self._rows(
                "SELECT email FROM emails WHERE person_id = ? ORDER BY id", [person_id]
            )
        ]
        person["handles"] = self._rows(
            "SELECT network, handle, url FROM handles WHERE person_id = ? ORDER BY id",
            [person_id],
        )
        person["interactions"] = [
            {
                **r,
                "event": {"id": r.pop("event_id"), "name": r.pop("event_name")}
                if r["event_id"]
                else None,
            }
            for r in self._rows(
                "SELECT i.id, i.date, i.kind, i.note, i.place, i.event_id, e.name AS event_name"
                " FROM interactions i LEFT JOIN events e ON e.id = i.event_id"
                " WHERE i.person_id = ? ORDER BY i.date DESC, i.id DESC",
                [person_id],
            )
        ]
        person["follow_ups"] = self._rows(
            "SELECT id, action, due, city, rrule, status FROM follow_ups"
            " WHERE person_id = ? AND status = 'open' ORDER BY due IS NULL, due, id",
            [person_id],
        )
        person["introduced"] = self._rows(
            "SELECT id, name FROM people WHERE via_id = ? ORDER BY met_on, id", [person_id]
        )
        return person

    def people(
        self,
        *,
        how: str | None = None,
        event_id: int | None = None,
        tags: Iterable[str] = (),
        city: str | None = None,
        company: str | None = None,
        via_id: int | None = None,
        since: date | None = None,
        limit: int | None = None,
    ) -> list[dict]:
        """People, newest first, narrowed by any of the `list` filters."""
        where, params = [], {}
        if how:
            where.append("p.found_via = :how")
            params["how"] = how
        if event_id is not None:
            # Met there, or logged there later: each side by its own index.
            where.append(
                "p.id IN (SELECT id FROM people WHERE event_id = :event"
                " UNION SELECT person_id FROM interactions WHERE event_id = :event)"
            )
            params["event"] = event_id
        for n, tag in enumerate(tags):
            where.append(
                f"p.id IN (SELECT person_id FROM person_tags WHERE tag = :tag{n} COLLATE NOCASE)"
            )
            params[f"tag{n}"] = tag
        if city:
            where.append("p.city = :city COLLATE NOCASE")
            params["city"] = city
        if company:
            where.append("p.company = :company COLLATE NOCASE")
            params["company"] = company
        if via_id is not None:
            where.append("p.via_id = :via")
            params["via"] = via_id
        if since:
            where.append("p.met_on >= :since")
            params["since"] = _iso(since)
        matching = " WHERE " + " AND ".join(where) if where else ""
        newest = " ORDER BY p.met_on DESC, p.id DESC"
        if limit is None:
            sql = PERSON_SUMMARY + matching + newest
        else:
            # The page's ids first, then the summary of those alone: else each match's
            # handles would be gathered before the sort, thousands for a common tag.
            page = f"SELECT p.id FROM people p{matching}{newest} LIMIT :limit"
            sql = f"{PERSON_SUMMARY} JOIN ({page}) page ON page.id = p.id{newest}"
            params["limit"] = limit
        return [_decode(r) for r in self._rows(sql, params)]

    def search(self, text: str, *, limit: int = 50) -> list[dict]:
        """People whose card or log matches every word, best matches first.

        Ranking reads every match, so only the latest RANKED matches of the cards and of
        the log are ranked: a word in every entry of a large log costs the same as a rare
        one, and a small journal ranks all of its matches."""
        query = fts_query(text)
        found: dict[int, dict] = {}
        card_hits = self._rows(
            f"""{PERSON_SUMMARY}
            JOIN (SELECT rowid, rank FROM people_fts WHERE people_fts MATCH :q
                  ORDER BY rowid DESC LIMIT :ranked) hit ON hit.rowid = p.id
            ORDER BY hit.rank LIMIT :limit""",
            {"q": query, "limit": limit, "ranked": RANKED},
        )
        for row in card_hits:
            found[row["id"]] = {**_decode(row), "matches": []}
        log_hits = self._rows(
            """SELECT person_id, id, date, kind, snippet FROM (
                SELECT i.person_id, i.id, i.date, i.kind, interactions_fts.rank AS rank,
                    snippet(interactions_fts, -1, '[', ']', '…', 12) AS snippet
                FROM interactions_fts JOIN interactions i ON i.id = interactions_fts.rowid
                WHERE interactions_fts MATCH :q
                ORDER BY interactions_fts.rowid DESC LIMIT :ranked)
            ORDER BY rank LIMIT :limit""",
            {"q": query, "limit": limit, "ranked": RANKED},
        )
        for hit in log_hits:
            person_id = hit.pop("person_id")
            if person_id not in found:
                if len(found) >= limit:
                    continue
                found[person_id] = {
                    **_decode(self._row(PERSON_SUMMARY + " WHERE p.id = ?", [person_id])),
                    "matches": [],
                }
            found[person_id]["matches"].append(hit)
        return list(found.values())

    def events(self) -> list[dict]:
        return self._rows(
            """SELECT e.id, e.name, e.date, e.place, e.city, e.url,
                (SELECT count(*) FROM (SELECT id FROM people WHERE event_id = e.id
                    UNION SELECT person_id FROM interactions WHERE event_id = e.id)) AS people
            FROM events e ORDER BY e.date DESC, e.id DESC"""
        )

    def event(self, event_id: int) -> dict:
        row = self._row("SELECT * FROM events WHERE id = ?", [event_id])
        if row is None:
            raise NotFound(f"no event with id #{event_id}")
        row["people"] = self.people(event_id=event_id)
        return row

    # -- maintenance -----------------------------------------------------------------

    def check(self) -> list[str]:
        """What is wrong with the file: integrity, foreign keys, search indexes. Reads only.

        A check that SQLite cannot even run on a damaged file is a finding too."""
        problems: list[str] = []

        def rows(what: str, sql: str) -> list[tuple]:
            try:
                return self.conn.execute(sql).fetchall()
            except sqlite3.DatabaseError as e:
                problems.append(f"{what}: {e}")
                return []

        problems += [f"integrity: {row[0]}" for row in rows("integrity", "PRAGMA integrity_check")]
        if problems == ["integrity: ok"]:
            problems.clear()
        problems += [
            f"foreign key: {table} row {rowid} points at a missing {parent} row"
            for table, rowid, parent, _ in rows("foreign keys", "PRAGMA foreign_key_check")
        ]
        for fts in ("people_fts", "interactions_fts"):
            rows(
                f"search index {fts}",
                f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)",
            )
        for (missing,) in rows(
            "search index people_fts",
            "SELECT count(*) FROM people WHERE id NOT IN (SELECT rowid FROM people_fts)",
        ):
            if missing:
                problems.append(f"search index people_fts: {missing} people missing")
        derived = {  # what the triggers keep: its key, how to work it out afresh, what is kept
            "facet counts": (
                "facet, value",
                f"SELECT facet, value, n AS count FROM ({people_facet_counts('1')})",
                "SELECT facet, value, count FROM people_counts",
            ),
            "tags": (
                "person_id, tag",
                f"SELECT id AS person_id, value AS tag FROM ({person_tags_of('1')})",
                "SELECT person_id, tag FROM person_tags",
            ),
        }
        since = "SELECT 1 FROM sqlite_master WHERE name = 'people_counts'"  # schema 4 on
        if self.conn.execute(since).fetchone():
            for what, (key, live, kept) in derived.items():
                for (differ,) in rows(
                    what,
                    f"SELECT count(*) FROM (SELECT {key} FROM ({live} EXCEPT {kept})"
                    f" UNION SELECT {key} FROM ({kept} EXCEPT {live}))",
                ):
                    if differ:
                        problems.append(f"{what}: {differ} differ from the people table")
        return problems

    def backup(self, target: Path) -> int:
        """A consistent copy with SQLite's backup API, written beside `target` and then
        renamed, so a half-written or damaged backup never takes its name. Returns the
        pages copied."""
        import tempfile

        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        except OSError as e:
            raise JournalError(f"cannot write a backup in {target.parent}: {e.strerror}") from None
        os.close(fd)
        tmp = Path(name)
        try:
            dest = sqlite3.connect(tmp)
            try:
                self.conn.backup(dest)
                pages = dest.execute("PRAGMA page_count").fetchone()[0]
                found = dest.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dest.close()
            if found != "ok":
                raise JournalError(
                    f"{self.path} is damaged ({found}), so no backup was written;"
                    " see `journal check`, and copy the file as it is with cp"
                )
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return pages


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _storable(row_id: int) -> bool:
    """An id SQLite can hold (a larger one, typed by hand, names nobody)."""
    return -(2**63) <= row_id < 2**63


def _unique_handles(handles: Iterable[Handle]) -> list[Handle]:
    seen, kept = set(), []
    for h in handles:
        if (h.network, h.handle.casefold()) not in seen:
            seen.add((h.network, h.handle.casefold()))
            kept.append(h)
    return kept


def _as_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
