"""The journal's own pages in Datasette, in-process (issue 15): the home, the contact
list, one search, the due page, and the forms that add and edit people and plans, each
writing with the command line's core."""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest
from helpers import SCRIPT, Pages, add_form, card, rows, submit

from journal.web.forms import ADD_FIELDS

# -- the home --------------------------------------------------------------------------------


def test_the_home_is_titled_from_metadata_not_the_file(journal, tmp_path):
    journal.ok("add", "Ana Organiser", "--follow-up", "call", "--due", "yesterday")
    named = tmp_path / "j.db"
    shutil.copy(journal.path, named)
    page = Pages(named).get("")
    assert page.status_code == 200
    assert "<title>Home · journal</title>" in page.text
    assert "<h1>journal</h1>" in page.text and "<h1>j</h1>" not in page.text
    assert 'href="/j/-/add"' in page.text  # "Add a person"
    assert 'aria-label="Mark done: call"' in page.text
    assert 'aria-label="Snooze a week: call"' in page.text
    # Datasette's SQL box and table list are not on the home, but one click away.
    assert 'name="sql"' not in page.text
    datasettes = Pages(named).get("?_view=datasette")
    assert 'name="sql"' in datasettes.text and "/j/interactions" in datasettes.text
    assert Pages(named).get("?sql=select+1").status_code == 200


def test_the_home_lists_what_is_due_and_who_you_met(met_benji):
    html = Pages(met_benji).get("").text
    due = html[html.index('id="due-title"') : html.index('id="recent-title"')]
    assert "meet again in London" in due and "send the article" in due
    assert "overdue since" in due
    recent = html[html.index('id="recent-title"') :]
    assert recent.index("Ana Organiser") < recent.index("Benji Moreau")  # met today


def test_the_home_names_a_few_met_on_this_day(journal, db_path):
    for n in range(8):
        journal.ok("add", f"Person {n}", "--met", f"{2010 + n}-11-25")
    html = Pages(db_path).get("").text
    assert html.count("On this day,") == 5
    assert "And 3 more met on this day." in html


# -- the contact list ------------------------------------------------------------------------


def test_people_is_a_contact_list(met_benji, journal):
    journal.ok("keep-in-touch", "Ana", "3m")
    html = Pages(met_benji).get("/people").text
    benji = html[html.index('href="/journal/people/2"') :]
    benji = benji.split('class="journal-contact-row"')[0]
    assert ">Benji Moreau</a>" in benji
    assert "journalist · The Paper · London" in benji
    assert '<span class="journal-found">introduction</span>' in benji
    assert 'href="/journal/people?event=1">Datasette meetup</a>' in benji
    assert 'href="/journal/people?via=1">Ana Organiser</a>' in benji
    # Dates in <time>, which never wraps.
    assert 'last contact <time datetime="2026-11-21">2026-11-21</time>' in benji
    assert 'next: send the article (<time datetime="2026-11-20">2026-11-20</time>)' in benji
    assert 'href="/journal/people?tag=press">press</a>' in benji
    for internal in ("name_key", "vcard", "CREATE TABLE", '["press"]', "[{"):
        assert internal not in html
    # Datasette's table, its filters, JSON and CSV: one click away.
    assert 'href="/journal/people?_view=datasette"' in html
    assert 'href="/journal/people.json"' in html
    table = Pages(met_benji).get("/people?_view=datasette").text
    assert "name_key" in table and "CREATE TABLE" in table
    assert Pages(met_benji).get("/people?_sort=name").text.count("rows-and-columns") >= 1


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("how=introduction", ["Benji Moreau"]),
        ("how=online", ["Ana Organiser"]),
        ("event=1", ["Benji Moreau"]),
        ("via=1", ["Benji Moreau"]),
        ("tag=press", ["Benji Moreau"]),
        ("city=berlin", ["Ana Organiser"]),
        ("company=The+Paper", ["Benji Moreau"]),
        ("q=coffee", ["Benji Moreau"]),
        ("q=organiser", ["Ana Organiser"]),
        ("q=london&how=online", []),
        ("sort=name", ["Ana Organiser", "Benji Moreau"]),
        ("sort=met", ["Ana Organiser", "Benji Moreau"]),
        ("sort=contact", ["Ana Organiser", "Benji Moreau"]),
        ("sort=due", ["Benji Moreau"]),
    ],
)
def test_the_contact_list_filters_searches_and_sorts(met_benji, query, names):
    html = Pages(met_benji).get(f"/people?{query}").text
    assert re.findall(r'class="journal-contact-name" href="[^"]+">([^<]+)</a>', html) == names


