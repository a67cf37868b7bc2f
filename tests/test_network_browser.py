"""The network's pages in a real browser (Debian's Chromium through Playwright) against a
live `journal serve`, with every request off this machine refused: the graph is drawn and
opens a card, the map shows its markers without its tiles, at desktop and phone widths.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import serving
from helpers import PHONE

DESKTOP = {"width": 1280, "height": 900}
# Set to a folder to write the README's screenshots there (docs/).
SHOTS = os.environ.get("JOURNAL_SCREENSHOTS")


def meetup_story(journal) -> None:
    """A journalist met at a meetup via the organiser; plan: meet again in London."""
    journal.ok("add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin", "--how", "online",
               "--role", "organiser", "--met", "2026-06-12")  # fmt: skip
    journal.ok("event", "add", "Datasette meetup", "--on", "2026-11-20", "--city", "Berlin")
    journal.ok(
        "add", "Benji Moreau", "--handle", "@benji", "--company", "The Paper",
        "--role", "journalist", "--city", "London", "--event", "Datasette meetup",
        "--via", "Ana", "--how", "introduction", "--met", "2026-11-20",
        "--follow-up", "meet again in London", "--in", "London", "--due", "2026-12-10",
    )  # fmt: skip
    journal.ok("add", "Cleo Ray", "--city", "Londres", "--company", "Acme", "--role", "editor",
               "--how", "job-lead", "--met", "2026-10-01")  # fmt: skip
    journal.ok("add", "Dana Weiss", "--city", "München", "--event", "Datasette meetup",
               "--met", "2026-11-20")  # fmt: skip
    journal.ok("add", "Eli Stone", "--city", "Paris", "--via", "@ana", "--met", "2026-08-15")
    journal.ok("add", "Femi Ade", "--city", "Lisboa", "--how", "online", "--met", "2026-07-03")
    journal.ok("intro", "benji", "cleo", "--note", "both cover local news",
               "--follow-up", "check they met", "--due", "2026-12-08")  # fmt: skip
    journal.ok("keep-in-touch", "femi", "1m")
    journal.ok("log", "femi", "call", "--on", "2026-09-01")


@pytest.fixture
def served(journal, db_path) -> Iterator[str]:
    meetup_story(journal)
    with serving(db_path) as url:
        yield url


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280px", "390px"])
def page(browser, served, request):  # noqa: F811
    context = browser.new_context(viewport=request.param)
    here = urlsplit(served).netloc
    # Nothing leaves this machine: the map's tiles are refused, as on a closed network.
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).netloc == here else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width = request.param["width"]
    yield page
    context.close()


def shot(page, name: str) -> None:
    if SHOTS and page.width == DESKTOP["width"]:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_the_network_draws_its_nodes_and_a_click_opens_a_card(page, served):
    from playwright.sync_api import expect

    page.goto(served + "/-/network")
    graph = page.locator("#journal-network")
    # Everyone with a link: Femi, found online and introduced to no one, is not drawn.
    expect(graph).to_have_attribute("data-drawn", "5")
    drawn = page.evaluate(
        """() => {
        const cy = document.getElementById("journal-network").journalGraph;
        const kinds = {};
        cy.edges().forEach((e) => { kinds[e.data("kind")] = (kinds[e.data("kind")] || 0) + 1; });
        return {
            names: cy.nodes().map((n) => n.data("name")).sort(),
            kinds,
            boxes: cy.nodes().map((n) => n.renderedBoundingBox({ includeLabels: false })),
            benji: cy.$("node[name = 'Benji Moreau']").renderedPosition(),
        };
        }"""
    )
    everyone = ["Ana Organiser", "Benji Moreau", "Cleo Ray", "Dana Weiss", "Eli Stone"]
    assert drawn["names"] == everyone
    assert drawn["kinds"] == {"via": 2, "introduced": 1, "event": 1}
    frame = graph.bounding_box()
    for box in drawn["boxes"]:  # every node inside the picture, at either width
        assert 0 <= box["x1"] and box["x2"] <= frame["width"]
        assert 0 <= box["y1"] and box["y2"] <= frame["height"]
    shot(page, "network")
    page.mouse.click(frame["x"] + drawn["benji"]["x"], frame["y"] + drawn["benji"]["y"])
    expect(page.locator("h1")).to_have_text("Benji Moreau")


def test_the_map_shows_its_markers_without_tiles(page, served):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.goto(served + "/-/map")
    box = page.locator("#journal-map")
    expect(box).to_have_attribute("data-markers", "5")  # London and Londres are one
    markers = box.locator(".journal-pin, .marker-cluster")
    expect(markers.first).to_be_visible()
    assert markers.count() >= 2
    # Without tiles the places are still in the page.
    places = page.locator(".journal-places li")
    expect(places).to_have_count(5)
    expect(page.locator(".journal-places")).to_contain_text("as typed: London, Londres")
    shot(page, "map")
    pin, popup = box.locator(".journal-pin").first, page.locator(".leaflet-popup-content a")
    # A click while the map still moves (a busy machine) can land before the pin has
    # settled: click again, a few times at most.
    for _ in range(5):
        pin.click()
        try:
            popup.first.wait_for(state="visible", timeout=2000)
            break
        except PlaywrightTimeout:
            continue
    expect(popup.first).to_be_visible()


def test_the_stats_and_the_trip(page, served):
    from playwright.sync_api import expect

    page.goto(served + "/-/stats")
    expect(page.locator("svg.journal-chart")).to_have_count(3)
    expect(page.locator("#cold-title")).to_contain_text("Going cold (1)")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    shot(page, "stats")
    page.locator(".journal-nav").get_by_role("link", name="Trip", exact=True).click()
    page.get_by_label("City").fill("Londres")
    page.get_by_role("button", name="Plan").click()
    expect(page.locator("h1")).to_have_text("Trip to London")
    expect(page.locator(".journal-trip")).to_contain_text("meet again in London")
    shot(page, "trip")
