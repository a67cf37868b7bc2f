"""Reads do not write (issue 31, point 5): the trip page, which another site may link
to, looked each city typed up and stored it in `places`: a row per visit."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from urllib.parse import urlsplit

import httpx
from conftest import serving
from helpers import TOKEN, Site, add_form


def trip(site: Site, city: str, **headers: str):
    return asyncio.run(site.ds.client.get(f"{site.base}/-/trip?city={city}", headers=headers))


def test_the_trip_page_adds_no_row_however_often_another_site_links_to_it(journal, db_path):
    journal.ok("add", "Ada", "--city", "London")
    journal.ok("places")  # the journal's own cities are looked up
    site = Site(db_path)
    before = journal.fingerprint()
    cross_site = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate",
                  "sec-fetch-dest": "document"}  # fmt: skip
    for city in ("Londres", "Atlantis-1", "Atlantis-2", "Paris"):
        assert trip(site, city, **cross_site).status_code == 200
    assert journal.fingerprint() == before
    # and what it finds is what it found when it stored the city: any spelling
    assert "Ada" in trip(site, "Londres").text


def test_a_city_not_looked_up_yet_is_still_found_by_another_spelling(journal, db_path):
    journal.ok("add", "Ada", "--city", "London")  # queued, not looked up: no read wrote
    before = journal.fingerprint()
    assert "Ada" in journal.ok("trip", "Londres")
    assert "Ada" in trip(Site(db_path), "Londres").text
    assert journal.fingerprint() == before


def test_the_map_network_and_stats_add_no_row_and_still_place_every_city(journal, db_path):
    journal.ok("add", "Ada", "--city", "Londres")
    journal.ok("event", "add", "Meetup", "--city", "Oslo")  # queued by a trigger, not located
    site = Site(db_path)
    before = journal.fingerprint()
    cross_site = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate",
                  "sec-fetch-dest": "document"}  # fmt: skip
    pages = {
        name: asyncio.run(site.ds.client.get(f"{site.base}/-/{name}", headers=cross_site))
        for name in ("map", "network", "stats")
    }
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    assert journal.fingerprint() == before
    # Looked up without being stored: Londres is London on the map, Oslo has its event.
    assert "as typed: Londres" in pages["map"].text and "Meetup" in pages["map"].text
    # `journal places`, the user's own command, stores them.
    rows = {p["city"]: p["name"] for p in journal.json("places")}
    assert rows == {"Londres": "London", "Oslo": "Oslo"}
    assert journal.fingerprint() != before


def test_a_write_from_the_browser_has_its_city_located_afterwards(journal, db_path):
    journal.ok("add", "Ada")
    with serving(db_path) as url, httpx.Client(base_url=url) as client:
        form = client.get("/-/add")
        token = TOKEN.search(form.text).group(1)
        origin = "{}://{}".format(*urlsplit(url))
        headers = {"origin": origin, "referer": f"{url}/-/add"}
        sent = client.post(
            "/-/add",
            data=add_form(name="Bea", city="Londres", csrftoken=token),
            headers=headers,
        )
        assert sent.status_code == 302, sent.text
        deadline = time.monotonic() + 60  # the server looks it up after answering
        while True:
            conn = sqlite3.connect(db_path)
            row = conn.execute("SELECT name, located FROM places WHERE city = 'Londres'").fetchone()
            conn.close()
            if row == ("London", 1) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    assert row == ("London", 1)
