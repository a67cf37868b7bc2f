"""Capture right (issue 28), through the command line as a new user types it: when you
met, events and introducers found whatever the case and accents, `add "@handle"`,
cities by any name for `due --in`, `list --city` and the people page. Today is Wednesday
2026-11-25 (conftest)."""

from __future__ import annotations

import re

import pytest
from helpers import Pages


def test_the_journalist_met_yesterday(journal):
    journal.ok("event", "add", "Twestival Marseille", "--on", "yesterday")
    journal.ok("add", "Anne Chabot", "--company", "Le Monde")
    said = journal.ok(
        "met", "Benji @benomad (journalist, Marseille) yesterday at Twestival Marseille via Anne",
        "--yes",
    )  # fmt: skip
    assert "met        2026-11-24" in said
    benji = journal.json("show", "@benomad")
    assert (benji["name"], benji["role"], benji["company"], benji["city"]) == (
        "Benji", "journalist", None, "Marseille",
    )  # fmt: skip
    assert benji["met_on"] == "2026-11-24" and benji["story"] is None
    assert benji["event"]["name"] == "Twestival Marseille" and benji["via"]["name"] == "Anne Chabot"
    assert [e["name"] for e in journal.json("event", "list")] == ["Twestival Marseille"]


def test_a_date_after_the_event_is_not_part_of_its_name(journal):
    journal.ok("met", "Benji at Twestival Marseille yesterday via Anne", "--yes")
    benji = journal.json("show", "Benji")
    assert benji["event"]["name"] == "Twestival Marseille"
    assert benji["met_on"] == "2026-11-24"


@pytest.mark.parametrize("command", ["met", "add"])
def test_met_at_a_dated_event_is_met_on_its_day(journal, command):
    journal.ok("event", "add", "Apéro La Cantine", "--on", "2026-11-20")
    if command == "met":
        journal.ok("met", "Émilie at apero", "--yes")
    else:
        journal.ok("add", "Émilie", "--event", "apero")
    card = journal.json("show", "Émilie")
    assert card["event"]["name"] == "Apéro La Cantine"  # accents and case ignored
    assert card["met_on"] == "2026-11-20"
    assert [i["date"] for i in card["interactions"]] == ["2026-11-20"]


def test_an_event_named_in_part_by_the_beginnings_of_its_words(journal):
    journal.ok("event", "add", "Apéro La Cantine")
    journal.ok("event", "add", "PyData Berlin")
    journal.ok("add", "Zoé Martin")
    journal.ok("met", "Lu at APÉRO la cant via ZOE M.", "--yes")
    lu = journal.json("show", "Lu")
    assert lu["event"]["name"] == "Apéro La Cantine" and lu["via"]["name"] == "Zoé Martin"
    journal.ok("event", "add", "Apéritif")
    message = journal.fails(1, "met", "Bo at aper", "--yes")
    assert "matches 2 events: #1 Apéro La Cantine, #3 Apéritif" in message


def test_a_known_company_in_parentheses(journal):
    journal.ok("add", "Anne", "--company", "Le Monde")
    journal.ok("met", "Lu (le monde, Paris)", "--yes")
    lu = journal.json("show", "Lu")
    assert (lu["role"], lu["company"], lu["city"]) == (None, "le monde", "Paris")


def test_name_role_in_city(journal):
    journal.ok("met", "Zoe Test, photographer in Marseille, at twestival", "--yes")
    zoe = journal.json("show", "Zoe Test")
    assert (zoe["role"], zoe["city"], zoe["event"]["name"]) == (
        "photographer", "Marseille", "twestival",
    )  # fmt: skip


def test_a_plan_keeps_every_word(journal):
    journal.ok("met", "Lu; coffee when I'm in London in 2 weeks", "--yes")
    (plan,) = journal.json("show", "Lu")["follow_ups"]
    assert (plan["action"], plan["due"], plan["city"]) == (
        "coffee when I'm in London", "2026-12-09", "London",
    )  # fmt: skip


def test_add_files_a_handle_given_as_the_name(journal):
    journal.ok("add", "@benomad")
    card = journal.json("show", "@benomad")
    assert card["name"] == "@benomad"
    assert [(h["network"], h["handle"]) for h in card["handles"]] == [("twitter", "benomad")]


def test_the_duplicate_error_says_how_to_edit(journal):
    journal.ok("add", "Anne Chabot")
    message = journal.fails(1, "add", "anne chabot")
    assert "to change theirs: journal edit 1" in message and "add --new" in message


def test_next_friday_and_friday(journal):
    journal.ok("add", "Ada")
    journal.ok("follow-up", "Ada", "call", "--due", "friday")
    journal.ok("follow-up", "Ada", "lunch", "--due", "next friday")
    plans = {f["action"]: f["due"] for f in journal.json("show", "Ada")["follow_ups"]}
    assert plans == {"call": "2026-11-27", "lunch": "2026-12-04"}


@pytest.fixture
def cities(journal, db_path):
    journal.ok("add", "Ada", "--city", "London")
    journal.ok("add", "Bo", "--city", "Londres")
    journal.ok("add", "Cy", "--city", "München")
    journal.ok("add", "Di", "--city", "Paris")
    journal.ok("follow-up", "Cy", "beer", "--in", "Munich")
    return db_path


@pytest.mark.parametrize(("typed", "names"), [
    ("Londres", ["Bo", "Ada"]), ("london", ["Bo", "Ada"]), ("Munich", ["Cy"]),
    ("München", ["Cy"]), ("Smallville", []),
])  # fmt: skip
def test_list_finds_a_city_by_any_name(cities, journal, typed, names):
    assert [p["name"] for p in journal.json("list", "--city", typed)] == names


def test_due_in_a_city_by_any_name(cities, journal):
    items = journal.json("due", "--in", "Munich")
    assert {(i["name"], i["action"]) for i in items} == {("Cy", "beer"), ("Cy", None)}
    assert {i["name"] for i in journal.json("due", "--in", "Londres")} == {"Ada", "Bo"}


def test_the_people_page_filters_a_city_by_any_name(cities):
    site = Pages(cities)
    try:
        page = site.get("/people?city=Londres").text
    finally:
        site.ds.databases[cities.stem].close()
    assert ">Ada<" in page and ">Bo<" in page and ">Di<" not in page


def test_the_city_facet_counts_a_city_once_whatever_its_spelling(cities, journal):
    journal.ok("places")  # the journal's cities located, as `places` and the map do
    site = Pages(cities)
    try:
        page = site.get("/people").text
    finally:
        site.ds.databases[cities.stem].close()
    facet = re.findall(r'city=[^"]*">([^<]*)</a> <span class="journal-sub">(\d+)', page)
    assert ("London", "2") in facet and not any(name == "Londres" for name, _ in facet)
