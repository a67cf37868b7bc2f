"""Time the journal's Datasette pages on a big journal against a small one, side by side.

    python benchmarks/pages.py BIG.db SMALL.db [--runs 10]

Serves each journal with the Datasette that `journal serve` runs (the project's metadata
and plugin) and requests each page from both alternately, in-process through Datasette's
ASGI client, so that no network is measured; the first round warms up and is not
counted. Prints, as JSON, the median milliseconds of each page on each journal and the
goal, if the page has one. `run.py` runs it and puts the figures in its table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journal.web.server import datasette_for  # noqa: E402

# (what, goal, path under the database); {middle} is someone in the middle of the journal.
PAGES = [
    ("people page (the contact list)", 1.5, "/people"),
    ("person card", 1.5, "/people/{middle}"),
    ("people, filtered by how found", 2.0, "/people?how=event"),
    ("people, searched", 2.0, "/people?q=muller"),
    ("home page (due, recent)", 1.5, ""),
    ("search page", 1.5, "/-/search?q=muller"),
    ("due page", 1.5, "/-/due"),
    ("add form", 1.5, "/-/add"),
    ("edit form", 1.5, "/people/{middle}/-/edit"),
    ("Datasette's people table", None, "/people?_view=datasette"),
    ("Datasette's people table, filtered by how found", None, "/people?found_via=event"),
    ("Datasette's database page", None, "?_view=datasette"),
    ("trip page", 1.5, "/-/trip?city=London"),
    ("network page", 1.5, "/-/network"),
    ("map page", 1.5, "/-/map"),
    ("stats page", 1.5, "/-/stats"),
]
# A form POST that adds a person, with the add form's token and cookie, as a browser.
ADD = ("add a person (form POST)", 1.5, "/-/add")
TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


async def add_person(ds, base: str, n: int) -> float:
    """Post the add form once (its token read first, not timed); the seconds it took."""
    form = await ds.client.get(base + ADD[2])
    cookies = dict(form.cookies)
    data = {
        "csrftoken": TOKEN.search(form.text).group(1),
        "name": f"Bench Person {os.getpid()}-{n}",  # each run of this script: new names
        "company": "Acme",
        "city": "London",
        "tags": "meetup",
        "how": "event",
        "event": "#1",
        "story": "Met at the bench.",
    }
    start = time.perf_counter()
    response = await ds.client.post(base + ADD[2], data=data, cookies=cookies)
    elapsed = time.perf_counter() - start
    if response.status_code != 302:
        said = re.findall(r'class="(?:journal-error|message-error)"[^>]*>([^<]*)', response.text)
        why = said or response.text[:300]
        raise SystemExit(f"{base}{ADD[2]}: HTTP {response.status_code}: {why}")
    return elapsed


async def measure(paths: dict[str, Path], runs: int) -> list[dict]:
    sites = {}
    for label, path in paths.items():
        with sqlite3.connect(path) as conn:
            (people,) = conn.execute("SELECT count(*) FROM people").fetchone()
        ds = datasette_for(path)
        await ds.invoke_startup()
        sites[label] = (ds, ds.urls.database(path.stem), max(1, people // 2))
    results = []
    for page, goal, path in PAGES:
        times: dict[str, list[float]] = {label: [] for label in sites}
        for i in range(runs + 1):
            for label, (ds, base, middle) in sites.items():
                url = base + path.format(middle=middle)
                start = time.perf_counter()
                response = await ds.client.get(url)
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
                if i:
                    times[label].append(elapsed * 1000)
        results.append(
            {"page": page, "goal": goal, **{k: statistics.median(v) for k, v in times.items()}}
        )
    times = {label: [] for label in sites}
    for i in range(runs + 1):
        for label, (ds, base, _) in sites.items():
            elapsed = await add_person(ds, base, i)
            if i:
                times[label].append(elapsed * 1000)
    results.append(
        {"page": ADD[0], "goal": ADD[1], **{k: statistics.median(v) for k, v in times.items()}}
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("big", type=Path)
    parser.add_argument("small", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    results = asyncio.run(measure({"big": args.big, "small": args.small}, args.runs))
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
