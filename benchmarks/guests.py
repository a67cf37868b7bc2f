"""A Luma guest CSV of any size, deterministic, for the guest-list benchmarks (issue 30).

    python benchmarks/guests.py OUT.csv --rows 10000 [--seed 1]

As Luma writes it: UTF-8 with a byte order mark, the 22 fixed columns, then one column
per custom question headed by its text; a third checked in, a few declined or on the
waitlist. The first ten guests are Visitor0 … Visitor9 Example, whom `met` finds by a
first name in any list made here, large or small.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import COMPANIES, FIRST, LAST  # noqa: E402

HEADER = (
    "api_id,name,first_name,last_name,email,phone_number,created_at,approval_status,"
    "checked_in_at,custom_source,qr_code_url,amount,amount_tax,amount_discount,currency,"
    "coupon_code,eth_address,solana_address,survey_response_rating,survey_response_feedback,"
    "ticket_type_id,ticket_name,What's your company?,What's your role?,What's your LinkedIn?"
).split(",")
ROLES = ["Engineer", "Journalist", "Founder", "Designer, Senior", "Head of Product"]
STATUSES = ["approved"] * 17 + ["declined", "waitlist", "pending_approval"]
VISITORS = 10  # the guests `met` looks for: Visitor0 … Visitor9


def write_luma(path: Path, rows: int, *, seed: int = 1) -> None:
    rng = random.Random(seed)
    first, last = FIRST.split(), LAST.split()
    companies = COMPANIES.split("|")
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(HEADER)
        for n in range(rows):
            given, family = (
                (f"Visitor{n}", "Example")
                if n < VISITORS
                else (rng.choice(first), rng.choice(last))
            )
            checked = rng.random() < 0.33
            handle = f"{given}{family}{n}".lower()
            row = {
                "api_id": f"gst-{n:08d}{rng.randrange(16**6):06x}",
                "name": f"{given} {family}",
                "first_name": given,
                "last_name": family,
                "email": f"{handle}@example.org",
                "phone_number": f"+44 7700 {n % 1000000:06d}" if n % 4 == 0 else "",
                "created_at": f"2026-11-{1 + n % 25:02d}T{n % 24:02d}:14:22.318Z",
                "approval_status": rng.choice(STATUSES),
                "checked_in_at": "2026-11-26T19:05:41.002Z" if checked else "",
                "qr_code_url": f"https://lu.ma/check-in/evt-bench?pk=g-{n:x}",
                "ticket_type_id": "evtticktyp-bench",
                "ticket_name": "General Admission",
                "What's your company?": rng.choice(companies),
                "What's your role?": rng.choice(ROLES),
                "What's your LinkedIn?": f"https://www.linkedin.com/in/{handle}" if n % 3 else "",
            }
            out.writerow([row.get(h, "") for h in HEADER])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_luma(args.out, args.rows, seed=args.seed)


if __name__ == "__main__":
    main()