def test_the_contact_list_shows_its_filters_and_takes_them_off(met_benji):
    html = Pages(met_benji).get("/people?how=introduction&tag=press").text
    assert 'aria-label="Remove filter: found: introduction" href' not in html  # escaped order
    assert (
        'href="/journal/people?tag=press" aria-label="Remove filter: found: introduction"' in html
    )
    assert "counts of the whole journal" in html


def test_the_contact_list_pages(journal, db_path):
    for n in range(55):
        journal.ok("add", f"Person {n:02}", "--met", f"2026-01-{n % 28 + 1:02}")
    site = Pages(db_path)
    first = site.get("/people?sort=name").text
    assert first.count('class="journal-contact-name"') == 50
    assert 'href="/journal/people?sort=name&amp;page=2"' in first
    second = site.get("/people?sort=name&page=2").text
    assert re.findall(r'"journal-contact-name" href="[^"]+">([^<]+)</a>', second) == [
        f"Person {n}" for n in range(50, 55)
    ]
    assert "Next page" not in second


@pytest.mark.parametrize("query", ["sort=shoe", "page=0", "page=x", "how=magic", "event=x"])
def test_a_bad_list_query_is_a_400_page(met_benji, query, capsys):
    page = Pages(met_benji).get(f"/people?{query}")
    assert page.status_code == 400 and "<html" in page.text
    assert "Traceback" not in capsys.readouterr().err


# -- one search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "what"),
    [
        ("coffee", "meeting"),  # the log
        ("article", "plan"),  # an open plan
        ("meetup", "event"),  # the event where you met
        ("paper", None),  # the card
    ],
)
def test_search_finds_people_through_their_card_log_plans_and_events(met_benji, words, what):
    html = Pages(met_benji).get(f"/-/search?q={words}").text
    assert '<a class="journal-contact-name" href="/journal/people/2">Benji Moreau</a>' in html
    assert f"<mark>{words}" in html.lower()
    if what:
        assert f'<span class="journal-kind">{what}</span>' in html


def test_the_browser_and_the_command_line_search_alike(met_benji, journal):
    journal.ok("add", "Cleo Ray", "--note", "met at the London coffee festival")
    journal.ok("log", "Ana", "coffee in London, talked about the meetup")
    journal.ok("follow-up", "Cleo", "send the London guide")
    for words in ("london", "coffee", "meetup", "ana", "the"):
        cli = [r["id"] for r in journal.json("search", words)]
        html = Pages(met_benji).get(f"/-/search?q={words}").text
        web = [
            int(i) for i in re.findall(r'journal-contact-name" href="/journal/people/(\d+)"', html)
        ]
        assert web == cli, words


def test_search_escapes_what_it_highlights(journal, db_path):
    journal.ok("add", "Eve", "--story", f"the {SCRIPT} story about llamas")
    html = Pages(db_path).get("/-/search?q=llamas").text
    assert SCRIPT not in html and "<mark>llamas</mark>" in html


def test_search_without_words(met_benji):
    site = Pages(met_benji)
    assert site.get("/-/search").status_code == 200
    empty = site.get("/-/search?q=%2B%2B")
    assert empty.status_code == 400 and "nothing to search for" in empty.text
    assert "Nothing matches" in site.get("/-/search?q=zebra").text


# -- the due page ----------------------------------------------------------------------------


