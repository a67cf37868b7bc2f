"""An event's guest list (issue 30): the four readers on real layouts, keeping a list
apart from people, who you met among them (met, add, the add form's core), and privacy."""

from __future__ import annotations

import json
import re

import pytest
from helpers import GUEST_LISTS, LUMA

from journal.db import events, guests, people
from journal.formats.guests import read_guest_csv, read_guests


def by_name(listed) -> dict[str, dict]:
    return {g["name"]: g for g in listed.guests}


# -- the readers (pure) ---------------------------------------------------------------


def test_luma_with_its_byte_order_mark_and_custom_questions():
    assert LUMA.read_bytes()[:3] == b"\xef\xbb\xbf"
    listed = read_guests(LUMA)
    assert listed.source == "luma" and listed.event == {}
    g = by_name(listed)
    benji = g["Benji Weber"]
    assert benji["key"] == "gst-7Hq2Lm9QxT4aB1c"
    assert (benji["email"], benji["phone"]) == ("benji.weber@example.org", "+44 7700 900123")
    assert (benji["company"], benji["role"]) == ("The Guardian", "journalist")
    assert benji["profile_url"] == "https://www.linkedin.com/in/benjiweber"
    assert (benji["status"], benji["came"]) == ("checked in", 1)
    assert benji["answers"]["What's your company?"] == "The Guardian"
    # "Lovelace, Ada" with first and last name columns reads as the person says it.
    assert g["Ada Lovelace"]["email"] == "ada@example.com"
    assert g["Ada Lovelace"]["company"] == "Analytical Engines, Ltd"
    assert (g["Grace Hopper"]["status"], g["Grace Hopper"]["came"]) == ("declined", None)
    assert g["Benji Okafor"]["status"] == "waitlist"
    assert g["Benji Okafor"]["company"] == 'Marseille "Tech" Club'
    assert g["anon"]["email"] == "anon@example.com"  # no name: named by the email


def test_an_older_luma_export_with_guest_id():
    listed = read_guests(GUEST_LISTS / "luma_guest_id.csv")
    assert [g["key"] for g in listed.guests] == ["g-1", "g-2"]
    assert listed.guests[1]["name"] == "Sample, Bob" and listed.guests[1]["came"] == 1


def test_eventbrite_attending_checked_in_and_refunded():
    listed = read_guests(GUEST_LISTS / "eventbrite_attendees.csv")
    assert listed.source == "eventbrite"
    g = by_name(listed)
    assert (g["Rosa Delgado"]["status"], g["Rosa Delgado"]["came"]) == ("checked in", 1)
    assert (g["Jonah Kim"]["status"], g["Jonah Kim"]["came"]) == ("going", None)
    assert (g["Sam Ortiz"]["status"], g["Sam Ortiz"]["came"]) == ("refunded", 0)
    assert (g["Jonah Kim"]["role"], g["Jonah Kim"]["company"]) == ("Engineer", "Acme Robotics")
    assert g["Rosa Delgado"]["key"] == "11211912243/18441583423"
    answers = g["Rosa Delgado"]["answers"]
    assert answers["Where are you located (city+state or city+country)"] == "San Jose, CA"
    assert "Home City" not in answers and "Order #" not in answers


def test_meetup_without_email():
    listed = read_guests(GUEST_LISTS / "meetup_attendees.tsv")
    assert listed.source == "meetup"
    g = by_name(listed)
    assert all(x["email"] is None for x in listed.guests)
    ian = g["Ian Example"]
    assert ian["key"] == "12537919" and ian["came"] == 1 and ian["role"] == "Data scientist"
    assert ian["profile_url"].startswith("https://www.meetup.com/pydata-london-meetup/members/")
    assert ian["answers"] == {"What company do you represent?": "Example Ltd"}
    assert (g["Nikola Tesla"]["status"], g["Nikola Tesla"]["came"]) == ("not going", 0)
    assert g["Marie Curie"]["status"] == "going"


