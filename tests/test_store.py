"""The store on a real SQLite file: schema, migrations, triggers, transactions."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from journal.db import Connection, imports, maintenance, merge, open_store, people, plans, reads
from journal.db.reads import fts_query
from journal.errors import Duplicate, NotAJournal
from journal.schema.migrations import APPLICATION_ID, MIGRATIONS
from journal.text.handles import parse_handle
from journal.text.inputs import event_ref, person_ref


def test_new_journal_settings(fresh_db, db_path):
    conn = fresh_db.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    applied = conn.execute("SELECT id, name FROM migrations ORDER BY id").fetchall()
    assert applied == [(n, m.name) for n, m in enumerate(MIGRATIONS, start=1)]
    tables = set(fresh_db.db.table_names())
    assert {"people", "handles", "emails", "events", "interactions", "follow_ups",
            "people_fts", "interactions_fts"} <= tables  # fmt: skip
    assert {"due", "people_found"} <= set(fresh_db.db.view_names())


def test_reopening_runs_no_migration_again(db_path):
    Connection(db_path).close()
    store = Connection(db_path)
    assert store.conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    store.close()


def test_an_empty_file_becomes_a_journal(db_path):
    db_path.touch()
    store = open_store(db_path, write=True)
    assert store.schema_version() == len(MIGRATIONS)
    store.close()


def test_garbled_sqlite_file_is_refused_untouched(db_path):
    Connection(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    with pytest.raises(NotAJournal):
        open_store(db_path, write=True)
    assert db_path.read_bytes() == bytes(data)


def test_transaction_rolls_back_everything(fresh_db):
    with pytest.raises(Duplicate):
        with fresh_db.transaction():
            people.add_person(
                fresh_db, "Ada", handles=[parse_handle("@ada")], met_on=date(2026, 1, 1)
            )
            people.add_person(
                fresh_db, "Bob", handles=[parse_handle("@ADA")], met_on=date(2026, 1, 1)
            )
    assert reads.people(fresh_db) == []
    assert fresh_db.conn.execute("SELECT count(*) FROM interactions").fetchone()[0] == 0


def test_handle_uniqueness_is_enforced_by_the_schema_too(fresh_db):
    people.add_person(fresh_db, "Ada", handles=[parse_handle("@ada")])
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.conn.execute(
            "INSERT INTO handles (person_id, network, handle) VALUES (1, 'twitter', 'ADA')"
        )


def test_schema_rejects_bad_values(fresh_db):
    person = people.add_person(fresh_db, "Ada")
    for sql in [
        "UPDATE people SET found_via = 'telepathy' WHERE id = 1",
        "UPDATE people SET tags = 'not json' WHERE id = 1",
        "INSERT INTO interactions (person_id, date, kind) VALUES (1, '2026-01-01', 'smoke')",
        "INSERT INTO interactions (person_id, date) VALUES (42, '2026-01-01')",
        "INSERT INTO follow_ups (person_id, action, status) VALUES (1, 'x', 'maybe')",
    ]:
        with pytest.raises(sqlite3.IntegrityError):
            with fresh_db.transaction():
                fresh_db.conn.execute(sql)
    assert reads.person(fresh_db, person)["tags"] == []


def test_last_contact_and_next_due_follow_the_log(fresh_db):
    """Kept by triggers, so writes from Datasette keep them current as the CLI does."""
    ada = people.add_person(fresh_db, "Ada", met_on=date(2026, 1, 10))
    conn = fresh_db.conn

    def state():
        return conn.execute(
            "SELECT last_contact, next_due FROM people WHERE id = ?", [ada]
        ).fetchone()

    assert state() == ("2026-01-10", None)
    with fresh_db.transaction():
        conn.execute("UPDATE people SET keep_in_touch_days = 30 WHERE id = ?", [ada])
    assert state() == ("2026-01-10", "2026-02-09")
    entry = plans.log(fresh_db, ada, "call", kind="call", on=date(2026, 3, 1))
    assert state() == ("2026-03-01", "2026-03-31")
    with fresh_db.transaction():
        conn.execute("UPDATE interactions SET date = '2026-03-05' WHERE id = ?", [entry])
    assert state() == ("2026-03-05", "2026-04-04")
    with fresh_db.transaction():
        conn.execute("DELETE FROM interactions WHERE person_id = ?", [ada])
    # No interaction left: the cadence counts from when you met.
    assert state() == (None, "2026-02-09")
    with fresh_db.transaction():
        conn.execute("UPDATE people SET keep_in_touch_days = NULL WHERE id = ?", [ada])
    assert state() == (None, None)


def test_primary_email_follows_the_emails_table(fresh_db):
    ada = people.add_person(fresh_db, "Ada", emails=["a@one.org", "a@two.org"])
    assert reads.person(fresh_db, ada)["email"] == "a@one.org"
    with fresh_db.transaction():
        fresh_db.conn.execute("DELETE FROM emails WHERE email = 'a@one.org'")
    assert reads.person(fresh_db, ada)["email"] == "a@two.org"


def test_fts_is_kept_current_by_triggers(fresh_db):
    ada = people.add_person(fresh_db, "Ada Lovelace", handles=[parse_handle("@countess")])
    assert [r["id"] for r in reads.search(fresh_db, "countess")] == [ada]
    with fresh_db.transaction():
        fresh_db.conn.execute("DELETE FROM handles")
    assert reads.search(fresh_db, "countess") == []
    people.update_person(fresh_db, ada, add_tags=["mathematics"])
    assert [r["id"] for r in reads.search(fresh_db, "mathem")] == [ada]
    # The FTS index matches a rebuild from scratch.
    assert fresh_db.conn.execute(
        "INSERT INTO interactions_fts(interactions_fts) VALUES ('integrity-check')"
    )


def test_fts_query_quotes_every_word():
    assert fts_query('Zoë "x" OR y*') == '"Zoë"* "x"* "OR"* "y"*'


def test_due_view(fresh_db):
    ada = people.add_person(fresh_db, "Ada", met_on=date(2026, 11, 1), city="London")
    plans.add_follow_up(fresh_db, ada, "call", due=date(2026, 11, 30))
    plans.add_follow_up(fresh_db, ada, "coffee in Paris", city="Paris")
    with fresh_db.transaction():
        fresh_db.conn.execute("UPDATE people SET keep_in_touch_days = 14")
    query = "SELECT kind, action, due, city FROM due ORDER BY due IS NULL, due"
    assert [tuple(r.values()) for r in fresh_db.db.query(query)] == [
        ("keep-in-touch", None, "2026-11-15", "London"),
        ("follow-up", "call", "2026-11-30", "London"),  # the person's city
        ("follow-up", "coffee in Paris", None, "Paris"),
    ]


def test_people_found_view(fresh_db):
    maria = people.add_person(fresh_db, "Maria")
    people.add_person(fresh_db,
        "Benji", handles=[parse_handle("@benji")], event=event_ref("Meetup"),
        via=person_ref(f"#{maria}"), found_via="introduction",
    )  # fmt: skip
    row = next(fresh_db.db.query("SELECT * FROM people_found WHERE name = 'Benji'"))
    assert (row["event"], row["via"], row["handles"], row["found_via"]) == (
        "Meetup", "Maria", "@benji", "introduction"
    )  # fmt: skip


def test_concurrent_first_open_runs_migrations_once(db_path):
    first, second = Connection(db_path), Connection(db_path)
    assert first.schema_version() == second.schema_version() == len(MIGRATIONS)
    first.close()
    second.close()


def test_due_reads_indexes_and_never_the_log(fresh_db, monkeypatch):
    people.add_person(fresh_db, "Ada", city="London")
    traced = []
    rows = fresh_db.rows
    monkeypatch.setattr(fresh_db, "rows", lambda q, p=(): traced.append((q, p)) or rows(q, p))
    reads.due(fresh_db, until=date(2026, 12, 1))
    reads.due(fresh_db, city="London")
    monkeypatch.undo()
    # The city's other spellings are read from the places first (issue 28).
    traced = [(q, p) for q, p in traced if "FROM places" not in q]
    assert len(traced) == 3  # the view, the important dates of the week, the city
    for sql, params in traced:
        assert "interactions" not in sql
        plan = [r[-1] for r in fresh_db.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
        tables = ("f", "p", "d", "people", "follow_ups", "important_dates")
        assert not [step for step in plan if step.split()[:2] in (["SCAN", t] for t in tables)]
        index = "important_dates_day" if "important_dates" in sql else "people_"
        assert any(f"USING INDEX {index}" in step for step in plan), plan


def test_due_with_a_limit_is_the_head_of_the_whole_list(fresh_db):
    # Each half of the list stops at the limit; merged, they must still give the soonest.
    names = ["Bea", "Ada", "Cy", "Dee", "Eve", "Fay"]
    for n, name in enumerate(names):
        person = people.add_person(fresh_db, name, met_on=date(2026, 10, 1))
        plans.add_follow_up(fresh_db, person, "call", due=date(2026, 11, 1 + n % 3))
        if n % 2:
            plans.keep_in_touch(fresh_db, person, 20 + n)
    everything = reads.due(fresh_db, until=date(2026, 12, 31))
    assert len(everything) == 9
    for limit in range(1, 10):
        assert reads.due(fresh_db, until=date(2026, 12, 31), limit=limit) == everything[:limit]


def test_search_ranks_only_the_latest_matches(fresh_db, monkeypatch):
    import journal.db.reads

    ids = [people.add_person(fresh_db, f"Ada {n}", company="Acme") for n in range(8)]
    assert {r["id"] for r in reads.search(fresh_db, "acme")} == set(ids)
    monkeypatch.setattr(journal.db.reads, "RANKED", 3)
    assert {r["id"] for r in reads.search(fresh_db, "acme")} == set(ids[-3:])
    assert len(reads.search(fresh_db, "acme", limit=2)) == 2


def facet_counts(store) -> dict[tuple, int]:
    return {
        (facet, value): count
        for facet, value, count in store.conn.execute("SELECT * FROM people_counts")
    }


def test_facet_counts_follow_every_change_to_people(fresh_db):
    ada = people.add_person(fresh_db, "Ada", city="London", company="Acme", tags=["press", "ai"])
    bea = people.add_person(
        fresh_db, "Bea", city="London", tags=["press", "press"], event=event_ref("Meetup")
    )
    assert facet_counts(fresh_db) == {
        ("city", "London"): 2,
        ("company", "Acme"): 1,
        ("event_id", 1): 1,
        ("found_via", "event"): 1,
        ("found_kinds", "event"): 1,
        ("tags", "ai"): 1,
        ("tags", "press"): 2,  # a tag counts once a person, as Datasette's array facet does
    }
    people.update_person(
        fresh_db, ada, fields={"city": "Paris"}, add_tags=["music"], remove_tags=["ai"]
    )
    people.update_person(fresh_db, bea, fields={"role": "editor"})  # no facet column changes
    cy = people.add_person(
        fresh_db, "Cy", via=person_ref(f"#{ada}"), found_via="introduction", city="paris"
    )
    people.delete_person(fresh_db, bea)
    merge.merge_people(fresh_db, ada, cy)
    with fresh_db.transaction():  # a write that is not the store's: the triggers still count
        fresh_db.conn.execute("""UPDATE people SET tags = '["ai"]', company = NULL""")
    assert fresh_db.conn.execute("SELECT * FROM person_tags").fetchall() == [(ada, "ai")]
    # Ada took Cy's how-found in the merge; Bea is gone, and with her Meetup and Acme.
    assert facet_counts(fresh_db) == {
        ("city", "Paris"): 1,
        ("found_via", "introduction"): 1,
        ("found_kinds", "introduction"): 1,
        ("tags", "ai"): 1,
    }
    assert maintenance.check(fresh_db) == []


def test_facet_counts_after_a_batched_import(fresh_db, tmp_path):
    csv = tmp_path / "Connections.csv"
    rows = [f"Ada{n},Lovelace,,,Acme {n % 3},Engineer,17 Nov 2026" for n in range(2500)]
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    from journal.formats.linkedin import read_linkedin

    imports.import_contacts(fresh_db, read_linkedin(csv))
    counts = facet_counts(fresh_db)
    assert counts[("company", "Acme 0")] == 834 and counts[("found_via", "online")] == 2500
    assert counts[("found_kinds", "online")] == 2500
    ways = "SELECT count(*) FROM ways_found WHERE kind = 'online' AND is_first"
    assert fresh_db.conn.execute(ways).fetchone()[0] == 2500
    assert maintenance.check(fresh_db) == []


def test_people_by_event_or_tag_and_the_event_list_use_indexes(fresh_db, monkeypatch):
    ada = people.add_person(fresh_db, "Ada", event=event_ref("Meetup"), tags=["Press", "ai"])
    bea = people.add_person(fresh_db, "Bea")
    plans.log(fresh_db, bea, "saw her there too", on=date(2026, 11, 1), event=event_ref("Meetup"))
    traced = []
    rows = fresh_db.rows
    monkeypatch.setattr(fresh_db, "rows", lambda q, p=(): traced.append((q, p)) or rows(q, p))
    assert [p["id"] for p in reads.people(fresh_db, event_id=1)] == [bea, ada]
    assert [e["people"] for e in reads.events(fresh_db)] == [2]
    assert [p["id"] for p in reads.people(fresh_db, tags=["press", "AI"])] == [ada]
    assert reads.people(fresh_db, tags=["press", "music"]) == []
    monkeypatch.undo()
    for sql, params in traced:
        plan = [r[-1] for r in fresh_db.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
        # Not a scan of the log, nor of everyone, for each event or person.
        assert not [s for s in plan if s.startswith(("SCAN p", "SCAN interactions"))], plan


def test_a_page_of_people_is_the_head_of_the_whole_list(fresh_db):
    for n in range(12):
        people.add_person(
            fresh_db, f"P{n}", met_on=date(2026, 1, 1 + n % 4), tags=["press"] if n % 3 else ["ai"]
        )
    for filters in ({}, {"tags": ["PRESS"]}, {"since": date(2026, 1, 2)}):
        everyone = reads.people(fresh_db, **filters)
        assert everyone
        for limit in (1, 5, 20):
            assert reads.people(fresh_db, limit=limit, **filters) == everyone[:limit]
