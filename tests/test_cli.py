"""Every command through CliRunner, as a user types it, and every error it promises."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

import pytest


def add_benji(journal, *extra: str) -> dict:
    return journal.json(
        "add",
        "Benji Weber",
        "--handle",
        "@benji",
        "--handle",
        "@benji@mastodon.social",
        "--email",
        "benji@example.com",
        "--company",
        "The Guardian",
        "--role",
        "journalist",
        "--city",
        "London",
        "--tag",
        "press",
        "--event",
        "Mastodon meetup Berlin",
        "--via",
        "Maria Kovač",
        "--met",
        "2026-11-21",
        "--where",
        "c-base, Berlin",
        "--story",
        "Followed his live posts; Maria said *someone is looking for you*.",
        "--follow-up",
        "meet again in London",
        "--in",
        "London",
        *extra,
    )


# -- add -----------------------------------------------------------------------------


def test_add_records_person_and_how_found(journal):
    benji = add_benji(journal)
    assert benji["name"] == "Benji Weber"
    assert benji["found_via"] == "event"
    assert benji["event"]["name"] == "Mastodon meetup Berlin"
    assert benji["event"]["date"] == "2026-11-21"
    assert benji["via"]["name"] == "Maria Kovač"
    assert benji["met_on"] == "2026-11-21"
    assert benji["met_where"] == "c-base, Berlin"
    assert benji["emails"] == ["benji@example.com"]
    assert benji["email"] == "benji@example.com"
    assert benji["tags"] == ["press"]
    assert [(h["network"], h["handle"], h["url"]) for h in benji["handles"]] == [
        ("twitter", "benji", "https://x.com/benji"),
        ("mastodon", "benji@mastodon.social", "https://mastodon.social/@benji"),
    ]
    assert [(f["action"], f["city"], f["due"]) for f in benji["follow_ups"]] == [
        ("meet again in London", "London", None)
    ]
    assert [(i["kind"], i["date"], i["event"]["name"]) for i in benji["interactions"]] == [
        ("met", "2026-11-21", "Mastodon meetup Berlin")
    ]
    assert benji["last_contact"] == "2026-11-21"
    maria = journal.json("show", "maria")
    assert maria["introduced"] == [{"id": benji["id"], "name": "Benji Weber"}]
    assert maria["interactions"] == []


def test_add_prints_a_short_confirmation(journal):
    out = journal.ok("add", "Ada Lovelace", "--company", "Analytical", "--city", "London")
    assert out.splitlines()[0] == "Added #1 Ada Lovelace · Analytical · London"
    assert "met 2026-11-25" in out


def test_add_defaults(journal):
    ada = journal.json("add", "Ada")
    assert ada["met_on"] == "2026-11-25"
    assert ada["found_via"] is None
    assert ada["tags"] == [] and ada["handles"] == [] and ada["emails"] == []


def test_via_alone_means_introduction_and_how_wins(journal):
    assert journal.json("add", "A", "--via", "Zed")["found_via"] == "introduction"
    assert journal.json("add", "B", "--via", "Zed", "--how", "mention")["found_via"] == "mention"
    assert journal.json("add", "C", "--event", "X", "--how", "job-lead")["found_via"] == "job-lead"
    # The same introducer is found again, not created twice.
    assert len(journal.json("list", "--via", "Zed")) == 2


def test_add_reuses_an_existing_event_by_name_or_id(journal):
    first = journal.json("add", "A", "--event", "PyData Berlin")
    second = journal.json("add", "B", "--event", "pydata berlin")
    third = journal.json("add", "C", "--event", f"#{first['event']['id']}")
    assert first["event"]["id"] == second["event"]["id"] == third["event"]["id"]
    assert len(journal.json("event", "list")) == 1
    # Part of a name finds it too (issue 16); `+NAME` insists on a new one.
    assert journal.json("add", "D", "--event", "PyData")["event"]["id"] == first["event"]["id"]
    assert journal.json("add", "E", "--event", "+PyData")["event"]["id"] != first["event"]["id"]


def test_add_with_dated_recurring_follow_up(journal):
    p = journal.json("add", "A", "--follow-up", "call", "--due", "friday", "--every", "monthly")
    assert p["follow_ups"][0]["due"] == "2026-11-27"
    assert p["follow_ups"][0]["rrule"] == "FREQ=MONTHLY"


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Müller-Lüdenscheidt",
        "François d'Alembert",
        'Bobby "Tables" O\'Brien',
        "<script>alert(1)</script>",
        "Łukasz Żółć",
    ],
)
def test_names_are_stored_and_shown_literally(journal, name):
    p = journal.json("add", name, "--story", f"<b>{name}</b> & co")
    assert journal.json("show", str(p["id"]))["name"] == name
    out = journal.ok("show", str(p["id"]))
    assert name in out
    assert f"<b>{name}</b> & co" in out
    assert journal.json("list")[0]["name"] == name


# -- resolution ---------------------------------------------------------------------


def test_person_resolution_order(journal):
    benji = add_benji(journal)
    for ref in [
        str(benji["id"]),
        f"#{benji['id']}",
        "@benji",
        "@benji@mastodon.social",
        "BENJI@example.com",
        "benji weber",
        "Weber",
        "enji",
    ]:
        assert journal.json("show", ref)["id"] == benji["id"], ref


def test_accent_insensitive_name_and_search(journal):
    zoe = journal.json("add", "Zoë Müller", "--city", "Zürich")
    assert journal.json("show", "zoe muller")["id"] == zoe["id"]
    assert journal.json("show", "MÜLLER")["id"] == zoe["id"]
    assert [r["id"] for r in journal.json("search", "muller zurich")] == [zoe["id"]]


def test_ambiguous_person_lists_candidates(journal):
    journal.ok("add", "Ben Smith")
    journal.ok("add", "Ben Jones")
    message = journal.fails(1, "show", "ben")
    assert "#1 Ben Smith" in message and "#2 Ben Jones" in message


def test_same_name_twice_is_ambiguous_by_name_but_reachable_by_id(journal):
    journal.ok("add", "Sam Lee")
    journal.ok("add", "Sam Lee", "--new")
    assert "matches 2 people" in journal.fails(1, "show", "sam lee")
    assert journal.json("show", "#2")["id"] == 2


@pytest.mark.parametrize("ref", ["99", "#99", "@nobody", "nobody@example.com", "Nobody"])
def test_unknown_person(journal, ref):
    journal.ok("add", "Ada")
    assert "no person" in journal.fails(1, "show", ref)


# -- duplicates and bad input leave the journal untouched --------------------------------


def test_duplicate_handle_is_refused(journal):
    add_benji(journal)
    message = journal.fails(1, "add", "Other", "--handle", "@BENJI")
    assert "@BENJI is already a handle of #2 Benji Weber" in message


def test_duplicate_email_is_refused_without_creating_the_introducer(journal):
    add_benji(journal)
    message = journal.fails(
        1, "add", "Other", "--email", "benji@example.com", "--via", "New Person", "--event", "E2"
    )
    assert "benji@example.com is already the email of" in message
    assert journal.fails(1, "show", "New Person")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["add", "A", "--met", "blorp"], "--met"),
        (["add", "A", "--follow-up", "x", "--due", "someday"], "--due"),
        (["add", "A", "--follow-up", "x", "--every", "sometimes"], "--every"),
        (["add", "A", "--handle", "not a handle"], "--handle"),
        (["add", "A", "--email", "nope"], "--email"),
        (["add", "A", "--how", "telepathy"], "--how"),
        (["add", "A", "--due", "friday"], "--follow-up"),
        (["add", "   "], "name"),
        (["add", "A", "--bogus"], "--bogus"),
        (["add"], "NAME"),
        (["log", "1", "hi", "--kind", "smoke-signal"], "--kind"),
        (["log", "1", "hi", "--on", "the day after never"], "--on"),
        (["list", "--since", "whenever"], "--since"),
        (["list", "--limit", "0"], "--limit"),
        (["edit", "1", "--clear", "shoe-size"], "--clear"),
        (["edit", "1", "--clear", "name"], "name"),
        (["edit", "1", "--name", " "], "name"),
        (["search", "!!!"], "search"),
        (["follow-up", "1", "x", "--every", "weekly"], "--due"),
        (["nonsense"], "nonsense"),
    ],
)
def test_bad_usage_exits_2_and_changes_nothing(journal, args, fragment):
    journal.ok("add", "Ada")
    assert fragment in journal.fails(2, *args)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "2"],
        ["edit", "Nobody", "--city", "Paris"],
        ["log", "Nobody", "hello"],
        ["rm", "Nobody", "--yes"],
        ["list", "--event", "No such event"],
        ["list", "--via", "Nobody"],
        ["event", "show", "#9"],
        ["follow-up", "Nobody", "x"],
        ["edit", "1", "--event", "#42"],
    ],
)
def test_not_found_exits_1_and_changes_nothing(journal, args):
    journal.ok("add", "Ada")
    journal.fails(1, *args)


def test_a_late_failure_rolls_back_the_whole_command(journal):
    journal.ok("add", "Ada", "--handle", "@ada")
    # The event and introducer would be created before the handle clash is found.
    journal.fails(1, "edit", "1", "--event", "Brand new", "--via", "New Guy", "--handle", "@ada")
    journal.fails(1, "add", "B", "--event", "Brand new", "--via", "New Guy", "--handle", "@ada")
    assert journal.json("event", "list") == []


def test_not_a_journal(journal, db_path):
    db_path.write_text("these are my notes, not a database\n")
    message = journal.fails(1, "add", "Ada")
    assert "not a journal" in message
    assert db_path.read_text() == "these are my notes, not a database\n"


def test_sqlite_but_not_a_journal(journal, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    assert "not a journal" in journal.fails(1, "list")
    assert "not a journal" in journal.fails(1, "add", "Ada")
    assert db_path.read_bytes() == before


def test_newer_journal_is_refused(journal, db_path):
    journal.ok("add", "Ada")
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO migrations (id, name) VALUES (999, 'm999_future')")
    conn.commit()
    conn.close()
    assert "newer journal" in journal.fails(1, "add", "Bob")
    assert "newer journal" in journal.fails(1, "list")


def test_reading_commands_do_not_create_the_database(journal, db_path):
    assert journal.ok("list", "--json").strip() == "[]"
    journal.fails(1, "show", "anyone")
    assert not db_path.exists()


def test_database_and_parent_folders_created_on_first_write(journal, tmp_path):
    path = tmp_path / "deep" / "er" / "my.db"
    journal.ok("--db", str(path), "add", "Ada")
    assert path.exists()
    assert journal.json("--db", str(path), "list")[0]["name"] == "Ada"
    assert not journal.path.exists()


# -- show -----------------------------------------------------------------------------


def test_show_card(journal):
    add_benji(journal)
    journal.ok("log", "benji", "Sent him the slides", "--kind", "email", "--on", "2026-11-22")
    out = journal.ok("show", "@benji")
    lines = out.splitlines()
    assert lines[0] == "#2 Benji Weber · journalist, The Guardian · London"
    assert any("@benji" in line and "https://x.com/benji" in line for line in lines)
    assert any("https://mastodon.social/@benji" in line for line in lines)
    assert "benji@example.com" in out
    assert "tags: press" in out
    assert "event: Mastodon meetup Berlin (event #1, 2026-11-21), via Maria Kovač (#1)" in out
    assert "met 2026-11-21 at c-base, Berlin" in out
    assert "Maria said *someone is looking for you*" in out
    timeline = out[out.index("Timeline") :]
    assert timeline.index("2026-11-22  email") < timeline.index("2026-11-21  met")
    assert "meet again in London" in out and "in London" in out


def test_show_json_is_json_only(journal):
    add_benji(journal)
    result = journal("show", "benji", "--json")
    assert json.loads(result.stdout)["name"] == "Benji Weber"


# -- edit -----------------------------------------------------------------------------


def test_edit_changes_and_clears_fields(journal):
    add_benji(journal)
    p = journal.json(
        "edit",
        "benji",
        "--company",
        "BBC",
        "--tag",
        "radio",
        "--untag",
        "press",
        "--handle",
        "github.com/benjiw",
        "--email",
        "b@bbc.co.uk",
        "--clear",
        "story",
        "--clear",
        "where",
        "--met",
        "2026-11-20",
    )
    assert p["company"] == "BBC"
    assert p["tags"] == ["radio"]
    assert p["story"] is None and p["met_where"] is None
    assert p["met_on"] == "2026-11-20"
    assert ("github", "benjiw") in {(h["network"], h["handle"]) for h in p["handles"]}
    assert p["emails"] == ["benji@example.com", "b@bbc.co.uk"]
    p = journal.json("edit", "benji", "--clear", "emails", "--clear", "via", "--clear", "tags")
    assert p["emails"] == [] and p["email"] is None and p["via"] is None and p["tags"] == []
    p = journal.json("edit", "benji", "--name", "Benjamin Weber", "--via", "Maria")
    assert p["name"] == "Benjamin Weber" and p["via"]["name"] == "Maria Kovač"
    assert journal.json("show", "benjamin")["id"] == p["id"]


def test_edit_refuses_a_handle_someone_else_has(journal):
    add_benji(journal)
    journal.ok("add", "Ada")
    assert "already a handle of #2" in journal.fails(1, "edit", "Ada", "--handle", "@benji")


def test_edit_refuses_own_introducer(journal):
    journal.ok("add", "Ada")
    journal.fails(2, "edit", "Ada", "--via", "Ada")


# -- list -----------------------------------------------------------------------------


@pytest.fixture
def crowd(journal):
    journal.ok("add", "Ada", "--city", "London", "--company", "Acme", "--tag", "python",
               "--event", "PyCon", "--met", "2026-10-01")  # fmt: skip
    journal.ok("add", "Bob", "--city", "Paris", "--tag", "python", "--tag", "rust",
               "--via", "Ada", "--met", "2026-11-01")  # fmt: skip
    journal.ok("add", "Cleo", "--city", "london", "--how", "job-lead", "--company", "ACME",
               "--met", "2026-11-20")  # fmt: skip
    journal.ok("add", "Dan", "--how", "online", "--met", "2026-11-24")
    return journal


def names(rows):
    return [r["name"] for r in rows]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["Dan", "Cleo", "Bob", "Ada"]),
        (["--how", "job-lead"], ["Cleo"]),
        (["--how", "event"], ["Ada"]),
        (["--event", "pycon"], ["Ada"]),
        (["--event", "pyc"], ["Ada"]),
        (["--tag", "python"], ["Bob", "Ada"]),
        (["--tag", "python", "--tag", "RUST"], ["Bob"]),
        (["--city", "LONDON"], ["Cleo", "Ada"]),
        (["--company", "acme"], ["Cleo", "Ada"]),
        (["--via", "ada"], ["Bob"]),
        (["--since", "2026-11-01"], ["Dan", "Cleo", "Bob"]),
        (["--since", "1 week ago"], ["Dan", "Cleo"]),
        (["--limit", "2"], ["Dan", "Cleo"]),
        (["--city", "Tokyo"], []),
    ],
)
def test_list_filters(crowd, args, expected):
    assert names(crowd.json("list", *args)) == expected


def test_list_table_and_csv(crowd):
    out = crowd.ok("list")
    assert out.splitlines()[0].split() == ["ID", "NAME", "COMPANY", "CITY", "HOW", "EVENT", "/",
                                           "VIA", "MET"]  # fmt: skip
    assert "via Ada" in out
    rows = list(csv.DictReader(io.StringIO(crowd.ok("list", "--csv"))))
    assert [r["name"] for r in rows] == ["Dan", "Cleo", "Bob", "Ada"]
    assert rows[2]["tags"] == "python, rust" and rows[2]["via"] == "Ada"


def test_list_empty_says_so_on_stderr(journal):
    result = journal("list")
    assert result.exit_code == 0 and result.stdout == "" and "No one yet" in result.stderr


# -- search ---------------------------------------------------------------------------


def test_search_cards_and_log(journal):
    add_benji(journal)
    journal.ok("add", "Ada", "--note", "wants an intro to the Guardian")
    journal.ok("log", "Ada", "Talked about Rust in Zürich", "--kind", "call")
    assert sorted(names(journal.json("search", "guardian"))) == ["Ada", "Benji Weber"]
    hits = journal.json("search", "zurich")
    assert names(hits) == ["Ada"]
    assert hits[0]["matches"][0]["kind"] == "call"
    assert "[Zürich]" in hits[0]["matches"][0]["snippet"]
    assert names(journal.json("search", "@benji")) == ["Benji Weber"]
    assert names(journal.json("search", "mastodon.social")) == ["Benji Weber"]
    assert names(journal.json("search", "jour")) == ["Benji Weber"]  # a prefix of "journalist"
    assert journal.json("search", 'quote"s AND OR NOT (') == []
    assert "Benji Weber" in journal.ok("search", "press")


def test_search_follows_edits_and_deletes(journal):
    journal.ok("add", "Ada", "--company", "Acme")
    journal.ok("edit", "Ada", "--company", "Globex")
    assert journal.json("search", "acme") == []
    assert names(journal.json("search", "globex")) == ["Ada"]
    journal.ok("rm", "Ada", "--yes")
    assert journal.json("search", "globex") == []


# -- log ------------------------------------------------------------------------------


def test_log_records_interaction_and_updates_last_contact(journal):
    journal.ok("add", "Ada", "--met", "2026-10-01")
    out = journal.ok("log", "Ada", "Coffee at the station", "--kind", "meeting", "--on",
                     "yesterday", "--event", "Rust Meetup", "--where", "Kings Cross")  # fmt: skip
    assert out.splitlines() == [
        "Logged #2: meeting with Ada (#1) on 2026-11-24.",
        "  new event #1 Rust Meetup",
    ]
    ada = journal.json("show", "Ada")
    assert ada["last_contact"] == "2026-11-24"
    latest = ada["interactions"][0]
    assert (latest["kind"], latest["note"], latest["place"], latest["event"]["name"]) == (
        "meeting",
        "Coffee at the station",
        "Kings Cross",
        "Rust Meetup",
    )
    assert names(journal.json("list", "--event", "Rust Meetup")) == ["Ada"]
    journal.ok("log", "Ada", "an older note", "--on", "2026-01-01")
    assert journal.json("show", "Ada")["last_contact"] == "2026-11-24"


# -- rm -------------------------------------------------------------------------------


def test_rm_asks_and_deletes_what_hangs_off(journal, db_path):
    add_benji(journal)
    journal.ok("log", "benji", "hello")
    journal.fails(1, "rm", "benji", input="n\n")
    journal.fails(1, "rm", "benji", input="")  # no answer at all
    out = journal.ok("rm", "benji", input="y\n")
    assert "Deleted #2 Benji Weber, 2 log entries, 1 follow-up." in out
    conn = sqlite3.connect(db_path)
    for table in ("handles", "emails", "interactions", "follow_ups"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    conn.close()
    assert names(journal.json("list")) == ["Maria Kovač"]


def test_rm_of_an_introducer_keeps_the_people_they_introduced(journal):
    add_benji(journal)
    journal.ok("rm", "Maria", "--yes")
    assert journal.json("show", "benji")["via"] is None


# -- follow-up ------------------------------------------------------------------------


def test_follow_up_command(journal):
    journal.ok("add", "Ada")
    out = journal.ok("follow-up", "Ada", "send the paper", "--due", "in 3 days", "--every", "2w")
    assert out.strip() == "Planned #1  send the paper  due 2026-11-28  every 2 weeks with Ada (#1)."
    assert journal.json("show", "Ada")["follow_ups"][0]["due"] == "2026-11-28"


# -- events ---------------------------------------------------------------------------


def test_events(journal):
    out = journal.ok("event", "add", "PyData Berlin", "--on", "2026-11-21", "--where", "bUm",
                     "--city", "Berlin", "--link", "https://pydata.org/berlin")  # fmt: skip
    assert out.strip() == "Added event #1 PyData Berlin."
    journal.ok("add", "Ada", "--event", "PyData Berlin")
    journal.ok("add", "Bob")
    journal.ok("log", "Bob", "Saw him again", "--event", "1")
    events = journal.json("event", "list")
    assert [(e["name"], e["date"], e["city"], e["people"]) for e in events] == [
        ("PyData Berlin", "2026-11-21", "Berlin", 2)
    ]
    shown = journal.json("event", "show", "pydata berlin")
    assert names(shown["people"]) == ["Bob", "Ada"]
    out = journal.ok("event", "show", "1")
    assert out.startswith("#1 PyData Berlin · 2026-11-21 · bUm · Berlin")
    assert "Ada" in out and "Bob" in out
    assert "PyData Berlin" in journal.ok("event", "list")
    assert "already" in journal.fails(1, "event", "add", "pydata berlin", "--on", "2026-11-21")
    journal.fails(2, "event", "add", "X", "--on", "never ever")


def test_ambiguous_event(journal):
    journal.ok("event", "add", "Meetup", "--on", "2026-10-01")
    journal.ok("event", "add", "Meetup", "--on", "2026-11-01")
    assert "#1 Meetup, #2 Meetup" in journal.fails(1, "event", "show", "meetup")
    assert "matches 2 events" in journal.fails(1, "add", "Ada", "--event", "Meetup")


# -- global behaviour -----------------------------------------------------------------


def test_version_and_no_args(journal):
    from journal import __version__

    assert journal.ok("--version").strip() == f"journal {__version__}"
    assert "Usage: journal" in journal.ok()


def test_db_option_beats_environment(journal, tmp_path):
    other = tmp_path / "other.db"
    journal.ok("--db", str(other), "add", "Ada")
    assert journal.json("list") == []
    assert names(journal.json("--db", str(other), "list")) == ["Ada"]


def test_python_dash_m_and_console_script_exit_codes(tmp_path):
    env = {"JOURNAL_DB": str(tmp_path / "j.db"), "NO_COLOR": "1", "PATH": ""}
    run = [sys.executable, "-m", "journal"]
    ok = subprocess.run([*run, "add", "Ada"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([*run, "show", "Nobody"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error: no person matches 'Nobody'")
    usage = subprocess.run(
        [*run, "add", "B", "--met", "x"], env=env, capture_output=True, text=True
    )
    assert usage.returncode == 2 and usage.stderr.count("\n") == 1, usage.stderr


def test_colour_only_on_a_terminal(journal, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    journal.ok("add", "Ada")
    assert "\x1b[" not in journal.ok("show", "Ada")  # CliRunner is not a terminal


@pytest.mark.parametrize(
    "args",
    [
        ["show", "9223372036854775808"],
        ["merge", "1", "#99999999999999999999"],
        ["done", "99999999999999999999"],
        ["event", "show", "99999999999999999999"],
    ],
)
def test_an_id_too_large_for_sqlite_names_nobody(journal, args):
    journal.ok("add", "Zoë Müller")
    assert "no " in journal.fails(1, *args)