def test_the_due_page_puts_what_is_overdue_first(met_benji, journal):
    journal.ok("follow-up", "Ana", "book the venue", "--due", "2026-12-01")
    journal.ok("follow-up", "Ana", "someday")
    html = Pages(met_benji).get("/-/due").text
    assert html.index("send the article") < html.index("meet again in London")
    assert html.index("meet again in London") < html.index("book the venue")
    assert html.index("<h2>Overdue</h2>") < html.index("send the article")
    assert html.index("<h2>Any time</h2>") < html.index("someday")
    assert 'href="/journal/people/1">Ana Organiser</a>' in html
    assert html.count('placeholder="What came of it?"') == 4  # a note to each Done


def test_done_with_a_note_from_the_due_page(met_benji, journal):
    site = Pages(met_benji)
    response = submit(
        site, "/-/due", "/mark_done", {"follow_up_id": "1", "note": "lunch", "on_date": ""}
    )
    assert response.status_code == 302 and response.headers["location"] == "/journal/-/due"
    assert rows(met_benji, "SELECT status FROM follow_ups WHERE id = 1") == [("done",)]
    assert rows(met_benji, "SELECT note FROM interactions WHERE note LIKE 'meet again%'") == [
        ("meet again in London: lunch",)
    ]


def test_done_before_the_due_date_asks_first(met_benji, journal):
    journal.ok("follow-up", "Ana", "book the venue", "--due", "2026-12-20")
    site = Pages(met_benji)
    before = journal.fingerprint()
    fields = {"follow_up_id": "3", "note": "booked", "on_date": ""}
    asked = submit(site, "/-/due", "/mark_done", fields)
    assert asked.status_code == 200 and "Mark done before it is due?" in asked.text
    assert journal.fingerprint() == before
    assert (
        'name="sure" value="yes"' in asked.text
        and 'name="back" value="/journal/-/due"' in asked.text
    )
    sure = site.post(
        "/mark_done",
        {**fields, "sure": "yes", "back": "/journal/-/due", "csrftoken": site.token("/-/due")},
        headers={"origin": "http://localhost"},
    )
    assert sure.status_code == 302 and sure.headers["location"] == "/journal/-/due"
    assert rows(met_benji, "SELECT status FROM follow_ups WHERE id = 3") == [("done",)]


@pytest.mark.parametrize(
    ("fields", "due"),
    [
        ({"for": "1w", "until": ""}, "2026-12-02"),  # from today, as it is overdue
        ({"for": "1m", "until": ""}, "2026-12-25"),
        ({"until": "2027-01-05"}, "2027-01-05"),
    ],
)
def test_snooze_a_week_a_month_or_to_a_date_as_the_cli_does(
    met_benji, journal, tmp_path, fields, due
):
    twin = tmp_path / "twin.db"
    shutil.copy(met_benji, twin)
    response = submit(Pages(met_benji), "/-/due", "/-/snooze", {"follow_up_id": "1", **fields})
    assert response.status_code == 302
    option = ["--for", fields["for"]] if fields.get("for") else ["--until", fields["until"]]
    journal.ok("--db", str(twin), "snooze", "1", *option)
    assert rows(met_benji, "SELECT due FROM follow_ups WHERE id = 1") == [(due,)]
    assert rows(twin, "SELECT due FROM follow_ups WHERE id = 1") == [(due,)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"until": "2020-01-01"}, "a snooze only postpones"),
        ({"until": "someday"}, "until:"),
        ({"for": "fortnightly-ish"}, "for:"),
        ({}, "give one of a date or a period"),
        ({"for": "1w", "until": "2027-01-01"}, "give one of a date or a period"),
    ],
)
def test_a_bad_snooze_says_why_and_writes_nothing(met_benji, journal, fields, message):
    site = Pages(met_benji)
    before = journal.fingerprint()
    response = submit(site, "/-/due", "/-/snooze", {"follow_up_id": "1", **fields})
    assert response.status_code == 302
    assert message in site.get("/-/due").text
    assert journal.fingerprint() == before


