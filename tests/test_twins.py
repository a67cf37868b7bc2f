"""Twin tests: one input, written through the command line and through the browser's form.

SPEC §2: "every write and every read that the command line and the browser both offer
runs the same code, so both leave and show the same rows." For each write both faces
offer, each example makes two identical journals, writes the same generated input through
`journal` into one and through the card's form into the other, and compares what each
face said (accepted or refused) and the rows each left. The due list is read from one
journal by both faces and compared item by item.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shlex
import sqlite3
from collections import Counter
from itertools import groupby, zip_longest
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
import time_machine
from conftest import Journal
from helpers import Site
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from journal.fields import INTERACTION_KINDS

# No explain phase: it traces every example, which makes a failing run take minutes.
TWINS = settings(
    max_examples=30,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
MESSAGE = re.compile(r'<p class="message-(info|warning|error)">(.*?)</p>', re.S)
# The page both forms are on: Ada's card.
CARD = "/people/1"

# The journal every write starts from, the same on both sides.
SETUP = [
    ("add", "Ada Lovelace", "--city=London", "--met=2026-11-01"),
    ("add", "Kim Ode", "--met=2026-10-01"),
    ("keep-in-touch", "Kim", "30d"),
    ("follow-up", "Ada", "send the paper", "--due=2026-11-20"),  # 1: a one-off
    ("follow-up", "Kim", "call", "--every=monthly", "--due=2026-11-20"),  # 2: repeats
    ("follow-up", "Ada", "meet in Paris", "--in=Paris"),  # 3: no date, a city
    ("follow-up", "Kim", "old plan", "--due=2026-11-01"),  # 4: done below
    ("done", "4"),
]

# What a user types: any text (no NUL, which no command line can carry), and the
# whitespace cases on which the faces could part.
typed = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    max_size=30,
)
notes = st.one_of(
    typed,
    typed.filter(str.strip).map(lambda s: f"  {s}  "),
    st.sampled_from(["", " ", "\t", "  Coffee  ", "Coffee\n", "-x", "--kind", "Lunch; a draft"]),
)
places = st.one_of(st.sampled_from(["", "  ", "  Café Rouge  ", "Berlin", "-"]), typed)
kinds = st.sampled_from([*INTERACTION_KINDS, "", "party", "Call"])
# Ids as a user could type them; the form sends the same text.
ids = st.sampled_from(["1", "2", "3", "4", "99", "0", "01", "1.0"])
dates = st.sampled_from(
    ["", "2026-11-20", "2026-02-30", "yesterday", "3 days ago", "not a date", "2030-01-01"]
)


@pytest.fixture(autouse=True)
def pinned_today():
    """Replaces conftest's pin: the due list's `late` column takes today from SQLite's
    clock, which time_machine cannot move, so Python's is pinned to that same day."""
    with time_machine.travel(dt.datetime.now().astimezone(), tick=False):
        yield


class Outcome(NamedTuple):
    accepted: bool
    said: str

    def __str__(self) -> str:
        return f"{'accepted' if self.accepted else 'refused'} it ({self.said!r})"


def cli(path: Path, *args: str) -> Outcome:
    result = Journal(path)("--db", str(path), *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"`journal {shlex.join(args)}` crashed: {result.exception!r}"
    )
    return Outcome(result.exit_code == 0, (result.stderr or result.stdout).strip())


def browser(site: Site, action: str, fields: dict[str, str]) -> Outcome:
    """Post the card's form; a refusal is a 4xx, or a redirect to a page showing an error."""
    response = site.submit(CARD, action, fields)
    if 400 <= response.status_code < 500:
        return Outcome(False, f"{response.status_code} {response.text[:200]}")
    assert response.status_code in (302, 303), (
        f"{action} {fields}: the browser answered {response.status_code}: {response.text[:500]}"
    )
    location = urlsplit(response.headers["location"])
    target = location.path + (f"?{location.query}" if location.query else "")
    page = site.get(target.removeprefix(site.base)).text
    messages = [(kind, html.unescape(text).strip()) for kind, text in MESSAGE.findall(page)]
    assert messages, f"{action} {fields}: the page after the write says nothing"
    refused = any(kind == "error" for kind, _ in messages)
    return Outcome(not refused, "; ".join(text for _, text in messages))


def journal_for(path: Path, commands) -> None:
    for args in commands:
        outcome = cli(path, *args)
        assert outcome.accepted, f"setting up: `journal {shlex.join(args)}` {outcome}"


def option(name: str, value: str | None) -> list[str]:
    """`--name=value`, or nothing for no value (an empty field in a form)."""
    return [f"--{name}={value}"] if value else []


