"""DATE and PERIOD as the user types them, read with dateutil underneath."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

DATE_HINT = (
    "try 2026-11-24, today, 'in 3 days', '2 weeks ago', 'last week', 'next friday', '24 Nov 2026'"
)
PERIOD_HINT = "try 3d, 2w, 3m, 1y, '90 days', weekly, monthly, quarterly"

UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "mos": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}  # fmt: skip
NAMED_PERIODS = {
    "daily": (1, "days"),
    "weekly": (1, "weeks"),
    "fortnightly": (2, "weeks"),
    "biweekly": (2, "weeks"),
    "monthly": (1, "months"),
    "quarterly": (3, "months"),
    "yearly": (1, "years"),
    "annually": (1, "years"),
}
FREQ = {"days": "DAILY", "weeks": "WEEKLY", "months": "MONTHLY", "years": "YEARLY"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MAX_COUNT = 10_000
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3,
}  # fmt: skip

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_AMOUNT = rf"(?P<count>\d+|{_NUMBER})\s*(?P<unit>{_UNIT})"
IN_FUTURE = re.compile(rf"in\s+{_AMOUNT}")
IN_PAST = re.compile(rf"{_AMOUNT}\s+ago")
# "last week", "next month": one unit back or ahead.
ONE_UNIT = re.compile(r"(?P<which>next|last)\s+(?P<unit>week|month|year)")
WEEKDAY = re.compile(r"(?:(?P<which>next|last|this)\s+)?(?P<day>[a-z]{3,9})")
PERIOD = re.compile(rf"(?P<count>\d+|an?)?\s*(?P<unit>{_UNIT})")
NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?")
# Locales whose dates put the month first.
MONTH_FIRST = ("_US", "_PH", "_FM", "_MH", "_PW")
MONTHS_ABROAD = {
    **dict.fromkeys(("janvier", "januar", "enero", "gennaio"), "January"),
    **dict.fromkeys(("février", "fevrier", "februar", "febrero", "febbraio"), "February"),
    **dict.fromkeys(("mars", "märz", "marz", "marzo"), "March"),
    **dict.fromkeys(("avril", "abril", "aprile"), "April"),
    **dict.fromkeys(("mai", "mayo", "maggio"), "May"),
    **dict.fromkeys(("juin", "juni", "junio", "giugno"), "June"),
    **dict.fromkeys(("juillet", "juli", "julio", "luglio"), "July"),
    **dict.fromkeys(("août", "aout", "agosto"), "August"),
    **dict.fromkeys(("septembre", "septiembre", "settembre"), "September"),
    **dict.fromkeys(("octobre", "oktober", "octubre", "ottobre"), "October"),
    **dict.fromkeys(("novembre", "noviembre"), "November"),
    **dict.fromkeys(("décembre", "decembre", "dezember", "diciembre", "dicembre"), "December"),
}


class DateError(ValueError):
    """A date or period that cannot be read; the message is for the user."""


def today() -> dt.date:
    return dt.date.today()


def standing(due: str | None, on: dt.date) -> str:
    """Where something due on `due` (ISO, or None for any time) stands on the day `on`:
    "overdue", "today", "coming" or "any time". Every face sorts and words it by this."""
    if due is None:
        return "any time"
    day = on.isoformat()
    return "overdue" if due < day else "today" if due == day else "coming"


def days_overdue(due: str | None, on: dt.date) -> int:
    """How many days late something due on `due` is on `on`: 0 unless overdue."""
    if standing(due, on) != "overdue":
        return 0
    return (on - dt.date.fromisoformat(due)).days


def _count(text: str) -> int:
    return NUMBER_WORDS[text] if text in NUMBER_WORDS else int(text)


def _weekday(name: str) -> int | None:
    for number, day in enumerate(WEEKDAYS):
        if day.startswith(name) and len(name) >= 3:
            return number
    return None


class PartialDate:
    """A date remembered in part: a year, or a year and a month. Stored as the partial
    ISO text (`2011`, `2019-03`), which sorts with full dates; never given a day."""

    __slots__ = ("year", "month")

    def __init__(self, year: int, month: int | None = None):
        self.year, self.month = year, month

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and (self.year, self.month) == (
            other.year,
            other.month,
        )

    def __hash__(self) -> int:
        return hash((self.year, self.month))

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"


def parse_date(text: str, *, prefer: str = "past", today: dt.date | None = None) -> dt.date:
    """Read a DATE. A bare weekday is the last one for prefer="past", the next for "future".
    A date without its day (`2011`, `March 2019`) is refused: no day is invented."""
    when = parse_when(text, prefer=prefer, today=today)
    if isinstance(when, PartialDate):
        raise DateError(
            f"{text!r} has no day; give one (e.g. {when.isoformat()}-01 or"
            f" '1 {_month_name(when.month or 1)} {when.year}')"
        )
    return when


def when_from_iso(text: str) -> dt.date | PartialDate:
    """A stored date, whole (`2019-03-14`) or in part (`2019-03`, `2011`)."""
    if m := re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text):
        month = int(m[2]) if m[2] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {text!r}")
        return PartialDate(int(m[1]), month)
    return dt.date.fromisoformat(text)


def _month_name(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%b")


def parse_when(
    text: str, *, prefer: str = "past", today: dt.date | None = None
) -> dt.date | PartialDate:
    """Read a DATE, or a date remembered in part (`2011`, `March 2019`, `2019-03`)."""
    base = today or dt.date.today()
    words = " ".join(text.strip().lower().split())
    if not words:
        raise DateError(f"a date is needed ({DATE_HINT})")
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if words in relative:
        return base + dt.timedelta(days=relative[words])
    for pattern, sign in ((IN_FUTURE, 1), (IN_PAST, -1)):
        if m := pattern.fullmatch(words):
            count = _count(m["count"])
            if count > MAX_COUNT:
                raise DateError(f"{text!r} is too far away")
            return base + relativedelta(**{UNITS[m["unit"]]: sign * count})
    if m := ONE_UNIT.fullmatch(words):
        sign = 1 if m["which"] == "next" else -1
        return base + relativedelta(**{UNITS[m["unit"]]: sign})
    if (m := WEEKDAY.fullmatch(words)) and (day := _weekday(m["day"])) is not None:
        ahead = (day - base.weekday()) % 7
        behind = (base.weekday() - day) % 7
        which = m["which"] or ("next" if prefer == "future" else "last")
        if which == "next" and m["which"]:
            # "next friday": the Friday of next week ("friday" is the coming one).
            return base + dt.timedelta(days=7 - base.weekday() + day)
        if which == "next":
            return base + dt.timedelta(days=ahead)
        if which == "last":
            days = behind or (7 if m["which"] else 0)
            return base - dt.timedelta(days=days)
        return base + dt.timedelta(days=ahead)  # "this friday"
    return _dateutil(text, base)


def date_order() -> str:
    """`dmy` or `mdy`: how a numeric date such as 3/4 is read. JOURNAL_DATE_ORDER says,
    else the locale: month first in the United States (and the C locale), day first
    nearly everywhere else."""
    said = os.environ.get("JOURNAL_DATE_ORDER", "").strip().lower()
    if said in ("dmy", "mdy"):
        return said
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(name)
        if value:
            region = value.split(".")[0]
            if region in ("C", "POSIX") or region.endswith(MONTH_FIRST):
                return "mdy"
            return "dmy"
    return "mdy"


def _numeric(words: str, base: dt.date) -> dt.date | None:
    """`26/11`, `26/11/2026`, `3.4.26`: day or month first as the date order says, unless
    only one reading is a date."""
    m = NUMERIC.fullmatch(words)
    if not m:
        return None
    a, b = int(m[1]), int(m[2])
    year = base.year if m[3] is None else int(m[3]) + (2000 if len(m[3]) == 2 else 0)
    day, month = (a, b) if date_order() == "dmy" else (b, a)
    if month > 12 and day <= 12:
        day, month = month, day
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"no such day: {words!r}") from None


def _english_months(text: str) -> str:
    """`26 novembre` is `26 November`: month names of other languages, for dateutil."""
    return " ".join(MONTHS_ABROAD.get(w.casefold().strip("."), w) for w in text.split())


def _dateutil(text: str, base: dt.date) -> dt.date | PartialDate:
    """What dateutil reads, told apart from what it would fill in from its default: read
    twice with two defaults, a part that comes out different both times was not typed."""
    from dateutil import parser

    found = _numeric(" ".join(text.split()), base)
    if found is not None:
        return found
    text = _english_months(text)

    try:
        first = parser.parse(text, default=dt.datetime(base.year, 1, 1))
        other = parser.parse(text, default=dt.datetime(base.year + 28, 12, 28))
    except (ValueError, OverflowError):
        raise DateError(f"cannot read date {text!r} ({DATE_HINT})") from None
    has_year, has_month = first.year == other.year, first.month == other.month
    if first.day == other.day:  # a day typed: the rest, where missing, as today's
        try:
            parsed = parser.parse(text, default=dt.datetime(base.year, base.month, base.day))
        except (ValueError, OverflowError):
            raise DateError(f"cannot read date {text!r} ({DATE_HINT})") from None
        return parsed.date()
    if has_year:
        return PartialDate(first.year, first.month if has_month else None)
    raise DateError(f"{text!r} needs a day or a year ({DATE_HINT})")


@dataclass(frozen=True)
class Period:
    count: int
    unit: str  # days, weeks, months or years

    def after(self, d: dt.date) -> dt.date:
        return d + relativedelta(**{self.unit: self.count})

    def before(self, d: dt.date) -> dt.date:
        return d - relativedelta(**{self.unit: self.count})

    @property
    def days(self) -> int:
        """Approximate length, for cadences stored in days."""
        per_unit = {"days": 1, "weeks": 7, "months": 30.44, "years": 365}[self.unit]
        return round(self.count * per_unit)

    def to_rrule(self) -> str:
        rule = f"FREQ={FREQ[self.unit]}"
        return rule if self.count == 1 else f"{rule};INTERVAL={self.count}"

    def __str__(self) -> str:
        unit = self.unit if self.count != 1 else self.unit[:-1]
        return f"{self.count} {unit}"


def parse_period(text: str) -> Period:
    words = " ".join(text.strip().lower().split())
    # "every 3 months", "every month", as a recurrence is shown.
    words = words.removeprefix("every ")
    if words in UNITS and len(words) > 2:
        words = f"1 {words}"
    if words in NAMED_PERIODS:
        return Period(*NAMED_PERIODS[words])
    m = PERIOD.fullmatch(words)
    if not m or not m["count"]:
        raise DateError(f"cannot read period {text!r} ({PERIOD_HINT})")
    count = _count(m["count"])
    if not 0 < count <= MAX_COUNT:
        raise DateError(f"a period must be between 1 and {MAX_COUNT} units, not {text!r}")
    return Period(count, UNITS[m["unit"]])


def period_from_rrule(rrule: str) -> Period:
    parts = dict(part.split("=", 1) for part in rrule.upper().split(";") if "=" in part)
    units = {freq: unit for unit, freq in FREQ.items()}
    if parts.get("FREQ") not in units:
        raise DateError(f"unsupported recurrence {rrule!r}")
    return Period(int(parts.get("INTERVAL", 1)), units[parts["FREQ"]])


def every_text(period: Period) -> str:
    """`every month`, `every 3 months`: a cadence or a recurrence in words."""
    return f"every {period.unit[:-1]}" if period.count == 1 else f"every {period}"


def rrule_text(rrule: str) -> str:
    """A recurrence in words: `every month`, `every 3 months`."""
    try:
        period = period_from_rrule(rrule)
    except DateError:
        return f"repeats {rrule}"
    return every_text(period)


def period_from_days(days: int) -> Period:
    """The friendliest way to say a cadence stored in days."""
    if days % 365 == 0:
        return Period(days // 365, "years")
    for months in range(1, 120):
        if Period(months, "months").days == days:
            return Period(months, "months")
    if days % 7 == 0:
        return Period(days // 7, "weeks")
    return Period(days, "days")


def rrule_for(period: Period, first: dt.date) -> str:
    """The RRULE for `period` from `first`, clamped to the month's end.

    RFC 5545 skips months without the start's day (monthly from Jan 31 would jump to
    Mar 31); people mean "the last day" there, so such rules say so explicitly.
    """
    rule = period.to_rrule()
    if period.unit == "months" and first.day > 28:
        days = ",".join(str(d) for d in range(28, first.day + 1))
        rule += f";BYMONTHDAY={days};BYSETPOS=-1"
    elif period.unit == "years" and first.month == 2 and first.day == 29:
        rule += ";BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"
    return rule


def next_occurrence(rrule: str, due: dt.date, *, after: dt.date) -> dt.date:
    """The first occurrence of `rrule` (anchored at `due`) strictly after `after`."""
    from dateutil.rrule import rrulestr

    start = dt.datetime(due.year, due.month, due.day)
    rule = rrulestr(rrule, dtstart=start)
    later = rule.after(dt.datetime(after.year, after.month, after.day), inc=False)
    if later is None:
        raise DateError(f"the recurrence {rrule!r} has no date after {after.isoformat()}")
    return later.date()


# A day of the year, with or without its year: `1985-04-07`, `--04-07` (vCard 4 and
# ISO 8601 write a date without its year so), `--0407`, `04-07`, `7 April`, `April 7 1985`.
YEARLESS = re.compile(r"(?:--)?(?P<month>\d{1,2})-?(?P<day>\d{2})")
DAY_HINT = "try 1985-04-07, 04-07 or '7 April'"


def parse_day(text: str) -> str:
    """A date whose year may be left out, as stored: `1985-04-07`, or `--04-07`."""
    words = " ".join(text.strip().split())
    if m := YEARLESS.fullmatch(words):
        month, day = int(m["month"]), int(m["day"])
        try:
            dt.date(2000, month, day)  # a leap year: 29 February is a day
        except ValueError:
            raise DateError(f"{text!r} is not a day of the year ({DAY_HINT})") from None
        return f"--{month:02d}-{day:02d}"
    from dateutil import parser

    # Read twice with different defaults: what changes was not written.
    try:
        one, two = (
            parser.parse(words, default=dt.datetime(year, 1, day))
            for year, day in ((2000, 1), (2004, 2))
        )
    except (ValueError, OverflowError):
        raise DateError(f"cannot read date {text!r} ({DAY_HINT})") from None
    if one.day != two.day:
        raise DateError(f"{text!r} has no day ({DAY_HINT})")
    if one.year != two.year:
        return f"--{one.month:02d}-{one.day:02d}"
    return one.date().isoformat()


def day_on(stored: str, year: int) -> dt.date:
    """A stored day (`1985-04-07` or `--04-07`) in `year`; 29 February is kept on the 28th
    in other years, as the calendar's yearly rule keeps it (see rrule_for)."""
    month, day = int(stored[-5:-3]), int(stored[-2:])
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28
    return dt.date(year, month, day)


def next_day(stored: str, on: dt.date) -> dt.date:
    """The first time a yearly day comes, on `on` or after it."""
    this_year = day_on(stored, on.year)
    return this_year if this_year >= on else day_on(stored, on.year + 1)


def day_text(stored: str) -> str:
    """`1985-04-07` as `7 April 1985`, `--04-07` as `7 April`."""
    month, day = int(stored[-5:-3]), int(stored[-2:])
    year = "" if stored.startswith("--") else f" {int(stored[:4])}"
    return f"{day} {calendar.month_name[month]}{year}"