# -- adding a person -------------------------------------------------------------------------


def test_the_add_form_has_every_field_of_journal_add(met_benji):
    html = Pages(met_benji).get("/-/add").text
    for field in ADD_FIELDS:
        assert f'name="{field}"' in html, field
    assert 'name="csrftoken"' in html
    assert '<option value="Datasette meetup">' in html  # type-ahead: existing events
    assert '<option value="Ana Organiser">' in html  # and people
    assert 'type="tel"' in html and 'type="url"' in html


FULL = {
    "name": "Dana Field",
    "handle": "@dana\nhttps://github.com/dana",
    "email": "dana@example.org\ndana@work.example",
    "phone": "+44 20 7946 0000",
    "company": "Globex",
    "role": "editor",
    "city": "Paris",
    "tags": "press, python",
    "how": "introduction",
    "event": "Datasette meetup",
    "via": "Ana",
    "met": "2026-11-23",
    "where": "the bar",
    "link": "https://example.org/post",
    "story": "Asked about *SQLite*.",
    "note": "vegetarian",
    "follow_up": "send the slides",
    "due": "2026-12-01",
    "in": "Paris",
    "every": "monthly",
}


def test_adding_from_the_form_records_what_journal_add_records(met_benji, journal, tmp_path):
    twin = tmp_path / "twin.db"
    shutil.copy(met_benji, twin)
    response = submit(Pages(met_benji), "/-/add", "/-/add", add_form(**FULL))
    assert response.status_code == 302 and response.headers["location"] == "/journal/people/3"
    journal.ok(
        "--db", str(twin), "add", "Dana Field", "--handle", "@dana",
        "--handle", "https://github.com/dana", "--email", "dana@example.org",
        "--email", "dana@work.example", "--phone", "+44 20 7946 0000", "--company", "Globex",
        "--role", "editor", "--city", "Paris", "--tag", "press", "--tag", "python",
        "--how", "introduction", "--event", "Datasette meetup", "--via", "Ana",
        "--met", "2026-11-23", "--where", "the bar", "--link", "https://example.org/post",
        "--story", "Asked about *SQLite*.", "--note", "vegetarian",
        "--follow-up", "send the slides", "--due", "2026-12-01", "--in", "Paris",
        "--every", "monthly",
    )  # fmt: skip
    assert card(journal, "3") == card(type(journal)(twin), "3")
    assert rows(met_benji, "SELECT count(*) FROM events") == [(1,)]  # the existing one
    page = Pages(met_benji).get("/people/3")
    assert "Dana Field" in page.text


def test_a_text_areas_lines_are_kept_as_the_command_line_keeps_them(met_benji):
    typed = add_form(name="Fay", story="line one\r\nline two", handle="@fay\r\n@fay@example.social")
    assert submit(Pages(met_benji), "/-/add", "/-/add", typed).status_code == 302
    assert rows(met_benji, "SELECT story FROM people WHERE name = 'Fay'") == [
        ("line one\nline two",)
    ]
    assert rows(met_benji, "SELECT count(*) FROM handles WHERE person_id = 3") == [(2,)]
    edit = Pages(met_benji)
    page = "/people/3/-/edit"
    html = edit.get(page).text
    assert ">line one\nline two</textarea>" in html
    fields = {
        "name": "Fay",
        "story": "line one\r\nline two",
        "handle": "@fay\r\n@fay@example.social",
    }
    before = rows(met_benji, "SELECT * FROM people WHERE id = 3")
    assert submit(edit, page, page, fields).status_code == 302
    assert rows(met_benji, "SELECT * FROM people WHERE id = 3") == before


