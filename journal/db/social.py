"""Bringing in your own social archives (X, Mastodon, Bluesky): the people you mentioned,
answered, wrote to or follow, how you found them, and every post as a log entry.

The formats (journal.formats.twitter, mastodon, bluesky) read an archive into Sightings;
`save_sightings` writes them in one transaction. Someone is matched by a handle (on that
network) already in the journal, else added. Each person gets one way found per network
and kind (the first post that mentions them, dated and linked; a follow, undated), and
each post or message is logged once (`interactions.url`), so importing an archive again
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from journal.db.bulk import insert_all
from journal.db.connection import Connection, RollBack
from journal.db.imports import IMPORT_CACHE_SIZE
from journal.db.merge import union_contacts
from journal.db.new_people import NewPeople
from journal.errors import JournalError
from journal.formats.archive import Sighting, Skipped
from journal.formats.contact import Contact
from journal.text.handles import name_key
from journal.text.words import counted, counted_plural

# Log entries and ways found are written this many at a time.
BATCH_SIZE = 2000
# Handles remembered from one sighting to the next; past that many the journal's index is
# asked again, so an archive of a million people takes no more memory than one of ten
# thousand.
PEOPLE_REMEMBERED = 10_000
# The first sighting of each way someone was found, kept on disk (a temporary table, in
# SQLite's temporary file) until the end of the archive says which came first.
FIRST_WAYS = """CREATE TEMP TABLE import_first_ways (
    person_id INTEGER, kind TEXT, network TEXT, date TEXT, url TEXT, note TEXT,
    PRIMARY KEY (person_id, kind, network))"""
# An earlier dated sighting replaces the one kept; rowid keeps the order ways first came.
SEEN_WAY = """INSERT INTO temp.import_first_ways VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET date = excluded.date, url = excluded.url, note = excluded.note
    WHERE excluded.date IS NOT NULL AND (date IS NULL OR excluded.date < date)"""


class SocialReport:
    def __init__(self):
        self.sightings = self.added = self.matched = self.ways = 0
        self.logged = self.already = 0
        self.left_out: dict[str, int] = {}  # why -> how many items of the archive

    def counts(self) -> dict[str, int]:
        return {
            "people_added": self.added,
            "people_matched": self.matched,
            "ways_found": self.ways,
            "logged": self.logged,
            "already_logged": self.already,
            "left_out": dict(self.left_out),
        }

    def summary(self) -> str:
        text = (
            f"{counted(self.added, 'person')} added, {self.matched} already in the journal,"
            f" {counted(self.ways, 'way found')} recorded,"
            f" {counted(self.logged, 'post or message')} logged ({self.already} already there)"
        )
        if self.left_out:
            text += "; left out: " + ", ".join(
                counted_plural(n, why) for why, n in self.left_out.items()
            )
        return text


class _Import:
    """One archive's import: the people met so far, and what waits to be written."""

    def __init__(self, db: Connection, report: SocialReport):
        self.db, self.one = db, db.conn.execute
        self.report = report
        self.people: dict[tuple, int] = {}  # (network, handle casefolded) -> person id
        # The earliest sighting of each way found since the last write to import_first_ways:
        # (person id, kind, network) -> (date, url, text). Most posts name someone seen
        # before, so a batch of them is a few rows.
        self.ways: dict[tuple, tuple] = {}
        self.log: list[tuple] = []
        self.new = NewPeople(db.conn, BATCH_SIZE)
        self.one("DROP TABLE IF EXISTS temp.import_first_ways")
        self.one(FIRST_WAYS)

    def person(self, s: Sighting) -> int:
        keys = [(h.network, h.handle.casefold()) for h in s.handles]
        for key in keys:
            if key in self.people:
                return self.people[key]
        person_id = None
        for h in s.handles:
            row = self.one(
                "SELECT person_id FROM handles WHERE network = ? AND handle = ?",
                [h.network, h.handle],
            ).fetchone()
            if row:
                person_id = row[0]
                break
        if person_id is None:
            person_id = self._add(s)
        else:
            self.report.matched += 1
            if len(s.handles) > 1:  # a Bluesky handle and its DID: keep both
                union_contacts(self.db, person_id, s.handles, [])
        if len(self.people) >= PEOPLE_REMEMBERED:
            self.new.write()  # before the journal's index is the only way to find them
            self.people.clear()
        for key in keys:
            self.people[key] = person_id
        return person_id

    def _add(self, s: Sighting) -> int:
        """A new person, written with the next batch (as `import linkedin` writes them);
        until then the handles remembered here are how they are found again."""
        name = (s.name or "").strip() or s.handles[0].display()
        contact = Contact(name=name, where=s.network, handles=list(s.handles))
        self.report.added += 1
        return self.new.add(contact, [("name", name_key(name))])

    def see(self, s: Sighting) -> None:
        # What a hostile file puts where text should be is not written.
        s.text = s.text.strip() or None if isinstance(s.text, str) else None
        s.name = s.name if isinstance(s.name, str) else None
        person_id = self.person(s)
        # A mention is a mention; a reply, a message or a follow is meeting them online
        # on that network, with its link.
        way = (person_id, "mention" if s.kind == "mention" else "online", s.network)
        known = self.ways.get(way)
        if known is None or (s.date is not None and (known[0] is None or s.date < known[0])):
            self.ways[way] = (s.date, s.url, s.text)
        if s.log:
            self.log.append((person_id, s.date, "message", s.text, s.url))
        if len(self.log) + len(self.ways) >= BATCH_SIZE:
            self.write_log()

    def write_seen_ways(self) -> None:
        self.db.conn.executemany(SEEN_WAY, (way + seen for way, seen in self.ways.items()))
        self.ways = {}

    def write_log(self) -> None:
        self.new.write()  # the people the log entries name first
        self.write_seen_ways()
        if not self.log:
            return
        written = insert_all(
            self.db.conn, "interactions", ("person_id", "date", "kind", "note", "url"),
            self.log, verb="INSERT OR IGNORE",
        )  # fmt: skip
        self.report.logged += written
        self.report.already += len(self.log) - written
        self.log = []

    def write_ways(self) -> None:
        """Each person's ways found: the first dated one is their card's, for someone new
        or someone whose card says nothing of how you found them."""
        self.new.write()
        self.write_seen_ways()
        # Found this way before (an archive imported again): not found again.
        self.one(
            "DELETE FROM temp.import_first_ways AS t WHERE EXISTS (SELECT 1 FROM ways_found w"
            " WHERE w.person_id = t.person_id AND w.kind = t.kind AND w.network = t.network)"
        )
        self.report.ways += self.one("SELECT count(*) FROM temp.import_first_ways").fetchone()[0]
        # Someone whose card says nothing of how you found them: their first way is it.
        self.one(
            "CREATE TEMP TABLE import_card_ways (person_id INTEGER PRIMARY KEY, kind TEXT,"
            " network TEXT, date TEXT, url TEXT, note TEXT)"
        )
        self.one(
            "INSERT INTO temp.import_card_ways SELECT person_id, kind, network, date, url,"
            " note FROM (SELECT t.*, row_number() OVER (PARTITION BY person_id"
            " ORDER BY date IS NULL, date, rowid) AS n FROM temp.import_first_ways t"
            " WHERE NOT EXISTS (SELECT 1 FROM ways_found w"
            " WHERE w.person_id = t.person_id AND w.is_first)) WHERE n = 1"
        )
        self.one(
            "UPDATE people SET found_via = c.kind, met_on = coalesce(people.met_on, c.date),"
            " source_url = coalesce(people.source_url, c.url), updated_at = ?"
            " FROM temp.import_card_ways c WHERE people.id = c.person_id",
            [self.db.now()],
        )
        self.one(
            "UPDATE ways_found SET date = c.date, url = c.url, network = c.network,"
            " note = c.note FROM temp.import_card_ways c"
            " WHERE ways_found.person_id = c.person_id AND ways_found.is_first"
        )
        # The rest, oldest first, after the card's.
        self.one(
            "INSERT INTO ways_found (person_id, kind, date, network, url, note)"
            " SELECT person_id, kind, date, network, url, note FROM temp.import_first_ways t"
            " WHERE NOT EXISTS (SELECT 1 FROM temp.import_card_ways c"
            " WHERE c.person_id = t.person_id AND c.kind = t.kind AND c.network = t.network)"
            " ORDER BY date IS NULL, date, rowid"
        )
        self.one("DROP TABLE temp.import_card_ways")
        self.one("DROP TABLE temp.import_first_ways")


def save_sightings(
    db: Connection,
    sightings: Iterable[Sighting],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    source: str = "the archive",
) -> SocialReport:
    """Write what an archive shows, in one transaction: all of it or none (a damaged
    file found halfway rolls back what was read before it). With `dry_run`, everything
    is worked out and matched as it would be, then rolled back."""
    report = SocialReport()
    cache_size = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    db.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_SIZE}")
    try:
        with db.transaction():
            work = _Import(db, report)
            for n, sighting in enumerate(sightings, 1):
                if isinstance(sighting, Skipped):
                    why = sighting.reason
                    report.left_out[why] = report.left_out.get(why, 0) + 1
                else:
                    work.see(sighting)
                    report.sightings += 1
                if progress is not None and n % 1000 == 0:
                    progress(n)
            if not report.sightings and not report.left_out:
                raise JournalError(f"{source}: nothing in it could be read")
            work.write_log()
            work.write_ways()
            if dry_run:
                raise RollBack
    except RollBack:
        pass
    finally:
        db.conn.execute(f"PRAGMA cache_size = {cache_size}")
    return report
