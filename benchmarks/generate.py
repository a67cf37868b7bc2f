"""A deterministic journal of any size, for the benchmarks.

    python benchmarks/generate.py OUT.db --people 100000 [--interactions 10] [--seed 1]

People have accented names, handles, emails, companies, cities and tags; a tenth were
met at one of the events, a tenth were introduced by someone already there; each has
`--interactions` log entries on average. A third have a follow-up, and as in a journal
in use, those due before END are nearly all done; one in fifty has a keep-in-touch
cadence and a recent contact. Half have a birthday (a quarter of those without the
year), one in twenty an anniversary. The same arguments always give the same rows.

The schema comes from the journal itself (Connection creates it); rows go in with
executemany in one transaction, and the triggers keep the search index, `last_contact`
and `next_due` current as they would for rows the CLI wrote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

FIRST = "Zoë Ana Benji Chloé Dário Émile Fatima Gül Håkon Inès Jürgen Kofi Łucja Marie Nuño"
FIRST += " Oğuz Pål Quentin Renée Søren Tomás Ulla Vérane Wojciech Xóchitl Yusuf Zdeněk"
LAST = "Müller Moreau Núñez Öztürk Ødegaard Černý Kowalczyk García Dubois Lefèvre Smith"
LAST += " Nakamura Okafor Rossi Schäfer Wójcik Björk Sørensen Ó'Brien Fernández"
COMPANIES = "The Paper|Acme|Datasette Inc|Université Lyon|Bäckerei Groß|Globex|Initech|Öko AG"
CITIES = "London|Berlin|Paris|Zürich|Kraków|São Paulo|Oslo|Lisbon|København|New York"
TAGS = "press|python|sqlite|hiring|founder|design|ai|music|climate|friend"
START = dt.date(2020, 1, 1)
END = dt.date(2026, 11, 1)  # the last day of the log


def generate(path: Path, *, people: int, interactions: int = 10, seed: int = 1) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from journal.db import Connection
    from journal.fields import FOUND_VIA, INTERACTION_KINDS
    from journal.text.handles import name_key

    rng = random.Random(seed)
    first, last = FIRST.split(), LAST.split()
    companies, cities, tags = COMPANIES.split("|"), CITIES.split("|"), TAGS.split("|")
    events = max(1, people // 50)
    store = Connection(path)
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO events (id, name, date, place, city) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    e,
                    f"{rng.choice(tags).title()} meetup #{e}",
                    (START + dt.timedelta(days=rng.randrange(2500))).isoformat(),
                    "Town hall",
                    rng.choice(cities),
                )
                for e in range(1, events + 1)
            ],
        )
        person_rows, handle_rows, email_rows, log_rows, plan_rows = [], [], [], [], []
        for i in range(1, people + 1):
            name = f"{rng.choice(first)} {rng.choice(last)} {i}"
            met = START + dt.timedelta(days=rng.randrange(2500))
            how = rng.choice(FOUND_VIA)
            cadence = rng.choice([30, 90, 180]) if rng.random() < 0.02 else None
            person_rows.append(
                (
                    i,
                    name,
                    name_key(name),
                    rng.choice(companies),
                    rng.choice(["engineer", "journalist", "founder", "designer", None]),
                    rng.choice(cities),
                    f'["{rng.choice(tags)}", "{rng.choice(tags)}"]',
                    how,
                    rng.randrange(1, events + 1) if how == "event" else None,
                    rng.randrange(1, i) if how == "introduction" and i > 1 else None,
                    met.isoformat(),
                    f"Met {name.split()[0]} and talked about {rng.choice(tags)}.",
                    cadence,
                )
            )
            handle_rows.append((i, "twitter", f"user{i}", f"https://x.com/user{i}"))
            email_rows.append((i, f"person{i}@example.org"))
            days = [
                min(END, met + dt.timedelta(days=rng.randrange(700)))
                for _ in range(rng.randrange(2 * interactions + 1))
            ]
            if cadence:
                days.append(END - dt.timedelta(days=rng.randrange(cadence)))
            for day in days:
                log_rows.append(
                    (
                        i,
                        day.isoformat(),
                        rng.choice(INTERACTION_KINDS),
                        f"Talked about {rng.choice(tags)}",
                    )
                )
            if rng.random() < 1 / 3:
                due = START + dt.timedelta(days=rng.randrange(2700))
                done = due < END and rng.random() < 0.97
                plan_rows.append(
                    (
                        i,
                        "follow up",
                        due.isoformat(),
                        rng.choice(cities),
                        "done" if done else "open",
                        f"{due.isoformat()}T18:00:00" if done else None,
                    )
                )
        store.conn.executemany(
            "INSERT INTO people (id, name, name_key, company, role, city, tags, found_via,"
            " event_id, via_id, met_on, story, keep_in_touch_days)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            person_rows,
        )
        store.conn.executemany(
            "INSERT INTO handles (person_id, network, handle, url) VALUES (?, ?, ?, ?)",
            handle_rows,
        )
        store.conn.executemany("INSERT INTO emails (person_id, email) VALUES (?, ?)", email_rows)
        store.conn.executemany(
            "INSERT INTO interactions (person_id, date, kind, note) VALUES (?, ?, ?, ?)",
            log_rows,
        )
        store.conn.executemany(
            "INSERT INTO follow_ups (person_id, action, due, city, status, done_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            plan_rows,
        )
        # Birthdays for half the people (a quarter of them without the year) and an
        # anniversary for one in twenty, from a generator of their own, so the rows
        # above stay what they were.
        dated = random.Random(seed + 1)
        date_rows = []
        for i in range(1, people + 1):
            for label, share in (("birthday", 1 / 2), ("anniversary", 1 / 20)):
                if dated.random() < share:
                    day = dt.date(1950, 1, 1) + dt.timedelta(days=dated.randrange(60 * 365))
                    text = day.isoformat() if dated.random() < 3 / 4 else "--" + day.isoformat()[5:]
                    date_rows.append((i, label, text))
        store.conn.executemany(
            "INSERT INTO important_dates (person_id, label, date) VALUES (?, ?, ?)", date_rows
        )
        # Introductions you made: one for every 50 people, between two of them, each
        # drawn by a generator of its own so the rows above stay as they were.
        pick = random.Random(seed + 2)
        store.conn.executemany(
            "INSERT INTO introductions (person_id, other_id, date, note) VALUES (?, ?, ?, ?)",
            [
                (a, b, (START + dt.timedelta(days=pick.randrange(2500))).isoformat(), "intro")
                for a, b in (
                    (pick.randrange(1, people + 1), pick.randrange(1, people + 1))
                    for _ in range(people // 50)
                )
                if a != b
            ],
        )
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--interactions", type=int, default=10, help="per person, on average")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists")
    generate(args.out, people=args.people, interactions=args.interactions, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
