"""Time the journal's pages in Chromium with its service worker against without it.

    python benchmarks/offline.py JOURNAL.db [--runs 10]

Serves the journal with `journal serve` and loads its pages in Debian's Chromium
(Playwright): in one browser context the service worker is blocked, in the other it is
installed (the first visit done and its caches filled). Each page is loaded in both
alternately, warm, the first round not counted; a load is the navigation's duration
(navigation start to the load event) as the page's Performance API reports it. Then
the add form with no network, from the worker's cache, against the add form online
without the worker. Prints, as JSON, the median milliseconds of each row and its goal.
`run.py` runs it and puts the figures in its table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHROMIUM = os.environ.get("JOURNAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PHONE_NETWORK = {
    "offline": False,
    "latency": 40,
    "downloadThroughput": 12_000_000 / 8,
    "uploadThroughput": 4_000_000 / 8,
}
DURATION = "performance.getEntriesByType('navigation')[0].duration"


def serve(path: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "journal", "--db", str(path), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    match = re.search(r"at (http://\S+) ", process.stdout.readline())
    if not match:
        process.kill()
        sys.exit(f"journal serve did not start: {process.stdout.read()}")
    return process, match.group(1)


def load(page, url: str) -> float:
    page.goto(url, wait_until="load")
    return page.evaluate(DURATION)


def installed(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready")
    deadline = time.monotonic() + 30
    while not page.evaluate(
        """navigator.serviceWorker.controller !== null && caches.open("journal-pages-v1")
           .then(c => c.keys()).then(keys => keys.length >= 3)"""
    ):
        if time.monotonic() > deadline:
            sys.exit("the service worker did not fill its cache in 30 s")
        page.wait_for_timeout(50)
    return page


def measure(url: str, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        plain = browser.new_context(service_workers="block").new_page()
        worker_context = browser.new_context()
        worker = installed(worker_context, url)
        for what, path in (("home page", ""), ("add form", "/-/add"), ("due page", "/-/due")):
            times: dict[str, list[float]] = {"with": [], "without": []}
            for i in range(runs + 1):
                with_worker, without = load(worker, url + path), load(plain, url + path)
                if i:  # the first round warms up
                    times["with"].append(with_worker)
                    times["without"].append(without)
            rows.append({
                "page": f"{what}, with the service worker", "goal": 1.1,
                "journal": statistics.median(times["with"]),
                "other": statistics.median(times["without"]), "peer": "without it",
            })  # fmt: skip
        online = [load(plain, url + "/-/add") for _ in range(runs + 1)][1:]
        # A phone's network: a good 4G connection's round trip and speeds.
        cdp = plain.context.new_cdp_session(plain)
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        on_phone = [load(plain, url + "/-/add") for _ in range(runs + 1)][1:]
        worker_context.set_offline(True)
        offline = [load(worker, url + "/-/add") for _ in range(runs + 1)][1:]
        if worker.locator(".journal-offline").count() != 1:
            sys.exit("the add form offline did not come from the worker's cache")
        for peer, times in (("online on loopback, no worker", online),
                            ("online on a 4G network (40 ms), no worker", on_phone)):  # fmt: skip
            rows.append({
                "page": "add form offline, from the worker's cache", "goal": 0.5,
                "journal": statistics.median(offline), "other": statistics.median(times),
                "peer": peer,
            })  # fmt: skip
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    process, url = serve(args.journal)
    try:
        print(json.dumps(measure(url, args.runs)))
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
