"""Where an import's time goes: SQLite, statement by statement, and the rest (Python).

    python benchmarks/breakdown.py linkedin [--rows 100000] [--top 15]
    python benchmarks/breakdown.py twitter [--rows 100000]

Runs `journal import` in this process on the file run.py generates for the same
benchmark, into a new journal in a temporary folder, and times every call into SQLite
(`execute`, `executemany`, `commit`) under the first words of its statement. Timing adds
a little to each call, so the total comes out somewhat above run.py's; read the shares.
"""

from __future__ import annotations

import argparse
import collections
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.linkedin import write_connections  # noqa: E402
from benchmarks.twitter import write_archive  # noqa: E402

SECONDS: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()


def timed(label: str, call, *args):
    start = time.perf_counter()
    try:
        return call(*args)
    finally:
        SECONDS[label] += time.perf_counter() - start
        CALLS[label] += 1


def label(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()[:72]


class Timed(sqlite3.Connection):
    def execute(self, sql, *args):
        return timed(label(sql), super().execute, sql, *args)

    def executemany(self, sql, *args):
        return timed(label(sql) + " (many)", super().executemany, sql, *args)

    def commit(self):
        return timed("COMMIT", super().commit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=("linkedin", "twitter"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.format == "linkedin":
            source = folder / "Connections.csv"
            write_connections(source, args.rows)
        else:
            source = folder / "archive"
            write_archive(source, args.rows)
        connect = sqlite3.connect
        sqlite3.connect = lambda *a, **k: connect(*a, **k, factory=Timed)
        start = time.perf_counter()
        from journal.cli import main as journal

        code = journal(["--db", str(folder / "journal.db"), "import", args.format, str(source)])
        total = time.perf_counter() - start
        sqlite3.connect = connect
    if code:
        return code
    in_sqlite = sum(SECONDS.values())
    print(f"\n{'seconds':>8} {'calls':>6}  statement")
    for statement, seconds in SECONDS.most_common(args.top):
        print(f"{seconds:8.2f} {CALLS[statement]:6d}  {statement}")
    print(f"{in_sqlite:8.2f} {'':6}  in SQLite, all statements")
    print(f"{total - in_sqlite:8.2f} {'':6}  the rest: Python, from loading journal to its output")
    print(f"{total:8.2f} {'':6}  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
