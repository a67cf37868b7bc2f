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
    """Several records match. `or_else` names another way out than the id (where a
    record is found or made: `+Name` for a new one)."""

    def __init__(self, what: str, text: str, candidates: list[dict], or_else: str = ""):
        shown = ", ".join(f"#{c['id']} {c['name']}" for c in candidates[:10])
        more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        super().__init__(
            f"{text!r} matches {len(candidates)} {what}: {shown}{more};"
            f" use the id (e.g. #{candidates[0]['id']}){or_else}"
        )
        self.what, self.text, self.candidates = what, text, candidates

    def or_new(self, new: str) -> Ambiguous:
        """The same error, offering `new` (how to ask for a new record) as well."""
        return Ambiguous(self.what, self.text, self.candidates, f", or {new} for a new one")


class Duplicate(JournalError):
    pass


class SameName(Duplicate):
    """Adding a name the journal already has (case and accents ignored); a face says how
    to add another person of that name all the same."""

    def __init__(self, existing: list[dict]):
        shown = ", ".join(f"#{p['id']} {p['name']}" for p in existing[:5])
        super().__init__(f"{existing[0]['name']} is already in the journal: {shown}")
        self.existing = existing


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
