"""Your network (issue 19): introductions you make, chains of introducers, trips, places."""

from __future__ import annotations

import sqlite3

import pytest

from journal.db import Connection, events, network, places, reads
from journal.gazetteer import locate


@pytest.fixture
def meetup(journal):
    """The README's story: Ana organised the meetup where Benji was introduced; you plan
    to meet him again in London."""
    journal.ok(
        "add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin",
        "--event", "Twestival Marseille", "--met", "2024-05-02",
    )  # fmt: skip
    journal.ok("event", "add", "Datasette meetup", "--on", "2026-11-20", "--city", "London")
    journal.ok(
        "add", "Benji Moreau", "--handle", "@benji", "--city", "London", "--role", "journalist",
        "--event", "Datasette meetup", "--via", "Ana", "--met", "2026-11-20",
        "--follow-up", "meet again in London", "--in", "London", "--due", "2026-12-10",
    )  # fmt: skip
    journal.ok("add", "Cleo Ray", "--city", "Londres", "--company", "Acme")
    return journal


# -- intro, intros ----------------------------------------------------------------------


def test_an_introduction_is_on_both_timelines_and_in_the_ledger(meetup):
    out = meetup.ok(
        "intro", "benji", "cleo", "--note", "both into local news",
        "--follow-up", "check they met", "--due", "in 2 weeks", "--on", "yesterday",
    )  # fmt: skip
    assert "Benji Moreau (#2) ↔ Cleo Ray (#3)" in out
    made = meetup.json("intros")
    assert len(made) == 1
    assert [p["name"] for p in made[0]["people"]] == ["Benji Moreau", "Cleo Ray"]
    assert made[0]["date"] == "2026-11-24" and made[0]["note"] == "both into local news"
    assert made[0]["follow_up"] == {
        "id": 2, "action": "check they met", "due": "2026-12-09", "status": "open",
    }  # fmt: skip
    for who, other in (("benji", "Benji Moreau"), ("cleo", "Cleo Ray")):
        timeline = meetup.json("show", who)["interactions"]
        notes = [i["note"] for i in timeline if i["note"]]
        assert any(n.startswith("Introduced to") and other not in n for n in notes)
    assert meetup.json("intros", "cleo") == made
    assert meetup.json("intros", "ana") == []
    assert "Ana Organiser introduced you to:\n  Benji Moreau (#2)" in meetup.ok("intros", "ana")
    # Done from `journal due` like any follow-up.
    assert any(i["action"] == "check they met" for i in meetup.json("due", "--within", "3w"))


def test_introductions_that_cannot_be(meetup):
    assert "two different people" in meetup.fails(2, "intro", "benji", "@benji")
    assert "no person matches 'nobody'" in meetup.fails(1, "intro", "benji", "nobody")
    assert "--follow-up" in meetup.fails(2, "intro", "benji", "cleo", "--due", "friday")
    assert "--on" in meetup.fails(2, "intro", "benji", "cleo", "--on", "someday")


def test_deleting_a_person_takes_their_introductions(meetup, db_path):
    meetup.ok("intro", "benji", "cleo")
    meetup.ok("rm", "cleo", "--yes")
    assert meetup.json("intros") == []


# -- chain, list --via --depth ------------------------------------------------------------


def test_chain_goes_back_to_someone_met_directly(meetup):
    meetup.ok("add", "Dan Deep", "--via", "benji")
    assert meetup.ok("chain", "dan").strip() == (
        "you → Ana Organiser (#1) (Twestival Marseille)"
        " → Benji Moreau (#2) (Datasette meetup) → Dan Deep (#4)"
    )
    found = meetup.json("chain", "dan")
    assert [p["id"] for p in found["path"]] == [1, 2, 4] and found["loop"] is False
    assert meetup.ok("chain", "ana").strip() == "you → Ana Organiser (#1) (Twestival Marseille)"


