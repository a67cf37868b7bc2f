"""A LinkedIn Connections.csv of any size, deterministic, for the import benchmark.

    python benchmarks/linkedin.py OUT.csv --rows 100000 [--seed 1] [--no-notes]

As LinkedIn writes it: a "Notes:" paragraph, a blank line, then the header and one row
per connection; accented names, a fifth with an email, dates like "17 Nov 2026".
`--no-notes` leaves the paragraph out, for tools that expect the header first.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import CITIES, COMPANIES, FIRST, LAST  # noqa: E402

NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed"
    ' their connections to see or download their email address."\n\n'
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
ROLES = ["Engineer", "Journalist", "Founder", "Designer, Senior", "Head of Product"]


def write_connections(path: Path, rows: int, *, seed: int = 1, notes: bool = True) -> None:
    rng = random.Random(seed)
    first, last = FIRST.split(), LAST.split()
    companies = COMPANIES.split("|") + CITIES.split("|")
    start = dt.date(2012, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        if notes:
            f.write(NOTES)
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            given, family = rng.choice(first), f"{rng.choice(last)}-{i}"
            on = start + dt.timedelta(days=rng.randrange(5000))
            writer.writerow(
                [
                    given,
                    family,
                    f"https://www.linkedin.com/in/{given.lower()}-{i}",
                    f"{given.lower()}.{i}@example.org" if rng.random() < 0.2 else "",
                    rng.choice(companies),
                    rng.choice(ROLES),
                    on.strftime("%d %b %Y"),
                ]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-notes", action="store_true")
    args = parser.parse_args(argv)
    write_connections(args.out, args.rows, seed=args.seed, notes=not args.no_notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
