"""Time the journal's Datasette pages on a big journal against a small one, side by side.

    python benchmarks/web.py [--runs 10] [--big 10000] [--small 100]

Generates two journals (benchmarks/generate.py), serves each with the same Datasette
that `journal serve` runs (the project's metadata and plugin), and requests each page
from both alternately, in-process through Datasette's ASGI client, so the network is
not measured. Prints the median time of each and the ratio big/small against the goal
of issue 8 (at most 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate  # noqa: E402
from journal.web.server import datasette_for  # noqa: E402

GOAL = 1.5
PAGES = {
    "people page (facets)": "/people",
    "people page, filtered by how found": "/people?found_via=event",
    "people search": "/people?_search=muller",
    "person card": "/people/{middle}",
    "database page (due, recent)": "",
}


async def measure(sites: dict[str, tuple], path: str, runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in sites}
    for i in range(runs + 1):  # the first round warms up and is not counted
        for name, (ds, base, middle) in sites.items():
            url = base + path.format(middle=middle)
            start = time.perf_counter()
            response = await ds.client.get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            if i:
                times[name].append(elapsed)
    return {name: statistics.median(t) for name, t in times.items()}


async def main_async(args) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        sites = {}
        for name, people in (("small", args.small), ("big", args.big)):
            path = Path(tmp) / f"{name}.db"
            generate(path, people=people)
            ds = datasette_for(path)
            await ds.invoke_startup()
            sites[name] = (ds, ds.urls.database(path.stem), people // 2)
        print(f"Datasette pages, {args.big:,} people / {args.small:,} people,", end=" ")
        print(f"medians of {args.runs} alternating runs\n")
        print(f"| page | {args.small:,} people | {args.big:,} people | ratio | goal |")
        print("| --- | ---: | ---: | ---: | --- |")
        missed = 0
        for label, page in PAGES.items():
            t = await measure(sites, page, args.runs)
            ratio = t["big"] / t["small"]
            missed += ratio > GOAL
            print(
                f"| {label} | {t['small'] * 1000:.1f} ms | {t['big'] * 1000:.1f} ms"
                f" | {ratio:.2f} | ≤ {GOAL}{'' if ratio <= GOAL else ' (missed)'} |"
            )
    return 2 if args.strict and missed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--strict", action="store_true", help="exit 2 when a goal is missed")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