def test_chain_stops_on_a_cycle(meetup):
    meetup.ok("edit", "ana", "--via", "benji")  # Ana via Benji, Benji via Ana
    result = meetup("chain", "benji")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "… → Ana Organiser (#1) (Twestival Marseille) → Benji Moreau (#2) (Datasette meetup)"
    )
    assert "circle" in result.stderr
    assert meetup.json("chain", "benji")["loop"] is True


@pytest.fixture
def long_line(fresh_db: Connection) -> Connection:
    """Person 1 met directly, each next one introduced by the one before: 1 ← 2 ← … ← 300,
    and a ring of three (301 → 302 → 303 → 301) hanging 304 off it."""
    with fresh_db.transaction():
        fresh_db.conn.executemany(
            "INSERT INTO people (id, name, name_key, via_id) VALUES (?, ?, ?, ?)",
            [(i, f"P{i}", f"p{i}", i - 1 if i > 1 else None) for i in range(1, 301)],
        )
        fresh_db.conn.executemany(
            "INSERT INTO people (id, name, name_key, via_id) VALUES (?, ?, ?, ?)",
            [(301, "R1", "r1", None), (302, "R2", "r2", 301), (303, "R3", "r3", 302),
             (304, "Off", "off", 303)],
        )  # fmt: skip
        fresh_db.conn.execute("UPDATE people SET via_id = 303 WHERE id = 301")
    return fresh_db


def test_a_long_chain_is_followed_to_its_start(long_line):
    found = network.chain(long_line, 300)
    assert [p["id"] for p in found["path"]] == list(range(1, 301))
    assert found["loop"] is False


def test_a_ring_of_introducers_ends(long_line):
    found = network.chain(long_line, 304)
    assert [p["id"] for p in found["path"]] == [301, 302, 303, 304]
    assert found["loop"] is True


def test_list_via_depth_reaches_through_introductions(long_line, journal):
    assert [p["id"] for p in reads.people(long_line, via_id=1)] == [2]
    assert sorted(p["id"] for p in reads.people(long_line, via_id=1, depth=5)) == [2, 3, 4, 5, 6]
    # Round the ring: everyone in it, once, however deep.
    assert sorted(p["id"] for p in reads.people(long_line, via_id=301, depth=50)) == [
        301,
        302,
        303,
        304,
    ]
    long_line.close()
    rows = journal.json("list", "--via", "P1", "--depth", "3")
    assert [p["name"] for p in rows] == ["P4", "P3", "P2"]
    assert "--depth" in journal.fails(2, "list", "--via", "P1", "--depth", "0")
    assert "--depth must be from 1 to 50" in journal.fails(
        2, "list", "--via", "P1", "--depth", "51"
    )


# -- places ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name", "country"),
    [
        ("London", "London", "United Kingdom"),
        ("Londres", "London", "United Kingdom"),
        ("  LONDON ", "London", "United Kingdom"),
        ("München", "Munich", "Germany"),
        ("Munchen", "Munich", "Germany"),
        ("MÜNCHEN", "Munich", "Germany"),
        ("Köln", "Köln", "Germany"),
        ("Koln", "Köln", "Germany"),
        ("Lisboa", "Lisbon", "Portugal"),
        ("København", "Copenhagen", "Denmark"),
        ("Cambridge", "Cambridge", "United Kingdom"),
        ("São Paulo", "São Paulo", "Brazil"),
        ("Sao Paulo", "São Paulo", "Brazil"),
    ],
)
def test_the_gazetteer_finds_other_names_and_accents(typed, name, country):
    found = locate(typed)
    assert (found["name"], found["country"]) == (name, country)


def test_the_gazetteer_does_not_invent_a_city():
    assert locate("Smallville") is None
    assert locate("") is None


