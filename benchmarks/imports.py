"""Time `journal import linkedin` against `sqlite-utils insert --csv` of the same rows.

    python benchmarks/imports.py [--rows 10000,100000] [--runs 3]

For each size, writes a Connections.csv (benchmarks/linkedin.py) and the same rows
without LinkedIn's "Notes:" paragraph, which sqlite-utils cannot skip. Each run imports
into a new database; the two tools run alternately, after one warm-up each. Prints the
median wall time and peak RSS of each, the ratio journal/sqlite-utils, and journal's
peak memory at the largest size against the smallest.

Not the same work: sqlite-utils inserts one table of text; journal matches every row
against the journal (email, profile URL, name), parses dates and profile URLs, and
fills people, handles, emails and the search index, in one transaction.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.linkedin import write_connections  # noqa: E402

GOAL = 1.0
MEMORY_GOAL = 1.3


def timed(argv: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one run; fails loudly if the command does."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(argv)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    journal = [sys.executable, "-m", "journal"]
    sqlite_utils = shutil.which("sqlite-utils") or sys.exit("sqlite-utils is not on PATH")
    sizes = [int(n) for n in args.rows.split(",")]
    print(f"LinkedIn import, medians of {args.runs} alternating runs (after a warm-up)\n")
    print("| rows | journal | sqlite-utils | ratio | journal peak RSS | sqlite-utils peak RSS |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for rows in sizes:
            linkedin, plain = tmp / f"{rows}.csv", tmp / f"{rows}-plain.csv"
            write_connections(linkedin, rows)
            write_connections(plain, rows, notes=False)
            results = {"journal": [], "sqlite-utils": []}
            for run in range(args.runs + 1):
                for tool in results:
                    db = tmp / f"{tool}-{rows}-{run}.db"
                    if tool == "journal":
                        cmd = [*journal, "--db", str(db), "import", "linkedin", str(linkedin)]
                    else:
                        cmd = [sqlite_utils, "insert", str(db), "connections", str(plain), "--csv"]
                    outcome = timed(cmd)
                    if run:
                        results[tool].append(outcome)
                    db.unlink()
                    for suffix in ("-wal", "-shm"):
                        Path(f"{db}{suffix}").unlink(missing_ok=True)
            j = statistics.median(t for t, _ in results["journal"])
            s = statistics.median(t for t, _ in results["sqlite-utils"])
            jr = max(m for _, m in results["journal"])
            sr = max(m for _, m in results["sqlite-utils"])
            peaks[rows] = jr
            print(
                f"| {rows:,} | {j:.2f} s | {s:.2f} s | {j / s:.2f} (goal ≤ {GOAL})"
                f" | {jr / 1024:.1f} MiB | {sr / 1024:.1f} MiB |"
            )
    small, big = min(sizes), max(sizes)
    if big != small:
        ratio = peaks[big] / peaks[small]
        print(
            f"\njournal peak memory at {big:,} rows / at {small:,} rows: {ratio:.2f}"
            f" (goal ≤ {MEMORY_GOAL})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
