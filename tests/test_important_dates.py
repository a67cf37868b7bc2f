"""Important dates (issue 17, point 2): birthdays with or without their year, other dates
with `journal date`, on the card, in `journal due` within its window and in the calendar.

Today is pinned to Wednesday 2026-11-25 (conftest); tests that need another day travel.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import icalendar
import pytest
import time_machine
from dateutil.rrule import rrulestr

from journal.db import important_dates, people, reads
from journal.text.dates import DateError, next_day, parse_day


@pytest.mark.parametrize(
    "text, stored",
    [
        ("7 April", "--04-07"),
        ("April 7", "--04-07"),
        ("04-07", "--04-07"),
        ("--04-07", "--04-07"),
        ("--0407", "--04-07"),
        ("1985-04-07", "1985-04-07"),
        ("7 April 1985", "1985-04-07"),
        ("29 February", "--02-29"),
        ("2000-02-29", "2000-02-29"),
    ],
)
def test_a_day_is_read_with_or_without_its_year(text, stored):
    assert parse_day(text) == stored


@pytest.mark.parametrize("text", ["April 1985", "02-30", "13-01", "someday", "", "2001-02-29"])
def test_a_day_that_is_not_one_is_refused(text):
    with pytest.raises(DateError):
        parse_day(text)


@pytest.mark.parametrize(
    "stored, on, expected",
    [
        ("--04-07", dt.date(2026, 11, 25), dt.date(2027, 4, 7)),
        ("1985-11-25", dt.date(2026, 11, 25), dt.date(2026, 11, 25)),  # today is today
        ("1985-11-24", dt.date(2026, 11, 25), dt.date(2027, 11, 24)),
        ("--02-29", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),  # no 29th: the 28th
        ("--02-29", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("--02-29", dt.date(2027, 3, 1), dt.date(2028, 2, 29)),
    ],
)
def test_a_yearly_day_comes_next(stored, on, expected):
    assert next_day(stored, on) == expected


def test_birthday_on_add_and_edit_with_and_without_the_year(journal):
    card = journal.json("add", "Ada", "--birthday", "7 April 1985")
    assert [(d["label"], d["date"], d["yearly"], d["next"], d["years"]) for d in card["dates"]] == [
        ("birthday", "1985-04-07", True, "2027-04-07", 42)
    ]
    card = journal.json("edit", "Ada", "--birthday", "04-08")  # a new one replaces it
    assert [(d["date"], d["next"], d["years"]) for d in card["dates"]] == [
        ("--04-08", "2027-04-08", None)
    ]
    out = journal.ok("show", "Ada")
    assert "Dates\n  birthday      8 April, yearly; next 2027-04-08" in out


def test_journal_date_sets_replaces_and_removes(journal):
    journal.ok("add", "Maria")
    out = journal.ok("date", "maria", "anniversary", "2019-06-14", "--yearly")
    assert out == "Maria (#1): anniversary   14 June 2019, yearly; next 2027-06-14 (8 years)\n"
    journal.ok("date", "maria", "visa renewal", "2027-03-01")
    journal.ok("date", "maria", "Visa renewal", "2027-03-02")  # one per label, any case
    dates = journal.json("show", "maria")["dates"]
    assert [(d["label"], d["date"], d["yearly"]) for d in dates] == [
        ("Visa renewal", "2027-03-02", False),
        ("anniversary", "2019-06-14", True),
    ]
    journal.ok("date", "maria", "a day without a year", "3 May")  # can only be yearly
    dates = {d["label"]: d for d in journal.json("show", "maria")["dates"]}
    assert dates["a day without a year"]["yearly"] is True
    assert journal.ok("date", "maria", "visa renewal", "off").startswith("Removed the visa")
    assert [d["label"] for d in journal.json("show", "maria")["dates"]] == [
        "a day without a year",  # 3 May comes before 14 June
        "anniversary",
    ]


@pytest.mark.parametrize(
    "code, args",
    [
        (2, ("date", "Maria", "anniversary", "June 2019")),
        (2, ("date", "Maria", "anniversary", "02-30")),
        (2, ("date", "Maria", " ", "2019-06-14")),
        (1, ("date", "Nobody", "anniversary", "2019-06-14")),
        (1, ("date", "Maria", "wedding", "off")),
        (2, ("add", "Bob", "--birthday", "someday")),
        (2, ("edit", "Maria", "--birthday", "1985")),
    ],
)
def test_bad_dates_change_nothing(journal, code, args):
    journal.ok("add", "Maria", "--birthday", "1990-01-02")
    assert "Error:" in journal.fails(code, *args)


@pytest.fixture
def dated(journal):
    journal.ok("add", "Ada", "--birthday", "1985-11-27", "--met", "2020-01-01")
    journal.ok("add", "Bob", "--birthday", "12-10", "--met", "2020-01-01")
    journal.ok("add", "Cleo", "--met", "2020-01-01")
    journal.ok("date", "Cleo", "anniversary", "2016-11-25", "--yearly")  # today
    journal.ok("date", "Cleo", "visa renewal", "2026-11-30")  # once
    journal.ok("date", "Cleo", "old visa", "2025-11-26")  # once, gone by
    journal.ok("follow-up", "Ada", "send the paper", "--due", "2026-11-20")
    return journal


def test_due_lists_the_dates_of_its_window_among_the_plans(dated):
    items = dated.json("due")
    assert [(i["kind"], i["name"], i["action"], i["due"]) for i in items] == [
        ("follow-up", "Ada", "send the paper", "2026-11-20"),
        ("important-date", "Cleo", "anniversary", "2026-11-25"),
        ("important-date", "Ada", "birthday", "2026-11-27"),
        ("important-date", "Cleo", "visa renewal", "2026-11-30"),
    ]
    birthday = items[2]
    assert [birthday[k] for k in ("label", "date", "years")] == ["birthday", "1985-11-27", 41]
    assert birthday["rrule"] == "FREQ=YEARLY" and birthday["follow_up_id"] is None
    assert items[3]["rrule"] is None
    out = dated.ok("due")
    assert "2026-11-25 (today)           Cleo (#3): anniversary, 10 years\n" in out
    assert "2026-11-27                   Ada (#1): birthday, turns 41\n" in out
    assert "2026-11-30                   Cleo (#3): visa renewal\n" in out
    assert "Bob" not in out  # 10 December: beyond the week
    assert "Bob (#2): birthday\n" in dated.ok("due", "--within", "3w")  # no year, no age


def test_due_wraps_the_year_and_keeps_29_february_on_the_28th(journal):
    journal.ok("add", "Leap", "--birthday", "2000-02-29")
    journal.ok("add", "Newyear", "--birthday", "01-02")
    with time_machine.travel(dt.date(2026, 12, 28), tick=False):
        assert [(i["name"], i["due"]) for i in journal.json("due")] == [("Newyear", "2027-01-02")]
    with time_machine.travel(dt.date(2027, 2, 25), tick=False):
        assert [(i["due"], i["years"]) for i in journal.json("due")] == [("2027-02-28", 27)]
    with time_machine.travel(dt.date(2028, 2, 25), tick=False):
        assert [i["due"] for i in journal.json("due")] == ["2028-02-29"]


def test_important_dates_are_yearly_events_in_the_calendar(dated, tmp_path):
    out = tmp_path / "due.ics"
    dated.ok("export", "ics", "-o", str(out))
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    birthday = events["date-1@journal"]
    assert str(birthday["summary"]) == "Ada: birthday"
    assert birthday.decoded("dtstart") == dt.date(2026, 11, 27)
    assert birthday["rrule"].to_ical() == b"FREQ=YEARLY"
    assert "Birthday of Ada (1985-11-27)." in str(birthday["description"])
    bob = events["date-2@journal"]  # no year: from its next day on
    assert bob.decoded("dtstart") == dt.date(2026, 12, 10)
    assert "Birthday of Bob.\n" in str(bob["description"])
    visa = events["date-4@journal"]
    assert "rrule" not in visa and visa.decoded("dtstart") == dt.date(2026, 11, 30)
    assert "date-5@journal" not in events  # a one-off gone by


def test_29_february_is_on_the_28th_in_the_calendar_in_other_years(journal, tmp_path):
    journal.ok("add", "Leap", "--birthday", "2000-02-29")
    cal = icalendar.Calendar.from_ical(journal.ok("export", "ics"))
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=dt.datetime(*start.timetuple()[:3]))
    assert [d.date() for d in rule[:3]] == [
        dt.date(2027, 2, 28),
        dt.date(2028, 2, 29),
        dt.date(2029, 2, 28),
    ]


def test_a_merge_keeps_both_dates(journal):
    journal.ok("add", "Ada", "--birthday", "1985-04-07")
    journal.ok("add", "Ada L", "--birthday", "1985-04-08")
    journal.ok("date", "Ada L", "anniversary", "2019-06-14")
    journal.ok("merge", "#1", "#2")
    card = journal.json("show", "#1")
    assert [(d["label"], d["date"]) for d in card["dates"]] == [
        ("birthday", "1985-04-07"),
        ("anniversary", "2019-06-14"),
    ]
    assert "birthday '1985-04-08'" in card["notes"]


# -- vCard ------------------------------------------------------------------------------

DATA = Path(__file__).parent / "data" / "dates"


@pytest.mark.parametrize(
    "file, dates",
    [
        # DAVx5: a birthday with a time and a zone, ANNIVERSARY, a labelled X-ABDate.
        (
            "davx5-allfields-vcard3.vcf",
            [
                ("birthday", "1996-04-15"),
                ("Custom Date", "2021-07-29"),
                ("anniversary", "2014-08-12"),
            ],
        ),
        ("davx5-vcard4.vcf", [("birthday", "--04-16")]),  # vCard 4: no year
        # Gmail: Apple's anniversary label on an X-ABDATE.
        ("ez-vcard-gmail-single.vcf", [("birthday", "1960-09-10"), ("anniversary", "1970-06-02")]),
        (
            "ez-vcard-John_Doe_GMAIL.vcf",
            [("birthday", "1980-03-22"), ("anniversary", "1975-03-01")],
        ),
        # RFC 6350's example: --0203, and an anniversary with a time.
        ("ez-vcard-rfc6350-example.vcf", [("birthday", "--02-03"), ("anniversary", "2009-08-08")]),
        (
            "kcontacts-testfullvcard.vcf",
            [("birthday", "1953-10-15"), ("anniversary", "1996-04-15")],
        ),
    ],
)
def test_vcard_dates_import_and_export_once_each(journal, tmp_path, file, dates):
    journal.ok("import", "vcard", str(DATA / file))
    card = journal.json("show", "#1")
    assert sorted((d["label"], d["date"]) for d in card["dates"]) == sorted(dates)
    assert all(d["yearly"] for d in card["dates"])
    exported = tmp_path / "out.vcf"
    journal.ok("export", "vcard", "-o", str(exported))
    text = exported.read_text(encoding="utf-8")
    assert text.count("BDAY") == 1
    # Each date comes back once, as the card wrote it (ANNIVERSARY or Apple's X-ABDATE).
    assert text.count("X-ABDATE") + text.count("\nANNIVERSARY") == len(dates) - 1
    again = journal.ok("--db", str(tmp_path / "again.db"), "import", "vcard", str(exported))
    assert again.startswith("1 added")
    back = journal.json("--db", str(tmp_path / "again.db"), "show", "#1")
    assert sorted((d["label"], d["date"], d["yearly"]) for d in back["dates"]) == sorted(
        (label, day, True) for label, day in dates
    )


APPLE = """\
BEGIN:VCARD
VERSION:3.0
N:Appleseed;Jo;;;
FN:Jo Appleseed
BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-07
item1.X-ABDATE;type=pref:1604-06-14
item1.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-06-14
item1.X-ABLabel:_$!<Anniversary>!$_
item2.X-ABDATE:2027-03-01
item2.X-ABLabel:Visa renewal
item3.X-ABDATE:circa 1990
item3.X-ABLabel:_$!<Other>!$_
END:VCARD
"""


def test_apples_omitted_year_and_a_one_off_date_come_back(journal, tmp_path):
    """Apple's form of a date without its year, as Apple Contacts writes it (this card is
    written here in that form: no Apple export in a public test suite has one)."""
    source = tmp_path / "apple.vcf"
    source.write_text(APPLE, encoding="utf-8")
    journal.ok("import", "vcard", str(source))
    journal.ok("date", "#1", "visa renewal", "2027-03-02")  # once, not yearly
    dates = {d["label"]: d for d in journal.json("show", "#1")["dates"]}
    assert dates["birthday"]["date"] == "--04-07"
    # Two lines for the same label: the first day is the one read; the other is kept.
    assert dates["anniversary"]["date"] == "1604-06-14"
    assert (dates["visa renewal"]["date"], dates["visa renewal"]["yearly"]) == ("2027-03-02", False)
    out = journal.ok("export", "vcard")
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-07" in out
    assert "X-ABDATE;X-JOURNAL-YEARLY=FALSE:2027-03-02" in out and "2027-03-01" not in out
    assert "circa 1990" in out  # no day: kept as the card had it
    exported = tmp_path / "out.vcf"
    exported.write_text(out, encoding="utf-8")
    journal.ok("--db", str(tmp_path / "again.db"), "import", "vcard", str(exported))
    back = {
        d["label"]: d
        for d in journal.json("--db", str(tmp_path / "again.db"), "show", "#1")["dates"]
    }
    assert {k: (d["date"], d["yearly"]) for k, d in back.items()} == {
        k: (d["date"], d["yearly"]) for k, d in dates.items()
    }


def test_an_import_fills_missing_dates_and_reports_a_differing_one(journal, tmp_path):
    journal.ok("add", "Jo Appleseed", "--birthday", "1990-04-07", "--email", "jo@example.org")
    source = tmp_path / "apple.vcf"
    card = APPLE.replace("FN:Jo Appleseed\n", "FN:Jo Appleseed\nEMAIL:jo@example.org\n")
    source.write_text(card, encoding="utf-8")
    out = journal.ok("import", "vcard", str(source))
    assert "merged Jo Appleseed into #1" in out
    assert "kept as it was: birthday is '1990-04-07', the other has '--04-07'" in out
    labels = [d["label"] for d in journal.json("show", "#1")["dates"]]
    assert labels == ["birthday", "Visa renewal", "anniversary"]


def test_a_birthday_kept_as_vcard_text_before_schema_9_is_not_written_twice(
    journal, tmp_path, db_path
):
    journal.ok("add", "Zoe")
    conn = sqlite3.connect(db_path)
    with conn:  # as an import before schema 9 kept it: the card's own text
        conn.execute("UPDATE people SET vcard = 'BDAY:1990-01-02\r\nNICKNAME:Z\r\n'")
    conn.close()
    assert "BDAY:1990-01-02" in journal.ok("export", "vcard")
    journal.ok("edit", "Zoe", "--birthday", "1990-01-03")
    out = journal.ok("export", "vcard")
    assert out.count("BDAY") == 1 and "BDAY:1990-01-03" in out and "NICKNAME:Z" in out


# -- the browser ------------------------------------------------------------------------


def test_the_card_and_the_home_page_show_the_dates(dated, db_path):
    from helpers import Site

    dated.ok("date", "Cleo", "<script>alert(1)</script>", "11-28")
    site = Site(db_path)
    card = site.get("/people/1")
    assert card.status_code == 200
    assert re.search(
        r'<span class="journal-label">birthday</span> 27 November 1985, every year: next'
        r' <time datetime="2026-11-27">2026-11-27</time> \(41 years\)',
        card.text,
    )
    home = site.get("")
    items = re.findall(r'<span class="journal-action journal-date">([^<]*)</span>', home.text)
    assert items == [
        "anniversary (10 years)",
        "birthday (41 years)",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "visa renewal",
    ]
    assert "<script>alert(1)" not in home.text
    assert 'on <time datetime="2026-11-27">' in home.text
    cleo = site.get("/people/3").text
    assert "old visa" in cleo and "&lt;script&gt;" in cleo and "<script>alert" not in cleo


def test_the_calendar_feed_has_the_yearly_events(dated, db_path):
    from helpers import Site

    feed = Site(db_path).get("/due.ics")
    assert feed.status_code == 200
    cal = icalendar.Calendar.from_ical(feed.content)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert events["date-1@journal"]["rrule"].to_ical() == b"FREQ=YEARLY"
    assert str(events["date-1@journal"]["url"]).endswith("/people/1")


def test_export_json_round_trips_the_dates(dated, tmp_path):
    exported = tmp_path / "journal.json"
    dated.ok("export", "json", "-o", str(exported))
    tables = json.loads(exported.read_text(encoding="utf-8"))["tables"]
    assert len(tables["important_dates"]) == 5
    again = str(tmp_path / "again.db")
    dated.ok("--db", again, "import", "json", str(exported))
    for person in ("#1", "#2", "#3"):
        assert dated.json("--db", again, "show", person) == dated.json("show", person)


@pytest.mark.parametrize("day", ["2019-02-30", "--13-01", "7 April"])
def test_import_json_refuses_a_date_that_is_no_day(dated, tmp_path, day):
    exported = tmp_path / "journal.json"
    dated.ok("export", "json", "-o", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["tables"]["important_dates"][0]["date"] = day
    exported.write_text(json.dumps(document), encoding="utf-8")
    dated.path = tmp_path / "new.db"
    error = dated.fails(1, "--db", str(dated.path), "import", "json", str(exported))
    assert "important_dates row 1, date:" in error


def test_a_date_removed_from_an_imported_card_stays_removed_on_export(journal, tmp_path):
    source = tmp_path / "kim.vcf"
    source.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Ode\nBDAY:19850407\nANNIVERSARY:20100612\nEND:VCARD\n",
        encoding="utf-8",
    )
    journal.ok("import", "vcard", str(source))
    assert "BDAY:19850407" in journal.ok("export", "vcard")  # given back as the card wrote it
    journal.ok("date", "kim", "birthday", "off")
    journal.ok("date", "kim", "anniversary", "2011-06-12")
    out = journal.ok("export", "vcard")
    assert "BDAY" not in out
    assert "2011-06-12" in out and "20100612" not in out


@pytest.mark.parametrize(
    "on", ["2026-11-25", "2026-03-01", "2027-02-28", "2026-12-31", "2028-02-28", "2028-02-29"]
)
def test_a_page_of_due_holds_the_soonest_dates_as_the_whole_list_does(fresh_db, on):
    """The due page reads a page of dates along the index (from the day to the year's
    end, then from its start); it must give what the whole list begins with."""
    days = ["--01-01", "--02-28", "--02-29", "--03-01", "--06-15", "--11-24", "--11-25",
            "1990-11-26", "1985-12-31", "2026-12-01", "2027-01-05", "2020-05-05"]  # fmt: skip
    for n in range(260):
        person = people.add_person(fresh_db, f"Person {n}", log_meeting=False)
        day = days[n % len(days)]
        label = "birthday" if n % 3 else "anniversary"
        important_dates.set_date(fresh_db, person, label, day, yearly=n % 4 != 1)
    with time_machine.travel(dt.date.fromisoformat(on), tick=False):
        whole = reads.due(fresh_db)
        for limit in (1, 7, 50, 150):
            page = reads.due(fresh_db, limit=limit)
            assert [i["date_id"] for i in page] == [i["date_id"] for i in whole[:limit]]