def test_cities_are_located_and_unknown_ones_kept_as_typed(meetup):
    meetup.ok("add", "Eve Far", "--city", "Smallville")
    places = {p["city"]: p for p in meetup.json("places")}
    assert places["Londres"]["name"] == "London" == places["London"]["name"]
    assert places["Londres"]["geonameid"] == places["London"]["geonameid"]
    assert round(places["Berlin"]["latitude"]) == 53 and places["Berlin"]["country"] == "Germany"
    assert places["Smallville"]["name"] is None and places["Smallville"]["latitude"] is None
    assert places["Smallville"]["people"] == 1


def test_places_is_rebuilt_not_exported(meetup, tmp_path):
    meetup.ok("places")
    out = tmp_path / "all.json"
    meetup.ok("export", "json", "-o", str(out))
    assert '"places"' not in out.read_text()
    assert '"introductions"' in out.read_text()


# -- trip ----------------------------------------------------------------------------------


def test_trip_finds_everyone_there_by_any_name_of_the_city(meetup):
    meetup.ok("add", "Dora Late", "--city", "london", "--follow-up", "send the draft",
              "--due", "2026-11-01")  # fmt: skip
    meetup.ok("follow-up", "cleo", "lunch", "--in", "Londres", "--due", "2027-03-01")
    t = meetup.json("trip", "Londres")
    assert t["place"]["name"] == "London" and t["place"]["country"] == "United Kingdom"
    assert t["cities"] == ["London", "Londres"]  # london is London, whatever the case
    # Most overdue first: Dora (since 1 November), Benji (10 December), then Cleo (March).
    assert [p["name"] for p in t["people"]] == ["Dora Late", "Benji Moreau", "Cleo Ray"]
    assert t["people"][0]["overdue"] is True and t["people"][1]["overdue"] is False
    assert [f["action"] for f in t["people"][1]["promises"]] == ["meet again in London"]
    assert t["people_total"] == 3
    assert [f["action"] for f in t["plans"]] == ["meet again in London", "lunch"]
    assert [m["name"] for m in t["met_there"]] == ["Benji Moreau"]
    assert t["met_there"][0]["event"] == "Datasette meetup"
    # The dates of the trip narrow the plans.
    t = meetup.json("trip", "London", "--from", "2026-12-01", "--to", "2026-12-31")
    assert [f["action"] for f in t["plans"]] == ["meet again in London"]
    text = meetup.ok("trip", "london")
    assert text.startswith("London, United Kingdom")
    assert "Dora Late (#4): last contact 2026-11-25  overdue since 2026-11-01" in text


def test_trip_to_a_city_the_gazetteer_does_not_know(meetup):
    meetup.ok("add", "Eve Far", "--city", "Smallville")
    t = meetup.json("trip", "smallville")
    assert t["place"] is None and [p["name"] for p in t["people"]] == ["Eve Far"]
    assert "not in the gazetteer" in meetup.ok("trip", "Smallville")


def test_trip_refuses_bad_dates_and_no_city(meetup):
    assert "CITY is empty" in meetup.fails(2, "trip", "  ")
    assert "--from" in meetup.fails(2, "trip", "London", "--from", "someday")
    assert "--from is after --to" in meetup.fails(
        2, "trip", "London", "--from", "2026-12-05", "--to", "2026-12-01"
    )


def test_trip_limit_says_how_many_more(meetup):
    out = meetup.ok("trip", "London", "--limit", "1")
    assert "… and 1 more" in out


def test_a_new_city_of_an_event_or_plan_is_queued_by_a_trigger(fresh_db):
    events.add_event(fresh_db, "Meetup", city="Oslo")
    row = fresh_db.row("SELECT located FROM places WHERE city = 'Oslo'")
    assert row == {"located": 0}
    assert places.locate_cities(fresh_db) == 1
    assert fresh_db.row("SELECT name, located FROM places WHERE city = 'Oslo'") == {
        "name": "Oslo",
        "located": 1,
    }
    assert places.locate_cities(fresh_db) == 0


