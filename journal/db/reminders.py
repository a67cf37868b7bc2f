"""What `journal remind` sends and has sent: the digest of a morning (what is overdue,
due today and in the coming days, the important dates among them, and the people met on
this day), and for each target the items it was sent on each day, so that a run every
hour sends each item once a day per target.

A target is remembered by a keyed digest of its Apprise URL (HMAC-SHA256 with a key kept
outside the journal, in the app folder), which may hold a password or a token: the
journal is served by Datasette and exported whole, so it keeps no secret of the user's,
nor a plain digest that a guess at the URL could be checked against."""

from __future__ import annotations

import hmac
import json
from datetime import date

from journal.db import reads
from journal.db.connection import Connection


def item_key(item: dict) -> str:
    """What one item of the digest is, for the day it is sent on."""
    if item["kind"] == "on-this-day":
        return f"met-{item['person_id']}"
    if item["follow_up_id"] is not None:
        return f"follow-up-{item['follow_up_id']}"
    if item.get("date_id") is not None:
        return f"date-{item['date_id']}"
    return f"keep-in-touch-{item['person_id']}"


def digest(db: Connection, on: date, until: date) -> list[dict]:
    """What is due by `until` (a follow-up without a date has no day to be sent on: it
    stays in `journal due`, as it stays out of the calendar), then who you met on this
    day in an earlier year, as items of kind `on-this-day`. Each item has its `key`."""
    items = [item for item in reads.due(db, until=until) if item["due"]]
    for met in reads.on_this_day(db, on):
        items.append(
            {
                **dict.fromkeys(("action", "city", "rrule", "last_contact", "date_id")),
                **dict.fromkeys(("label", "date")),
                "kind": "on-this-day",
                "follow_up_id": None,
                "person_id": met["id"],
                "name": met["name"],
                "due": on.isoformat(),
                "years": met["years"],
                "met_on": met["met_on"],
                "event": met["event"],
                "met_where": met["met_where"],
            }
        )
    for item in items:
        item["key"] = item_key(item)
    return items


def target_key(key: bytes, url: str) -> str:
    return hmac.new(key, url.encode("utf-8"), "sha256").hexdigest()


def unsent(db: Connection, key: bytes, url: str, day: date, items: list[dict]) -> list[dict]:
    """The items not yet sent to `url` on `day`."""
    sent = {
        r["item"]
        for r in db.rows(
            "SELECT item FROM reminders_sent WHERE target = ? AND day = ?"
            " AND item IN (SELECT value FROM json_each(?))",
            [target_key(key, url), day.isoformat(), json.dumps([i["key"] for i in items])],
        )
    }
    return [item for item in items if item["key"] not in sent]


def record_sent(
    db: Connection, key: bytes, url: str, shown: str, day: date, items: list[dict]
) -> None:
    """Remember that `items` reached `url` on `day`, at once: what was sent has been
    sent, whatever comes next (another target failing, the command being stopped), so
    this is committed even inside a command's transaction."""
    with db.transaction():
        db.conn.executemany(
            "INSERT OR IGNORE INTO reminders_sent (target, shown, item, day) VALUES (?, ?, ?, ?)",
            [(target_key(key, url), shown, item["key"], day.isoformat()) for item in items],
        )
    if db.conn.in_transaction:
        db.conn.commit()
