"""The network's pages through Datasette, in-process: trip, network, map, stats."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from helpers import FETCH, FRAME, LINK, Site, ask

PAGES = ["/-/trip?city=Londres", "/-/network", "/-/map", "/-/stats"]
SCRIPT = "<script>alert(1)</script>"


class Pages(Site):
    """The site, its paths under the journal: these pages' own paths begin /-/ too."""

    def url(self, path: str) -> str:
        return self.base + path if path.startswith("/-/") and "static" not in path else path


@pytest.fixture
def story(journal, db_path):
    """The meetup story: Ana organised the meetup where she introduced Benji, a journalist
    you plan to meet again in London; you introduced him to Cleo."""
    journal.ok("add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin", "--how", "online",
               "--met", "2026-09-02")  # fmt: skip
    journal.ok("event", "add", "Datasette meetup", "--on", "2026-11-20", "--city", "Berlin")
    journal.ok(
        "add", "Benji Moreau", "--handle", "@benji", "--company", "The Paper",
        "--role", "journalist", "--city", "London", "--event", "Datasette meetup",
        "--via", "Ana", "--how", "introduction", "--met", "2026-11-20",
        "--follow-up", "meet again in London", "--in", "London", "--due", "2026-12-10",
    )  # fmt: skip
    journal.ok("add", "Cleo Ray", "--city", "Londres", "--company", "Acme", "--met", "2026-10-01")
    journal.ok("add", "Dan Far", "--city", "Smallville", "--event", "Datasette meetup")
    journal.ok("intro", "benji", "cleo", "--note", "both into local news")
    journal.ok("keep-in-touch", "cleo", "2w")
    return db_path


def test_trip_page_is_the_trip_command(story, journal):
    page = Pages(story).get("/-/trip?city=Londres")
    assert page.status_code == 200
    text = page.text
    assert "Trip to London" in text and "United Kingdom" in text
    cli = journal.json("trip", "Londres")
    for p in cli["people"]:
        assert f'/people/{p["id"]}">{p["name"]}</a>' in text
    # Cleo due 9 December (every two weeks since the introduction), Benji the 10th.
    assert [p["name"] for p in cli["people"]] == ["Cleo Ray", "Benji Moreau"]
    lives = text[text.index("lives-title") : text.index("plans-title")]
    assert lives.index("Cleo Ray") < lives.index("Benji Moreau")  # the same order
    assert "meet again in London" in text
    assert 'value="Londres"' in text


def test_trip_page_without_a_city_is_a_form_and_bad_dates_say_so(story):
    site = Pages(story)
    page = site.get("/-/trip")
    assert page.status_code == 200 and 'name="city"' in page.text
    bad = site.get("/-/trip?city=London&from=someday")
    assert bad.status_code == 400
    assert "from:" in unescape(bad.text) and 'value="someday"' in bad.text


def test_network_page_holds_the_graph_and_lists_its_links(story):
    text = Pages(story).get("/-/network").text
    data = json.loads(
        re.search(
            r'<script id="journal-graph" type="application/json">(.*?)</script>', text, re.S
        ).group(1)  # fmt: skip
    )
    names = {n["name"] for n in data["nodes"]}
    assert names == {"Ana Organiser", "Benji Moreau", "Cleo Ray", "Dan Far"}
    kinds = {(e["kind"], e["source"], e["target"]) for e in data["edges"]}
    assert ("via", 1, 2) in kinds and ("introduced", 2, 3) in kinds
    assert ("event", 2, 4) in kinds  # Benji and Dan met at the meetup
    assert all(n["url"].endswith(f"/people/{n['id']}") for n in data["nodes"])
    assert "introduced you to" in text and "You introduced" in text
    assert (
        "network.js" in text and "https://" not in text.split("<article")[1].split("</article")[0]
    )


