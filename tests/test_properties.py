"""Property-based tests: dates, periods, handles, people, and every command fuzzed."""

from __future__ import annotations

import datetime as dt

import pytest
import typer
from conftest import leaf_commands
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from journal.cli import app
from journal.db import Connection, people
from journal.errors import Ambiguous, NotFound
from journal.text.dates import (
    DateError,
    Period,
    next_occurrence,
    parse_date,
    parse_period,
    period_from_rrule,
    rrule_for,
)
from journal.text.handles import HandleError, name_key, parse_handle
from journal.text.inputs import person_ref

TODAY = dt.date(2026, 11, 25)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
# Text a user could type, control characters and all.
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@FAST
@given(dates)
def test_iso_dates_read_back_as_themselves(day):
    assert parse_date(day.isoformat(), today=TODAY) == day


@FAST
@given(st.integers(0, 5000), st.sampled_from(["days", "weeks"]))
def test_relative_dates_are_calendar_arithmetic(n, unit):
    delta = dt.timedelta(days=n * (7 if unit == "weeks" else 1))
    assert parse_date(f"in {n} {unit}", today=TODAY) == TODAY + delta
    assert parse_date(f"{n} {unit} ago", today=TODAY) == TODAY - delta


@FAST
@given(text, st.sampled_from(["past", "future"]))
def test_any_text_is_a_date_or_a_clear_error(words, prefer):
    try:
        assert isinstance(parse_date(words, prefer=prefer, today=TODAY), dt.date)
    except DateError as e:
        assert str(e)


@FAST
@given(text)
def test_any_text_is_a_period_or_a_clear_error(words):
    try:
        assert isinstance(parse_period(words), Period)
    except DateError as e:
        assert str(e)


@FAST
@given(st.integers(1, 500), st.sampled_from(["d", "w", "m", "y"]))
def test_periods_round_trip_through_rrules(count, unit):
    period = parse_period(f"{count}{unit}")
    assert period.count == count
    assert period_from_rrule(period.to_rrule()) == period


@FAST
@given(
    st.sampled_from(["daily", "weekly", "2w", "monthly", "quarterly", "yearly", "3m"]),
    dates,
    st.integers(0, 3000),
)
def test_the_next_occurrence_is_later_and_on_the_rule(words, start, later):
    from dateutil.rrule import rrulestr

    assume(start.year < 2190)
    rule = rrule_for(parse_period(words), start)
    after = start + dt.timedelta(days=later)
    nxt = next_occurrence(rule, start, after=after)
    assert nxt > after
    occurrences = rrulestr(rule, dtstart=dt.datetime(start.year, start.month, start.day))
    assert occurrences.after(dt.datetime.combine(nxt, dt.time()), inc=True).date() == nxt


@FAST
@given(text)
def test_any_text_is_a_handle_or_a_clear_error(words):
    try:
        handle = parse_handle(words)
    except HandleError as e:
        assert str(e)
    else:
        assert handle.network and handle.handle and handle.url


# X's own pages (x.com/i/…, x.com/home): no account bears these names.
X_PAGES = {"i", "intent", "home", "search", "hashtag", "share", "messages"}


@FAST
@given(st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True).filter(lambda n: n not in X_PAGES))
def test_twitter_handles_round_trip(name):
    handle = parse_handle(f"@{name}")
    assert (handle.network, handle.display()) == ("twitter", f"@{name}")
    assert parse_handle(handle.display()) == handle
    assert (parse_handle(handle.url).network, parse_handle(handle.url).handle) == (
        "twitter",
        name,
    )


@FAST
@given(
    st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True),
    st.from_regex(r"[a-z]{2,8}\.(social|org|de)", fullmatch=True),
)
def test_mastodon_handles_round_trip(user, host):
    handle = parse_handle(f"@{user}@{host}")
    assert (handle.network, handle.handle) == ("mastodon", f"{user}@{host}")
    assert parse_handle(handle.display()) == handle


names = st.text(st.characters(categories=("L", "M", "Zs", "Pd")), min_size=1, max_size=30)


@FAST
@given(st.lists(names.filter(lambda n: n.strip()), min_size=1, max_size=6))
def test_people_are_found_by_id_and_by_name(tmp_path_factory, given_names):
    store = Connection(":memory:")
    ids = [people.add_person(store, name, new=True) for name in given_names]
    for person_id, name in zip(ids, given_names, strict=True):
        assert people.resolve_person(store, person_ref(str(person_id))) == person_id
        assert people.resolve_person(store, person_ref(f"#{person_id}")) == person_id
        try:
            assert people.resolve_person(store, person_ref(name.upper())) == person_id
        except Ambiguous as e:  # someone else has a name that reads the same
            assert f"#{person_id}" in str(e)
    for word in given_names:
        try:
            people.resolve_person(store, person_ref(word + "zzzz-nobody"))
        except (NotFound, Ambiguous):
            pass
    store.close()


