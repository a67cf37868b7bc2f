"""Follow-ups, the due list, done, snooze, keep-in-touch and the calendar export.

Today is pinned to Wednesday 2026-11-25 (conftest); tests that need another day travel.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine


@pytest.fixture
def planned(journal):
    journal.ok("add", "Ada", "--city", "London", "--met", "2026-10-01")
    journal.ok("add", "Bob", "--city", "Paris", "--met", "2026-11-01")
    journal.ok("add", "Cleo", "--city", "London", "--met", "2026-11-20")
    journal.ok("follow-up", "Ada", "send the paper", "--due", "2026-11-20")  # overdue
    journal.ok("follow-up", "Bob", "call", "--due", "tomorrow")
    journal.ok("follow-up", "Bob", "coffee", "--due", "in 10 days")
    journal.ok("follow-up", "Bob", "meet again in London", "--in", "London")
    return journal


def test_due_lists_overdue_first_then_soonest_within_a_week_then_the_undated(planned):
    items = planned.json("due")
    assert [(i["name"], i["action"], i["due"], i["days_overdue"]) for i in items] == [
        ("Ada", "send the paper", "2026-11-20", 5),
        ("Bob", "call", "2026-11-26", 0),
        ("Bob", "meet again in London", None, 0),
    ]
    assert items[0]["follow_up_id"] == 1 and items[0]["kind"] == "follow-up"
    out = planned.ok("due")
    assert "2026-11-20 (5 days overdue)" in out and "Ada (#1): #1 send the paper" in out
    assert "any time" in out and "#4 meet again in London  in London" in out
    assert "coffee" not in out


def test_due_within(planned):
    assert [i["action"] for i in planned.json("due", "--within", "2w")] == [
        "send the paper",
        "call",
        "coffee",
        "meet again in London",
    ]


def test_due_in_a_city_gives_plans_there_and_people_who_live_there(planned):
    items = planned.json("due", "--in", "london")
    assert [(i["kind"], i["name"], i["action"]) for i in items] == [
        ("follow-up", "Ada", "send the paper"),
        ("follow-up", "Bob", "meet again in London"),
        ("lives-there", "Ada", None),
        ("lives-there", "Cleo", None),
    ]
    assert "No plans or people in Tokyo" in planned("due", "--in", "Tokyo").stderr


def test_keep_in_touch_cadence(journal):
    journal.ok("add", "Ada", "--met", "2026-10-01")
    out = journal.ok("keep-in-touch", "Ada", "monthly")
    # Overdue the day it is set (last contact 55 days ago): due today, not a month ago.
    assert "every month; next due 2026-11-25" in out
    item = journal.json("due")[0]
    assert (item["kind"], item["name"], item["due"], item["days_overdue"]) == (
        "keep-in-touch",
        "Ada",
        "2026-11-25",
        0,
    )
    assert "keep in touch: last contact 55 days ago" in journal.ok("due")
    # Any interaction resets it.
    journal.ok("log", "Ada", "Coffee", "--on", "2026-11-24")
    assert journal.json("show", "Ada")["next_due"] == "2026-12-24"
    assert journal.json("due") == []
    assert "Keep in touch\n  every month; next due 2026-12-24" in journal.ok("show", "Ada")
    journal.ok("keep-in-touch", "Ada", "off")
    assert journal.json("show", "Ada")["next_due"] is None


def test_done_logs_and_resets_the_cadence(journal):
    journal.ok("add", "Ada", "--met", "2026-09-01")
    journal.ok("keep-in-touch", "Ada", "90 days")
    journal.ok("follow-up", "Ada", "send the paper", "--due", "yesterday")
    out = journal.ok("done", "1", "--note", "sent by email")
    assert out.strip() == "Done #1 send the paper with Ada."
    ada = journal.json("show", "Ada")
    assert ada["follow_ups"] == []
    assert ada["interactions"][0]["note"] == "send the paper: sent by email"
    assert ada["interactions"][0]["date"] == "2026-11-25"
    assert ada["next_due"] == "2027-02-23"
    assert "already done" in journal.fails(1, "done", "1")


def test_recurring_done_moves_to_the_next_date_after_today_without_piling_up(journal):
    journal.ok("add", "Ada")
    journal.ok("follow-up", "Ada", "call mum", "--due", "2026-09-02", "--every", "weekly")
    out = journal.ok("done", "1")
    assert "next on 2026-12-02" in out  # the Wednesdays missed since September are skipped
    assert journal.json("show", "Ada")["follow_ups"][0]["due"] == "2026-12-02"
    # Done early: it moves past the date it was due, not back onto it.
    journal.ok("done", "1")
    assert journal.json("show", "Ada")["follow_ups"][0]["due"] == "2026-12-09"
    assert len(journal.json("show", "Ada")["interactions"]) == 3


@pytest.mark.parametrize(
    ("first", "every", "expected"),
    [
        ("2026-01-31", "monthly", ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
        ("2026-01-30", "monthly", ["2026-02-28", "2026-03-30", "2026-04-30", "2026-05-30"]),
        ("2026-01-15", "2m", ["2026-03-15", "2026-05-15", "2026-07-15", "2026-09-15"]),
        ("2028-02-29", "yearly", ["2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]),
        ("2026-01-31", "quarterly", ["2026-04-30", "2026-07-31", "2026-10-31", "2027-01-31"]),
    ],
)
def test_recurrence_edge_cases(journal, first, every, expected):
    journal.ok("add", "Ada")
    with time_machine.travel(dt.date.fromisoformat(first), tick=False):
        journal.ok("follow-up", "Ada", "pay rent", "--due", first, "--every", every)
    seen = []
    for _ in expected:
        day = journal.json("show", "Ada")["follow_ups"][0]["due"]
        with time_machine.travel(dt.date.fromisoformat(day), tick=False):
            journal.ok("done", "1")
        seen.append(journal.json("show", "Ada")["follow_ups"][0]["due"])
    assert seen == expected


def test_snooze(planned):
    # Overdue since 2026-11-20: two weeks from today.
    assert "until 2026-12-09" in planned.ok("snooze", "1", "--for", "2w")
    assert planned.json("show", "Ada")["follow_ups"][0]["due"] == "2026-12-09"
    planned.ok("snooze", "1", "--until", "2026-12-20")
    assert planned.json("show", "Ada")["follow_ups"][0]["due"] == "2026-12-20"


def test_overdue_plans_are_on_todays_date_in_the_calendar(planned):
    """Issue 17: an overdue reminder stayed on its day gone by, where no calendar shows it."""
    planned.ok("follow-up", "Ada", "weekly call", "--due", "2026-11-11", "--every", "weekly")
    calendar = icalendar.Calendar.from_ical(planned("export", "ics").stdout_bytes)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    paper = events["follow-up-1@journal"]
    assert paper.decoded("dtstart") == dt.date(2026, 11, 25)
    assert str(paper["description"]).startswith("Overdue since 2026-11-20.")
    weekly = events["follow-up-5@journal"]  # overdue too: once today, repeating once done
    assert weekly.decoded("dtstart") == dt.date(2026, 11, 25) and "rrule" not in weekly
    call = events["follow-up-2@journal"]  # due tomorrow: on its day
    assert call.decoded("dtstart") == dt.date(2026, 11, 26)
    assert "Overdue" not in str(call["description"])


def test_a_snooze_only_ever_postpones(planned):
    """Issue 17: `--for 1w` on a plan due in three weeks moved it earlier, to next week."""
    planned.ok("follow-up", "Cleo", "lunch", "--due", "in 3 weeks")  # #5, 2026-12-16
    assert "until 2026-12-23" in planned.ok("snooze", "5", "--for", "1w")
    message = planned.fails(2, "snooze", "5", "--until", "friday")
    assert "2026-11-27 is not later than 2026-12-23: a snooze only postpones" in message
    assert "not later than" in planned.fails(2, "snooze", "5", "--until", "2026-12-23")
    # An undated plan snoozed for a week is due a week from today.
    assert "until 2026-12-02" in planned.ok("snooze", "4", "--for", "1w")


def test_a_cadence_after_a_long_silence_is_due_today_and_on_the_calendar_today(journal):
    """Issue 17: someone last seen in 2011 was "5717 days overdue" once given a cadence,
    and the calendar put the reminder in 2011."""
    journal.ok("add", "Old Friend", "--met", "2011-01-06")
    journal.ok("keep-in-touch", "Old Friend", "quarterly")
    item = journal.json("due")[0]
    assert (item["due"], item["days_overdue"]) == ("2026-11-25", 0)
    calendar = icalendar.Calendar.from_ical(journal("export", "ics").stdout_bytes)
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("code", "args"),
    [
        (1, ["done", "99"]),
        (1, ["snooze", "99", "--for", "1w"]),
        (2, ["snooze", "1"]),
        (2, ["snooze", "1", "--for", "1w", "--until", "friday"]),
        (2, ["snooze", "1", "--for", "whenever"]),
        (2, ["snooze", "1", "--until", "never"]),
        (2, ["done", "one"]),
        (2, ["due", "--within", "a while"]),
        (2, ["keep-in-touch", "Ada", "now and then"]),
        (1, ["keep-in-touch", "Nobody", "3m"]),
        (2, ["follow-up", "Ada", "x", "--due", "someday"]),
        (2, ["follow-up", "Ada", "x", "--every", "often", "--due", "friday"]),
        (2, ["follow-up", "Ada", "  "]),
    ],
)
def test_bad_input_changes_nothing(planned, code, args):
    planned.fails(code, *args)


def test_export_ics_parses_back(planned, tmp_path):
    planned.ok("edit", "Bob", "--handle", "@bob", "--story", "Met at the *meetup*.")
    planned.ok("follow-up", "Ada", "monthly call", "--due", "2026-12-01", "--every", "monthly")
    planned.ok("keep-in-touch", "Cleo", "2w")
    target = tmp_path / "journal.ics"
    result = planned("export", "ics", "-o", str(target))
    assert result.exit_code == 0 and "Wrote 5 reminders" in result.stderr
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == [
        "follow-up-1@journal",
        "follow-up-2@journal",
        "follow-up-3@journal",
        "follow-up-5@journal",
        "keep-in-touch-3@journal",
    ]
    call = events["follow-up-2@journal"]
    assert str(call["summary"]) == "Bob: call"
    assert call.decoded("dtstart") == dt.date(2026, 11, 26)
    assert call.decoded("dtend") == dt.date(2026, 11, 27)
    # Short: the plan and how to see the card, never the story or the handles.
    assert str(call["description"]) == "In Paris.\njournal show 2"
    assert "meetup" not in target.read_text() and "@bob" not in target.read_text()
    alarm = call.walk("VALARM")[0]
    assert alarm.decoded("trigger") == dt.timedelta(hours=9)
    monthly = events["follow-up-5@journal"]
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"]
    cleo = events["keep-in-touch-3@journal"]
    assert str(cleo["summary"]) == "Cleo: keep in touch"
    assert cleo.decoded("dtstart") == dt.date(2026, 12, 4)
    # The same reminders keep the same UIDs in the next export, to stdout this time.
    again = icalendar.Calendar.from_ical(planned("export", "ics").stdout_bytes)
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(events)
    # A follow-up tied only to a city has no date, so no calendar entry.
    assert not any("meet again" in str(e["summary"]) for e in events.values())


def test_on_this_day_due_mentions_whom_you_met_a_year_ago(journal, db_path):
    """Issue 17, point 3: "a year ago today you met … at …", in the terminal and at home."""
    from helpers import Site

    journal.ok("add", "Benji Weber", "--met", "2025-11-25", "--event", "Mastodon meetup Berlin")
    journal.ok("add", "Zoë", "--met", "2023-11-25", "--where", "c-base")
    journal.ok("add", "Today's", "--met", "2026-11-25")
    journal.ok("add", "Other day", "--met", "2025-11-24")
    out = journal.ok("due")
    assert out.splitlines() == [
        "On this day, 3 years ago, you met Zoë (#2) at c-base.",
        "On this day, a year ago, you met Benji Weber (#1) at Mastodon meetup Berlin.",
    ]
    assert journal.json("due") == []  # --json stays the list of what is due
    home = Site(db_path).get("").text
    assert "you met\n      <a" in home and "Benji Weber</a> at Mastodon meetup Berlin." in home


def test_on_this_day_counts_a_29_february_on_the_28th_and_reads_an_index(journal, fresh_db):
    journal.ok("add", "Leap", "--met", "2024-02-29")
    with time_machine.travel(dt.date(2027, 2, 28), tick=False):
        assert "On this day, 3 years ago, you met Leap (#1)." in journal.ok("due")
    plan = fresh_db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM people WHERE substr(met_on, 6) IN ('02-28')"
        " AND length(met_on) = 10"
    ).fetchall()
    assert any("people_met_day" in row[-1] for row in plan), plan
