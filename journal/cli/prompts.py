"""Interactive `journal add`: on a terminal, a question per field, with Tab completing
what the journal already has (events, people, tags, cities); Enter skips a field and
Ctrl-C leaves without writing anything."""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from journal.cli import editor
from journal.cli.output import echo
from journal.errors import InvalidValue
from journal.fields import FOUND_VIA
from journal.text.inputs import read_emails, read_handles, read_when

# (field, question, what Tab completes, a check of the answer)
Check = Callable[[str], object] | None
QUESTIONS: list[tuple[str, str, str | tuple | None, Check]] = [
    ("name", "Name", None, None),
    ("handles", "Handles (@name, @name@host, URL; commas between)", None,
     lambda v: read_handles(_list(v), "handles")),
    ("emails", "Emails (commas between)", None, lambda v: read_emails(_list(v), "emails")),
    ("company", "Company", "companies", None),
    ("role", "Role", None, None),
    ("city", "City", "cities", None),
    ("tags", "Tags (commas between)", "tags", None),
    ("how", f"How you found them ({', '.join(FOUND_VIA)})", FOUND_VIA, lambda v: _how(v)),
    ("event", "Event (a part of its name finds it; +NAME for a new one)", "events", None),
    ("via", "Via: who introduced or pointed them out", "people", None),
    ("met", "Met (a date: today, last week, March 2019…)", None, lambda v: read_when(v, "met")),
    ("where", "Where you met", None, None),
    ("link", "Link: where you found them", None, None),
    ("follow-up", "Follow-up: something to do next", None, None),
]  # fmt: skip
PLAN_QUESTIONS: list[tuple[str, str, str | tuple | None, Check]] = [
    ("due", "Due (a date)", None, None),
    ("in", "In a city (next time you are there)", "cities", None),
]
LISTS = ("handles", "emails", "tags")


def on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _list(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _how(text: str) -> str:
    if text not in FOUND_VIA:
        raise InvalidValue(f"{text!r} is not one of {', '.join(FOUND_VIA)}")
    return text


def ask_person(ctx: typer.Context, typed: dict) -> dict:
    """Ask for each field of a new person; what the options gave is the default."""
    from journal.cli.session import store

    s = store(ctx)
    answers = dict(typed)
    try:
        with _Completion(s) as completion:
            for field, question, completes, check in QUESTIONS:
                answers[field] = _ask(completion, question, typed.get(field), completes, check)
                while field == "name" and not answers["name"]:
                    echo("  a person needs a name (Ctrl-C to leave)", err=True)
                    answers["name"] = _ask(completion, question, None, completes, check)
            if answers["follow-up"]:
                for field, question, completes, check in PLAN_QUESTIONS:
                    answers[field] = _ask(completion, question, typed.get(field), completes, check)
            answers["story"] = answers["story"] or _story()
    except (KeyboardInterrupt, EOFError):
        echo()
        raise typer.Abort() from None
    for field in LISTS:
        answers[field] = _list(answers[field] or "")
    return answers


def _ask(completion, question: str, default, completes, check: Check):
    """One question, asked again until the answer passes `check`."""
    shown = ", ".join(default) if isinstance(default, list) else default
    prompt = f"{question}{f' [{shown}]' if shown else ''}: "
    completion.offer(completes, listed=isinstance(default, list) or "commas" in question)
    while True:
        answer = input(prompt).strip() or shown or None
        if answer is None or check is None:
            return answer
        try:
            check(answer)
        except InvalidValue as e:
            echo(f"  {e}", err=True)
            continue
        return answer


def _story() -> str | None:
    echo("Story, in Markdown: lines, then an empty line (or 'editor' alone for your editor)")
    lines: list[str] = []
    while (line := input("> " if not lines else ". ")) != "":
        if not lines and line.strip() == "editor":
            return editor.comments_out(editor.edit("# How you met, in Markdown.\n\n"))
        lines.append(line)
    return "\n".join(lines).strip() or None


class _Completion:
    """Tab completion through the standard library's readline, with the journal's values."""

    def __init__(self, s):
        self.s = s
        self.values: list[str] = []
        self.completes = None
        self.listed = False
        self.readline = None

    def __enter__(self) -> _Completion:
        try:
            import readline
        except ImportError:  # no readline on this Python: questions without completion
            return self
        self.readline = readline
        readline.set_completer(self.complete)
        readline.set_completer_delims("")
        readline.parse_and_bind("tab: complete")
        return self

    def __exit__(self, *exc) -> None:
        if self.readline is not None:
            self.readline.set_completer(None)

    def offer(self, completes, *, listed: bool) -> None:
        self.completes, self.listed = completes, listed

    def complete(self, text: str, state: int) -> str | None:
        if state == 0:
            before, comma, last = text.rpartition(",") if self.listed else ("", "", text)
            lead = before + comma + (" " if comma else "")
            self.values = [lead + v for v in self._values(last.strip())]
        return self.values[state] if state < len(self.values) else None

    def _values(self, typed: str) -> list[str]:
        from journal.db import suggest

        if self.completes is None:
            return []
        if isinstance(self.completes, tuple):
            return [v for v in self.completes if v.startswith(typed)]
        if self.completes == "people":
            return suggest.suggestions(self.s, "people", typed) + suggest.suggestions(
                self.s, "handles", typed
            )
        return suggest.suggestions(self.s, self.completes, typed)
