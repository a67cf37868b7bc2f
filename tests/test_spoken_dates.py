"""Dates people say and dates they only partly remember (issue 16, point 5); "today" is
Wednesday 2026-11-25 (conftest)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from journal.text.dates import DateError, PartialDate, parse_date, parse_when, when_from_iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", date(2026, 11, 18)),
        ("last month", date(2026, 10, 25)),
        ("last year", date(2025, 11, 25)),
        ("next week", date(2026, 12, 2)),
        ("next month", date(2026, 12, 25)),
        ("a week ago", date(2026, 11, 18)),
        ("an hour ago", None),
        ("in three weeks", date(2026, 12, 16)),
        ("In Three  Weeks", date(2026, 12, 16)),
        ("two days ago", date(2026, 11, 23)),
        ("twelve months ago", date(2025, 11, 25)),
        ("a couple of days ago", date(2026, 11, 23)),
        ("in a few days", date(2026, 11, 28)),
        ("in one year", date(2027, 11, 25)),
    ],
)
def test_spoken_dates(text, expected):
    if expected is None:
        with pytest.raises(DateError):
            parse_date(text)
    else:
        assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2011", "2011"),
        ("March 2019", "2019-03"),
        ("mar 2019", "2019-03"),
        ("2019-03", "2019-03"),
        ("2019 March", "2019-03"),
        ("03/2019", "2019-03"),
    ],
)
def test_dates_remembered_in_part_keep_no_invented_day(text, stored):
    when = parse_when(text)
    assert isinstance(when, PartialDate) and when.isoformat() == stored
    assert when_from_iso(stored) == when


@pytest.mark.parametrize("text", ["2011", "March 2019", "2019-03"])
def test_a_date_that_needs_a_day_refuses_one_without(text):
    with pytest.raises(DateError, match="has no day"):
        parse_date(text)


def test_a_month_without_a_year_is_refused():
    with pytest.raises(DateError, match="needs a day or a year"):
        parse_when("November")


def test_a_whole_day_is_still_a_day():
    assert parse_when("24 Nov") == date(2026, 11, 24)
    assert parse_when("1 March 2019") == date(2019, 3, 1)
    assert parse_when("2019-03-14") == date(2019, 3, 14)


def test_stored_partial_month_must_exist():
    with pytest.raises(ValueError):
        when_from_iso("2019-13")


@pytest.mark.parametrize(
    ("typed", "stored"), [("2011", "2011"), ("March 2019", "2019-03"), ("2019-03", "2019-03")]
)
def test_add_met_in_part_is_stored_and_shown_as_typed(journal, typed, stored):
    person = journal.json("add", "Anne Chabot", "--met", typed, "--event", "Twestival")
    assert person["met_on"] == stored
    # No day to put on the timeline, and the event gets no invented day either.
    assert person["interactions"] == []
    assert person["event"]["date"] == stored
    assert f"met {stored}" in journal.ok("show", "anne")


def test_edit_met_in_part(journal):
    journal.ok("add", "Anne", "--met", "2020-05-01")
    assert journal.json("edit", "anne", "--met", "2011")["met_on"] == "2011"


def test_last_week_is_accepted_by_add(journal):
    assert journal.json("add", "Anne", "--met", "last week")["met_on"] == "2026-11-18"


def test_partial_dates_sort_with_full_ones(journal):
    journal.ok("add", "A", "--met", "2019-03-14")
    journal.ok("add", "B", "--met", "2019-03")
    journal.ok("add", "C", "--met", "2011")
    journal.ok("add", "D", "--met", "2019-04-01")
    assert [p["name"] for p in journal.json("list")] == ["D", "A", "B", "C"]


def test_a_due_date_needs_a_day(journal):
    message = journal.fails(2, "add", "Anne", "--follow-up", "call", "--due", "2027")
    assert "--due: '2027' has no day" in message


def test_a_cadence_counts_from_the_start_of_a_year_or_month(journal, fresh_db, db_path):
    journal.ok("add", "Anne", "--met", "2011")
    journal.ok("keep-in-touch", "anne", "3m")
    # Not seen since 2011: due from the day the cadence was set.
    assert journal.json("show", "anne")["next_due"] == "2026-11-25"
    # A cadence without that day (from an older file): counted from the month's first day.
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO people (name, name_key, met_on, keep_in_touch_days)"
            " VALUES ('Bo', 'bo', '2019-03', 30)"
        )
        conn.execute("UPDATE people SET met_on = '2011' WHERE name = 'Bo'")
    rows = conn.execute("SELECT next_due FROM people WHERE name = 'Bo'").fetchall()
    conn.close()
    assert rows == [("2011-01-31",)]


def test_export_and_import_keep_partial_dates(journal, tmp_path):
    journal.ok("add", "Anne", "--met", "March 2019")
    for fmt in ("json", "vcard"):
        out = tmp_path / f"out.{fmt}"
        journal.ok("export", fmt, "-o", str(out))
        other = tmp_path / f"other-{fmt}.db"
        journal.ok("--db", str(other), "import", fmt, str(out))
        assert journal.json("--db", str(other), "show", "anne")["met_on"] == "2019-03"
