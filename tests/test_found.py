"""Several ways found per person: `journal found`, the card, `list --how`, the facets, and
the upgrade that moves every person's provenance across."""

from __future__ import annotations

import sqlite3

from helpers import Site, v1_journal

from journal.db import Connection, found, lists, maintenance, merge, people, reads
from journal.schema.migrations import MIGRATIONS
from journal.text.inputs import event_ref, person_ref


def ways(store, person_id: int) -> list[tuple]:
    return store.conn.execute(
        "SELECT kind, date, event_id, via_id, url, is_first FROM ways_found"
        " WHERE person_id = ? ORDER BY id",
        [person_id],
    ).fetchall()


def counts(store) -> dict:
    return dict(
        store.conn.execute(
            "SELECT value, count FROM people_counts WHERE facet = 'found_kinds'"
        ).fetchall()
    )


def test_add_records_the_first_way_and_found_adds_more(fresh_db):
    benji = people.add_person(
        fresh_db, "Benji", event=event_ref("PyData"), via=person_ref("Maria"), met_on=None
    )
    maria = people.resolve_person(fresh_db, person_ref("Maria"))
    assert ways(fresh_db, benji) == [("event", None, 1, maria, None, 1)]
    assert ways(fresh_db, maria) == []  # a bare person, created by --via
    from datetime import date

    found.add_way(fresh_db, benji, "mention", on=date(2019, 3, 4), link="https://x.com/m/status/1")
    found.add_way(fresh_db, benji, "mention", on=date(2020, 1, 1))
    card = reads.person(fresh_db, benji)
    assert card["found_via"] == "event"  # still the first way
    assert [(w["kind"], w["date"], w["network"]) for w in card["ways_found"]] == [
        ("mention", "2019-03-04", "twitter"),
        ("mention", "2020-01-01", None),
        ("event", None, None),  # undated: last
    ]
    assert counts(fresh_db) == {"event": 1, "mention": 1}  # once a person
    assert maintenance.check(fresh_db) == []


def test_found_on_someone_without_a_way_sets_the_card(fresh_db):
    kim = people.add_person(fresh_db, "Kim")
    found.add_way(
        fresh_db, kim, "online", link="https://bsky.app/profile/kim.example", note="her thread"
    )
    card = reads.person(fresh_db, kim)
    assert (
        card["found_via"] == "online"
        and card["source_url"] == "https://bsky.app/profile/kim.example"
    )
    [way] = card["ways_found"]
    assert way["is_first"] and way["network"] == "bluesky" and way["note"] == "her thread"


def test_editing_the_card_keeps_its_way_and_the_counts(fresh_db):
    ada = people.add_person(fresh_db, "Ada", found_via="online")
    found.add_way(fresh_db, ada, "job-lead")
    people.update_person(fresh_db, ada, fields={"found_via": "mention"})
    assert [w[0] for w in ways(fresh_db, ada)] == ["mention", "job-lead"]
    assert counts(fresh_db) == {"mention": 1, "job-lead": 1}
    people.update_person(fresh_db, ada, clear=["how"])
    assert [w[0] for w in ways(fresh_db, ada)] == ["job-lead"]
    assert reads.person(fresh_db, ada)["found_via"] is None
    people.delete_person(fresh_db, ada)
    assert counts(fresh_db) == {} and maintenance.check(fresh_db) == []


def test_a_change_to_the_card_changes_only_that_in_its_way(fresh_db):
    from datetime import date

    kim = people.add_person(fresh_db, "Kim", met_on=date(2026, 1, 5))
    found.add_way(fresh_db, kim, "mention", on=date(2019, 3, 4), link="https://x.com/a/status/1")
    people.update_person(fresh_db, kim, fields={"met_where": "Berlin"})
    [way] = reads.person(fresh_db, kim)["ways_found"]
    assert (way["date"], way["place"], way["url"]) == (
        "2019-03-04", "Berlin", "https://x.com/a/status/1",
    )  # fmt: skip
    people.update_person(fresh_db, kim, fields={"met_on": date(2018, 1, 1)})
    assert reads.person(fresh_db, kim)["ways_found"][0]["date"] == "2018-01-01"


def test_check_finds_a_first_way_that_is_not_the_cards(fresh_db):
    ada = people.add_person(fresh_db, "Ada", found_via="online")
    with fresh_db.transaction():
        fresh_db.conn.execute("UPDATE ways_found SET kind = 'event' WHERE person_id = ?", [ada])
    problems = maintenance.check(fresh_db)
    assert any(p.startswith("first ways: ") for p in problems), problems


def test_merge_moves_the_ways(fresh_db):
    ada = people.add_person(fresh_db, "Ada", found_via="event")
    other = people.add_person(fresh_db, "Ada L", found_via="mention")
    found.add_way(fresh_db, other, "job-lead")
    merge.merge_people(fresh_db, ada, other)
    assert sorted(w[0] for w in ways(fresh_db, ada)) == ["event", "job-lead", "mention"]
    assert counts(fresh_db) == {"event": 1, "job-lead": 1, "mention": 1}
    assert maintenance.check(fresh_db) == []


