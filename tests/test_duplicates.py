"""No silent duplicates (issue 16): --event and --via find what the journal has by a part
of a name or a handle, a name already there is refused unless --new, and every record a
command makes besides the one asked for is announced."""

from __future__ import annotations

import json

import pytest

from journal.db import Connection, events, people
from journal.errors import Ambiguous, SameName
from journal.text.inputs import event_ref, person_ref


@pytest.mark.parametrize("again", ["Anne Chabot", "anne chabot", "ANNE  CHABOT", "Anne Chábot"])
def test_adding_a_name_already_there_is_refused_naming_the_record(journal, again):
    journal.ok("add", "Anne Chabot", "--city", "Marseille")
    message = journal.fails(1, "add", again, "--handle", "@other", "--event", "New Event")
    assert message == (
        "Error: Anne Chabot is already in the journal: #1 Anne Chabot;"
        " to change theirs: journal edit 1 …; if this is someone else, add --new"
    )


def test_new_adds_a_second_person_of_the_same_name(journal):
    journal.ok("add", "Anne Chabot")
    second = journal.json("add", "Anne Chabot", "--new", "--city", "Lyon")
    assert second["id"] == 2 and second["city"] == "Lyon"
    assert [p["id"] for p in journal.json("list")] == [2, 1]


def test_same_name_refused_in_the_core_for_every_face(fresh_db):
    people.add_person(fresh_db, "Zoë Müller")
    with pytest.raises(SameName) as refused:
        people.add_person(fresh_db, "zoe muller")
    assert refused.value.existing == [{"id": 1, "name": "Zoë Müller"}]
    assert people.add_person(fresh_db, "zoe muller", new=True) == 2


def test_event_found_by_part_of_its_name(journal):
    journal.ok("event", "add", "Twestival Marseille", "--on", "2011-03-24")
    out = journal.ok("add", "Anne Chabot", "--event", "twestival")
    assert "new event" not in out
    person = journal.json("show", "anne")
    assert person["event"]["name"] == "Twestival Marseille"
    assert len(journal.json("event", "list")) == 1


def test_event_found_by_the_start_of_its_words(journal):
    journal.ok("event", "add", "Mastodon meetup Berlin")
    assert journal.json("add", "Benji", "--event", "mastodon ber")["event"]["id"] == 1


def test_several_events_match_is_an_error_listing_them(journal):
    journal.ok("event", "add", "PyData Berlin")
    journal.ok("event", "add", "PyData London")
    message = journal.fails(1, "add", "Ada", "--event", "pydata")
    assert "#1 PyData Berlin" in message and "#2 PyData London" in message
    assert "'+pydata' for a new one" in message


def test_plus_insists_on_a_new_event_and_announces_it(journal):
    journal.ok("event", "add", "PyData Berlin")
    out = journal.ok("add", "Ada", "--event", "+PyData")
    assert "  new event #2 PyData" in out.splitlines()
    assert [e["name"] for e in journal.json("event", "list")] == ["PyData", "PyData Berlin"]


def test_a_new_event_is_announced(journal):
    out = journal.ok("add", "Ada", "--event", "RustConf")
    assert out.splitlines()[1] == "  new event #1 RustConf"


def test_via_found_by_abbreviated_name(journal):
    journal.ok("add", "Anne Chabot")
    out = journal.ok("add", "Benji", "--via", "Anne C.")
    assert "new person" not in out
    assert journal.json("show", "benji")["via"]["id"] == 1
    assert len(journal.json("list")) == 2


def test_via_found_by_handle(journal):
    journal.ok("add", "Maria Kovač", "--handle", "@maria")
    assert journal.json("add", "Benji", "--via", "@maria")["via"]["id"] == 1


def test_unknown_via_becomes_a_new_person_announced(journal):
    out = journal.ok("add", "Benji", "--via", "@maria")
    assert out.splitlines()[1] == "  new person #1 @maria"
    maria = journal.json("show", "@maria")
    assert maria["handles"][0]["handle"] == "maria"


def test_several_people_match_via_is_an_error_listing_them(journal):
    journal.ok("add", "Anne Chabot")
    journal.ok("add", "Anne Dupont")
    message = journal.fails(1, "add", "Benji", "--via", "anne")
    assert "#1 Anne Chabot" in message and "#2 Anne Dupont" in message
    assert "'+anne' for a new one" in message


def test_plus_insists_on_a_new_introducer(journal):
    journal.ok("add", "Anne Chabot")
    out = journal.ok("add", "Benji", "--via", "+Anne")
    assert "  new person #2 Anne" in out.splitlines()


def test_json_keeps_announcements_off_stdout(journal):
    result = journal("add", "Ada", "--event", "RustConf", "--via", "Bob", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "Ada"
    assert result.stderr.splitlines() == ["  new event #1 RustConf", "  new person #1 Bob"]


def test_edit_finds_event_and_via_by_part(journal):
    journal.ok("event", "add", "Twestival Marseille")
    journal.ok("add", "Anne Chabot")
    journal.ok("add", "Benji")
    out = journal.ok("edit", "benji", "--event", "twest", "--via", "anne c")
    assert "new " not in out
    benji = journal.json("show", "benji")
    assert (benji["event"]["id"], benji["via"]["id"]) == (1, 1)


def test_edit_announces_what_it_made(journal):
    journal.ok("add", "Benji")
    out = journal.ok("edit", "benji", "--via", "Carla")
    assert out.splitlines()[1:] == ["  new person #2 Carla"]


def test_log_finds_the_event_by_part(journal):
    journal.ok("event", "add", "Twestival Marseille")
    journal.ok("add", "Anne")
    out = journal.ok("log", "anne", "Drinks", "--event", "twestival")
    assert "new event" not in out
    assert journal.json("show", "anne")["interactions"][0]["event"]["id"] == 1


def test_the_core_lists_what_it_made(fresh_db: Connection):
    events.add_event(fresh_db, "Twestival Marseille")
    people.add_person(fresh_db, "Anne Chabot")
    people.add_person(
        fresh_db,
        "Benji",
        event=event_ref("twestival", creatable=True),
        via=person_ref("Anne C.", creatable=True),
    )
    assert fresh_db.created == []
    people.add_person(
        fresh_db,
        "Carla",
        event=event_ref("+Twestival", creatable=True),
        via=person_ref("Dan", creatable=True),
    )
    assert fresh_db.created == [
        {"table": "events", "id": 2, "name": "Twestival"},
        {"table": "people", "id": 3, "name": "Dan"},
    ]


def test_ambiguous_part_in_the_core(fresh_db: Connection):
    people.add_person(fresh_db, "Anne Chabot")
    people.add_person(fresh_db, "Anne Dupont")
    with pytest.raises(Ambiguous):
        people.add_person(fresh_db, "Benji", via=person_ref("anne", creatable=True))
    assert people.find_person(fresh_db, person_ref("+anne", creatable=True)) is None
    assert people.find_person(fresh_db, person_ref("a. dup")) == 2