def test_an_invitation_names_its_event_and_attendees():
    listed = read_guests(GUEST_LISTS / "google_invitation.ics")
    assert listed.source == "ics"
    assert listed.event["name"] == "Twestival Marseille"
    assert listed.event["date"].isoformat() == "2026-11-26"
    assert listed.event["place"].startswith("La Friche, 41 Rue Jobin")
    g = by_name(listed)
    assert g["Benji Weber"]["email"] == "benji.weber@example.org"  # CN folded mid-name
    assert g["Benji Weber"]["status"] == "going"
    assert g["grace"]["status"] == "declined"  # a CN that is the address: named by it
    assert g["Zoë Martín"]["status"] == "invited"


def test_real_invitations_from_icalendar():
    bb = read_guests(GUEST_LISTS / "blackberry_invitation.ics")
    assert bb.event["name"] == "Test meeting from BB"
    assert [(g["name"], g["email"]) for g in bb.guests][0] == ("RembrandXS", "rembrand@xs4all.nl")
    caret = read_guests(GUEST_LISTS / "rfc_6868.ics")
    assert caret.event["name"] is None
    assert caret.guests[0]["name"] == 'George Herman "Babe" Ruth'


def test_a_csv_of_another_kind_is_refused():
    with pytest.raises(Exception, match="not a guest list"):
        read_guest_csv("First Name,Last Name,URL\nAda,Lovelace,x\n", "Connections.csv")


# -- keeping a list ---------------------------------------------------------------------


def test_a_second_import_changes_nothing_and_an_updated_list_updates(fresh_db, tmp_path):
    event_id = events.add_event(fresh_db, "Twestival Marseille")
    listed = read_guests(LUMA)
    first = guests.save_guests(fresh_db, event_id, listed.source, listed.guests)
    assert first == {"added": 6, "updated": 0, "unchanged": 0, "linked": 0}
    dump = list(fresh_db.conn.iterdump())
    again = guests.save_guests(fresh_db, event_id, listed.source, read_guests(LUMA).guests)
    assert again == {"added": 0, "updated": 0, "unchanged": 6, "linked": 0}
    assert list(fresh_db.conn.iterdump()) == dump
    # The organiser's later export: Ada checked in, a new guest.
    text = LUMA.read_text(encoding="utf-8-sig")
    qr = ",https://lu.ma/check-in/evt-T8wX2kQ9vR?pk=g-7Bc1"
    text = text.replace("approved,," + qr, "approved,2026-11-26T21:00:00Z," + qr)
    text += "gst-new,Noor Haddad,Noor,Haddad,noor@example.com,,,approved,,,,,,,,,,,,,,,,,\n"
    updated = read_guest_csv(text)
    counts = guests.save_guests(fresh_db, event_id, updated.source, updated.guests)
    assert counts == {"added": 1, "updated": 1, "unchanged": 5, "linked": 0}
    ada = next(g for g in guests.guest_list(fresh_db, event_id) if g["name"] == "Ada Lovelace")
    assert (ada["status"], ada["came"]) == ("checked in", 1)


def test_another_list_of_the_same_event_fills_in_blanks_only(fresh_db):
    event_id = events.add_event(fresh_db, "Twestival Marseille")
    luma = read_guests(LUMA)
    guests.save_guests(fresh_db, event_id, luma.source, luma.guests)
    invite = read_guests(GUEST_LISTS / "google_invitation.ics")
    counts = guests.save_guests(fresh_db, event_id, invite.source, invite.guests)
    assert counts["added"] == 1  # Maria; the three others are the Luma guests, by email
    listed = {g["name"]: g for g in guests.guest_list(fresh_db, event_id)}
    assert set(listed) >= {"Grace Hopper", "Maria Kovač", "Benji Weber"}
    assert listed["Benji Weber"]["status"] == "checked in"
    assert listed["Benji Weber"]["company"] == "The Guardian"


