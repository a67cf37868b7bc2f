"""The core's reads for the browser's lists (issue 15): a page read through an index
gives the rows the whole read would, in the same order."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from journal.db import lists, people, plans, reads


@pytest.fixture
def planned(fresh_db):
    """Sixty people, each with up to three dated plans (ties on the same days) and some
    with a keep-in-touch cadence."""
    rng = random.Random(3)
    for i in range(60):
        person = people.add_person(fresh_db, f"P{i}", met_on=dt.date(2026, 1, 1))
        for _ in range(rng.randrange(4)):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(40))
            plans.add_follow_up(fresh_db, person, "x", due=day)
        if rng.random() < 0.3:
            plans.keep_in_touch(fresh_db, person, rng.randrange(1, 60))
    plans.add_follow_up(fresh_db, 1, "some day")
    return fresh_db


def test_a_page_of_due_is_the_start_of_everything_due(planned):
    for until in (dt.date(2026, 1, 10), dt.date(2026, 2, 1), None):
        everything = reads.due(planned, until=until)
        for limit in (0, 1, 2, 5, 13, 51, 500):
            assert reads.due(planned, until=until, limit=limit) == everything[:limit]


def test_the_contact_list_by_next_due_pages_through_the_whole_order(planned):
    whole = [
        r["id"]
        for r in planned.rows(
            "SELECT p.id FROM people p JOIN (SELECT person_id, min(due) AS due FROM due"
            " WHERE due IS NOT NULL GROUP BY person_id) next ON next.person_id = p.id"
            " ORDER BY next.due, p.id"
        )
    ]
    for limit in (1, 2, 5, 10):
        for offset in range(0, len(whole), 3):
            page = lists.contact_list(planned, sort="due", offset=offset, limit=limit)
            assert [r["id"] for r in page] == whole[offset : offset + limit + 1]


def test_the_contact_list_searched_is_in_the_searchs_order(planned):
    plans.log(planned, 5, "lunch about x-rays")
    ids = [r["id"] for r in reads.search(planned, "p1")]
    page = lists.contact_list(planned, text="p1", limit=3)
    assert [r["id"] for r in page] == ids[:4]


@pytest.mark.parametrize("index", ["plans_fts", "events_fts"])
def test_check_finds_a_plans_or_events_index_out_of_step(journal, db_path, index):
    import sqlite3

    journal.ok("add", "Ana", "--event", "PyData", "--follow-up", "call")
    journal.ok("check")
    with sqlite3.connect(db_path) as conn:  # a row the table does not have
        conn.execute(f"INSERT INTO {index} (rowid, {'action' if index == 'plans_fts' else 'name'})"
                     " VALUES (99, 'ghost')")  # fmt: skip
    assert "1 problem" in journal.fails(1, "check")
    assert f"search index {index}" in journal("check").stdout