def twins(template: Path, folder: Path) -> tuple[Path, Path]:
    """Two copies of `template`, one for each face."""
    copies = folder / "cli.db", folder / "web.db"
    source = sqlite3.connect(template)
    for path in copies:
        copy = sqlite3.connect(path)
        source.backup(copy)
        copy.close()
    source.close()
    return copies


def columns(conn: sqlite3.Connection, table: str, leave_out: set[str]) -> str:
    found = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    return ", ".join(f'"{c}"' for c in found if c not in leave_out)


def state(path: Path) -> dict[str, list[dict]]:
    """The rows a write may touch: the log, the plans, and the dates kept on each person."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        queries = {
            "interactions": f"SELECT {columns(conn, 'interactions', {'id', 'created_at'})}"
            " FROM interactions ORDER BY id",
            "follow_ups": f"SELECT {columns(conn, 'follow_ups', {'created_at', 'done_at'})},"
            " done_at IS NOT NULL AS has_done_at FROM follow_ups ORDER BY id",
            "people": "SELECT id, name, keep_in_touch_days, last_contact, next_due"
            " FROM people ORDER BY id",
        }
        return {name: [dict(row) for row in conn.execute(sql)] for name, sql in queries.items()}
    finally:
        conn.close()


def differences(what: str, cli_rows: list[dict], web_rows: list[dict]) -> str:
    """Only the rows that differ, and in them only the columns that differ."""
    lines = [f"{what} differ:"]
    for n, (c, w) in enumerate(zip_longest(cli_rows, web_rows), 1):
        if c == w:
            continue
        if c is None or w is None:
            lines.append(f"  row {n}: CLI {c}, browser {w}")
            continue
        changed = [k for k in c.keys() | w.keys() if c.get(k) != w.get(k)]
        shown = ", ".join(f"{k}: CLI {c.get(k)!r}, browser {w.get(k)!r}" for k in sorted(changed))
        lines.append(f"  row {n}: {shown}   (CLI row {c})")
    return "\n".join(lines)


def assert_twins(paths: tuple[Path, Path], command: list[str], action: str, fields: dict) -> None:
    """Run `command` on the first journal and post `fields` to `action` on the second;
    both faces must accept or refuse alike, and leave the same rows."""
    cli_path, web_path = paths
    before = {path: Journal(path).fingerprint() for path in paths}
    site = Site(web_path)
    try:
        by_cli, by_web = cli(cli_path, *command), browser(site, action, fields)
    finally:
        site.ds.databases[web_path.stem].close()
    what = f"`journal {shlex.join(command)}` versus the browser's {action} {fields}"
    assert by_cli.accepted == by_web.accepted, f"{what}: the CLI {by_cli}, the browser {by_web}"
    if not by_cli.accepted:
        unchanged = {path: Journal(path).fingerprint() == before[path] for path in paths}
        assert unchanged[cli_path], f"{what}: the CLI refused it but changed the journal"
        assert unchanged[web_path], f"{what}: the browser refused it but changed the journal"
        return
    cli_state, web_state = state(cli_path), state(web_path)
    interactions = cli_state["interactions"], web_state["interactions"]
    assert interactions[0] == interactions[1], (
        f"{what}: {differences('interactions', *interactions)}"
    )
    follow_ups = cli_state["follow_ups"], web_state["follow_ups"]
    assert follow_ups[0] == follow_ups[1], f"{what}: {differences('follow_ups', *follow_ups)}"
    people = cli_state["people"], web_state["people"]
    assert people[0] == people[1], f"{what}: {differences('people', *people)}"


def test_logging_from_the_card_is_logging_from_the_command_line(tmp_path_factory):
    template = tmp_path_factory.mktemp("template") / "journal.db"
    journal_for(template, SETUP)

    @TWINS
    @given(person_id=ids, kind=kinds, on=dates, note=notes, place=places)
    def twin(person_id, kind, on, note, place):
        # An empty field in the form is an option left out on the command line.
        options = [*option("kind", kind), *option("where", place), *option("on", on)]
        command = ["log", *options, person_id, "--", note]
        fields = {"person_id": person_id, "date": on, "kind": kind, "note": note, "place": place}
        paths = twins(template, tmp_path_factory.mktemp("twins"))
        assert_twins(paths, command, "/log_interaction", fields)

    twin()


def test_done_from_the_card_is_done_from_the_command_line(tmp_path_factory):
    template = tmp_path_factory.mktemp("template") / "journal.db"
    journal_for(template, SETUP)

    @TWINS
    @given(follow_up_id=ids, note=notes, date_written_out=st.booleans())
    def twin(follow_up_id, note, date_written_out):
        # `journal done` is always today: the form's empty date, or today's written out.
        on_date = dt.date.today().isoformat() if date_written_out else ""
        command = ["done", *option("note", note), "--", follow_up_id]
        fields = {"follow_up_id": follow_up_id, "note": note, "on_date": on_date}
        paths = twins(template, tmp_path_factory.mktemp("twins"))
        assert_twins(paths, command, "/mark_done", fields)

    twin()


# -- the due list, read by both faces ----------------------------------------------------

NAMES = ["Ada Lovelace", "Kim Ode", "Zoë Müller", "Ben Moreau"]
cities = st.none() | st.sampled_from(["London", "Paris", "Berlin"])
days_ago = st.integers(0, 400)
due_in = st.none() | st.integers(-400, 400)  # days from today
repeats = st.sampled_from([None, "weekly", "monthly"])
cadences = st.sampled_from(["2w", "30d", "3m"])


@st.composite
def journals(draw) -> list[tuple[str, ...]]:
    """The commands that build a journal: people, plans (some done), cadences and a log."""
    today = dt.date.today()
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(NAMES), cities, days_ago),
            min_size=1,
            max_size=len(NAMES),
            unique_by=lambda p: p[0],
        )
    )
    person = st.integers(1, len(people)).map(str)
    commands = [
        ("add", name, f"--met={today - dt.timedelta(days=met)}", *option("city", city))
        for name, city, met in people
    ]
    plans = draw(st.lists(st.tuples(person, due_in, cities, repeats, st.booleans()), max_size=5))
    for n, (who, due, city, every, _) in enumerate(plans, 1):
        dated = [] if due is None else [f"--due={today + dt.timedelta(days=due)}"]
        repeating = option("every", every) if dated else []
        commands.append(("follow-up", who, f"plan {n}", *dated, *repeating, *option("in", city)))
    commands += [("done", str(n)) for n, (*_, done) in enumerate(plans, 1) if done]
    for who, every in draw(st.lists(st.tuples(person, cadences), max_size=3)):
        commands.append(("keep-in-touch", who, every))
    for who, ago in draw(st.lists(st.tuples(person, days_ago), max_size=4)):
        commands.append(("log", f"--on={today - dt.timedelta(days=ago)}", who, "--", "talked"))
    return commands


def shown(item: dict, overdue: bool) -> dict:
    """What both faces show of a due item. Keep-in-touch rows word their action apart."""
    common = ("kind", "follow_up_id", "person_id", "name", "due", "city")
    return {
        **{k: item[k] for k in common},
        **({"action": item["action"]} if item["kind"] == "follow-up" else {}),
        "overdue": overdue,
    }


def key(item: dict) -> tuple:
    return item["kind"], item["follow_up_id"], item["person_id"]


def in_order(items: list[dict]) -> list[tuple]:
    """The items' keys in the order shown; items due the same day for the same person
    may come in either order."""
    runs = groupby(items, lambda i: (i["due"], i["name"]))
    return [k for _, run in runs for k in sorted((key(i) for i in run), key=repr)]


def test_the_due_list_reads_the_same_on_both_faces(tmp_path_factory):
    @TWINS
    @given(journals())
    def twin(commands):
        path = tmp_path_factory.mktemp("due") / "journal.db"
        journal_for(path, commands)
        by_cli = [
            shown(item, item["days_overdue"] > 0)
            for item in Journal(path).json("--db", str(path), "due", "--within=100y")
        ]
        site = Site(path)
        try:
            rows = site.get("/due_list.json?_shape=objects").json()["rows"]
        finally:
            site.ds.databases[path.stem].close()
        by_web = [shown(row, row["late"] == "overdue") for row in rows]
        built = "\n  ".join(f"journal {shlex.join(c)}" for c in commands)
        what = f"After\n  {built}\n`journal due --within=100y --json` and the due_list query"

        cli_keys, web_keys = Counter(map(key, by_cli)), Counter(map(key, by_web))
        only_cli = [i for i in by_cli if key(i) in cli_keys - web_keys]
        only_web = [i for i in by_web if key(i) in web_keys - cli_keys]
        assert cli_keys == web_keys, (
            f"{what} list different items: only the CLI shows {only_cli},"
            f" only the browser shows {only_web}"
        )
        web_by_key = {key(i): i for i in by_web}
        unlike = [(c, web_by_key[key(c)]) for c in by_cli if c != web_by_key[key(c)]]
        assert not unlike, f"{what} show items differently:" + "".join(
            f"\n  {key(c)}: "
            + ", ".join(f"{k}: CLI {c[k]!r}, browser {w.get(k)!r}" for k in c if c[k] != w.get(k))
            for c, w in unlike
        )
        cli_order, web_order = in_order(by_cli), in_order(by_web)
        assert cli_order == web_order, (
            f"{what} order the items differently:\n  CLI     {cli_order}\n  browser {web_order}"
        )

    twin()