def test_map_page_places_people_and_lists_them(story):
    text = Pages(story).get("/-/map").text
    points = json.loads(
        re.search(
            r'<script id="journal-places" type="application/json">(.*?)</script>', text, re.S
        ).group(1)  # fmt: skip
    )
    by_label = {p["label"]: p for p in points}
    london = by_label["London, United Kingdom: 2 people"]  # London and Londres, one marker
    assert round(london["latitude"]) == 52 and round(london["longitude"]) == 0
    assert {"Berlin, Germany: 1 person"} <= set(by_label)
    # Listed in the page, for when the tiles (or the script) do not come.
    places = text[text.index("places-title") :]
    assert "London</a>, United Kingdom" in places and "as typed: London, Londres" in places
    assert "Smallville</a> (1)" in places  # unknown, kept as typed
    assert "vendor/leaflet.js" in text and "unpkg" not in text and "cdn" not in text.lower()


def test_stats_page_draws_its_charts(story):
    text = Pages(story).get("/-/stats").text
    assert text.count("<svg") == 3
    assert "2026-11: 1 by introduction" in text and "2026-10: 1 by unknown" in text
    events = text[text.index("events-title") : text.index("introducers-title")]
    assert "Datasette meetup" in events and "/events/1" in events
    introducers = text[text.index("introducers-title") : text.index("cold-title")]
    assert "Ana Organiser" in introducers and "/people/1" in introducers
    cold = text[text.index("cold-title") :]
    assert "Cleo Ray" not in cold  # contacted today (the introduction)


def test_the_static_files_are_served(story):
    site = Pages(story)
    for name in ("network.js", "map.js", "vendor/leaflet.js", "vendor/leaflet.markercluster.js",
                 "vendor/leaflet.css", "vendor/LICENSE-leaflet.txt", "vendor/cytoscape.min.js",
                 "vendor/LICENSE-cytoscape.txt"):  # fmt: skip
        assert site.get(f"/-/static-plugins/journal/{name}").status_code == 200, name


def test_every_name_is_escaped(journal, db_path):
    journal.ok("add", SCRIPT, "--city", SCRIPT, "--event", SCRIPT, "--met", "2026-11-01")
    journal.ok("add", "Victim", "--via", "1", "--city", "London")
    journal.ok("add", "Other", "--city", SCRIPT)
    journal.ok("intro", "victim", "other", "--note", SCRIPT)
    site = Pages(db_path)
    for path in [*PAGES[1:], f"/-/trip?city={SCRIPT}"]:
        page = site.get(path)
        assert page.status_code == 200, path
        assert SCRIPT not in page.text, path
        assert "alert(1)" in page.text, path  # shown, as text
    graph = site.get("/-/network").text
    assert "\\u003cscript\\u003e" in graph  # inside the JSON the script reads


@pytest.mark.parametrize("path", [f"/journal{p}" for p in PAGES])
def test_other_sites_get_only_a_top_level_page(story, path):
    ds = Pages(story).ds
    assert ask(ds, path, {"host": "localhost", **FETCH}).status_code == 403
    assert ask(ds, path, {"host": "localhost", **FRAME}).status_code == 403
    assert ask(ds, path, {"host": "localhost", **LINK}).status_code == 200
    assert ask(ds, path, {"host": "evil.example"}).status_code != 200  # DNS rebinding


def test_a_database_that_is_not_a_journal_has_no_network_pages(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    site = Pages(other)
    assert site.get("/-/network").status_code == 404


def test_the_network_page_draws_more_links_when_asked(journal, db_path):
    journal.ok("add", "Hub", "--met", "2026-01-01")
    for n in range(30):
        journal.ok("add", f"Guest {n}", "--via", "hub", "--met", f"2026-02-{n % 28 + 1:02d}")
    site = Pages(db_path)
    graph = re.compile(r'<script id="journal-graph" type="application/json">(.*?)</script>', re.S)

    def drawn(path):
        return json.loads(graph.search(site.get(path).text).group(1))["edges"]

    assert len(drawn("/-/network")) == 25  # the latest
    assert len(drawn("/-/network?links=100")) == 30
    assert len(drawn("/-/network?links=nonsense")) == 25