def test_found_command_list_how_and_show(journal):
    journal.ok("add", "Benji Weber", "--event", "PyData", "--met", "2025-06-01")
    journal.ok("add", "Kim Ode", "--how", "online")
    out = journal.ok(
        "found", "benji", "--how", "mention", "--via", "Maria", "--on", "2019-03-04",
        "--link", "https://x.com/maria/status/1861", "--note", "Live posts from the march",
    )  # fmt: skip
    assert "Found #1 Benji Weber again" in out and "mention on twitter" in out
    show = journal.ok("show", "benji")
    first, second = show.index("2019-03-04  mention"), show.index("2025-06-01  event at PyData")
    assert first < second and "https://x.com/maria/status/1861" in show
    assert [p["name"] for p in journal.json("list", "--how", "mention")] == ["Benji Weber"]
    assert [p["name"] for p in journal.json("list", "--how", "event")] == ["Benji Weber"]
    assert [p["name"] for p in journal.json("list", "--via", "maria")] == ["Benji Weber"]
    card = journal.json("show", "benji")
    assert card["found_via"] == "event" and len(card["ways_found"]) == 2


def test_found_refuses_bad_input_and_writes_nothing(journal):
    journal.ok("add", "Benji Weber")
    assert "--how" in journal.fails(2, "found", "benji", "--how", "carrier-pigeon")
    assert "--on" in journal.fails(2, "found", "benji", "--how", "mention", "--on", "someday")
    assert "no person" in journal.fails(1, "found", "nobody", "--how", "mention")
    assert "own introducer" in journal.fails(2, "found", "benji", "--how", "mention", "--via", "1")


def test_the_people_page_facets_every_kind(journal, db_path):
    journal.ok("add", "Ada", "--how", "event")
    journal.ok("add", "Bea", "--how", "online")
    journal.ok("found", "ada", "--how", "mention")
    journal.ok(
        "found", "ada", "--how", "mention", "--on", "2020-01-01",
        "--link", "https://x.com/ana/status/7", "--note", "<script>alert(1)</script>",
    )  # fmt: skip
    site = Site(db_path)
    body = site.get("/people.json?_shape=objects").json()
    facet = {r["value"]: r["count"] for r in body["facet_results"]["found_kinds"]["results"]}
    assert facet == {"event": 1, "mention": 1, "online": 1}
    link = next(
        r["toggle_url"]
        for r in body["facet_results"]["found_kinds"]["results"]
        if r["value"] == "mention"
    )
    filtered = site.get(link.removeprefix("http://localhost/journal")).json()
    assert [r["name"] for r in filtered["rows"]] == ["Ada"]
    counted = filtered["facet_results"]["found_kinds"]["results"]  # from the rows left
    assert {r["value"]: r["count"] for r in counted} == {"event": 1, "mention": 1}
    page = site.get("/people/1").text
    ways = page[page.index('class="journal-ways"') :]
    assert ways.index(">mention<") < ways.index(">event<")  # oldest first
    assert '<a href="https://x.com/ana/status/7"' in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_upgrade_moves_every_persons_provenance(tmp_path):
    path = v1_journal(tmp_path / "v1.db")
    conn = sqlite3.connect(path)
    before = conn.execute(
        "SELECT id, found_via, met_on, event_id, via_id, met_where, source_url FROM people"
        " WHERE found_via IS NOT NULL OR event_id IS NOT NULL OR via_id IS NOT NULL"
        " OR source_url IS NOT NULL ORDER BY id"
    ).fetchall()
    conn.close()
    assert before
    store = Connection(path)
    assert store.schema_version() == len(MIGRATIONS)
    after = store.conn.execute(
        "SELECT person_id, kind, date, event_id, via_id, place, url FROM ways_found"
        " WHERE is_first ORDER BY person_id"
    ).fetchall()
    assert after == before
    assert maintenance.check(store) == []
    kinds = store.conn.execute("SELECT found_via, found_kinds FROM people").fetchall()
    assert all(k == (f'["{v}"]' if v else "[]") for v, k in kinds)
    store.close()


def test_list_how_finds_every_kind_whether_common_or_rare(fresh_db):
    """A kind many people have is checked along the list's order, a rare one read from
    its index: both give everyone with that kind among their ways, newest first."""
    for n in range(60):
        person = people.add_person(fresh_db, f"Person {n}", found_via="event", met_on=None)
        if n == 7:
            found.add_way(fresh_db, person, "mention", link="https://x.com/a/status/1")
        if n % 2:
            found.add_way(fresh_db, person, "online")
    rare = [p["name"] for p in reads.people(fresh_db, how="mention")]
    assert rare == ["Person 7"]
    common = {p["name"] for p in reads.people(fresh_db, how="online")}
    assert common == {f"Person {n}" for n in range(1, 60, 2)}
    page = lists.contact_list(fresh_db, how="online", limit=10)
    assert [p["name"] for p in page] == [p["name"] for p in reads.people(fresh_db, how="online")][
        :11
    ]
    assert [p["name"] for p in lists.contact_list(fresh_db, how="mention")] == ["Person 7"]
