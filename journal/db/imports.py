"""Bringing contacts in: matching each contact of a file to someone already in the journal
(by a shared email, handle or profile URL, or phone; never by a name alone, nor by a web
page, which several people may share) and adding or merging. A contact known by nothing
but its name is someone already there only when it is their record again, changing
nothing (a file imported twice, the journal's own export); otherwise it is a new person.

A merge fills empty fields and unions tags, emails and handles; it never overwrites a
value that differs, it reports it (journal.db.merge); the merged record's name becomes
another name of the person (journal.db.other_names). A value `import json` would refuse
is kept as typed in the notes (journal.db.checks). A file is imported in one
transaction: all of it or none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from journal.db import found, important_dates, other_names
from journal.db.checks import kept_as_typed, with_lines
from journal.db.connection import Connection, RollBack
from journal.db.merge import MERGED_FIELDS, describe, merge_fields, union_contacts
from journal.db.new_people import NewPeople
from journal.db.people import MOST_ADDRESSES
from journal.text.handles import name_key

if TYPE_CHECKING:
    from journal.formats.contact import Contact


# Plain classes, not dataclasses: defining a dataclass costs every `journal add` (which
# loads the core) about half a millisecond.
class Outcome:
    """What happened to one contact of a file: added, merged, unchanged or skipped."""

    def __init__(
        self,
        action: str,
        name: str,
        where: str,
        person_id: int | None = None,
        reason: str | None = None,
        conflicts: list[str] | None = None,
    ):
        self.action, self.name, self.where = action, name, where
        self.person_id, self.reason, self.conflicts = person_id, reason, conflicts or []
        self.kept_as_typed = 0


class Report:
    """Counts of what an import did; the outcomes themselves go to the caller as they
    happen, so a file of a million records is never held in memory."""

    def __init__(self):
        self.counts = dict.fromkeys(("added", "merged", "unchanged", "skipped"), 0)
        self.reasons: dict[str, int] = {}
        self.conflicts = 0
        self.kept_as_typed = 0

    def record(self, outcome: Outcome) -> None:
        self.counts[outcome.action] += 1
        if outcome.reason:
            self.reasons[outcome.reason] = self.reasons.get(outcome.reason, 0) + 1
        self.conflicts += len(outcome.conflicts)
        self.kept_as_typed += outcome.kept_as_typed

    def summary(self) -> str:
        parts = [f"{self.counts[a]} {a}" for a in ("added", "merged", "unchanged")]
        if self.counts["skipped"]:
            why = "; ".join(f"{n} {r}" for r, n in self.reasons.items())
            parts.append(f"{self.counts['skipped']} skipped ({why})")
        if self.conflicts:
            s = "s" if self.conflicts != 1 else ""
            parts.append(f"{self.conflicts} conflict{s} left as they were")
        if self.kept_as_typed:
            s = "s" if self.kept_as_typed != 1 else ""
            parts.append(
                f"{self.kept_as_typed} value{s} the journal cannot hold kept as typed in notes"
            )
        return ", ".join(parts)


# New people are written this many at a time; the insert triggers that keep people.email,
# the search index, facet counts and tags current row by row stand aside, and the batch
# does their work once, for all of its people (see NewPeople.write).
BATCH_SIZE = 2000
TOO_MANY = f"more than {MOST_ADDRESSES} handles or emails"
IMPORT_CACHE_SIZE = -8000  # negative: KiB, as PRAGMA cache_size reads it


def _keys(c: Contact) -> list[tuple]:
    """What matching compares: the name key first, then emails, handles (whose case
    SQLite ignores) and the phone."""
    return [
        ("name", name_key(c.name)),
        *(("email", email.strip().casefold()) for email in c.emails),
        *(("handle", h.network, h.handle.casefold()) for h in c.handles if h.network != "web"),
        *((("phone", c.phone),) if c.phone else ()),
    ]


def _identified(c: Contact) -> bool:
    """Whether the contact carries what tells one person from another: an email, a
    handle (a web page is not one: several people share a company's site) or a phone."""
    return bool(c.emails or c.phone or any(h.network != "web" for h in c.handles))


def match(db: Connection, contact: Contact, key: str | None = None) -> int | None:
    """The person `contact` is, if the journal has them; None if new or known only by
    name (see _add_or_merge). `key` is the name's name_key, when the caller has it.

    Two records are one person when they share an email, a handle or a phone; a name,
    however alike, is never enough (two accounts called "Freezer" are two people).
    """
    # Plain cursor calls: these run for every record of a large file.
    one = db.conn.execute
    for email in contact.emails:
        row = one("SELECT person_id FROM emails WHERE email = ?", [email]).fetchone()
        if row:
            return row[0]
    for h in contact.handles:
        if h.network == "web":
            continue  # a web page (a company's site, a blog of several) is nobody's alone
        # The handle is the canonical form of a profile URL: one index lookup.
        row = one(
            "SELECT person_id FROM handles WHERE network = ? AND handle = ?",
            [h.network, h.handle],
        ).fetchone()
        if row:
            return row[0]
    if contact.phone:
        row = one(
            "SELECT id FROM people WHERE phone = ? ORDER BY id LIMIT 1", [contact.phone]
        ).fetchone()
        if row:
            return row[0]
    key = name_key(contact.name) if key is None else key
    if contact.name_derived:
        # A name made up from a company or an address is nobody's name: the same card
        # again (its phone too) is that person, another card of the company is not.
        lines = set((contact.vcard or "").split("\r\n")) - {""}
        for person_id, phone, kept in one(
            "SELECT id, phone, vcard FROM people WHERE name_key = ?", [key]
        ):
            if contact.phone and phone == contact.phone:
                return person_id
            if not contact.phone and lines and lines <= set((kept or "").split("\r\n")):
                return person_id
    return None


def _same_name(db: Connection, key: str, before: int | None) -> list[int]:
    """The people there before the file (ids below `before`) whose name is `key`."""
    return [
        person_id
        for (person_id,) in db.conn.execute(
            "SELECT id FROM people WHERE name_key = ? AND id < ? ORDER BY id",
            [key, before if before is not None else 2**63 - 1],
        )
    ]


def import_contacts(
    db: Connection,
    contacts: Iterable[Contact],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    each: Callable[[Outcome], None] | None = None,
) -> Report:
    """Add or merge every contact, in one transaction: all of them or none.

    `each` is told every outcome as it happens. With `dry_run`, everything is worked
    out, matched and merged exactly as it would be, then rolled back.
    """
    report = Report()
    # A bigger page cache while the import lasts: the people table's indexes take
    # keys in no order. 8 MiB at most, however large the file.
    cache_size = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    db.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_SIZE}")
    try:
        with db.transaction():
            new = NewPeople(db.conn, BATCH_SIZE)
            new.before = db.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[
                0
            ]
            n = 0
            for chunk in _read_ahead(contacts, BATCH_SIZE):
                # Everyone before this chunk is in the journal, so one look there
                # tells which of its contacts may be someone already (see _import_one).
                new.write()
                keyed = [(c, _keys(c)) for c in chunk]
                known = _known_keys(db, keyed)
                seen: set[tuple] = set()
                for contact, keys in keyed:
                    outcome = _import_one(db, contact, keys, new, known, seen)
                    report.record(outcome)
                    if each is not None:
                        each(outcome)
                    n += 1
                    if progress is not None and n % 1000 == 0:
                        progress(n)
            new.write()
            if dry_run:
                raise RollBack
    except RollBack:
        pass
    finally:
        db.conn.execute(f"PRAGMA cache_size = {cache_size}")
    return report