def test_a_journal_before_m011_gets_its_cities_queued(tmp_path):
    from journal.schema.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[: len(MIGRATIONS) - 1]:
        step.apply(conn)
    conn.execute("INSERT INTO events (name, city) VALUES ('x', 'Lisboa')")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    MIGRATIONS[-1].apply(conn)
    assert conn.execute("SELECT city, located FROM places").fetchall() == [("Lisboa", 0)]
    conn.close()


def test_trip_lists_those_with_nothing_due_the_longest_out_of_touch_first(journal):
    for name, met in (("Recent", "2026-11-20"), ("Old", "2024-01-01"), ("Mid", "2025-06-01")):
        journal.ok("add", name, "--city", "Oslo", "--met", met)
    journal.ok("add", "Due", "--city", "oslo", "--follow-up", "call", "--due", "2026-12-01")
    t = journal.json("trip", "Oslo")
    assert [p["name"] for p in t["people"]] == ["Due", "Old", "Mid", "Recent"]
    last = ["2024-01-01", "2025-06-01", "2026-11-20"]
    assert [p["last_contact"] for p in t["people"][1:]] == last
    two = journal.json("trip", "Oslo", "--limit", "2")
    assert [p["name"] for p in two["people"]] == ["Due", "Old"] and two["people_total"] == 4


def counts(store: Connection) -> tuple[list, list]:
    kept = (
        store.rows("SELECT month, how, count FROM people_met_months WHERE count > 0 ORDER BY 1, 2"),
        store.rows("SELECT via_id, count FROM introducer_counts WHERE count > 0 ORDER BY 1"),
    )
    fresh = (
        store.rows(
            "SELECT substr(met_on, 1, 7) AS month, coalesce(found_via, 'unknown') AS how,"
            " count(*) AS count FROM people WHERE length(met_on) >= 7 GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        store.rows(
            "SELECT via_id, count(*) AS count FROM people WHERE via_id IS NOT NULL"
            " GROUP BY 1 ORDER BY 1"
        ),
    )
    return kept, fresh


def test_the_stats_counts_follow_every_write(meetup, db_path, tmp_path):
    meetup.ok("add", "Dan Deep", "--via", "benji", "--met", "2025-03-04")
    meetup.ok("add", "Eve Part", "--via", "benji", "--met", "2019")  # a year only: no month
    meetup.ok("edit", "dan", "--via", "ana", "--how", "mention", "--met", "2026-02-01")
    meetup.ok("rm", "ana", "--yes")  # her introducees lose their introducer
    store = Connection(db_path)
    kept, fresh = counts(store)
    assert kept == fresh and fresh[0]
    store.close()
    # A restored export counts the same.
    out = tmp_path / "all.json"
    meetup.ok("export", "json", "-o", str(out))
    other = tmp_path / "other.db"
    meetup.ok("--db", str(other), "import", "json", str(out))
    restored = Connection(other)
    assert counts(restored)[0] == kept
    restored.close()


def test_a_large_city_is_read_along_the_due_indexes_with_the_same_result(
    meetup, db_path, monkeypatch
):
    meetup.ok("add", "Dora Late", "--city", "london", "--follow-up", "send the draft",
              "--due", "2026-11-01")  # fmt: skip
    meetup.ok("add", "Eve Cad", "--city", "Londres", "--met", "2025-01-01")
    meetup.ok("keep-in-touch", "eve", "3m")
    meetup.ok("add", "Finn Quiet", "--city", "London", "--met", "2024-01-01")
    store = Connection(db_path)
    small = network.trip(store, "London")
    monkeypatch.setattr(network, "READ_WHOLE_CITY", 0)
    large = network.trip(store, "London")
    store.close()
    assert large == small
    assert [p["name"] for p in small["people"]] == [
        "Dora Late", "Eve Cad", "Benji Moreau", "Finn Quiet", "Cleo Ray",
    ]  # fmt: skip
