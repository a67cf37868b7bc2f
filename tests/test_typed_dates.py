"""Dates as people type them (issue 28): `next friday` is the Friday of next week,
day-first numeric dates where the locale or JOURNAL_DATE_ORDER says so, month names in
French, German, Spanish and Italian. Today is Wednesday 2026-11-25 (conftest)."""

from __future__ import annotations

from datetime import date

import pytest

from journal.text.dates import DateError, date_order, parse_date


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("friday", "future", date(2026, 11, 27)),
        ("this friday", "past", date(2026, 11, 27)),
        ("next friday", "future", date(2026, 12, 4)),
        ("next friday", "past", date(2026, 12, 4)),
        ("next monday", "future", date(2026, 11, 30)),
        ("last friday", "future", date(2026, 11, 20)),
        ("26 novembre", "past", date(2026, 11, 26)),
        ("3 März 2025", "past", date(2025, 3, 3)),
        ("1 enero 2027", "past", date(2027, 1, 1)),
    ],
)
def test_words(text, prefer, expected):
    assert parse_date(text, prefer=prefer) == expected


@pytest.mark.parametrize(
    ("order", "text", "expected"),
    [
        ("dmy", "3/4/2026", date(2026, 4, 3)),
        ("mdy", "3/4/2026", date(2026, 3, 4)),
        ("dmy", "26/11", date(2026, 11, 26)),
        ("mdy", "26/11", date(2026, 11, 26)),  # only one reading is a date
        ("dmy", "26.11.26", date(2026, 11, 26)),
        ("mdy", "11/26/2026", date(2026, 11, 26)),
    ],
)
def test_numeric_dates_in_either_order(order, text, expected, monkeypatch):
    monkeypatch.setenv("JOURNAL_DATE_ORDER", order)
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("env", "order"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "dmy"),
        ({"LANG": "en_GB.UTF-8"}, "dmy"),
        ({"LANG": "en_US.UTF-8"}, "mdy"),
        ({"LANG": "C.UTF-8"}, "mdy"),
        ({"LANG": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, "dmy"),
        ({"LANG": "fr_FR.UTF-8", "JOURNAL_DATE_ORDER": "mdy"}, "mdy"),
    ],
)
def test_the_order_comes_from_the_locale(env, order, monkeypatch):
    for name in ("LC_ALL", "LC_TIME", "LANG", "JOURNAL_DATE_ORDER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert date_order() == order


def test_no_such_day():
    with pytest.raises(DateError, match="no such day"):
        parse_date("31/2")


def test_the_command_line_reads_day_first(journal, monkeypatch):
    monkeypatch.setenv("JOURNAL_DATE_ORDER", "dmy")
    journal.ok("add", "Ada", "--met", "3/4/2026")
    assert journal.json("show", "Ada")["met_on"] == "2026-04-03"
    assert journal.fails(2, "add", "Bo", "--met", "31/2").startswith("Error: --met: no such day")