def _known_keys(db: Connection, chunk: list[tuple[Contact, list[tuple]]]) -> set[tuple]:
    """The keys (see _keys) of the contacts of `chunk` that someone in the journal has.

    Emails and handles are looked up as match() looks them up, as the file has them,
    and kept as _keys spells them: what SQLite's NOCASE finds equal, casefold does
    too. So a contact none of whose keys is here, match() would find no one for.
    """
    names, emails, handles, phones = [], [], [], []
    for c, keys in chunk:
        names.append(keys[0][1])
        emails += c.emails
        handles += [h.handle for h in c.handles]
        phones += [c.phone] if c.phone else []
    one = db.conn.execute
    found = {
        ("name", key)
        for (key,) in one(
            "SELECT name_key FROM people WHERE name_key IN (SELECT value FROM json_each(?))",
            [json.dumps(names)],
        )
    }
    if emails:
        found.update(
            ("email", email.strip().casefold())
            for (email,) in one(
                "SELECT email FROM emails WHERE email IN (SELECT value FROM json_each(?))",
                [json.dumps(emails)],
            )
        )
    if handles:
        found.update(
            ("handle", network, handle.casefold())
            for network, handle in one(
                "SELECT network, handle FROM handles"
                " WHERE handle IN (SELECT value FROM json_each(?))",
                [json.dumps(handles)],
            )
        )
    if phones:
        found.update(
            ("phone", phone)
            for (phone,) in one(
                "SELECT phone FROM people WHERE phone IN (SELECT value FROM json_each(?))",
                [json.dumps(phones)],
            )
        )
    return found


