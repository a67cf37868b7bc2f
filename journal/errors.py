"""What can go wrong, in the user's words. The CLI prints `Error: <message>` and exits 1."""

from __future__ import annotations


class JournalError(Exception):
    """A failure the user can act on; never shown with a traceback."""


class NotFound(JournalError):
    pass


class Ambiguous(JournalError):
    def __init__(self, what: str, text: str, candidates: list[dict]):
        shown = ", ".join(f"#{c['id']} {c['name']}" for c in candidates[:10])
        more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        super().__init__(
            f"{text!r} matches {len(candidates)} {what}: {shown}{more};"
            f" use the id (e.g. #{candidates[0]['id']})"
        )
        self.candidates = candidates


class Duplicate(JournalError):
    pass


class Conflict(JournalError):
    """The request makes no sense in the record's current state."""


class NotAJournal(JournalError):
    pass


class InvalidValue(JournalError):
    """A value the user gave that the CLI reports as bad usage (exit 2)."""
