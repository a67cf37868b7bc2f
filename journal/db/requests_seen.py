"""Requests seen: the `request_id` a browser write carries, and how it was answered.

A phone sends again what it queued when its connection returns, and a form can be sent
twice (a double tap, a retry after a lost answer). The first request with an id claims
it in the transaction of its write, so a second one, even at the same moment, writes
nothing; once answered, the answer is kept so the second gets the same. Ids are kept
for KEEP_DAYS, then forgotten.
"""

from __future__ import annotations

import json

from journal.db.connection import Connection
from journal.errors import InvalidValue

# Longest id a form may carry (SPEC §3), and how long one is remembered.
MAX_LENGTH = 100
KEEP_DAYS = 30


def checked(request_id: str | None) -> str | None:
    """The id as a form sent it, or None when it sent none."""
    if request_id is None or not request_id.strip():
        return None
    if len(request_id) > MAX_LENGTH:
        raise InvalidValue(
            f"request_id: at most {MAX_LENGTH} characters, not {len(request_id)}",
            field="request_id",
        )
    return request_id


def claim(db: Connection, request_id: str) -> dict | None:
    """Claim `request_id` for the write in progress (call it inside its transaction):
    None if it is new; if it was seen before, its row (`status` None while the first
    request is still being answered). Ids older than KEEP_DAYS are forgotten here."""
    now = db.now()
    db.conn.execute(
        "DELETE FROM requests_seen WHERE seen_at < strftime('%Y-%m-%dT%H:%M:%S', ?, ?)",
        [now, f"-{KEEP_DAYS} days"],
    )
    seen = answer(db, request_id)
    if seen is None:
        db.conn.execute(
            "INSERT INTO requests_seen (request_id, seen_at) VALUES (?, ?)", [request_id, now]
        )
    return seen


def answer(db: Connection, request_id: str) -> dict | None:
    """How a request was answered: status, location and messages; None if never seen."""
    row = db.row(
        "SELECT status, location, messages FROM requests_seen WHERE request_id = ?", [request_id]
    )
    if row is not None:
        row["messages"] = json.loads(row["messages"] or "[]")
    return row


def answered(
    db: Connection, request_id: str, status: int, location: str | None, messages: list
) -> None:
    """Remember how the request that claimed `request_id` was answered."""
    with db.transaction():
        db.conn.execute(
            "UPDATE requests_seen SET status = ?, location = ?, messages = ? WHERE request_id = ?",
            [status, location, json.dumps(messages), request_id],
        )
