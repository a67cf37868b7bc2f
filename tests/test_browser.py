"""A real browser (Debian's Chromium through Playwright) against a live `journal serve`.

Locally these tests skip when Playwright or Chromium is missing; in CI (CI=true) they
fail instead, so a broken set-up can never pass as green.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest
from conftest import serving
from helpers import PHONE, expect


@pytest.fixture
def served(journal, db_path) -> Iterator[str]:
    """A journal with the README's meetup story, served by `journal serve --port 0`."""
    journal.ok("add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin", "--how", "online")
    journal.ok(
        "add", "Benji Moreau", "--handle", "@benji", "--company", "The Paper",
        "--role", "journalist", "--city", "London", "--event", "Datasette meetup",
        "--via", "Ana", "--how", "introduction", "--met", "2026-11-20",
        "--story", "Followed his **live posts**; Ana said *someone is looking for you*.",
        "--follow-up", "meet again in London", "--due", "2026-11-24",
    )  # fmt: skip
    journal.ok("add", "Cleo Ray", "--how", "job-lead", "--company", "Acme")
    with serving(db_path) as url:
        yield url


@pytest.fixture
def page(browser, served):
    context = browser.new_context(base_url=served)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_list_facet_by_how_found_and_open_a_card(page, served):
    page.goto(served + "/people")
    names = page.locator(".journal-contact-name")
    expect(names).to_have_count(3)
    page.locator(".journal-facets-wide").get_by_role("link", name="introduction").click()
    expect(names).to_have_count(1)
    names.first.click()  # the name links to the card
    expect(page.locator("h1")).to_have_text("Benji Moreau")
    expect(page.locator(".journal-story strong")).to_have_text("live posts")
    page.locator(".journal-how").get_by_role("link", name="Datasette meetup").click()
    expect(page.locator("h1")).to_have_text("Datasette meetup")
    expect(page.get_by_role("link", name="Benji Moreau")).to_be_visible()


def test_datasettes_table_is_one_click_from_the_list(page, served):
    page.goto(served + "/people")
    page.get_by_role("link", name="Datasette's table").click()
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows).to_have_count(3)
    page.locator(".facet-results").get_by_role("link", name="introduction").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Benji Moreau")


def test_mark_a_follow_up_done_and_see_it_leave_the_due_list(page, served):
    page.goto(served)
    due = page.locator("#due-title + ul")
    expect(due).to_contain_text("meet again in London")
    due.get_by_role("link", name="Benji Moreau").click()
    page.get_by_role("button", name="Mark done: meet again in London").click()
    expect(page.get_by_text("Marked done and logged.")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Benji Moreau")  # back on the card
    expect(page.locator(".journal-follow-ups")).to_have_count(0)
    expect(page.locator(".journal-log-entries")).to_contain_text("meet again in London")
    page.goto(served)
    expect(page.locator(".journal-home")).not_to_contain_text("meet again in London")
    expect(page.locator(".journal-home")).to_contain_text("Nothing due in the next seven days")


def test_log_an_interaction_with_the_keyboard(page, served):
    page.goto(served + "/people/3")
    page.get_by_label("Kind").focus()
    page.keyboard.press("Tab")  # to "What happened"
    page.keyboard.type("Phoned about the job")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Logged.")).to_be_visible()
    expect(page.locator(".journal-log-entries")).to_contain_text("Phoned about the job")


def test_the_card_at_phone_width(browser, served):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(served + "/people/2")
        expect(page.locator("h1")).to_have_text("Benji Moreau")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the card is {overflow}px wider than the phone"
        button = page.get_by_role("button", name="Mark done: meet again in London")
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        button.tap()
        expect(page.get_by_text("Marked done and logged.")).to_be_visible()
    finally:
        context.close()


def test_a_form_on_another_site_cannot_write(page, served, tmp_path):
    """Another web app on this machine (same site, another port) posts to the journal
    while the user has it open: the browser sends the journal's cookies, not its token."""
    import http.server
    import threading

    (tmp_path / "evil.html").write_text(
        f"""<form id="f" method="post" action="{served}/mark_done">
        <input name="csrftoken" value="guessed"><input name="follow_up_id" value="1">
        <input name="note" value="pwned"><input name="on_date" value=""></form>
        <script>document.getElementById("f").submit()</script>"""
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page.goto(served + "/people/2")  # the journal's cookies are now in the browser
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/evil.html")
        expect(page.locator("body")).to_contain_text("Refused")
    finally:
        evil.shutdown()
    page.goto(served + "/people/2")
    expect(page.locator(".journal-follow-ups")).to_contain_text("meet again in London")
    expect(page.locator(".journal-log-entries")).not_to_contain_text("pwned")


def test_another_site_can_neither_frame_a_card_nor_time_a_private_query(page, served, tmp_path):
    """A page on another port (same-site) frames a card to click Done for the user, and
    times how long images of SQL answers take to fail (issue 20): both get nothing."""
    import http.server
    import threading

    sql = "select notes from people where notes like 'PIN%'"
    (tmp_path / "evil.html").write_text(
        f"""<iframe id="card" src="{served}/people/2"></iframe>
        <img id="probe" src="{served}.json?sql={sql}">
        <script>
          window.answers = [];
          fetch("{served}.json?sql={sql}", {{mode: "no-cors"}})
            .then(r => answers.push(r.type), e => answers.push("blocked"));
        </script>"""
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    refused: list[str] = []
    page.on("response", lambda r: r.status == 403 and served in r.url and refused.append(r.url))
    try:
        page.goto(served + "/people/2")  # the journal's cookies are now in the browser
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/evil.html")
        page.wait_for_function("window.answers.length > 0")
        frame = page.frame_locator("#card")
        expect(frame.locator(".journal-card")).to_have_count(0)
        assert len(refused) >= 2, refused  # the image and the fetch were refused
    finally:
        evil.shutdown()
