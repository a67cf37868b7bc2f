"""`journal met SENTENCE` (issue 16, point 1); today is 2026-11-25 (conftest)."""

from __future__ import annotations

import json

from helpers import JOURNALIST


def test_met_records_the_journalist(journal):
    journal.ok("add", "Maria Kovač", "--handle", "@maria")
    out = journal.ok("met", JOURNALIST)
    lines = out.splitlines()
    assert lines[0] == "name       Benji Weber  new person"
    assert "event      Mastodon meetup Berlin  new event" in lines
    assert "via        #1 Maria Kovač" in lines
    assert "follow-up  meet again · due 2026-12-16 · in London" in lines
    assert "Added #2 Benji Weber · journalist, The Guardian · London" in lines
    assert "  new event #1 Mastodon meetup Berlin" in lines
    benji = journal.json("show", "@benji")
    assert benji["role"] == "journalist" and benji["company"] == "The Guardian"
    assert benji["city"] == "London" and benji["tags"] == ["press"]
    assert benji["found_via"] == "event" and benji["event"]["name"] == "Mastodon meetup Berlin"
    assert benji["via"]["id"] == 1 and benji["met_on"] == "2026-11-25"
    assert benji["story"] == "followed his live posts"
    [plan] = benji["follow_ups"]
    assert (plan["action"], plan["due"], plan["city"]) == ("meet again", "2026-12-16", "London")


def test_met_finds_existing_records_by_part(journal):
    journal.ok("event", "add", "Twestival Marseille")
    journal.ok("add", "Anne Chabot")
    out = journal.ok("met", "Lu Roe at twestival introduced by Anne C.")
    assert "event      #1 Twestival Marseille" in out.splitlines()
    assert "via        #1 Anne Chabot" in out.splitlines()
    assert "new event" not in out and out.count("new person") == 1  # Lu Roe
    lu = journal.json("show", "lu")
    assert (lu["event"]["id"], lu["via"]["id"], lu["found_via"]) == (1, 1, "introduction")


def test_met_without_a_name_uses_the_handle(journal):
    journal.ok("met", "@benji online")
    person = journal.json("show", "@benji")
    assert person["name"] == "@benji" and person["found_via"] == "online"


def test_met_dry_run_writes_nothing(journal):
    journal.ok("add", "Ada")
    before = journal.fingerprint()
    out = journal.ok("met", "Lu at PyData via Kim", "--dry-run")
    assert "event      PyData  new event" in out and "via        Kim  new person" in out
    assert journal.fingerprint() == before


def test_met_dry_run_json(journal):
    understood = journal.json("met", "Lu (CTO at Acme, Paris) #ai; call tomorrow", "--dry-run")
    assert understood["name"] == "Lu" and understood["role"] == "CTO"
    assert understood["city"] == "Paris" and understood["tags"] == ["ai"]
    assert understood["follow_up"] == {"action": "call", "due": "2026-11-26", "city": None}


def test_met_json_prints_only_json_on_stdout(journal):
    result = journal("met", "Lu at PyData", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["event"]["name"] == "PyData"
    assert "new event #1 PyData" in result.stderr


def test_met_refuses_a_name_already_there(journal):
    journal.ok("add", "Lu Roe")
    message = journal.fails(1, "met", "lu roe at PyData")
    assert "#1 Lu Roe" in message and "--new" in message
    assert journal.ok("met", "lu roe at PyData", "--new")


def test_met_ambiguous_event_is_an_error(journal):
    journal.ok("event", "add", "PyData Berlin")
    journal.ok("event", "add", "PyData London")
    message = journal.fails(1, "met", "Lu at pydata")
    assert "#1 PyData Berlin" in message and "'+pydata'" in message


def test_met_needs_a_name_or_handle(journal):
    assert "start the sentence with their name" in journal.fails(2, "met", "#ai")


def test_met_with_a_bad_email_is_bad_usage(journal):
    journal.ok("add", "Ada", "--email", "ada@example.org")
    assert "ada@example.org is already the email" in journal.fails(
        1, "met", "Lu ada@example.org at PyData"
    )


def test_met_records_what_the_same_add_would(journal, tmp_path):
    """One sentence and the options it stands for leave the same rows."""
    sentence = (
        "Benji Weber @benji ben@example.org (journalist at The Guardian, London) job lead"
        " at PyData via Maria #press #ai: live posts; coffee in London on 2026-12-01"
    )
    options = [
        "Benji Weber", "--handle", "@benji", "--email", "ben@example.org",
        "--role", "journalist", "--company", "The Guardian", "--city", "London",
        "--how", "job-lead", "--event", "PyData", "--via", "Maria", "--tag", "press",
        "--tag", "ai", "--story", "live posts", "--follow-up", "coffee", "--in", "London",
        "--due", "2026-12-01",
    ]  # fmt: skip
    cards = []
    for args in (["met", sentence], ["add", *options]):
        db = tmp_path / f"{args[0]}.db"
        journal.ok("--db", str(db), *args)
        card = journal.json("--db", str(db), "show", "@benji")
        for key in ("created_at", "updated_at"):
            card.pop(key)
        cards.append(card)
    assert cards[0] == cards[1]