def test_a_minimal_add_is_met_today(met_benji):
    response = submit(Pages(met_benji), "/-/add", "/-/add", add_form(name="Eli"))
    assert response.status_code == 302
    assert rows(met_benji, "SELECT met_on, found_via, tags FROM people WHERE name = 'Eli'") == [
        ("2026-11-25", None, "[]")
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "a person needs a name"),
        ({"due": "the twelfth of never"}, "due", "due:"),
        ({"every": "sometimes", "due": "tomorrow"}, "every", "every:"),
        ({"follow_up": "", "due": "tomorrow"}, "follow_up", "describe a follow_up"),
        ({"met": "yesterday-ish"}, "met", "met:"),
        ({"email": "not an address"}, "email", "is not an email address"),
        ({"handle": "@"}, "handle", "handle:"),
        ({"how": "telepathy"}, "how", "is not one of"),
        ({"email": "benji@example.org"}, None, "already the email of #2 Benji Moreau"),
        ({"handle": "@benji"}, None, "already a handle of #2 Benji Moreau"),
        ({"via": "#99"}, None, "no person with id #99"),
    ],
)
def test_bad_input_comes_back_with_the_error_beside_it_and_writes_nothing(
    met_benji, journal, fields, field, message
):
    typed = add_form(**{**FULL, "handle": "", "email": "", **fields})
    before = journal.fingerprint()
    response = submit(Pages(met_benji), "/-/add", "/-/add", typed)
    assert response.status_code == 400
    assert journal.fingerprint() == before
    html = response.text
    assert message in html
    if field:
        beside = html[html.index(f'id="f-{field}"') :]
        assert 'class="journal-error"' in beside[: beside.index("</div>")]
    for name, value in typed.items():  # what was typed is still there
        if value and name != "how":
            assert value.split("\n")[0] in html, name


@pytest.mark.parametrize(
    "attack",
    [
        {"cookies": {}, "headers": {}},  # no CSRF cookie
        {"headers": {"origin": "https://evil.example"}},
        {"headers": {"sec-fetch-site": "cross-site"}},
        {"forged": True},
    ],
)
@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("/-/add", add_form(name="Mallory")),
        ("/people/2/-/edit", {"name": "Mallory"}),
        ("/-/snooze", {"follow_up_id": "1", "for": "1w"}),
        ("/-/follow-up", {"person_id": "2", "follow_up": "x"}),
        ("/-/keep-in-touch", {"person_id": "2", "every": "1w"}),
    ],
)
def test_forms_refuse_a_missing_token_or_another_site(met_benji, journal, attack, action, fields):
    site = Pages(met_benji)
    token = site.token("/-/add")
    data = {**fields, "csrftoken": "forged" if attack.get("forged") else token}
    cookies = attack.get("cookies", site.cookies)
    before = journal.fingerprint()
    response = asyncio.run(
        site.ds.client.post(
            site.url(action), data=data, headers=attack.get("headers", {}), cookies=cookies
        )
    )
    assert response.status_code == 403
    assert journal.fingerprint() == before


def test_markup_typed_in_every_field_of_the_form_stays_text(met_benji, journal):
    evil = f'{SCRIPT}"><img src=x onerror=alert(2)>'
    typed = add_form(**{**dict.fromkeys(ADD_FIELDS, evil), "how": "event", "due": "", "every": ""})
    response = submit(Pages(met_benji), "/-/add", "/-/add", typed)  # refused: bad handle
    assert response.status_code == 400
    assert SCRIPT not in response.text and "<img src=x" not in response.text
    dates = ("met", "due", "every", "birthday")
    good = {f: evil for f in ADD_FIELDS if f not in ("handle", "email", *dates)}
    response = submit(Pages(met_benji), "/-/add", "/-/add", add_form(**{**good, "how": "event"}))
    assert response.status_code == 302
    site = Pages(met_benji)
    for page in ("", "/people", "/people/4", "/people/4/-/edit", "/-/due", "/-/add",
                 "/-/search?q=script", "/people?q=alert", "/people?city=" + evil):  # fmt: skip
        html = site.get(page).text
        assert SCRIPT not in html and "<img src=x" not in html, page


