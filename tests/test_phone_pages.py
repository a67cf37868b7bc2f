"""The journal's pages on a phone (issue 26): Debian's Chromium through Playwright at
390 px against one live `journal serve` for the module. A due item is at most about
120 px tall with Snooze one tap away, five fit on the home under the bar, no page is wider
than the screen, dates never wrap, the graph's labels are readable and a finger pans and
pinches it, the charts' labels are legible and apart, and a missing page keeps the bar.

With JOURNAL_SCREENSHOTS=FOLDER, the home, the due page (and with Snooze open) and the
graph at 390 px are saved there (phone-home.png, phone-due.png, phone-due-snooze.png,
phone-network.png).
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Journal, serving
from helpers import PHONE, expect

DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("JOURNAL_SCREENSHOTS")

# What people plan after a meetup, of the lengths they type.
PLANS = [
    ("Cleo Ray", "send the slides from the talk"),
    ("Dana Weiss", "ask about the data journalism job at Acme"),
    ("Eli Stone", "intro to Femi about the archive project"),
    ("Femi Ade", "coffee"),
    ("Gus Grant", "share the scraper repository and the notes on rate limits"),
    ("Hana Ito", "thank her for the venue"),
    ("Ivo Petrov", "follow up on the conference talk proposal"),
]


class OnFile(Journal):
    """`journal --db PATH …`: for a module's journal, made before any test's own."""

    def __call__(self, *args: str, input: str | None = None):
        return super().__call__("--db", str(self.path), *args, input=input)


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def a_month_of_meetups(journal: Journal) -> None:
    """Ana organises; people met at two meetups, introduced by Ana or Benji, each with
    a plan now overdue; one plan ahead; a birthday, a cadence; a crowd of introductions
    for the graph."""
    journal.ok("add", "Ana Organiser", "--handle", "@ana", "--city", "Berlin", "--how", "online")
    journal.ok("event", "add", "Datasette meetup", "--on", ago(20), "--city", "Berlin")
    journal.ok("event", "add", "Open data night", "--on", ago(12), "--city", "London")
    journal.ok(
        "add", "Benji Moreau", "--company", "The Paper", "--city", "London",
        "--event", "Datasette meetup", "--via", "#1", "--how", "introduction", "--met", ago(20),
        "--follow-up", "meet again in London", "--in", "London", "--due", ago(-10),
    )  # fmt: skip
    for n, (name, plan) in enumerate(PLANS):
        event = ("Datasette meetup", "Open data night")[n % 2]
        journal.ok("add", name, "--event", event, "--via", f"#{1 + n % 2}", "--met", ago(12))
        journal.ok("follow-up", name, plan, "--due", ago(9 - n))
    journal.ok("date", "Hana", "birthday", ago(-2)[5:])
    journal.ok("keep-in-touch", "Femi", "1w")
    journal.ok("intro", "Benji", "Cleo", "--note", "both cover local news")
    for n in range(16):  # a crowded graph: the labels must stay readable
        journal.ok("add", f"Guest Number{n:02d}", "--via", f"#{3 + n % 5}", "--met", ago(15))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("phone") / "journal.db"
    a_month_of_meetups(OnFile(path))
    with serving(path) as url:
        yield url


@pytest.fixture(scope="module")
def phone(browser, served):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield from open_in(context, served)


@pytest.fixture(scope="module")
def desktop(browser, served):  # noqa: F811
    yield from open_in(browser.new_context(viewport=DESKTOP), served)


def open_in(context, served):
    here = urlsplit(served).netloc
    # Nothing leaves this machine (the map's tiles are refused, as on a closed network).
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).netloc == here else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def heights(page) -> list[float]:
    return page.evaluate(
        "[...document.querySelectorAll('.journal-due-item')]"
        ".map((e) => e.getBoundingClientRect().height)"
    )


def test_a_due_item_is_short_with_snooze_one_tap_away(phone, served):

    for path in ("", "/-/due"):
        phone.goto(served + path)
        found = heights(phone)
        assert len(found) >= 8, path
        assert max(found) <= 120, f"{path or '/'}: due items {found}"
    # On the due page: a note and Done on the item's one row; Snooze's choices folded.
    item = phone.locator(".journal-due-item", has_text="send the slides from the talk")
    expect(item.get_by_label("What came of it: send the slides from the talk")).to_be_visible()
    expect(item.get_by_role("button", name="Mark done: send the slides from the talk"))
    week = item.get_by_role("button", name="Snooze a week: send the slides from the talk")
    expect(week).to_be_hidden()
    shoot(phone, "phone-due")
    item.locator("summary").tap()
    expect(week).to_be_visible()
    for choice in ("Snooze a month", "Snooze until a date", "Snooze to that date"):
        box = item.get_by_label(f"{choice}: send the slides from the talk").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], choice
        assert box["height"] >= 44, choice
    shoot(phone, "phone-due-snooze")
    week.tap()
    expect(phone.get_by_text("Snoozed send the slides from the talk until")).to_be_visible()
    # Done before the due date still asks first.
    phone.goto(served + "/-/due")
    phone.get_by_role("button", name="Mark done: meet again in London").tap()
    expect(phone.locator("h1")).to_have_text("Mark done before it is due?")
    phone.get_by_role("link", name="No, go back").tap()
    expect(phone.locator(".journal-due-item", has_text="meet again in London")).to_have_count(1)


def test_five_due_items_show_on_a_phones_home(phone, served):
    phone.goto(served)
    bar = phone.locator("header").bounding_box()
    assert bar["height"] <= 100, f"the bar is {bar['height']} px tall"
    seen = phone.evaluate(
        """[...document.querySelectorAll('.journal-due-item')]
        .filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length"""
    )
    assert seen >= 5
    # Every page of the bar is a sideways swipe away, the add form first.
    links = phone.locator(".journal-nav a")
    assert links.count() == 8
    assert phone.locator(".journal-nav").evaluate("(e) => e.scrollWidth > e.clientWidth")
    add = phone.locator(".journal-nav-add").bounding_box()
    assert add["x"] + add["width"] <= PHONE["width"]
    shoot(phone, "phone-home")


JOURNAL_PAGES = [
    "", "/people", "/people/2", "/people/2/-/edit", "/events/1", "/-/add", "/-/due",
    "/-/search?q=slides", "/-/trip?city=London", "/-/network", "/-/map", "/-/stats",
    "/-/nothing",
]  # fmt: skip


def test_no_journal_page_is_wider_than_a_phone(phone, served):
    for path in JOURNAL_PAGES:
        phone.goto(served + path)
        wider = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"{path or '/'} is {wider} px wider than a phone"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_dates_never_wrap(request, width, served):
    page = request.getfixturevalue(width)
    for path in ("", "/people", "/people/2", "/-/due", "/-/network", "/-/trip?city=London"):
        page.goto(served + path)
        wrapped = page.evaluate(
            """[...document.querySelectorAll('time')]
            .filter((t) => t.offsetParent !== null)
            .filter((t) => t.getClientRects().length !== 1 || t.getBoundingClientRect().height
                > 1.6 * parseFloat(getComputedStyle(t).fontSize))
            .map((t) => t.textContent)"""
        )
        shown = page.locator("time").count()
        assert shown > 0 and not wrapped, f"{width} {path or '/'}: wrapped {wrapped}"


GRAPH = "document.getElementById('journal-network').journalGraph"


def test_the_graph_is_readable_and_a_finger_pans_and_pinches_it(phone, served):

    phone.goto(served + "/-/network?links=100")  # everyone in the journal
    box = phone.locator("#journal-network")
    expect(box).to_have_attribute("data-drawn", "25")
    sizes = phone.evaluate(f"{GRAPH}.nodes().map((n) => parseFloat(n.renderedStyle('font-size')))")
    assert len(sizes) == 25 and min(sizes) >= 11, sizes
    # The same links, listed as text beside (on a phone: under) the graph.
    edges = phone.evaluate(f"{GRAPH}.edges().length")
    expect(phone.locator(".journal-network-links li")).to_have_count(edges)
    shoot(phone, "phone-network")

    frame = box.bounding_box()
    x, y = frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2
    cdp = phone.context.new_cdp_session(phone)

    def touch(kind: str, points: list[tuple[float, float]]) -> None:
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": a, "y": b} for a, b in points]},
        )

    before = phone.evaluate(f"[{GRAPH}.zoom(), {GRAPH}.pan()]")
    touch("touchStart", [(x - 30, y), (x + 30, y)])  # two fingers, spread apart
    for step in range(1, 6):
        touch("touchMove", [(x - 30 - 15 * step, y), (x + 30 + 15 * step, y)])
    touch("touchEnd", [])
    zoomed = phone.evaluate(f"{GRAPH}.zoom()")
    assert zoomed > before[0] * 1.3
    touch("touchStart", [(x, y + 60)])  # one finger, dragged on empty ground or a node
    for step in range(1, 6):
        touch("touchMove", [(x - 20 * step, y + 60)])
    touch("touchEnd", [])
    moved = phone.evaluate(f"{GRAPH}.pan()")
    assert moved["x"] < before[1]["x"] - 40
    assert urlsplit(phone.url).path.endswith("/-/network")  # a drag is no tap: no card opened


def test_the_network_beside_its_links_on_a_desktop(desktop, served):

    desktop.goto(served + "/-/network?links=100")
    expect(desktop.locator("#journal-network")).to_have_attribute("data-drawn", "25")
    graph = desktop.locator("#journal-network").bounding_box()
    links = desktop.locator(".journal-network-links").bounding_box()
    assert links["x"] >= graph["x"] + graph["width"] and links["y"] < graph["y"] + 100
    sizes = desktop.evaluate(
        f"{GRAPH}.nodes().map((n) => parseFloat(n.renderedStyle('font-size')))"
    )
    assert min(sizes) >= 11


def test_the_charts_are_legible_on_a_phone(phone, served):
    phone.goto(served + "/-/stats")
    labels = phone.evaluate(
        """[...document.querySelectorAll('svg.journal-chart text')].map((t) => {
            const r = t.getBoundingClientRect();
            const scale = t.ownerSVGElement.getScreenCTM().a;
            const axis = t.matches('.journal-chart-months .journal-chart-label');
            return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, axis,
                    left: r.left, right: r.right, top: r.top, bottom: r.bottom};
        })"""
    )
    assert labels and min(t["px"] for t in labels) >= 11, labels
    axis = [t for t in labels if t["axis"]]
    assert {"01", "04", "07", "10"} <= {t["text"] for t in axis}
    for n, a in enumerate(axis):
        for b in axis[n + 1 :]:
            apart = (
                a["right"] <= b["left"] or b["right"] <= a["left"]
                or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            )  # fmt: skip
            assert apart, (a, b)
        assert 0 <= a["left"] and a["right"] <= PHONE["width"]


def test_a_missing_page_keeps_the_journals_bar(phone, served):

    response = phone.goto(served + "/-/nothing")
    assert response.status == 404
    expect(phone.locator(".journal-nav-home")).to_be_visible()
    expect(phone.locator("h1")).to_have_text("Not found")
    phone.get_by_role("link", name="Back to the start").tap()
    expect(phone.locator("#due-title")).to_be_visible()
