"""The journal in Datasette, in-process: pages, JSON, facets, search, the feed, and writes."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from conftest import TODAY
from helpers import SCRIPT, Site, rows

from journal.web.server import METADATA


def test_top_level_metadata_is_the_packaged_one():
    top = Path(__file__).parent.parent / "metadata.yml"
    assert yaml.safe_load(top.read_text()) == yaml.safe_load(METADATA.read_text())


def test_metadata_facets_and_search_apply_to_any_database_name(journal, tmp_path):
    path = tmp_path / "my contacts.db"
    journal.ok("--db", str(path), "add", "Zoë Müller", "--city", "Zürich", "--tag", "press")
    journal.ok("--db", str(path), "add", "Kim Ode", "--city", "Oslo", "--tag", "press")
    site = Site(path)
    body = site.get("/people.json?_shape=objects").json()
    assert {r["name"] for r in body["rows"]} == {"Zoë Müller", "Kim Ode"}
    facets = body["facet_results"]  # configured in metadata.yml
    assert {"found_kinds", "city", "company", "tags", "event_id"} <= set(facets)
    assert {(f["value"], f["count"]) for f in facets["city"]["results"]} == {
        ("Zürich", 1),
        ("Oslo", 1),
    }
    assert [(f["value"], f["count"]) for f in facets["tags"]["results"]] == [("press", 2)]
    found = site.get("/people.json?_search=muller&_shape=objects").json()["rows"]
    assert [r["name"] for r in found] == ["Zoë Müller"]
    # Internal tables are hidden from the database page.
    listed = {t["name"] for t in site.get(".json").json()["tables"] if not t["hidden"]}
    assert {"people", "events", "interactions", "follow_ups", "handles"} <= listed
    assert not listed & {
        "migrations", "people_fts", "people_counts", "person_tags", "bulk_import",
    }  # fmt: skip


def test_whole_table_facets_are_the_kept_counts_and_match_datasettes_own(journal, db_path):
    for name, city, tags in [
        ("Ada", "Oslo", ["press", "ai"]),
        ("Bea", "Oslo", ["press"]),
        ("Cy", "oslo", []),
        ("Dee", "Paris", ["ai", "music"]),
    ]:
        journal.ok("add", name, "--city", city, "--event", "Meetup", *(f"--tag={t}" for t in tags))
    journal.ok("add", "Eve", "--how", "online", "--company", "Acme")
    site = Site(db_path)

    def facets(query: str = "") -> dict:
        body = site.get(f"/people.json?_shape=objects{query}").json()
        return {
            name: [
                (r["value"], r["label"], r["count"], r["toggle_url"].replace("_where=1&", ""))
                for r in facet["results"]
            ]
            + [facet["type"], facet["truncated"]]
            for name, facet in body["facet_results"].items()
        }

    whole = facets()
    # The same rows with a condition that keeps them all: Datasette counts them itself.
    assert whole == facets("&_where=1")
    assert whole["tags"][:2] == [
        (
            "ai",
            "ai",
            2,
            "http://localhost/journal/people.json?_shape=objects&tags__arraycontains=ai",
        ),
        (
            "press",
            "press",
            2,
            "http://localhost/journal/people.json?_shape=objects&tags__arraycontains=press",
        ),
    ]
    assert whole["event_id"][0][1:3] == ("Meetup", 4)
    assert whole["city"][-2:] == ["column", False]
    assert facets("&_facet_size=1")["city"][-1] is True  # truncated, as Datasette marks it
    # The page reads the kept counts (here, tampered with), not the rows.
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE people_counts SET count = 9 WHERE facet = 'city' AND value = 'Paris'")
    assert facets()["city"][0][:3] == ("Paris", "Paris", 9)
    assert facets("&_where=1")["city"][0][:3] == ("Oslo", "Oslo", 2)


@pytest.mark.parametrize("query", ["city=Oslo", "tags__arraycontains=ai", "_search=ada"])
def test_filtered_tags_facet_counts_as_datasettes_array_facet(journal, db_path, query):
    for name, city, tags in [("Ada", "Oslo", "press,ai"), ("Bea", "Oslo", "press,press")]:
        journal.ok("add", name, "--city", city, *(f"--tag={t}" for t in tags.split(",")))
    journal.ok("add", "Cy", "--city", "Paris", "--tag", "ai")
    body = Site(db_path).get(f"/people.json?_shape=objects&{query}&_facet_array=tags").json()
    # Both facets are there: the journal's ("tags") and Datasette's own ("tags_2").
    ours, datasettes = (
        {(r["value"], r["count"], r["selected"], r["toggle_url"]) for r in facet["results"]}
        for facet in (body["facet_results"]["tags"], body["facet_results"]["tags_2"])
    )
    assert ours == datasettes and ours
    if "arraycontains" in query:
        assert (
            "ai",
            2,
            True,
            "http://localhost/journal/people.json?_shape=objects&_facet_array=tags",
        ) in ours


def test_facet_by_how_found_and_event_shows_names(met_benji):
    site = Site(met_benji)
    body = site.get("/people.json?found_via=introduction&_shape=objects").json()
    assert [r["name"] for r in body["rows"]] == ["Benji Moreau"]
    events = body["facet_results"]["event_id"]["results"]
    assert [(e["label"], e["count"]) for e in events] == [("Datasette meetup", 1)]


def test_person_page_is_a_card(met_benji):
    page = Site(met_benji).get("/people/2")
    assert page.status_code == 200
    html = page.text
    assert '<h1 id="card-name">Benji Moreau</h1>' in html
    assert 'href="https://x.com/benji"' in html and ">@benji</a>" in html
    assert 'href="https://www.linkedin.com/in/benjimoreau"' in html
    assert 'href="mailto:benji@example.org"' in html
    assert '<a href="/journal/events/1">Datasette meetup</a>' in html
    assert 'introduced by\n        <a href="/journal/people/1">Ana Organiser</a>' in html
    assert "<strong>live posts</strong>" in html and "<em>someone is looking for you</em>" in html
    assert "meet again in London" in html and "send the article" in html
    assert html.count('action="/journal/mark_done"') == 2
    assert "coffee after the talk" in html
    assert "/journal/people?tag=press" in html
    # The introducer's card says whom she introduced.
    assert '<a href="/journal/people/2">Benji Moreau</a>' in Site(met_benji).get("/people/1").text


def test_event_page_lists_who_you_met_there(met_benji, journal):
    journal.ok("add", "Cleo Ray", "--event", "Datasette meetup")
    html = Site(met_benji).get("/events/1").text
    assert '<h1 id="event-name">Datasette meetup</h1>' in html
    assert "Who you met there (2)" in html
    assert '<a href="/journal/people/2">Benji Moreau</a>' in html
    assert '<a href="/journal/people/3">Cleo Ray</a>' in html


def test_database_page_shows_due_this_week_and_recently_met(met_benji, journal):
    journal.ok("follow-up", "Ana", "ask about the next meetup", "--due", "2026-12-20")
    html = Site(met_benji).get("").text
    due = html[html.index("Due this week") : html.index("Recently met")]
    assert "meet again in London" in due and "overdue since" in due
    assert "send the article" in due
    assert "next meetup" not in due  # more than a week away
    recent = html[html.index("Recently met") :]
    assert recent.index("Ana Organiser") < recent.index("Benji Moreau")  # met today, and 20 Nov


def test_other_tables_and_databases_keep_datasettes_pages(met_benji, tmp_path):
    site = Site(met_benji)
    interaction = site.get("/interactions/1")
    assert interaction.status_code == 200 and "journal-card" not in interaction.text
    assert site.get("/people/2.json").json()["rows"][0][1] == "Benji Moreau"
    assert site.get("/people/99").status_code == 404


def test_canned_queries(met_benji, journal):
    journal.ok("add", "Dana Lee", "--city", "London", "--via", "Ana", "--how", "mention")
    site = Site(met_benji)

    def names(path):
        return [r["name"] for r in site.get(path).json()["rows"]]

    assert names("/people_by_how_found.json?how=introduction&_shape=objects") == ["Benji Moreau"]
    assert names("/people_by_event.json?event=meetup&_shape=objects") == ["Benji Moreau"]
    assert names("/people_in_city.json?city=london&_shape=objects") == ["Benji Moreau", "Dana Lee"]
    intro = site.get("/introductions.json?_shape=objects").json()["rows"]
    assert {(r["introducer"], r["name"]) for r in intro} == {
        ("Ana Organiser", "Benji Moreau"),
        ("Ana Organiser", "Dana Lee"),
    }
    due = site.get("/due_list.json?_shape=objects").json()["rows"]
    assert [r["action"] for r in due] == ["send the article", "meet again in London"]
    # In query results a person's id links to the card.
    assert '<a href="/journal/people/2">2</a>' in site.get("/due_list").text


def test_due_ics_is_a_calendar_feed(met_benji):
    from icalendar import Calendar

    response = Site(met_benji).get("/due.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [
        "Benji Moreau: meet again in London",
        "Benji Moreau: send the article",
    ]
    assert {str(e["uid"]) for e in events} == {"follow-up-1@journal", "follow-up-2@journal"}
    # Each event links to the card, and carries nothing else of the person's.
    assert {str(e["url"]) for e in events} == {"http://localhost/journal/people/2"}
    assert "live posts" not in response.text and "@benji" not in response.text


def test_a_huge_story_stays_out_of_the_calendar(journal, db_path):
    """Issue 20, point 9: a 20 MB story made a 104 MB feed and went to the calendar
    provider. An event holds the plan, clipped, and a link to the card."""
    story, action = "x" * 2_000_000, "call " + "y" * 100_000
    journal.ok("add", "Ada", "--story", story, "--follow-up", action, "--due", "tomorrow")
    response = Site(db_path).get("/due.ics")
    assert response.status_code == 200 and len(response.content) < 2_000


def test_done_from_the_card_goes_back_to_it_and_leaves_the_due_list(met_benji):
    site = Site(met_benji)
    response = site.done("/people/2", 1, note="booked")
    assert response.status_code == 302
    assert response.headers["location"] == "/journal/people/2"
    assert rows(met_benji, "SELECT status FROM follow_ups WHERE id = 1") == [("done",)]
    logged = rows(met_benji, "SELECT kind, note FROM interactions ORDER BY id DESC LIMIT 1")
    assert logged == [("note", "meet again in London: booked")]
    card = site.get("/people/2").text
    assert "Marked done and logged." in card
    assert "meet again in London</span>" not in card
    assert "meet again in London" not in site.get("/due_list").text.split("<table")[-1]


def test_done_on_a_repeating_follow_up_moves_it_like_the_cli_does(met_benji):
    site = Site(met_benji)
    today = rows(met_benji, "SELECT date('now', 'localtime')")[0][0]
    site.done("/people/2", 2)
    ((status, due),) = rows(met_benji, "SELECT status, due FROM follow_ups WHERE id = 2")
    assert status == "open"
    assert due > today and due[8:] == "20"  # monthly on the 20th, after today


def test_a_browser_write_leaves_the_journal_as_the_cli_does(journal, tmp_path):
    """The same story written twice: log and done by the CLI, and from the card."""
    paths = {}
    for how in ("cli", "web"):
        path = paths[how] = tmp_path / f"{how}.db"
        journal.ok("--db", str(path), "add", "Kim Ode", "--met", "2026-11-01")
        journal.ok("--db", str(path), "keep-in-touch", "Kim", "30d")
        journal.ok("--db", str(path), "follow-up", "Kim", "call", "--due", "2026-11-24")
    journal.ok(
        "--db", str(paths["cli"]), "log", "Kim", "lunch", "--kind", "meeting", "--on", "2026-11-22"
    )
    journal.ok("--db", str(paths["cli"]), "done", "1", "--note", "called")
    site = Site(paths["web"])
    site.log("/people/1", 1, kind="meeting", note="lunch", date="2026-11-22")
    site.done("/people/1", 1, note="called", on_date=TODAY.isoformat())  # `done` is today

    def state(path):
        return (
            rows(path, "SELECT last_contact, next_due FROM people"),
            rows(path, "SELECT person_id, date, kind, note FROM interactions ORDER BY id"),
            rows(path, "SELECT action, due, status FROM follow_ups"),
        )

    assert state(paths["web"]) == state(paths["cli"])
    assert state(paths["web"])[0] == [("2026-11-25", "2026-12-25")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "party", "note": "x"}, "the kind must be one of"),
        ({"note": "x", "date": "the day after"}, "date: cannot read date"),
        ({"note": "  "}, "write what happened"),
        ({"person_id": "99", "note": "x"}, "no person with id #99"),
        ({"person_id": "ninety", "note": "x"}, "person_id: &#39;ninety&#39; is not an id"),
    ],
)
def test_a_bad_log_from_the_browser_is_refused_and_writes_nothing(met_benji, fields, message):
    site = Site(met_benji)
    before = rows(met_benji, "SELECT count(*) FROM interactions")
    response = site.log("/people/1", fields.pop("person_id", 1), **fields)
    assert response.status_code == 302
    assert message in site.get("/people/1").text
    assert rows(met_benji, "SELECT count(*) FROM interactions") == before


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("mark_done", ["follow_up_id", "note", "on_date"]),
        ("log_interaction", ["person_id", "date", "kind", "note", "place"]),
    ],
)
def test_each_write_url_shows_its_form_and_takes_it(met_benji, action, fields):
    """A bookmark or a script finds the form at the URL the write takes, with its fields."""
    site = Site(met_benji)
    page = site.get(f"/{action}")
    assert page.status_code == 200
    assert re.findall(r'<input id="f-\w+" name="(\w+)"', page.text) == fields
    values = {"follow_up_id": "1", "note": "from the form", "person_id": "1", "kind": "call"}
    response = site.submit(f"/{action}", f"/{action}", {f: values.get(f, "") for f in fields})
    assert response.status_code == 302
    logged = "SELECT count(*) FROM interactions WHERE note LIKE '%from the form'"
    assert rows(met_benji, logged) == [(1,)]


def test_the_home_page_says_when_a_plan_has_no_date(journal, db_path):
    journal.ok("add", "Ada", "--follow-up", "meet again in London", "--in", "London")
    home = Site(db_path).get("").text
    assert re.search(r"meet again in London</span>\s*<span class=\"journal-due\">any time", home)


def test_done_twice_is_refused(met_benji):
    site = Site(met_benji)
    site.done("/people/2", 1)
    site.done("/people/2", 1)
    assert "follow-up #1 is already done" in site.get("/people/2").text
    assert rows(met_benji, "SELECT count(*) FROM interactions WHERE note LIKE 'meet again%'") == [
        (1,)
    ]


@pytest.mark.parametrize(
    "attack",
    [
        pytest.param({}, id="no cookies at all"),
        pytest.param({"cookies": {"ds_csrftoken": "forged"}}, id="forged cookie, no token"),
        pytest.param({"origin": "https://evil.example"}, id="another origin"),
        pytest.param({"origin": "http://localhost:9999"}, id="another port"),
        pytest.param({"origin": "null"}, id="opaque origin"),
        pytest.param({"sec-fetch-site": "cross-site"}, id="cross-site fetch"),
        pytest.param({"authorization": "Bearer x"}, id="bearer token"),
    ],
)
@pytest.mark.parametrize(
    ("query", "data"),
    [
        ("mark_done", {"follow_up_id": "1", "note": "", "on_date": ""}),
        (
            "log_interaction",
            {"person_id": "1", "kind": "note", "note": "x", "date": "", "place": ""},
        ),
    ],
)
def test_writes_without_a_valid_token_or_from_another_site_are_refused(
    met_benji, journal, attack, query, data
):
    site = Site(met_benji)
    token = site.token("/people/2")  # a real token and cookie, as an open tab holds
    headers = {k: v for k, v in attack.items() if k != "cookies"}
    cookies = attack.get("cookies", site.cookies if headers else {})
    if "cookies" in attack:
        data = {**data, "csrftoken": "forged"}
    elif headers:
        data = {**data, "csrftoken": token}
    before = journal.fingerprint()
    response = asyncio.run(
        site.ds.client.post(site.url(f"/{query}"), data=data, headers=headers, cookies=cookies)
    )
    assert response.status_code == 403
    assert journal.fingerprint() == before


def test_pages_send_the_referrer_only_to_this_site(met_benji):
    # Datasette's no-referrer would make our own forms arrive with `Origin: null`.
    assert Site(met_benji).get("/people/2").headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    "sql",
    [
        "delete from people",
        "update people set name = 'x'",
        "insert into follow_up_done (follow_up_id) values (1)",
        "with x as (select 1) delete from people",
        "select 1; delete from people",
        "pragma writable_schema = 1",
        "attach database '/tmp/x.db' as x",
        "vacuum",
    ],
)
def test_no_write_through_the_sql_box(met_benji, journal, sql):
    before = journal.fingerprint()
    response = Site(met_benji).get(".json", params={"sql": sql})
    assert response.status_code in (400, 403), response.text
    assert journal.fingerprint() == before


def test_markup_in_every_field_is_shown_as_text(journal, db_path):
    evil = f'{SCRIPT}"><img src=x onerror=alert(2)>'
    journal.ok(
        "add", f"Eve {evil}", "--company", evil, "--role", evil, "--city", evil, "--tag", evil,
        "--event", f"Party {evil}", "--via", f"Mal {evil}", "--where", evil, "--note", evil,
        "--story", f"{evil} [x](javascript:alert(3)) <svg onload=alert(4)>",
        "--link", "javascript:alert(5)", "--follow-up", evil, "--due", "tomorrow",
        "--phone", evil,
    )  # fmt: skip
    journal.ok("log", "Eve", evil, "--where", evil)
    site = Site(db_path)
    pages = [
        "", "/people", "/people/2", "/people/1", "/events/1", "/events", "/interactions",
        "/follow_ups", "/people_found", "/due", "/due_list", "/introductions",
        "/people_by_event?event=Party", "/people_in_city?city=" + evil,
    ]  # fmt: skip
    for page in pages:
        html = site.get(page).text
        assert SCRIPT not in html, page
        assert "<img src=x" not in html and "<svg onload" not in html, page
        assert 'href="javascript:' not in html, page
    card = site.get("/people/2").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card


def test_a_password_requires_a_login(met_benji):
    site = Site(met_benji, password="correct horse")
    page = site.get("")
    assert page.status_code == 302 and page.headers["location"] == "/-/login"
    assert site.get("/due.ics").status_code == 401
    site.token("/-/login")
    refused = site.post(
        "/-/login",
        {"username": "journal", "password": "wrong", "csrftoken": site.token("/-/login")},
    )
    assert "Invalid username or password" in refused.text
    site.post(
        "/-/login",
        {"username": "journal", "password": "correct horse", "csrftoken": site.token("/-/login")},
    )
    assert "ds_actor" in site.cookies
    assert site.get("/people/2").status_code == 200
    # A calendar app answers the 401 with basic auth.
    feed = Site(met_benji, password="correct horse").get(
        "/due.ics", auth=("journal", "correct horse")
    )
    assert feed.status_code == 200


def test_serve_refuses_a_public_host_without_a_password(journal):
    assert "--password" in journal.fails(2, "serve", "--host", "0.0.0.0")


def test_serve_needs_a_password_from_somewhere(journal, monkeypatch):
    monkeypatch.delenv("JOURNAL_PASSWORD", raising=False)
    assert "JOURNAL_PASSWORD" in journal.fails(2, "serve", "--password", input="")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts(host):
    from journal.web.server import is_loopback

    assert is_loopback(host)


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example/x"])
def test_after_a_write_the_browser_goes_back_only_to_a_page_of_this_site(met_benji, path):
    """The Referer's path is where a write goes back to: one starting `//` would be an
    open redirect to another site."""
    site = Site(met_benji)
    data = {"csrftoken": site.token("/people/1"), "person_id": "1", "note": "x", "kind": "note"}
    headers = {"referer": f"http://localhost{path}", "origin": "http://localhost"}
    response = site.post("/log_interaction", data, headers=headers)
    assert response.status_code == 302
    assert response.headers["location"] == site.base


def test_the_browser_refuses_a_date_the_command_line_refuses(met_benji, journal):
    """Issue 20, point 10: the log form took 2026-02-30, which `journal log --on` refuses."""
    assert "cannot read date" in journal.fails(2, "log", "Ana", "x", "--on", "2026-02-30")
    site = Site(met_benji)
    before = journal.fingerprint()
    site.log("/people/1", 1, note="x", date="2026-02-30")
    assert "cannot read date" in site.get("/people/1").text
    assert journal.fingerprint() == before


def test_no_python_function_is_exposed_to_the_sql_box(met_benji):
    """Issue 20, point 3: journal_next_due ran unbounded, outside the time limit. The
    browser's Done now runs the core's Python; no SQL function is registered."""
    sql = "select journal_next_due('FREQ=DAILY', '2000-01-01', '9999-12-30')"
    response = Site(met_benji).get(".json", params={"sql": sql})
    assert response.status_code == 400
    assert "no such function" in response.text
