"""The people an import adds, held and written a batch at a time (journal.db.imports)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from journal.db.bulk import insert_all
from journal.db.merge import MERGED_FIELDS
from journal.schema.derived import (
    add_people_counts,
    add_person_tags,
    add_ways_found,
    people_fts_insert,
)
from journal.text.handles import name_key
from journal.text.values import iso, unique

if TYPE_CHECKING:
    import sqlite3

    from journal.formats.contact import Contact

NEW_PERSON_COLUMNS = ("id", "name", "name_key", "email", "tags", "vcard", *MERGED_FIELDS)


class NewPeople:
    """The people an import adds, held until there are enough to write at once.

    Matching looks in the journal, so a contact that shares an email, a handle or a
    name with someone held here has the batch written first (`has_any_of`).
    """

    def __init__(self, conn: sqlite3.Connection, batch_size: int):
        self.conn, self.batch_size = conn, batch_size
        self.people: list[tuple] = []
        self.handles: list[tuple] = []
        self.emails: list[tuple] = []
        self.dates: list[tuple] = []
        self.other_names: list[tuple] = []
        self.networks: list[tuple] = []  # (person, network, note) of the first way found
        self.keys: set[tuple] = set()
        self.web_pages: set[str] = set()
        self.next_id: int | None = None
        # The first id this import gives: people below it were there before the file.
        self.before: int | None = None

    def _web_page_is_free(self, page: str) -> bool:
        if page.casefold() in self.web_pages:
            return False
        taken = self.conn.execute(
            "SELECT 1 FROM handles WHERE network = 'web' AND handle = ?", [page]
        ).fetchone()
        if taken is None:
            self.web_pages.add(page.casefold())
        return taken is None

    def has_any_of(self, keys: list[tuple]) -> bool:
        return not self.keys.isdisjoint(keys)

    def add(self, c: Contact, keys: list[tuple]) -> int:
        if self.next_id is None:
            self.next_id = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM people"
            ).fetchone()[0]
        person_id, self.next_id = self.next_id, self.next_id + 1
        # A new person's emails and handles are nobody's: else they would have matched;
        # but a web page is not matched on, and stays the handle of whoever had it first.
        emails = unique(c.emails)
        handles = [
            h
            for h in {(h.network, h.handle.casefold()): h for h in c.handles}.values()
            if h.network != "web" or self._web_page_is_free(h.handle)
        ]
        self.people.append(
            (
                person_id,
                c.name.strip(),
                keys[0][1],
                emails[0] if emails else None,
                json.dumps(unique(c.tags), ensure_ascii=False) if c.tags else "[]",
                c.vcard,
                *[iso(getattr(c, name, None)) for name in MERGED_FIELDS],
            )
        )
        self.emails += [(person_id, e) for e in emails]
        self.handles += [(person_id, h.network, h.handle, h.url) for h in handles]
        self.dates += [(person_id, d["label"], d["date"], int(d["yearly"])) for d in c.dates]
        if c.network and c.found_via:
            self.networks.append((person_id, c.network, c.way_note))
        if c.other_names:
            own = {name_key(c.name)}
            for other in c.other_names:
                if other.strip() and name_key(other) not in own:
                    own.add(name_key(other))
                    self.other_names.append((person_id, other.strip()))
        self.keys.update(keys)
        if len(self.people) >= self.batch_size:
            self.write()
        return person_id

    def write(self) -> None:
        """Insert the people held, then their emails and handles, then index them once.

        The row-by-row triggers would rebuild a person's search row for every email and
        handle; they stand aside while `bulk_import` has a row (schema 6), which is put
        there for the batch and taken away again inside the import's transaction, so
        nothing outside it ever sees it.
        """
        if not self.people:
            return
        conn = self.conn
        conn.execute("INSERT INTO bulk_import (started) VALUES (datetime('now'))")
        insert_all(conn, "people", NEW_PERSON_COLUMNS, self.people)
        insert_all(conn, "emails", ("person_id", "email"), self.emails)
        insert_all(conn, "handles", ("person_id", "network", "handle", "url"), self.handles)
        insert_all(conn, "important_dates", ("person_id", "label", "date", "yearly"), self.dates)
        insert_all(conn, "other_names", ("person_id", "name"), self.other_names)
        batch = {"first": self.people[0][0], "last": self.people[-1][0]}
        for statement in add_ways_found("p.id BETWEEN :first AND :last"):
            conn.execute(statement, batch)
        if self.networks:
            conn.execute(
                "UPDATE ways_found AS w SET network = json_extract(n.value, '$[1]'),"
                " note = json_extract(n.value, '$[2]') FROM json_each(?) AS n"
                " WHERE w.is_first AND w.person_id = json_extract(n.value, '$[0]')",
                [json.dumps(self.networks)],
            )
        conn.execute("DELETE FROM bulk_import")
        conn.execute(people_fts_insert("p.id BETWEEN :first AND :last"), batch)
        conn.execute(add_people_counts("p.id BETWEEN :first AND :last"), batch)
        conn.execute(add_person_tags("p.id BETWEEN :first AND :last"), batch)
        self.people, self.emails, self.handles, self.dates = [], [], [], []
        self.other_names, self.networks = [], []
        self.keys.clear()
        self.web_pages.clear()
