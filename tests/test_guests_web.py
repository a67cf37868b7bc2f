"""Guest lists in the browser (issue 30), in-process through datasette.client: the event
page's guests with "I met them", the add form filled in from a guest, and one search
that finds guests as `journal search` does."""

from __future__ import annotations

import html as html_lib
import re

from helpers import GUEST_LISTS, LUMA, add_form, card, submit
from helpers import Pages as Site


def imported(journal) -> None:
    journal.ok("import", "guests", str(LUMA), "--event", "Twestival Marseille")


def test_the_event_page_lists_guests_with_i_met_them(journal, db_path):
    imported(journal)
    journal.ok("met", "Benji W at Twestival", "--yes")
    page = Site(db_path).get("/events/1").text
    guests = page[page.index('id="guests-title"') :]
    assert "Guest list (6, 1 met)" in guests
    assert 'href="/journal/people/1"' in guests  # Benji, met: his card
    # One "I met them" per guest not yet met, each to the add form filled in.
    buttons = re.findall(r'href="/journal/-/add\?guest=(\d+)">I met them', guests)
    assert sorted(map(int, buttons)) == [2, 3, 4, 5, 6]
    assert "declined" in guests and "waitlist" in guests


def test_i_met_them_opens_the_add_form_filled_in_and_links_the_guest(journal, db_path):
    imported(journal)
    site = Site(db_path)
    page = site.get("/-/add?guest=2")
    assert page.status_code == 200
    text = html_lib.unescape(page.text)
    assert "Filled in from the guest list of" in text and "Twestival Marseille" in text
    for name, value in (("name", "Zoë Martín"), ("company", "Mistral"), ("role", "ML engineer"),
                        ("event", "Twestival Marseille")):  # fmt: skip
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', text), name
    assert 'name="email"' in text and "zoe@example.net</textarea>" in text
    assert '<input type="hidden" name="guest" value="2">' in text
    fields = add_form(
        name="Zoë Martín", email="zoe@example.net", company="Mistral", role="ML engineer",
        how="event", event="Twestival Marseille", guest="2", city="Paris",
    )  # fmt: skip
    saved = submit(site, "/-/add?guest=2", "/-/add", fields)
    assert saved.status_code == 302
    card = journal.json("show", "zoe@example.net")
    assert (card["city"], card["event"]["name"]) == ("Paris", "Twestival Marseille")
    shown = html_lib.unescape(site.get(saved.headers["location"].removeprefix(site.base)).text)
    assert "Added Zoë Martín. On the guest list of Twestival Marseille." in shown
    listed = journal.json("event", "show", "1")["guests"]
    assert next(g for g in listed if g["id"] == 2)["person_id"] == card["id"]
    # Met: the button is gone from the event page; a guest already met is refused.
    assert "/-/add?guest=2" not in site.get("/events/1").text
    again = submit(site, "/-/add?guest=2", "/-/add", {**fields, "new": "on"})
    assert again.status_code == 400 and "already" in again.text


def test_the_add_form_finds_the_guest_by_name_and_says_so(journal, db_path):
    imported(journal)
    site = Site(db_path)
    fields = add_form(name="Ada Lovelace", how="event", event="Twestival Marseille")
    saved = submit(site, "/-/add", "/-/add", fields)
    assert saved.status_code == 302
    shown = html_lib.unescape(site.get(saved.headers["location"].removeprefix(site.base)).text)
    assert "On the guest list of Twestival Marseille: email, company filled in." in shown
    assert journal.json("show", "ada")["emails"] == ["ada@example.com"]


def test_an_unknown_guest_is_not_found(journal, db_path):
    imported(journal)
    assert Site(db_path).get("/-/add?guest=999").status_code == 404
    assert Site(db_path).get("/-/add?guest=nope").status_code == 400


def test_one_search_finds_guests_apart_from_people(journal, db_path):
    """The twin: the browser's search and `journal search` list the same guests."""
    imported(journal)
    journal.ok("import", "guests", str(GUEST_LISTS / "eventbrite_attendees.csv"), "--event", "IEEE")
    journal.ok("add", "Benji Moreau", "--company", "Le Monde")
    for query in ("benji twestival", "benji", "acme", "ieee"):
        cli = journal.json("search", query)
        cli_people = [r["id"] for r in cli if "guest" not in r]
        cli_guests = [r["guest"]["id"] for r in cli if "guest" in r]
        page = Site(db_path).get(f"/-/search?q={query}").text
        web_guests = [int(i) for i in re.findall(r"/-/add\?guest=(\d+)", page)]
        assert web_guests == cli_guests, query
        people_part = page[: page.index('id="guests-title"')] if cli_guests else page
        web_people = [int(i) for i in re.findall(r'href="/journal/people/(\d+)"', people_part)]
        assert web_people == cli_people, query
    cli = journal.json("search", "benji twestival")
    assert [r["guest"]["name"] for r in cli if "guest" in r] == ["Benji Okafor", "Benji Weber"]
    assert [r["name"] for r in cli if "guest" not in r] == []  # Benji Moreau was not there
    page = Site(db_path).get("/-/search?q=benji twestival").text
    page = html_lib.unescape(re.sub(r"<[^>]+>", "", page))
    assert "at Twestival Marseille, not in your journal yet" in page


def test_a_script_in_a_guest_list_never_runs(journal, db_path, tmp_path):
    hostile = tmp_path / "guests.csv"
    hostile.write_text(
        "api_id,name,email,approval_status,What's your company?\n"
        'g1,<script>alert(1)</script>,x@example.com,approved,"<img src=x onerror=alert(2)>"\n'
    )
    journal.ok("import", "guests", str(hostile), "--event", "Twestival")
    for path in ("/events/1", "/-/search?q=script", "/-/add?guest=1"):
        text = Site(db_path).get(path).text
        assert "<script>alert(1)" not in text and "<img src=x" not in text, path


def test_twin_a_guest_added_from_either_face_is_the_same_person(journal, tmp_path):
    """`journal add … --event` and the add form, fed the same input, leave the same card
    and the same guest link."""
    from types import SimpleNamespace

    from conftest import Journal

    cli, web = Journal(tmp_path / "cli.db"), Journal(tmp_path / "web.db")
    for j in (cli, web):
        j.ok("--db", str(j.path), "import", "guests", str(LUMA), "--event", "Twestival Marseille")
    cli.ok(
        "--db", str(cli.path), "add", "Zoe", "--email", "zoe@example.net", "--event", "Twestival"
    )
    fields = add_form(name="Zoe", email="zoe@example.net", event="Twestival")
    assert submit(Site(web.path), "/-/add", "/-/add", fields).status_code == 302
    cards = [
        card(
            SimpleNamespace(json=lambda *a, j=j: j.json("--db", str(j.path), *a)), "zoe@example.net"
        )
        for j in (cli, web)
    ]
    for j, c in zip((cli, web), cards, strict=True):
        c["guests"] = journal.json("--db", str(j.path), "event", "show", "1")["guests"]
    assert cards[0] == cards[1]
    assert cards[0]["name"] == "Zoë Martín" and cards[0]["role"] == "ML engineer"
