"""The journal on a phone (issue 26), in Debian's Chromium through Playwright against a
live `journal serve`: installable (manifest, service worker, Chromium's own verdict);
after one visit the pages open offline, and Add, Log and Done made offline are kept,
shown as waiting, and sent once when the connection returns; what the journal refuses
stays in sight with what was typed.

One server and one browser for the module: each test adds what it needs.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Journal, serving
from helpers import CHROMIUM, CHROMIUM_ARGS, PAGES, PHONE, installed, until

# With JOURNAL_SCREENSHOTS=FOLDER, the README's screenshot of the add form offline is
# saved there (docs/screenshots).
SHOTS = os.environ.get("JOURNAL_SCREENSHOTS")
# How long a form kept offline may take to go once the connection returns: the page
# asks the worker again after 1, 2, 4... seconds while the browser catches up.
SENT = 15_000


class Served:
    def __init__(self, url: str, journal: Journal, path: Path):
        self.url, self.journal, self.path = url, journal, path

    def cli(self, *args: str) -> str:
        return self.journal.ok("--db", str(self.path), *args)

    def show(self, who: str) -> dict:
        return self.journal.json("--db", str(self.path), "show", who)

    def names(self) -> list[str]:
        return [p["name"] for p in self.journal.json("--db", str(self.path), "list")]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    path = tmp_path_factory.mktemp("offline") / "journal.db"
    journal = Journal(path)
    journal.ok("--db", str(path), "add", "Ana Organiser", "--city", "Berlin")
    with serving(path) as url:
        yield Served(url, journal, path)


def expect():
    from playwright.sync_api import expect

    return expect


def kept(page, path: str) -> None:
    until(
        page,
        f"""caches.open("{PAGES}").then(c => c.match(location.origin + "{path}"))
            .then(found => found !== undefined)""",
    )


def test_installable_with_a_manifest_and_a_worker(browser, served, tmp_path):
    # A profile of its own: Chromium installs nothing from an incognito context.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    try:
        page = installed(context, served.url)
        manifest = page.evaluate(
            """fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"""
        )
        assert manifest["display"] == "standalone" and manifest["name"] == "journal"
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        found = cdp.send("Page.getAppManifest")
        assert found["url"].endswith("/-/manifest.webmanifest") and not found["errors"]
    finally:
        context.close()


def test_offline_add_log_and_done_are_sent_once_when_back_online(browser, served):
    served.cli("add", "Benji Moreau", "--follow-up", "send the deck", "--due", "2026-11-20")
    benji = served.show("Benji Moreau")
    card = f"{served.url}/people/{benji['id']}"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = installed(context, served.url)
        page.goto(card)  # a card opened once is kept
        kept(page, urlsplit(card).path)
        context.set_offline(True)

        page.goto(served.url + "/-/add")
        expect()(page.locator(".journal-offline")).to_contain_text("offline: as of")
        page.get_by_label("Name", exact=True).fill("Ola Nordmann")
        page.get_by_label("Company").fill("Acme")
        page.get_by_role("button", name="Add").click()
        expect()(page.locator(".journal-waiting")).to_have_text("waiting to be sent (1)")
        expect()(page.locator(".journal-queue")).to_contain_text("Add Ola Nordmann")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "phone-add-offline.png"), full_page=False)

        page.goto(card)
        expect()(page.locator(".journal-offline")).to_contain_text("offline: as of")
        page.get_by_label("What happened").fill("Talked about the deck")
        page.get_by_role("button", name="Log").click()
        expect()(page.locator(".journal-waiting")).to_have_text("waiting to be sent (2)")
        page.get_by_role("button", name="Mark done: send the deck").click()
        expect()(page.locator(".journal-waiting")).to_have_text("waiting to be sent (3)")
        queued = page.evaluate(QUEUE)
        assert served.names().count("Ola Nordmann") == 0  # nothing reached the journal

        context.set_offline(False)
        expect()(page.locator(".journal-waiting")).to_have_count(0, timeout=SENT)
        expect()(page.locator(".journal-queue")).to_have_count(0, timeout=SENT)
        check_once(served, benji["id"])
        page.goto(card)  # online again: the page as it is, with no strip
        expect()(page.locator(".journal-log-entries")).to_contain_text("Talked about the deck")
        expect()(page.locator(".journal-status")).to_be_hidden()

        # The same queue sent again (an answer lost on the way back): still once.
        for _ in range(2):
            statuses = page.evaluate(SEND_AGAIN, queued)
            assert all(s == 200 for s in statuses), statuses
        check_once(served, benji["id"])
    finally:
        context.close()


def check_once(served, person_id: int) -> None:
    assert served.names().count("Ola Nordmann") == 1
    assert served.show("Ola Nordmann")["company"] == "Acme"
    benji = served.show(str(person_id))
    notes = [i["note"] for i in benji["interactions"]]
    assert notes.count("Talked about the deck") == 1
    assert notes.count("send the deck") == 1  # Done logs the follow-up, once
    assert benji["follow_ups"] == []


def test_a_refused_write_stays_in_sight_with_what_was_typed(browser, served):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = installed(context, served.url)
        context.set_offline(True)
        for n, city in enumerate(("Lisbon", "Porto"), start=1):
            page.goto(served.url + "/-/add")
            page.get_by_label("Name", exact=True).fill("Ana Organiser")  # the journal has her
            page.get_by_label("City", exact=True).fill(city)
            page.get_by_role("button", name="Add").click()
            expect()(page.locator(".journal-waiting")).to_have_text(f"waiting to be sent ({n})")
        context.set_offline(False)
        refused = page.locator(".journal-queue li[data-state=refused]")
        expect()(refused).to_have_count(2, timeout=SENT)
        expect()(refused.first).to_contain_text("Add Ana Organiser")
        expect()(refused.first).to_contain_text("city: Lisbon")
        expect()(refused.first).to_contain_text("Not sent: Ana Organiser is already in the journal")
        page.reload()  # still there on the next page
        expect()(page.locator(".journal-refused")).to_have_text("not sent (2): see below")
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "phone-not-sent.png"), full_page=False)
        assert served.names().count("Ana Organiser") == 1
        porto = refused.filter(has_text="city: Porto")
        porto.get_by_role("button", name="Drop it").click()
        expect()(refused).to_have_count(1)
        refused.get_by_role("button", name="Add anyway: someone else").click()
        expect()(page.locator(".journal-queue")).to_have_count(0, timeout=SENT)
    finally:
        context.close()
    assert served.names().count("Ana Organiser") == 2


def test_done_offline_on_a_plan_not_yet_due_asks_then_is_sent_once(browser, served):
    served.cli("add", "Cleo Ray", "--follow-up", "call about the job", "--due", "2099-01-01")
    cleo = served.show("Cleo Ray")
    card = f"{served.url}/people/{cleo['id']}"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = installed(context, served.url)
        page.goto(card)
        kept(page, urlsplit(card).path)
        context.set_offline(True)
        page.reload()
        expect()(page.locator(".journal-offline")).to_contain_text("offline: as of")
        page.get_by_role("button", name="Mark done: call about the job").click()
        expect()(page.locator(".journal-waiting")).to_have_text("waiting to be sent (1)")
        context.set_offline(False)
        refused = page.locator(".journal-queue li[data-state=refused]")
        expect()(refused).to_contain_text("not due yet", timeout=SENT)
        assert served.show("Cleo Ray")["follow_ups"] != []  # asked, not done
        page.get_by_role("button", name="Send again").click()
        expect()(page.locator(".journal-queue")).to_have_count(0, timeout=SENT)
    finally:
        context.close()
    cleo = served.show("Cleo Ray")
    assert cleo["follow_ups"] == []
    assert [i["note"] for i in cleo["interactions"]].count("call about the job") == 1


def test_a_form_sent_twice_at_once_online_writes_once(browser, served):
    """A double tap: the same form, with the request_id its page gave it, posted twice
    at the same moment; the second waits for the first's answer and gets it."""
    served.cli("add", "Dara Quinn")
    dara = served.show("Dara Quinn")
    context = browser.new_context()
    try:
        page = installed(context, served.url)
        page.goto(f"{served.url}/people/{dara['id']}")
        page.get_by_label("What happened").fill("Coffee after the talk")
        answers = page.evaluate(
            """async () => {
              const form = document.querySelector("form.journal-log");
              const body = new URLSearchParams(new FormData(form));
              const post = () => fetch(form.action, { method: "POST", body });
              const answers = await Promise.all([post(), post()]);
              return answers.map((a) => [a.status, a.url]);
            }"""
        )
    finally:
        context.close()
    assert answers[0] == answers[1] and answers[0][0] == 200, answers
    notes = [i["note"] for i in served.show("Dara Quinn")["interactions"]]
    assert notes.count("Coffee after the talk") == 1


# The queue as the worker keeps it (IndexedDB), read in the page.
QUEUE = """new Promise((resolve, reject) => {
  const open = indexedDB.open("journal-queue", 1);
  open.onsuccess = () => {
    const get = open.result.transaction("writes").objectStore("writes").getAll();
    get.onsuccess = () => resolve(get.result);
    get.onerror = () => reject(get.error);
  };
  open.onerror = () => reject(open.error);
})"""

# Each kept form sent again as it was kept (its request_id), with a fresh token.
SEND_AGAIN = """async (queued) => {
  const base = document.querySelector("script[data-base]").dataset.base;
  const token = (await (await fetch(base + "/-/token.json")).json()).csrftoken;
  const statuses = [];
  for (const item of queued) {
    const body = new URLSearchParams(item.body);
    body.set("csrftoken", token);
    const response = await fetch(item.url, { method: "POST", body });
    statuses.push(response.status);
  }
  return statuses;
}"""
