"""The journal's pages in a real browser (Debian's Chromium through Playwright), at a
desktop's width and a phone's (issue 15): add someone right after meeting them, find
them again, and act on what is due; no page is wider than the phone.

With JOURNAL_SCREENSHOTS=FOLDER, the phone-width run saves the README's screenshots
(the list, the card and the add form) there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import serving
from helpers import PHONE, expect

DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("JOURNAL_SCREENSHOTS")


@pytest.fixture
def served(journal, db_path) -> Iterator[str]:
    """A journal with a meetup, its organiser, someone met there with two plans, and a
    few more people, served by `journal serve --port 0`."""
    journal.ok(
        "add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin", "--how", "online",
        "--company", "Datasette Club", "--role", "organiser", "--tag", "community",
    )  # fmt: skip
    journal.ok(
        "add", "Benji Moreau", "--handle", "@benji", "--company", "The Paper",
        "--role", "journalist", "--city", "London", "--event", "Datasette meetup",
        "--via", "Ana", "--how", "introduction", "--met", "2026-11-20", "--tag", "press",
        "--story", "Followed his **live posts**; Ana said *someone is looking for you*.",
        "--follow-up", "meet again in London", "--due", "2026-11-24",
    )  # fmt: skip
    journal.ok("follow-up", "Benji", "send the article", "--due", "in 3 weeks")
    journal.ok("follow-up", "Benji", "introduce him to Cleo", "--due", "2027-03-01")
    journal.ok("add", "Cleo Ray", "--how", "job-lead", "--company", "Acme", "--city", "Paris")
    with serving(db_path) as url:
        yield url


def open_page(browser, served, viewport):  # noqa: F811
    phone = viewport == PHONE
    context = browser.new_context(
        base_url=served, viewport=viewport, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def shoot(page, name: str) -> None:
    if SHOTS and page.viewport_size == PHONE:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_add_someone_find_them_and_act_on_their_plans(browser, served, viewport):  # noqa: F811
    context, page = open_page(browser, served, viewport)
    try:
        page.goto(served)
        page.get_by_role("link", name="Add a person").click()
        expect(page.locator("h1")).to_have_text("Add a person")
        page.get_by_label("Name").fill("Dana Field")
        page.get_by_label("How", exact=True).select_option("introduction")
        page.get_by_label("Event").fill("Datasette meetup")  # as the type-ahead fills it
        via = page.get_by_label("Introduced or pointed out by")
        via.press_sequentially("organ")  # the type-ahead narrows to who matches
        expect(page.locator("#people-list option")).to_have_count(1)
        expect(page.locator("#people-list option")).to_have_attribute("value", "Ana Organiser")
        via.fill("Ana Organiser")  # as choosing it fills it
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, "add-form")
        page.get_by_label("How you met (Markdown)").fill("Talked about *zeppelins* and maps.")
        page.get_by_label("Company").fill("Globex")
        page.get_by_label("Emails").fill("dana@example.org")
        page.get_by_label("What to do").fill("send the map")
        page.get_by_label("When").fill("in 2 weeks")
        if viewport == PHONE:
            box = page.get_by_role("button", name="Add", exact=True).bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 44
            assert overflow(page) <= 0
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.locator("h1#card-name")).to_have_text("Dana Field")
        expect(page.get_by_text("Added Dana Field.")).to_be_visible()
        expect(page.locator(".journal-how")).to_contain_text("Datasette meetup")
        expect(page.locator(".journal-how")).to_contain_text("Ana Organiser")
        # No day given: met on the meetup's (issue 28).
        expect(page.locator(".journal-how")).to_contain_text("on 2026-11-20")

        # Find them in the list, then by a word of their story.
        page.locator(".journal-nav").get_by_role("link", name="People").click()
        names = page.locator(".journal-contact-name")
        expect(names.filter(has_text="Dana Field")).to_have_count(1)
        page.get_by_label("Search people").fill("zeppelin")
        page.get_by_label("Search people").press("Enter")
        expect(names).to_have_count(1)
        expect(names.first).to_have_text("Dana Field")
        page.locator("#nav-q").fill("zeppelin")
        page.locator("#nav-q").press("Enter")
        expect(page.locator(".journal-results mark")).to_have_text("zeppelins")
        page.locator(".journal-results").get_by_role("link", name="Dana Field").click()
        expect(page.locator("h1#card-name")).to_have_text("Dana Field")

        # Benji's card: Done on a plan not yet due asks first; snooze another; log.
        page.goto(served + "/people/2")
        shoot(page, "card")
        page.get_by_role("button", name="Mark done: introduce him to Cleo").click()
        expect(page.locator("h1")).to_have_text("Mark done before it is due?")
        page.get_by_role("button", name="Yes, mark it done").click()
        expect(page.get_by_text("Marked done and logged.")).to_be_visible()
        expect(page.locator("h1#card-name")).to_have_text("Benji Moreau")
        expect(page.locator(".journal-log-entries")).to_contain_text("introduce him to Cleo")
        page.locator("summary", has_text="Snooze: send the article").click()  # one tap away
        page.get_by_role("button", name="Snooze a week: send the article").click()
        expect(page.get_by_text("Snoozed send the article until")).to_be_visible()
        page.get_by_label("What happened").fill("Phoned about the article")
        page.get_by_role("button", name="Log", exact=True).click()
        expect(page.get_by_text("Logged.")).to_be_visible()
        expect(page.locator(".journal-log-entries")).to_contain_text("Phoned about the article")

        # The due page: Done with a note on what is overdue.
        page.goto(served + "/-/due")
        page.get_by_label("What came of it: meet again in London").fill("lunch at the market")
        page.get_by_role("button", name="Mark done: meet again in London").click()
        expect(page.get_by_text("Marked done and logged.")).to_be_visible()
        page.goto(served + "/people/2")
        expect(page.locator(".journal-log-entries")).to_contain_text("lunch at the market")
    finally:
        context.close()


PAGES = [
    "", "/people", "/people?how=introduction", "/people?q=benji", "/people/2",
    "/people/2/-/edit", "/events/1", "/-/add", "/-/due", "/-/search?q=london",
    "/-/nothing", "?_view=datasette",
]  # fmt: skip


# What a thumb taps on the journal's own pages (links inside a sentence aside).
TAPPED = ", ".join(
    [
        ".journal-nav a",
        *(f"{page} {what}" for page in (".journal-page .content", ".journal-card")
          for what in ("button", "input:not([type=hidden])", "select")),
        ".journal-contact-name", ".journal-facet a", ".journal-chips a", ".journal-sorts a",
        ".journal-pager a", ".journal-links a", ".journal-card-edit a",
    ]
)  # fmt: skip


def test_no_page_is_wider_than_a_phone_nor_too_small_to_tap(browser, served):  # noqa: F811
    context, page = open_page(browser, served, PHONE)
    try:
        for path in PAGES:
            page.goto(served + path)
            if path == "/people":
                shoot(page, "list")
            assert overflow(page) <= 0, f"{path or '/'} is {overflow(page)}px wider than a phone"
            small = page.evaluate(
                """(selector) => [...document.querySelectorAll(selector)]
                .filter((e) => e.offsetParent !== null)
                // A checkbox inside its label is tapped anywhere on the label.
                .map((e) => [e, e.type === "checkbox" && e.closest("label") || e])
                .map(([e, t]) => [e.outerHTML.slice(0, 60), t.getBoundingClientRect().height])
                .filter(([, height]) => height < 44)""",
                TAPPED,
            )
            assert not small, f"{path or '/'}: smaller than 44 px: {small}"
            if path not in ("/-/nothing", "?_view=datasette"):  # Datasette's own pages
                assert page.locator(TAPPED).count() > 3, path
    finally:
        context.close()


def test_the_facets_fold_away_on_a_phone_and_narrow_the_list(browser, served):  # noqa: F811
    context, page = open_page(browser, served, PHONE)
    try:
        page.goto(served + "/people")
        facets = page.locator(".journal-facets-phone")
        expect(facets.locator(".journal-facet").first).not_to_be_visible()
        facets.locator("summary").click()
        facets.get_by_role("link", name="job-lead").click()
        expect(page.locator(".journal-contact-name")).to_have_text(["Cleo Ray"])
        page.get_by_role("link", name="Remove filter: found: job-lead").click()
        expect(page.locator(".journal-contact-name")).to_have_count(3)
    finally:
        context.close()


def test_what_is_typed_before_the_script_arrives_is_narrowed_for(browser, served):  # noqa: F811
    """On a slow connection the form shows before its script: a name typed then is
    still narrowed for once the script runs, not only at the next key."""
    context, page = open_page(browser, served, DESKTOP)
    held = []
    try:
        # The script waits until it is let go.
        page.route("**/journal.js", lambda route: held.append(route))
        page.goto(served + "/-/add", wait_until="commit")  # neither loaded nor ready
        expect(page.locator("h1")).to_have_text("Add a person")
        via = page.get_by_label("Introduced or pointed out by")
        via.press_sequentially("organ")
        expect(page.locator("#people-list option")).to_have_count(3)  # nothing ran yet
        # Until the page has asked for it (routes are handled while Playwright waits).
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the page never asked for its script"
        for route in held:
            route.continue_()
        expect(page.locator("#people-list option")).to_have_count(1)
        expect(page.locator("#people-list option")).to_have_attribute("value", "Ana Organiser")
    finally:
        context.close()