def test_a_guest_already_a_person_is_linked_by_email_or_handle_never_by_name(fresh_db):
    ada = people.add_person(fresh_db, "Ada L.", emails=["ADA@example.com"])
    people.add_person(fresh_db, "Ian Example")  # same name as a Meetup guest: not linked
    from journal.text.handles import parse_handle

    curie = people.add_person(
        fresh_db,
        "M. Curie",
        handles=[parse_handle("https://www.meetup.com/pydata-london-meetup/members/200000001/")],
    )
    event_id = events.add_event(fresh_db, "Twestival Marseille")
    luma = read_guests(LUMA)
    assert guests.save_guests(fresh_db, event_id, luma.source, luma.guests)["linked"] == 1
    meetup_event = events.add_event(fresh_db, "PyData London")
    meetup = read_guests(GUEST_LISTS / "meetup_attendees.tsv")
    assert guests.save_guests(fresh_db, meetup_event, meetup.source, meetup.guests)["linked"] == 1
    linked = {
        g["name"]: g["person_id"]
        for e in (event_id, meetup_event)
        for g in guests.guest_list(fresh_db, e)
    }
    assert linked["Ada Lovelace"] == ada
    assert linked["Marie Curie"] == curie
    assert linked["Ian Example"] is None


# -- the command line -------------------------------------------------------------------


def test_import_guests_from_the_command_line(journal):
    out = journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    assert "new event #1 Twestival Marseille" in out
    assert "Guest list of #1 Twestival Marseille (Luma): 6 added, 0 updated, 0 unchanged" in out
    assert "0 added, 0 updated, 6 unchanged" in journal.ok(
        "import", "guests", str(LUMA), "--event", "twestival"
    )
    report = journal.json("import", "guests", str(GUEST_LISTS / "google_invitation.ics"))
    assert report["event"] == {"id": 1, "name": "Twestival Marseille"}
    assert (report["source"], report["added"], report["unchanged"]) == ("ics", 1, 3)
    # Guests are not people: list shows no one.
    assert journal.json("list") == []


def test_an_invitation_makes_its_event(journal):
    out = journal.ok("import", "guests", str(GUEST_LISTS / "google_invitation.ics"))
    assert "new event #1 Twestival Marseille" in out
    event = journal.json("event", "show", "1")
    assert event["date"] == "2026-11-26"
    assert event["place"] == "La Friche, 41 Rue Jobin, 13003 Marseille, France"
    assert len(event["guests"]) == 4


def test_a_csv_without_event_is_refused_off_a_terminal(journal):
    journal.ok("event", "add", "Twestival Marseille")
    error = journal.fails(2, "import", "guests", str(LUMA))
    assert "does not say which event" in error and "--event" in error


def test_bad_files_fail_cleanly(journal, tmp_path):
    journal.ok("event", "add", "Twestival Marseille")
    other = tmp_path / "Connections.csv"
    other.write_text("First Name,Last Name,URL\nAda,Lovelace,x\n")
    assert "not a guest list" in journal.fails(1, "import", "guests", str(other), "--event", "1")
    missing = str(tmp_path / "nope.csv")
    assert "no such file" in journal.fails(1, "import", "guests", missing, "--event", "1")
    assert "no event" in journal.fails(1, "event", "pick", "Nowhere")
    assert "No guest of Twestival Marseille left to pick" in journal("event", "pick", "1").stderr
    journal.ok("import", "guests", str(LUMA), "--event", "1")
    assert "on a terminal" in journal.fails(2, "event", "pick", "Twestival")


def test_met_fills_in_from_the_list_and_says_so(journal):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    # Two Benjis on the list: nothing is guessed, and it says why.
    out = journal.ok("met", "Benji at Twestival", "--dry-run")
    assert "several on the list" in out and "Benji Okafor" in out and "Benji Weber" in out
    out = journal.ok("met", "Benji W at Twestival", "--yes")
    assert "Added #1 Benji Weber · journalist, The Guardian" in out
    assert "guest #1 of Twestival Marseille's list: filled in name, email, phone" in out
    card = journal.json("show", "1")
    assert card["emails"] == ["benji.weber@example.org"]
    assert card["phone"] == "+44 7700 900123"
    assert [h["handle"] for h in card["handles"]] == ["benjiweber"]
    listed = journal.json("event", "show", "twestival")["guests"]
    assert next(g for g in listed if g["name"] == "Benji Weber")["person_id"] == 1
    # Met: now first in the list, marked.
    shown = journal.ok("event", "show", "twestival")
    assert "Guest list: 6 guests, 1 met" in shown
    assert "✓ #1" in shown and "met: #1" in shown


