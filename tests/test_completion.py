"""Shell completion through Click's completion protocol (issue 16, point 6): commands,
options, and values from the journal."""

from __future__ import annotations

import pytest

from journal.cli import app
from journal.db import people


def complete(journal, words: str, *, shell: str = "bash", db=None) -> list[str]:
    """What the shell would offer for the last word of `words` (`journal ...`)."""
    if shell == "bash":
        cword = len(words.split()) - (0 if words.endswith(" ") else 1)
        env = {"_JOURNAL_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    else:
        env = {"_JOURNAL_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words}
    if db is not None:
        env["JOURNAL_DB"] = str(db)
    result = journal.runner.invoke(app, [], env=env, prog_name="journal")
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def filled(journal):
    journal.ok("add", "Maria Kovač", "--handle", "@maria", "--city", "London",
               "--company", "BBC", "--tag", "press")  # fmt: skip
    journal.ok("add", "Marc Roe", "--handle", "@marcroe", "--city", "Lyon", "--tag", "rust")
    journal.ok("add", "Benji Weber", "--handle", "@benji", "--city", "London", "--tag", "press",
               "--event", "Mastodon meetup Berlin",
               "--follow-up", "coffee", "--due", "2026-12-01")  # fmt: skip
    return journal


def test_commands_and_options(journal):
    assert complete(journal, "journal sh") == ["show"]
    assert "met" in complete(journal, "journal m")
    assert complete(journal, "journal add Ada --ci") == ["--city"]
    assert "--install-completion" in complete(journal, "journal --")


def test_people_by_name_and_handle(filled):
    assert complete(filled, "journal show Mar") == ["Marc\\ Roe", "Maria\\ Kovač"]
    assert complete(filled, "journal show mari") == ["maria\\ Kovač"]  # as typed; case ignored
    assert complete(filled, "journal show @ma") == ["@marcroe", "@maria"]
    assert complete(filled, "journal add Lu --via Ben") == ["Benji\\ Weber"]
    assert complete(filled, "journal show ")[-3:] == ["@benji", "@marcroe", "@maria"]


def test_zsh_and_fish_quote_for_themselves(filled):
    zsh = complete(filled, "journal show Maria", shell="zsh")
    assert "Maria Kovač" in "\n".join(zsh) and "\\ " not in "\n".join(zsh)


def test_events_tags_cities_companies(filled):
    assert complete(filled, "journal add Lu --event Mast") == ["Mastodon\\ meetup\\ Berlin"]
    assert complete(filled, "journal log benji hi --event mast") == ["mastodon\\ meetup\\ Berlin"]
    assert complete(filled, "journal event show M") == ["Mastodon\\ meetup\\ Berlin"]
    assert complete(filled, "journal list --tag ") == ["press", "rust"]  # the most used first
    assert complete(filled, "journal edit benji --untag r") == ["rust"]
    assert complete(filled, "journal list --city L") == ["London", "Lyon"]
    assert complete(filled, "journal follow-up benji call --in Ly") == ["Lyon"]
    assert complete(filled, "journal add Lu --company B") == ["BBC"]
    assert complete(filled, "journal add Lu --company b") == []  # stored as given: not bBC


def test_follow_up_ids_with_their_action(filled):
    assert complete(filled, "journal done ") == ["1"]
    zsh = "\n".join(complete(filled, "journal done ", shell="zsh"))
    assert '"1":"coffee (Benji Weber, 2026-12-01)"' in zsh


def test_the_journal_given_with_db(filled, tmp_path):
    other = tmp_path / "other.db"
    filled.ok("--db", str(other), "add", "Zed")
    assert complete(filled, f"journal --db {other} show Z") == ["Zed"]
    assert complete(filled, "journal show Z", db=other) == ["Zed"]
    assert complete(filled, "journal show Z") == []


def test_no_journal_completes_nothing_and_makes_no_file(journal, db_path):
    assert complete(journal, "journal show M") == []
    assert not db_path.exists()


def test_a_file_that_is_not_a_journal_completes_nothing(journal, db_path):
    db_path.write_text("not a database")
    assert complete(journal, "journal show M") == []
    assert db_path.read_text() == "not a database"


def test_completion_offers_a_bounded_number(fresh_db, journal):
    for n in range(80):
        people.add_person(fresh_db, f"Person {n:02d}")
    assert len(complete(journal, "journal show P")) == 50


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(journal, shell, monkeypatch):
    # The shell is named, not detected from the process running the tests.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = journal("--show-completion", shell)
    assert result.exit_code == 0
    assert f"_JOURNAL_COMPLETE=complete_{shell}" in result.stdout.replace("'", "")
