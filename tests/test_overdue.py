"""One rule for what is overdue (journal.text.dates.standing): the due command, the due
page, the home, the calendar feed and a trip all say it of the same plans."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import Pages

from journal.text.dates import days_overdue, standing

PLANS = {"send the paper": "2026-11-20", "call": "2026-11-25", "lunch": "2026-11-28"}


@pytest.mark.parametrize(
    ("due", "expected", "late"),
    [
        ("2026-11-24", "overdue", 1),
        ("2025-11-25", "overdue", 365),
        ("2026-11-25", "today", 0),
        ("2026-11-26", "coming", 0),
        (None, "any time", 0),
    ],
)
def test_standing(due, expected, late):
    on = date(2026, 11, 25)
    assert standing(due, on) == expected
    assert days_overdue(due, on) == late


@pytest.fixture
def planned(journal, db_path):
    journal.ok("add", "Kim Ode", "--city", "London")
    for action, due in PLANS.items():
        journal.ok("follow-up", "Kim", action, "--due", due, "--in", "London")
    journal.ok("follow-up", "Kim", "write back")  # any time
    return db_path


def test_every_face_says_the_same_plans_are_overdue(planned, journal):
    overdue = {"send the paper"}
    cli = {i["action"] for i in journal.json("due", "--within", "2w") if i["days_overdue"]}
    assert cli == overdue
    site = Pages(planned)
    page = site.get("/-/due").text
    overdue_part = page.split("Overdue", 1)[1].split("Coming up", 1)[0]
    assert [a for a in PLANS if a in overdue_part] == ["send the paper"]
    home = site.get("").text
    assert home.count("overdue since") == 1
    feed = site.get("/due.ics").text.replace("\r\n ", "")
    assert feed.count("Overdue since") == 1 and "Overdue since 2026-11-20" in feed
    trip = journal.json("trip", "London")
    assert [p["overdue"] for p in trip["people"]] == [True]
