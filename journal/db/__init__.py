"""The core: every write and every read of a journal, once, for every face.

Each module owns its SQL and takes a `Connection`: `people` (finding and recording
people), `events`, `plans` (the log, follow-ups, cadences), `reads` (the card, lists,
search, due), `network` (introductions, chains, trips) and `places`, `imports` and
`merge`, `dump` (the journal as one document) and
`maintenance` (check, backup). `JournalStore` is a thin facade over them, so that a face
holds one object: `store.add_person(...)` is `people.add_person(store, ...)`.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.db import (
    dump,
    events,
    found,
    important_dates,
    imports,
    lists,
    maintenance,
    merge,
    network,
    people,
    places,
    plans,
    reads,
    reminders,
    social,
    suggest,
)
from journal.db.connection import Connection, check_is_sqlite
from journal.errors import NotAJournal


class JournalStore(Connection):
    """One journal, with every operation of the core as a method."""

    resolve_person = people.resolve_person
    find_person = people.find_person
    same_name = people.same_name
    add_person = people.add_person
    update_person = people.update_person
    delete_person = people.delete_person
    person_counts = people.person_counts

    add_way = found.add_way
    ways_found = found.ways_found

    resolve_event = events.resolve_event
    find_event = events.find_event
    add_event = events.add_event

    log = plans.log
    add_follow_up = plans.add_follow_up
    follow_up = plans.follow_up
    complete_follow_up = plans.complete_follow_up
    snooze = plans.snooze
    keep_in_touch = plans.keep_in_touch
    set_date = important_dates.set_date
    remove_date = important_dates.remove_date
    digest = reminders.digest
    unsent = reminders.unsent
    record_sent = reminders.record_sent

    person = reads.person
    people = reads.people
    contact_list = lists.contact_list
    search = reads.search
    due = reads.due
    events = reads.events
    event = reads.event
    calendar = reads.calendar
    on_this_day = reads.on_this_day

    match = imports.match
    import_contacts = imports.import_contacts
    merge_people = merge.merge_people
    save_sightings = social.save_sightings

    contacts = dump.contacts
    export_tables = dump.export_tables
    data_tables = dump.data_tables
    is_empty = dump.is_empty
    restore = dump.restore

    suggestions = suggest.suggestions
    suggestions_with_help = suggest.suggestions_with_help
    introduce = network.introduce
    introductions = network.introductions
    introduced_you = network.introduced_you
    chain = network.chain
    trip = network.trip
    locate_cities = places.locate_cities
    places = places.places

    check = maintenance.check
    backup = maintenance.backup


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
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Readable by you alone, and so are the -wal and -shm files SQLite makes beside
        # it (it gives them the journal's mode).
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another process made it first
    except OSError as e:
        raise NotAJournal(f"cannot create {path}: {e.strerror}") from None
    return JournalStore(path)