def test_the_forms_type_ahead_finds_events_and_people_by_a_part_of_the_name(met_benji):
    site = Pages(met_benji)
    assert site.get("/-/names.json?of=people&q=organ").json() == ["Ana Organiser"]
    assert site.get("/-/names.json?of=people&q=mor").json() == ["Benji Moreau"]
    assert site.get("/-/names.json?of=events&q=meet").json() == ["Datasette meetup"]
    assert site.get("/-/names.json?of=people&q=").json() == ["Ana Organiser", "Benji Moreau"]
    assert site.get("/-/names.json?of=emails").status_code == 400
    refused = site.get("/-/names.json?of=people", headers={"sec-fetch-site": "cross-site"})
    assert refused.status_code == 403


# -- editing a person ------------------------------------------------------------------------


def test_the_edit_form_shows_the_person(met_benji):
    html = Pages(met_benji).get("/people/2/-/edit").text
    assert 'name="name" type="text" value="Benji Moreau"' in html
    assert 'value="press"' in html and 'value="Datasette meetup"' in html
    assert 'value="Ana Organiser"' in html
    assert ">@benji\nlinkedin:benjimoreau</textarea>" in html


def test_editing_from_the_form_changes_what_journal_edit_changes(met_benji, journal, tmp_path):
    twin = tmp_path / "twin.db"
    shutil.copy(met_benji, twin)
    site = Pages(met_benji)
    html = site.get("/people/2/-/edit").text
    typed = {
        field: value.replace("&#34;", '"').replace("&amp;", "&")
        for field, value in re.findall(r'name="(\w+)" type="\w+" value="([^"]*)"', html)
    }
    typed |= {
        "handle": "@benji\nlinkedin:benjimoreau",
        "email": "benji@example.org",
        "story": "Followed his **live posts**, then Ana said *someone is looking for you*.",
        "note": "",
        "how": "introduction",
        "company": "BBC",
        "city": "",
        "tags": "press, radio",
        "event": "PyData",
    }
    response = submit(site, "/people/2/-/edit", "/people/2/-/edit", typed)
    assert response.status_code == 302 and response.headers["location"] == "/journal/people/2"
    journal.ok(
        "--db", str(twin), "edit", "2", "--company", "BBC", "--clear", "city",
        "--tag", "radio", "--event", "PyData",
    )  # fmt: skip
    assert card(journal, "2") == card(type(journal)(twin), "2")


def test_a_bad_edit_writes_nothing(met_benji, journal):
    before = journal.fingerprint()
    site = Pages(met_benji)
    response = submit(site, "/people/2/-/edit", "/people/2/-/edit", {"name": "", "met": "x"})
    assert response.status_code == 400
    assert journal.fingerprint() == before


def test_editing_someone_who_is_not_there_is_a_404(met_benji, capsys):
    site = Pages(met_benji)
    assert site.get("/people/99/-/edit").status_code == 404
    assert site.get("/people/x/-/edit").status_code == 400
    assert "Traceback" not in capsys.readouterr().err


# -- plans and keep-in-touch from the card -----------------------------------------------------


def test_plan_and_keep_in_touch_from_the_card(met_benji, journal):
    site = Pages(met_benji)
    fields = {
        "person_id": "1",
        "follow_up": "thank her",
        "due": "2026-12-03",
        "in": "",
        "every": "",
    }
    assert (
        submit(site, "/people/1", "/-/follow-up", fields).headers["location"] == "/journal/people/1"
    )
    assert "Planned." in site.get("/people/1").text
    assert rows(met_benji, "SELECT action, due FROM follow_ups WHERE person_id = 1") == [
        ("thank her", "2026-12-03")
    ]
    submit(site, "/people/1", "/-/keep-in-touch", {"person_id": "1", "every": "quarterly"})
    assert "Keeping in touch every" in site.get("/people/1").text
    assert rows(met_benji, "SELECT keep_in_touch_days FROM people WHERE id = 1") == [(91,)] or rows(
        met_benji, "SELECT keep_in_touch_days FROM people WHERE id = 1"
    ) == [(journal.json("show", "1")["keep_in_touch_days"],)]
    submit(site, "/people/1", "/-/keep-in-touch", {"person_id": "1", "every": "off"})
    assert rows(met_benji, "SELECT keep_in_touch_days FROM people WHERE id = 1") == [(None,)]
    before = journal.fingerprint()
    submit(site, "/people/1", "/-/follow-up", {**fields, "every": "weekly", "due": ""})
    assert "a recurring follow-up needs a first date" in site.get("/people/1").text
    assert journal.fingerprint() == before