def _import_one(
    db: Connection,
    c: Contact,
    keys: list[tuple],
    new: NewPeople,
    known: set[tuple],
    seen: set[tuple],
) -> Outcome:
    """`known`: the keys of this chunk someone had when it began; `seen`: the keys of
    the contacts of this chunk before `c`, which are all that it has written since."""
    if c.skip:
        return Outcome("skipped", c.name, c.where, reason=c.skip)
    if not c.name.strip():
        return Outcome("skipped", "", c.where, reason="without a name")
    if len(c.handles) > MOST_ADDRESSES or len(c.emails) > MOST_ADDRESSES:
        return Outcome("skipped", c.name, c.where, reason=TOO_MANY)
    kept = kept_as_typed(c)
    if kept:
        keys = _keys(c)
    outcome = _add_or_merge(db, c, keys, new, known, seen)
    outcome.kept_as_typed = len(kept)
    if kept and outcome.action in ("merged", "unchanged"):
        # The person had notes of their own: the values are kept there all the same.
        notes = db.conn.execute(
            "SELECT notes FROM people WHERE id = ?", [outcome.person_id]
        ).fetchone()[0]
        if (kept_notes := with_lines(notes, kept)) != notes:
            db.conn.execute(
                "UPDATE people SET notes = ?, updated_at = ? WHERE id = ?",
                [kept_notes, db.now(), outcome.person_id],
            )
            outcome.action = "merged"
        if set((c.notes or "").splitlines()) <= set((kept_notes or "").splitlines()):
            # The notes differed only by what was just kept in them: no conflict.
            outcome.conflicts = [x for x in outcome.conflicts if not x.startswith("notes is")]
    return outcome


def _add_or_merge(
    db: Connection,
    c: Contact,
    keys: list[tuple],
    new: NewPeople,
    known: set[tuple],
    seen: set[tuple],
) -> Outcome:
    if known.isdisjoint(keys) and seen.isdisjoint(keys):
        # Nobody has any of its keys: a new person, without asking the journal again.
        seen.update(keys)
        return Outcome("added", c.name, c.where, new.add(c, keys))
    seen.update(keys)
    if new.has_any_of(keys):
        new.write()  # a duplicate within the file: match it in the journal
    person_id = match(db, c, keys[0][1])
    if person_id is not None:
        return _merge(db, person_id, c)
    if not (_identified(c) or c.name_derived):
        for person_id in _same_name(db, keys[0][1], new.before):
            if (again := _same_again(db, person_id, c)) is not None:
                return again
    return Outcome("added", c.name, c.where, new.add(c, keys))


def _same_again(db: Connection, person_id: int, c: Contact) -> Outcome | None:
    """A contact known by nothing but its name is the person of that name only when it
    is their record again (a file imported twice, the journal's own export): merging it
    changes nothing. Anything it would change makes it someone else of the same name,
    since a name alone never merges two records."""
    try:
        with db.transaction():
            outcome = _merge(db, person_id, c)
            if outcome.action != "unchanged" or outcome.conflicts:
                raise RollBack
    except RollBack:
        return None
    return outcome


def _merge(db: Connection, person_id: int, c: Contact) -> Outcome:
    fields = {name: getattr(c, name, None) for name in MERGED_FIELDS}
    fields["vcard"] = c.vcard
    changed, differing = merge_fields(db, person_id, fields, c.tags)
    added, taken = union_contacts(db, person_id, c.handles, c.emails)
    dated, other_dates = important_dates.add_missing(db, person_id, c.dates)
    names = other_names.add(db, person_id, [*([] if c.name_derived else [c.name]), *c.other_names])
    way = _way_on_network(db, person_id, c)
    action = "merged" if changed or added or dated or names or way else "unchanged"
    conflicts = [describe(d) for d in differing] + taken + other_dates
    return Outcome(action, c.name, c.where, person_id, conflicts=conflicts)


def _way_on_network(db: Connection, person_id: int, c: Contact) -> bool:
    """Someone known already found again online on a network (a LinkedIn invitation):
    that way, once."""
    if not (c.network and c.found_via):
        return False
    known = db.conn.execute(
        "SELECT 1 FROM ways_found WHERE person_id = ? AND kind = ? AND network IS ?",
        [person_id, c.found_via, c.network],
    ).fetchone()
    if known:
        return False
    day = c.met_on if isinstance(c.met_on, date) else None
    link = c.source_url
    found.add_way(db, person_id, c.found_via, on=day, link=link, note=c.way_note, network=c.network)
    return True


def _read_ahead(contacts: Iterable[Contact], size: int) -> Iterator[list[Contact]]:
    """The contacts in lists of `size`. When the file turns out bad partway, the contacts
    read before the bad one are handed on first, as they would be one by one."""
    chunk: list[Contact] = []
    try:
        for contact in contacts:
            chunk.append(contact)
            if len(chunk) == size:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk
