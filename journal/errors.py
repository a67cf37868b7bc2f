"""What can go wrong, in the user's words. Each face shows the message its own way (the CLI
as `Error: <message>`, exit 1; the browser beside the form) and adds its own hints."""

from __future__ import annotations


class JournalError(Exception):
    """A failure the user can act on; never shown with a traceback."""


class NotFound(JournalError):
    """No record matches. `subject` (person, event, follow-up) and `text` (what was looked
    for) let a face add a hint of its own, such as a command to try."""

    def __init__(self, message: str, *, subject: str | None = None, text: str | None = None):
        super().__init__(message)
        self.subject = subject
        self.text = text


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
    """A value the user gave that cannot be used: bad usage (exit 2 for the CLI, 400 for
    the browser). `field` names the option or form field, when one is to blame."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
