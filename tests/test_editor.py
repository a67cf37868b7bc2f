"""`--edit` through a scripted $EDITOR, and `-` for standard input (issue 16, point 3)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest


@pytest.fixture
def scripted_editor(tmp_path, monkeypatch):
    """Makes $EDITOR a script that applies `replacements` to the file (or writes `text`),
    and keeps a copy of the template it was given."""
    seen = tmp_path / "template.txt"

    def use(replacements: dict[str, str] | None = None, *, text: str | None = None, code=0):
        script = tmp_path / "editor.py"
        script.write_text(
            "import sys, pathlib\n"
            "p = pathlib.Path(sys.argv[1])\n"
            f"pathlib.Path({str(seen)!r}).write_text(p.read_text())\n"
            "t = p.read_text()\n"
            f"for old, new in {replacements or {}!r}.items():\n"
            "    assert old in t, old\n"
            "    t = t.replace(old, new)\n"
            f"t = {text!r} if {text!r} is not None else t\n"
            "p.write_text(t)\n"
            f"sys.exit({code})\n"
        )
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        return seen

    return use


def test_add_in_the_editor(journal, scripted_editor):
    seen = scripted_editor({
        "name: \n": "name: Benji Weber\n",
        "handles: \n": "handles: @benji, @benji@mastodon.social\n",
        "tags: \n": "tags: press, ai\n",
        "event: \n": "event: Mastodon meetup\n",
        "met: \n": "met: March 2019\n",
        "follow-up: \n": "follow-up: meet again\n",
        "in: \n": "in: London\n",
        "--- story ---\n": "--- story ---\nFollowed his live posts.\n\nThen coffee.\n",
    })  # fmt: skip
    out = journal.ok("add", "--edit", "--city", "London")
    template = seen.read_text()
    assert template.startswith("# journal add: a new person\n")
    assert "\ncity: London\n" in template  # what the options gave is filled in
    assert "Added #1 Benji Weber · London" in out and "  new event #1 Mastodon meetup" in out
    benji = journal.json("show", "benji")
    assert [h["handle"] for h in benji["handles"]] == ["benji", "benji@mastodon.social"]
    assert benji["tags"] == ["press", "ai"] and benji["met_on"] == "2019-03"
    assert benji["story"] == "Followed his live posts.\n\nThen coffee."
    assert benji["follow_ups"][0]["action"] == "meet again"
    assert benji["follow_ups"][0]["city"] == "London"


@pytest.mark.parametrize("text", [None, "", "# only a comment\n\nname: \n"])
def test_add_unchanged_or_empty_writes_nothing(journal, scripted_editor, text):
    scripted_editor(text=text)
    message = journal.fails(1, "add", "--edit")
    assert message == "Error: nothing was written: the file was left unchanged or empty"
    assert journal.fingerprint() is None


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"name: \n": "name: Ada\nage: 40\n"}, "line 5: 'age: 40' is not 'field: value'"),
        ({"name: \n": "name: Ada\n", "met: \n": "met: someday\n"}, "met: cannot read date"),
        ({"name: \n": "name: Ada\n", "how: \n": "how: telepathy\n"}, "'telepathy' is not one"),
    ],
)
def test_a_template_that_cannot_be_read_keeps_the_text(journal, scripted_editor, change, error):
    scripted_editor(change)
    message = journal.fails(2, "add", "--edit")
    assert error in message
    kept = Path(re.search(r"what you wrote is kept in (\S+)\)$", message)[1])
    assert "name: Ada" in kept.read_text()
    kept.unlink()


def test_a_duplicate_from_the_editor_keeps_the_text(journal, scripted_editor):
    journal.ok("add", "Ada")
    scripted_editor({"name: \n": "name: ada\n"})
    message = journal.fails(1, "add", "--edit")
    kept = Path(re.search(r"kept in (\S+)\)", message)[1])
    assert "already in the journal" in message and "name: ada" in kept.read_text()
    kept.unlink()


def test_a_failing_editor_writes_nothing(journal, scripted_editor):
    scripted_editor({"name: \n": "name: Ada\n"}, code=3)
    assert "failed with exit code 3" in journal.fails(1, "add", "--edit")


def test_edit_in_the_editor(journal, scripted_editor):
    journal.ok("add", "Benji", "--handle", "@benji", "--city", "London", "--tag", "press",
               "--tag", "ai", "--company", "Guardian", "--story", "Old story")  # fmt: skip
    seen = scripted_editor({
        "company: Guardian\n": "company: BBC\n",
        "city: London\n": "city: \n",
        "tags: press, ai\n": "tags: ai, rust\n",
        "handles: @benji\n": "handles: @benji2, github:benji\n",
        "via: \n": "via: Maria\n",
        "Old story": "New story",
    })  # fmt: skip
    out = journal.ok("edit", "benji", "--edit")
    assert seen.read_text().startswith("# journal edit: #1 Benji\n")
    assert out.splitlines() == ["Updated #1 Benji · BBC", "  new person #2 Maria"]
    benji = journal.json("show", "#1")
    assert (benji["company"], benji["city"], benji["story"]) == ("BBC", None, "New story")
    assert benji["tags"] == ["ai", "rust"] and benji["via"]["name"] == "Maria"
    assert [h["handle"] for h in benji["handles"]] == ["benji2", "benji"]


def test_edit_in_the_editor_unchanged_writes_nothing(journal, scripted_editor):
    journal.ok("add", "Benji", "--city", "London")
    scripted_editor()
    assert "left unchanged" in journal.fails(1, "edit", "benji", "--edit")


def test_edit_in_the_editor_takes_no_other_change(journal, scripted_editor):
    journal.ok("add", "Benji")
    assert "make every change in the editor" in journal.fails(
        2, "edit", "benji", "--edit", "--city", "Paris"
    )


def test_log_in_the_editor(journal, scripted_editor):
    journal.ok("add", "Benji")
    seen = scripted_editor({"Coffee": "Coffee at the station.\nHe'll send the draft."})
    journal.ok("log", "benji", "Coffee", "--edit", "--kind", "meeting")
    assert "# journal log: what happened with Benji (#1)" in seen.read_text()
    entry = journal.json("show", "benji")["interactions"][0]
    assert (entry["kind"], entry["note"]) == (
        "meeting",
        "Coffee at the station.\nHe'll send the draft.",
    )


def test_log_in_the_editor_left_empty_writes_nothing(journal, scripted_editor):
    journal.ok("add", "Benji")
    scripted_editor()
    assert "left unchanged or empty" in journal.fails(1, "log", "benji", "--edit")


def test_log_needs_a_note_or_the_editor(journal):
    journal.ok("add", "Benji")
    assert "Missing argument 'NOTE'" in journal.fails(2, "log", "benji")


def test_story_and_note_from_standard_input(journal):
    journal.ok("add", "Ada", "--story", "-", input="Met at the *station*.\nTwo lines.\n")
    assert journal.json("show", "ada")["story"] == "Met at the *station*.\nTwo lines."
    journal.ok("edit", "ada", "--note", "-", input="A note\n")
    assert journal.json("show", "ada")["notes"] == "A note"
    journal.ok("log", "ada", "-", input="Called her\n")
    assert journal.json("show", "ada")["interactions"][0]["note"] == "Called her"


def test_only_one_option_reads_standard_input(journal):
    message = journal.fails(2, "add", "Ada", "--story", "-", "--note", "-", input="x")
    assert "only one of --story, --note can read standard input" in message
