"""Reads do not write (issue 31, point 5): the trip page, which another site may link
to, looked each city typed up and stored it in `places`: a row per visit."""

from __future__ import annotations

import asyncio

from helpers import Site


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