def test_add_with_an_email_matches_the_guest_and_keeps_what_was_typed(journal):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    typed = ["--email", "zoe@example.net", "--event", "Twestival", "--company", "Hugging Face"]
    out = journal.ok("add", "Zoe", *typed)
    assert "filled in name, role" in out
    card = journal.json("show", "zoe@example.net")
    assert (card["name"], card["company"]) == ("Zoë Martín", "Hugging Face")
    assert card["role"] == "ML engineer"


def test_a_name_of_your_own_is_kept(journal):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    out = journal.ok("add", "Ada", "--email", "ada@example.com", "--event", "1")
    assert "filled in name, company" in out
    out = journal.ok("add", "Gracie", "--email", "grace@example.com", "--event", "1")
    assert "guest #4 of Twestival Marseille's list" in out and "filled in" not in out
    assert journal.json("show", "grace@example.com")["name"] == "Gracie"


def test_a_failed_add_leaves_the_guest_unlinked(journal):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok("add", "Benji Weber", "--new")
    # The list's full name is one the journal has: refused, nothing written.
    journal.fails(1, "met", "Benji W at Twestival", "--yes")
    listed = journal.json("event", "show", "twestival")["guests"]
    assert all(g["person_id"] is None for g in listed)


def test_forget_guests_and_privacy(journal, tmp_path):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok("met", "Benji W at Twestival", "--yes")
    vcf = journal.ok("export", "vcard")
    assert vcf.count("BEGIN:VCARD") == 1 and "zoe@example.net" not in vcf
    assert "zoe@example.net" not in journal.ok("export", "ics")
    assert "zoe@example.net" not in journal.ok("export", "csv")
    plain = json.loads(journal.ok("export", "json"))
    assert "guests" not in plain["tables"]
    full = json.loads(journal.ok("export", "json", "--with-guests"))
    assert len(full["tables"]["guests"]) == 6
    out = journal.ok("event", "forget-guests", "twestival", "--yes")
    assert "Forgot the guest list of #1 Twestival Marseille (6 guests)" in out
    assert journal.json("event", "show", "1")["guests"] == []
    assert journal.json("show", "1")["name"] == "Benji Weber"  # who you met stays


def test_json_with_guests_round_trips(journal, tmp_path):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok("met", "Benji W at Twestival", "--yes")
    dump = tmp_path / "all.json"
    journal.ok("export", "json", "--with-guests", "-o", str(dump))
    other = tmp_path / "other.db"
    journal.ok("--db", str(other), "import", "json", str(dump))
    listed = journal.json("--db", str(other), "event", "show", "1")["guests"]
    assert len(listed) == 6 and listed[0]["person"] == "Benji Weber"


# -- event pick, on a real terminal ------------------------------------------------------


def test_pick_ticks_guests_and_adds_them_in_one_go(journal, db_path):
    import os
    import sys

    import pexpect

    journal.ok("event", "add", "Twestival Marseille", "--on", "2026-11-21")
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok("add", "Grace Hopper")  # a name the journal has: skipped, not doubled
    env = {**os.environ, "JOURNAL_DB": str(db_path), "NO_COLOR": "1", "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable, ["-m", "journal", "event", "pick", "twestival"],
        env=env, encoding="utf-8", timeout=20,
    )  # fmt: skip
    try:
        child.expect("Who did you meet")
        listing = child.before
        numbers = {
            name: int(n)
            for n, name in re.findall(r"^\s*(\d+)\s+([^·\r\n]+?)\s*(?:·|\r)", listing, re.M)
        }
        assert set(numbers) == {"Benji Weber", "Zoë Martín", "anon", "Ada Lovelace",
                                "Benji Okafor", "Grace Hopper"}  # fmt: skip
        child.sendline("99")
        child.expect("not among 1-6")
        child.expect("Who did you meet")
        picked = sorted(numbers[n] for n in ("Benji Weber", "Ada Lovelace", "Grace Hopper"))
        child.sendline(" ".join(map(str, picked)))
        child.expect(r"Add 3 as met at Twestival Marseille: .*\?")
        child.sendline("y")
        child.expect(pexpect.EOF)
        out = child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, out
    assert "Added #2 Benji Weber · journalist, The Guardian" in out
    assert "Added #3 Ada Lovelace · Analytical Engines, Ltd" in out
    assert "Skipped Grace Hopper: #1 has this name" in out
    benji = journal.json("show", "benji weber")
    assert benji["emails"] == ["benji.weber@example.org"] and benji["event"]["id"] == 1
    assert benji["met_on"] == "2026-11-21"  # the event's day, on the timeline too
    assert [(i["date"], i["kind"]) for i in benji["interactions"]] == [("2026-11-21", "met")]
    listed = {g["name"]: g["person_id"] for g in journal.json("event", "show", "1")["guests"]}
    assert (listed["Benji Weber"], listed["Ada Lovelace"], listed["Grace Hopper"]) == (2, 3, None)


