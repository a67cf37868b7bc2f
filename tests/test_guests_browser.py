"""A guest list in a real browser at a phone's width (issue 30): the event page's "I met
them" opens the add form filled in from the guest; saving it adds the person, linked to
the guest, and the event page marks them met. One server and one browser per module.

With JOURNAL_SCREENSHOTS=FOLDER, the event page and the filled-in form are saved there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Journal, serving
from helpers import LUMA, PHONE, expect

SHOTS = os.environ.get("JOURNAL_SCREENSHOTS")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Journal]]:
    path = tmp_path_factory.mktemp("guests") / "journal.db"
    journal = Journal(path)
    db = ("--db", str(path))
    journal.ok(
        *db, "event", "add", "Twestival Marseille", "--on", "2026-11-26", "--city", "Marseille"
    )
    journal.ok(*db, "import", "guests", str(LUMA), "--event", "Twestival Marseille")
    journal.ok(*db, "met", "Benji W at Twestival", "--yes")
    with serving(path) as url:
        yield url, journal


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_i_met_them_on_a_phone(browser, served):
    url, journal = served
    context = browser.new_context(base_url=url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(url.rstrip("/") + "/events/1")
        guests = page.locator(".journal-guests")
        expect(guests.locator("h2")).to_have_text("Guest list (6, 1 met)")
        expect(guests.locator(".journal-met")).to_have_count(1)
        zoe = guests.locator(".journal-guest", has_text="Zoë Martín")
        button = zoe.get_by_role("link", name="I met them")
        box = button.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        shoot(page, "guests-event")
        button.click()
        expect(page.locator("h1")).to_have_text("Add a person")
        expect(page.locator(".journal-from-guest")).to_contain_text("Twestival Marseille")
        expect(page.get_by_label("Name")).to_have_value("Zoë Martín")
        expect(page.get_by_label("Company")).to_have_value("Mistral")
        expect(page.get_by_label("Event")).to_have_value("Twestival Marseille")
        expect(page.get_by_label("Met on")).to_have_value("2026-11-26")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        shoot(page, "guests-add-form")
        page.get_by_label("City", exact=True).fill("Paris")
        page.get_by_role("button", name="Add").click()
        expect(page.locator("h1")).to_contain_text("Zoë Martín")
        page.goto(url.rstrip("/") + "/events/1")
        expect(page.locator(".journal-guests h2")).to_have_text("Guest list (6, 2 met)")
        met = page.locator(".journal-guest", has_text="Zoë Martín")
        expect(met.locator(".journal-met")).to_have_count(1)
        expect(met.get_by_role("link", name="I met them")).to_have_count(0)
    finally:
        context.close()
    card = journal.json("--db", str(journal.path), "show", "zoe@example.net")
    assert (card["city"], card["role"], card["met_on"]) == ("Paris", "ML engineer", "2026-11-26")