# -- password, 404 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["", "/people", "/-/search?q=benji", "/-/due", "/-/add", "/people/2/-/edit"]
)
def test_every_page_needs_the_login_with_a_password(met_benji, path):
    site = Pages(met_benji, password="correct horse")
    page = site.get(path)
    assert page.status_code == 302 and page.headers["location"] == "/-/login"
    site.post(
        "/-/login",
        {"username": "journal", "password": "correct horse", "csrftoken": site.token("/-/login")},
    )
    assert site.get(path).status_code == 200


def test_forms_need_the_login_with_a_password(met_benji, journal):
    site = Pages(met_benji, password="correct horse")
    token = site.token("/-/login")
    before = journal.fingerprint()
    for action, fields in [
        ("/-/add", add_form(name="Mallory")),
        ("/-/snooze", {"follow_up_id": "1", "for": "1w"}),
        ("/people/2/-/edit", {"name": "Mallory"}),
    ]:
        response = site.post(action, {**fields, "csrftoken": token})
        assert response.status_code in (302, 403), action
        assert response.headers.get("location", "/-/login") == "/-/login"
    assert journal.fingerprint() == before


@pytest.mark.parametrize(
    "path", ["/-/nothing", "/nothing", "/people/99", "/people/2/-/nothing", "/-/search/x"]
)
def test_an_unknown_url_is_a_404_page(met_benji, path, capfd):
    page = Pages(met_benji).get(path)
    assert page.status_code == 404 and "Back to the start" in page.text
    assert "Traceback" not in capfd.readouterr().err
    assert Pages(met_benji).get("/-/nothing/at/all", params={}).status_code == 404


def test_other_databases_keep_datasettes_pages(tmp_path):
    import sqlite3

    from journal.web.server import datasette_for

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    ds = datasette_for(other)
    home = asyncio.run(ds.client.get("/other"))
    assert home.status_code == 200 and 'name="sql"' in home.text
    assert asyncio.run(ds.client.get("/other/-/due")).status_code == 404
    assert asyncio.run(ds.client.get("/other/-/add")).status_code == 404


def test_a_name_already_in_the_journal_is_refused_until_said_to_be_someone_else(met_benji, journal):
    before = journal.fingerprint()
    response = submit(Pages(met_benji), "/-/add", "/-/add", add_form(name="benji moreau"))
    assert response.status_code == 400 and journal.fingerprint() == before
    assert "is already in the journal: #2 Benji Moreau" in response.text
    assert 'type="checkbox" name="new"' in response.text
    again = submit(Pages(met_benji), "/-/add", "/-/add", add_form(name="benji moreau", new="on"))
    assert again.status_code == 302
    assert rows(met_benji, "SELECT count(*) FROM people WHERE name_key = 'benji moreau'") == [(2,)]


def test_the_add_form_takes_a_birthday_as_journal_add_does(met_benji, journal):
    bad = submit(Pages(met_benji), "/-/add", "/-/add", add_form(name="Gil", birthday="Smarch"))
    assert bad.status_code == 400
    beside = bad.text[bad.text.index('id="f-birthday"') :]
    assert 'class="journal-error"' in beside[: beside.index("</div>")]
    ok = submit(Pages(met_benji), "/-/add", "/-/add", add_form(name="Gil", birthday="7 April"))
    assert ok.status_code == 302
    assert [d["date"] for d in journal.json("show", "gil")["dates"]] == ["--04-07"]
