"""DATE and PERIOD parsing; "today" is pinned to Wednesday 2026-11-25 by conftest."""

from __future__ import annotations

from datetime import date

import pytest

from journal.text.dates import (
    DateError,
    Period,
    parse_date,
    parse_period,
    period_from_days,
    period_from_rrule,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-24", date(2026, 11, 24)),
        ("today", date(2026, 11, 25)),
        (" Today ", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 26)),
        ("in 3 days", date(2026, 11, 28)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("in a month", date(2026, 12, 25)),
        ("in 1 year", date(2027, 11, 25)),
        ("3 weeks ago", date(2026, 11, 4)),
        ("a month ago", date(2026, 10, 25)),
        ("2 years ago", date(2024, 11, 25)),
        ("next friday", date(2026, 12, 4)),  # the Friday of next week (issue 28)
        ("last friday", date(2026, 11, 20)),
        ("next wednesday", date(2026, 12, 2)),
        ("last wednesday", date(2026, 11, 18)),
        ("24 Nov 2026", date(2026, 11, 24)),
        ("Nov 3", date(2026, 11, 3)),
        ("3 March 2025", date(2025, 3, 3)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("friday", "past", date(2026, 11, 20)),
        ("friday", "future", date(2026, 11, 27)),
        ("fri", "future", date(2026, 11, 27)),
        ("monday", "past", date(2026, 11, 23)),
        ("monday", "future", date(2026, 11, 30)),
        ("wednesday", "past", date(2026, 11, 25)),  # today is a Wednesday
        ("wednesday", "future", date(2026, 11, 25)),
        ("this friday", "past", date(2026, 11, 27)),
    ],
)
def test_bare_weekday_depends_on_what_the_date_is_for(text, prefer, expected):
    assert parse_date(text, prefer=prefer) == expected


def test_month_arithmetic_and_explicit_today():
    assert parse_date("in 1 month", today=date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_date("in 1 month", today=date(2028, 1, 31)) == date(2028, 2, 29)
    assert parse_date("1 year ago", today=date(2028, 2, 29)) == date(2027, 2, 28)
    assert parse_date("tomorrow", today=date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    "text", ["blorp", "", "   ", "in x days", "in 3 fortnights", "2026-02-30", "in 99999 days"]
)
def test_unreadable_dates(text):
    with pytest.raises(DateError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", Period(3, "days")),
        ("3 d", Period(3, "days")),
        ("2w", Period(2, "weeks")),
        ("3m", Period(3, "months")),
        ("1y", Period(1, "years")),
        ("90 days", Period(90, "days")),
        ("2 weeks", Period(2, "weeks")),
        ("1 month", Period(1, "months")),
        ("a year", Period(1, "years")),
        ("6 mos", Period(6, "months")),
        ("daily", Period(1, "days")),
        ("weekly", Period(1, "weeks")),
        ("fortnightly", Period(2, "weeks")),
        ("Monthly", Period(1, "months")),
        ("quarterly", Period(3, "months")),
        ("yearly", Period(1, "years")),
        ("annually", Period(1, "years")),
    ],
)
def test_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "sometimes", "0d", "-3d", "1.5w", "3 fortnights", "d"])
def test_unreadable_periods(text):
    with pytest.raises(DateError):
        parse_period(text)


@pytest.mark.parametrize(
    ("period", "rrule", "days", "words"),
    [
        (Period(1, "days"), "FREQ=DAILY", 1, "1 day"),
        (Period(2, "weeks"), "FREQ=WEEKLY;INTERVAL=2", 14, "2 weeks"),
        (Period(1, "months"), "FREQ=MONTHLY", 30, "1 month"),
        (Period(3, "months"), "FREQ=MONTHLY;INTERVAL=3", 91, "3 months"),
        (Period(1, "years"), "FREQ=YEARLY", 365, "1 year"),
    ],
)
def test_period_forms(period, rrule, days, words):
    assert period.to_rrule() == rrule
    assert period_from_rrule(rrule) == period
    assert period.days == days
    assert str(period) == words
    assert period_from_days(days) == period


def test_period_arithmetic():
    assert Period(1, "months").after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert Period(2, "weeks").before(date(2026, 11, 25)) == date(2026, 11, 11)
    assert period_from_days(10) == Period(10, "days")
    assert period_from_days(21) == Period(3, "weeks")
    with pytest.raises(DateError):
        period_from_rrule("FREQ=HOURLY")
