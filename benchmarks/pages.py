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
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journal.web.server import datasette_for  # noqa: E402

# (what, goal, path under the database); {middle} is someone in the middle of the journal.
PAGES = [
    ("people page", 1.5, "/people"),
    ("person card", 1.5, "/people/{middle}"),
    ("people, filtered by how found", None, "/people?found_via=event"),
    ("people, searched", None, "/people?_search=muller"),
    ("database page (due, recent)", None, ""),
    ("trip page", 1.5, "/-/trip?city=London"),
    ("network page", 1.5, "/-/network"),
    ("map page", 1.5, "/-/map"),
    ("stats page", 1.5, "/-/stats"),
]


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