def test_the_link_follows_a_merge_and_a_removed_person(journal):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok("add", "Benji W.", "--handle", "@benji")
    journal.ok("met", "Benji W at Twestival", "--yes")  # #2, linked to guest #1
    journal.ok("merge", "1", "2")
    linked = {g["name"]: g["person_id"] for g in journal.json("event", "show", "1")["guests"]}
    assert linked["Benji Weber"] == 1
    journal.ok("rm", "1", "--yes")
    linked = {g["name"]: g["person_id"] for g in journal.json("event", "show", "1")["guests"]}
    assert linked["Benji Weber"] is None  # a guest again, to be met again


def test_two_events_that_are_one_share_one_list(fresh_db):
    """For `event merge` (issue 28): the same guest on both lists stays once, linked."""
    keep, other = (
        events.add_event(fresh_db, "Twestival"),
        events.add_event(fresh_db, "Twestival Marseille"),
    )
    luma = read_guests(LUMA)
    guests.save_guests(fresh_db, keep, luma.source, luma.guests)
    guests.save_guests(fresh_db, other, luma.source, luma.guests)
    invite = read_guests(GUEST_LISTS / "google_invitation.ics")
    guests.save_guests(fresh_db, other, invite.source, invite.guests)  # adds Maria
    benji = people.add_person(fresh_db, "Benji W", event=None)
    other_benji = next(g for g in guests.guest_list(fresh_db, other) if g["name"] == "Benji Weber")
    guests.link(fresh_db, other_benji["id"], benji)
    assert guests.move_list(fresh_db, keep, other) == 1  # Maria; the six were there
    listed = {g["name"]: g["person_id"] for g in guests.guest_list(fresh_db, keep)}
    assert len(listed) == 7 and listed["Benji Weber"] == benji
    assert guests.guest_list(fresh_db, other) == []
    # Removing the event removes its list (the foreign key cascades).
    fresh_db.conn.execute("DELETE FROM events WHERE id = ?", [keep])
    assert guests.guest_counts(fresh_db, keep)["guests"] == 0


def test_search_says_how_to_add_a_guest(journal):
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok("add", "Benji Moreau", "--company", "Le Monde")
    out = journal.ok("search", "benji")
    assert out.index("Benji Moreau") < out.index("On guest lists:")
    assert "guest #1 Benji Weber · journalist, The Guardian" in out
    assert "at Twestival Marseille, not in your journal yet" in out
    assert "I met them: journal add 'Benji Weber' --event 1" in out
    added = journal.ok("add", "Benji Weber", "--event", "1")
    assert "guest #1 of Twestival Marseille's list" in added
    assert "Benji Weber" not in journal.ok("search", "benji").split("On guest lists:")[1]


def test_a_csv_asks_for_its_event_on_a_terminal(journal, db_path):
    import os
    import sys

    import pexpect

    env = {**os.environ, "JOURNAL_DB": str(db_path), "NO_COLOR": "1", "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable, ["-m", "journal", "import", "guests", str(LUMA)],
        env=env, encoding="utf-8", timeout=20,
    )  # fmt: skip
    try:
        child.expect(r"Which event is this the guest list of\? \(its name or id\): ")
        child.sendline("Twestival Marseille")
        child.expect(pexpect.EOF)
        out = child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, out
    assert "new event #1 Twestival Marseille" in out and "6 added" in out
    assert len(journal.json("event", "show", "1")["guests"]) == 6