# -- every command, fuzzed --------------------------------------------------------------


# serve would block; the rest run against the journal in a temporary folder.
FUZZED = [c for c in leaf_commands() if c != ("serve",)]
argument = st.one_of(
    text,
    st.sampled_from(["1", "#1", "#999", "@zoe", "zoe@example.org", "Zoë", "-1", "0", ""]),
    st.sampled_from(["today", "2026-02-30", "in 3 days", "3m", "weekly", "off", "0d"]),
    st.sampled_from(["--json", "--yes", "--dry-run", "--force", "--", "-o", "--due"]),
    st.text(max_size=3).map(lambda s: "x" * 5000 + s),
)


EXAMPLES = 50  # per command


def invocations(path: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    """Words for the command at `path`: a value for each of its arguments, some of its
    own options (read from the command, so new ones are fuzzed too) with arbitrary
    values, and stray words."""
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    options = [p for p in command.params if p.param_type_name == "option" and p.name != "help"]
    arguments = sum(p.param_type_name == "argument" for p in command.params)

    def option(o) -> st.SearchStrategy[list[str]]:
        name = st.sampled_from(o.opts)
        return name.map(lambda n: [n]) if o.is_flag else st.tuples(name, argument).map(list)

    chosen = (
        st.lists(st.sampled_from(options).flatmap(option), max_size=4) if options else st.just([])
    )
    return st.tuples(
        st.lists(argument, min_size=arguments, max_size=arguments + 1),
        chosen,
        st.lists(argument, max_size=2),
    ).map(lambda words: [*words[0], *(w for pair in words[1] for w in pair), *words[2]])


def test_the_fuzz_covers_every_command():
    assert {("add",), ("import", "vcard"), ("export", "json"), ("merge",), ("check",)} <= set(
        FUZZED
    )


@pytest.mark.parametrize("command", FUZZED, ids=" ".join)
def test_every_command_with_arbitrary_input(journal, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)  # files an export or backup writes land here
    journal.ok("add", "Zoë Müller", "--handle", "@zoe", "--email", "zoe@example.org",
               "--follow-up", "call", "--due", "2026-11-20")  # fmt: skip
    journal.ok("add", "Kim Ode", "--event", "Meetup")

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(invocations(command))
    def run(args):
        before = journal.fingerprint()
        result = journal(*command, *args, input="")
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        assert "Traceback" not in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            repr(result.exception),
        )
        if result.exit_code:
            # One line, which may follow a question the command asked on the same line.
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "Error: " in lines[0], (args, result.stderr)
            # Not a bug; unless the input itself says JOURNAL_DEBUG (Hypothesis tries the
            # strings this file holds) and the message repeats it.
            if not any("JOURNAL_DEBUG" in a for a in args):
                assert "JOURNAL_DEBUG" not in result.stderr, (args, result.stderr)
            assert journal.fingerprint() == before, (args, "a failed command changed the journal")

    run()


def without_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


latin = st.text(st.sampled_from("abcdeéèëfgiïklmnoöpqrsßtuüvwxyzçñ"), min_size=2, max_size=10)


@FAST
@given(st.lists(st.tuples(latin, latin), min_size=1, max_size=5, unique_by=lambda n: n[1]))
def test_people_are_found_by_handle_email_and_name_without_accents(names):
    store = Connection(":memory:")
    added = []
    for n, (first, last) in enumerate(names):
        name = f"{first.title()} {last.title()}"
        person = people.add_person(
            store, name, handles=[parse_handle(f"@u{n}x")], emails=[f"p{n}@example.org"]
        )
        added.append((person, name))
    for n, (person, name) in enumerate(added):
        assert people.resolve_person(store, person_ref(f"@u{n}x")) == person
        assert people.resolve_person(store, person_ref(f"P{n}@Example.org")) == person
        same = [p for p, other in added if name_key(other) == name_key(name)]
        for written in (name, without_accents(name).lower(), f"  {name.upper()} "):
            try:
                assert people.resolve_person(store, person_ref(written)) == person
            except Ambiguous as e:  # someone else's name reads the same
                assert len(same) > 1 and all(f"#{p}" in str(e) for p in same)
    store.close()


@FAST
@given(latin, st.integers(2, 5))
def test_a_part_of_several_names_lists_them_all(part, count):
    store = Connection(":memory:")
    ids = [people.add_person(store, f"{part.title()} Person{chr(97 + n)}") for n in range(count)]
    try:
        people.resolve_person(store, person_ref(part))
    except Ambiguous as e:
        assert sorted(c["id"] for c in e.candidates) == ids
        assert all(f"#{i}" in str(e) for i in ids)
    else:
        raise AssertionError(f"{part!r} matched one of {count} people")
    store.close()
