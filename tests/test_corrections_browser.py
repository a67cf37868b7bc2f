"""The card's corrections in a real browser at a phone's width (issue 28): edit a log
entry, a plan, a way found and a date; remove one, which asks first; log a day that was
not today and mark a plan done with a note; edit the event. One server and one browser
for the module; the page is never wider than the phone.

With JOURNAL_SCREENSHOTS=FOLDER, the card with a log entry's Edit open is saved there.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Journal, serving
from helpers import PHONE, expect

SHOTS = os.environ.get("JOURNAL_SCREENSHOTS")


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fix") / "journal.db"
    journal = Journal(path)
    for args in (
        ("event", "add", "apero", "--on", "2026-11-20"),
        ("add", "Émilie Durand", "--event", "apero", "--met", "2026-11-20"),
        ("log", "Émilie", "coffe at the Cantine", "--on", "2026-11-22"),
        ("follow-up", "Émilie", "send the photos", "--due", "2026-11-01"),
        ("follow-up", "Émilie", "old idea"),
        ("date", "Émilie", "anniversary", "2019-06-14"),
    ):
        result = journal("--db", str(path), *args)
        assert result.exit_code == 0, (args, result.output)
    return path


@pytest.fixture(scope="module")
def served(journal_file) -> Iterator[str]:
    with serving(journal_file) as url:
        yield url


@pytest.fixture
def page(browser, served):  # noqa: F811
    context = browser.new_context(base_url=served, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def narrow(page) -> None:
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"the page is {width}px wider than the phone"


def test_correct_the_card_at_phone_width(page, served, journal_file):
    page.goto(served + "/people/1")
    narrow(page)
    entries = page.locator(".journal-log-entries")

    # A log entry typed wrong: its Edit opens a form in place.
    page.locator("summary[aria-label^='Edit or remove: 2026-11-22']").click()
    note = page.locator("#log-2-note")
    expect(note).to_have_value("coffe at the Cantine")
    narrow(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "card-edit-phone.png"), full_page=True)
    note.fill("coffee at the Cantine")
    page.locator("#log-2-date").fill("2026-11-21")
    note.press("Enter")
    expect(page.get_by_text("Saved the log entry.")).to_be_visible()
    expect(entries).to_contain_text("2026-11-21")
    expect(entries).to_contain_text("coffee at the Cantine")

    # A plan: its due date moved.
    page.locator("summary[aria-label='Edit or remove: send the photos']").click()
    page.locator("#plan-1-due").fill("2026-12-24")
    page.locator("#plan-1-due").press("Enter")
    expect(page.get_by_text("Saved the plan.")).to_be_visible()
    expect(page.locator(".journal-follow-ups")).to_contain_text("2026-12-24")

    # Removing asks first; "No" changes nothing, "Yes" drops it.
    page.locator("summary[aria-label='Edit or remove: old idea']").click()
    page.get_by_role("button", name="Remove: old idea").click()
    expect(page.locator("h1")).to_have_text("Remove this?")
    narrow(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.locator(".journal-follow-ups")).to_contain_text("old idea")
    page.locator("summary[aria-label='Edit or remove: old idea']").click()
    page.get_by_role("button", name="Remove: old idea").click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("Dropped the plan “old idea”")).to_be_visible()
    expect(page.locator(".journal-follow-ups")).not_to_contain_text("old idea")

    # A date, and the way found.
    page.locator("summary[aria-label='Edit or remove: the anniversary']").click()
    page.locator("#date-1-date").fill("2019-06-15")
    page.locator("#date-1-date").press("Enter")
    expect(page.get_by_text("Saved the date.")).to_be_visible()
    page.locator("summary[aria-label^='Edit or remove: how you found them']").click()
    page.locator("#found-1-note").fill("she took the photos")
    page.locator("#found-1-note").press("Enter")
    expect(page.get_by_text("Saved the way found.")).to_be_visible()

    # The log takes a day; Done takes a note.
    page.locator("#log-date").fill("2026-11-23")
    page.get_by_label("What happened").fill("phoned")
    page.get_by_role("button", name="Log", exact=True).click()
    expect(page.get_by_text("Logged.")).to_be_visible()
    page.get_by_label("What came of it: send the photos").fill("sent by mail")
    page.get_by_role("button", name="Mark done: send the photos").click()
    page.get_by_role("button", name="Yes, mark it done").click()
    expect(page.get_by_text("Marked done and logged.")).to_be_visible()
    narrow(page)

    assert rows(journal_file, "SELECT date, note FROM interactions ORDER BY id")[1:3] == [
        ("2026-11-21", "coffee at the Cantine"),
        ("2026-11-23", "phoned"),
    ]
    assert rows(journal_file, "SELECT note FROM interactions ORDER BY id DESC LIMIT 1") == [
        ("send the photos: sent by mail",)
    ]
    assert rows(journal_file, "SELECT status FROM follow_ups ORDER BY id") == [
        ("done",),
        ("dropped",),
    ]
    assert rows(journal_file, "SELECT date FROM important_dates") == [("2019-06-15",)]


def test_edit_the_event_at_phone_width(page, served, journal_file):
    page.goto(served + "/events/1")
    page.get_by_role("link", name="Edit apero").click()
    expect(page.get_by_label("Name")).to_have_value("apero")
    narrow(page)
    page.get_by_label("Name").fill("Apéro La Cantine")
    page.get_by_label("City").fill("Marseille")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.locator("h1#event-name")).to_have_text("Apéro La Cantine")
    assert rows(journal_file, "SELECT name, city FROM events") == [
        ("Apéro La Cantine", "Marseille")
    ]
