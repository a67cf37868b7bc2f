"""What the faces show: a person's card, lists of people, search, what is due, events.
The command line prints these and the browser renders the same rows."""

from __future__ import annotations

import json
import re
from calendar import isleap
from collections.abc import Iterable
from datetime import date

from journal.db import network
from journal.db.connection import Connection
from journal.errors import InvalidValue, NotFound
from journal.values import iso

HANDLES_JSON = """(SELECT json_group_array(json_object('network', h.network, 'handle', h.handle,
        'url', h.url)) FROM handles h WHERE h.person_id = p.id)"""

PERSON_SUMMARY = f"""
SELECT p.id, p.name, p.company, p.role, p.city, p.email, p.phone, p.tags, p.found_via,
    p.event_id, e.name AS event, p.via_id, v.name AS via, p.met_on, p.met_where,
    p.source_url, p.next_due, {HANDLES_JSON} AS handles
FROM people p
LEFT JOIN events e ON e.id = p.event_id
LEFT JOIN people v ON v.id = p.via_id
"""

# How many of the latest matches `search` ranks (see search).
RANKED = 500


def _decode(row: dict) -> dict:
    """JSON columns arrive as text; hand them on as lists."""
    for key in ("tags", "handles"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def fts_query(text: str) -> str:
    """Every word the user typed must match, each as a prefix; FTS syntax is not exposed."""
    words = re.findall(r"\w+", text)
    if not words:
        raise InvalidValue(f"nothing to search for in {text!r}", field="q")
    return " ".join(f'"{word}"*' for word in words)


def person(db: Connection, person_id: int) -> dict:
    """Everything about one person: the card `show` prints and the browser renders."""
    row = db.row(
        "SELECT id, name, company, role, city, email, phone, tags, notes, found_via,"
        " event_id, via_id, met_on, met_where, source_url, story, keep_in_touch_days,"
        " last_contact, next_due, created_at, updated_at FROM people WHERE id = ?",
        [person_id],
    )
    if row is None:
        raise NotFound(f"no person with id #{person_id}")
    card = _decode(row)
    event_id, via_id = card.pop("event_id"), card.pop("via_id")
    card["event"] = db.row(
        "SELECT id, name, date, place, city FROM events WHERE id = ?", [event_id]
    )
    card["via"] = db.row("SELECT id, name FROM people WHERE id = ?", [via_id])
    card["emails"] = [
        r["email"]
        for r in db.rows("SELECT email FROM emails WHERE person_id = ? ORDER BY id", [person_id])
    ]
    card["handles"] = db.rows(
        "SELECT network, handle, url FROM handles WHERE person_id = ? ORDER BY id", [person_id]
    )
    card["interactions"] = [
        {
            **r,
            "event": {"id": r.pop("event_id"), "name": r.pop("event_name")}
            if r["event_id"]
            else None,
        }
        for r in db.rows(
            "SELECT i.id, i.date, i.kind, i.note, i.place, i.event_id, e.name AS event_name"
            " FROM interactions i LEFT JOIN events e ON e.id = i.event_id"
            " WHERE i.person_id = ? ORDER BY i.date DESC, i.id DESC",
            [person_id],
        )
    ]
    card["follow_ups"] = db.rows(
        "SELECT id, action, due, city, rrule, status FROM follow_ups"
        " WHERE person_id = ? AND status = 'open' ORDER BY due IS NULL, due, id",
        [person_id],
    )
    card["introduced"] = db.rows(
        "SELECT id, name FROM people WHERE via_id = ? ORDER BY met_on, id", [person_id]
    )
    return card


def people(
    db: Connection,
    *,
    how: str | None = None,
    event_id: int | None = None,
    tags: Iterable[str] = (),
    city: str | None = None,
    company: str | None = None,
    via_id: int | None = None,
    depth: int = 1,
    since: date | None = None,
    limit: int | None = None,
) -> list[dict]:
    """People, newest first, narrowed by any of the `list` filters; `depth` reaches
    through `via_id`'s introductions that many levels down."""
    where, params = [], {}
    if how:
        where.append("p.found_via = :how")
        params["how"] = how
    if event_id is not None:
        # Met there, or logged there later: each side by its own index.
        where.append(
            "p.id IN (SELECT id FROM people WHERE event_id = :event"
            " UNION SELECT person_id FROM interactions WHERE event_id = :event)"
        )
        params["event"] = event_id
    for n, tag in enumerate(tags):
        where.append(
            f"p.id IN (SELECT person_id FROM person_tags WHERE tag = :tag{n} COLLATE NOCASE)"
        )
        params[f"tag{n}"] = tag
    if city:
        where.append("p.city = :city COLLATE NOCASE")
        params["city"] = city
    if company:
        where.append("p.company = :company COLLATE NOCASE")
        params["company"] = company
    if via_id is not None:
        where.append(f"p.id IN ({network.reached_sql(depth)})" if depth > 1 else "p.via_id = :via")
        params["via"] = via_id
    if since:
        where.append("p.met_on >= :since")
        params["since"] = iso(since)
    matching = " WHERE " + " AND ".join(where) if where else ""
    newest = " ORDER BY p.met_on DESC, p.id DESC"
    if limit is None:
        sql = PERSON_SUMMARY + matching + newest
    else:
        # The page's ids first, then the summary of those alone: else each match's
        # handles would be gathered before the sort, thousands for a common tag.
        page = f"SELECT p.id FROM people p{matching}{newest} LIMIT :limit"
        sql = f"{PERSON_SUMMARY} JOIN ({page}) page ON page.id = p.id{newest}"
        params["limit"] = limit
    return [_decode(r) for r in db.rows(sql, params)]


def search(db: Connection, text: str, *, limit: int = 50) -> list[dict]:
    """People whose card or log matches every word, best matches first.

    Ranking reads every match, so only the latest RANKED matches of the cards and of
    the log are ranked: a word in every entry of a large log costs the same as a rare
    one, and a small journal ranks all of its matches."""
    query = fts_query(text)
    found: dict[int, dict] = {}
    card_hits = db.rows(
        f"""{PERSON_SUMMARY}
        JOIN (SELECT rowid, rank FROM people_fts WHERE people_fts MATCH :q
              ORDER BY rowid DESC LIMIT :ranked) hit ON hit.rowid = p.id
        ORDER BY hit.rank LIMIT :limit""",
        {"q": query, "limit": limit, "ranked": RANKED},
    )
    for row in card_hits:
        found[row["id"]] = {**_decode(row), "matches": []}
    log_hits = db.rows(
        """SELECT person_id, id, date, kind, snippet FROM (
            SELECT i.person_id, i.id, i.date, i.kind, interactions_fts.rank AS rank,
                snippet(interactions_fts, -1, '[', ']', '…', 12) AS snippet
            FROM interactions_fts JOIN interactions i ON i.id = interactions_fts.rowid
            WHERE interactions_fts MATCH :q
            ORDER BY interactions_fts.rowid DESC LIMIT :ranked)
        ORDER BY rank LIMIT :limit""",
        {"q": query, "limit": limit, "ranked": RANKED},
    )
    for hit in log_hits:
        person_id = hit.pop("person_id")
        if person_id not in found:
            if len(found) >= limit:
                continue
            summary = db.row(PERSON_SUMMARY + " WHERE p.id = ?", [person_id])
            found[person_id] = {**_decode(summary), "matches": []}
        found[person_id]["matches"].append(hit)
    return list(found.values())


# What is due is the `due` view (schema 5), whichever face reads it: every open
# follow-up, in its own city or else its person's, and every keep-in-touch date.
# A follow-up without a date is due any time: listed after the dated ones.
DUE_ORDER = "due IS NULL, due, kind = 'lives-there', name, person_id, follow_up_id"


def due(
    db: Connection, *, until: date | None = None, city: str | None = None, limit: int = -1
) -> list[dict]:
    """What is due by `until`, then the follow-ups without a date; or, for `city`, every
    plan tied to it (or to someone who lives there) and everyone who lives there.

    The view's filters reach its two halves, so the due indexes are read, never the log."""
    if city is not None:
        return db.rows(
            f"""SELECT * FROM (
                SELECT * FROM due WHERE city = :city COLLATE NOCASE
                UNION ALL
                SELECT 'lives-there', NULL, id, name, NULL, NULL, city, NULL, last_contact
                FROM people WHERE city = :city COLLATE NOCASE AND next_due IS NULL)
            ORDER BY {DUE_ORDER} LIMIT :limit""",
            {"city": city, "limit": limit},
        )
    return db.rows(
        f"""SELECT * FROM due WHERE due <= :until OR due IS NULL
        ORDER BY {DUE_ORDER} LIMIT :limit""",
        {"until": iso(until or date.max), "limit": limit},
    )


def on_this_day(db: Connection, on: date) -> list[dict]:
    """People met on this day of the year in an earlier year, the longest ago first, with
    how many years ago and where (a 29 February counts on the 28th in other years)."""
    days = [on.strftime("%m-%d")]
    if days == ["02-28"] and not isleap(on.year):
        days.append("02-29")
    rows = db.rows(
        "SELECT p.id, p.name, p.met_on, e.name AS event, p.met_where FROM people p"
        " LEFT JOIN events e ON e.id = p.event_id"
        " WHERE substr(p.met_on, 6) IN (SELECT value FROM json_each(:days))"
        " AND length(p.met_on) = 10 AND p.met_on < :on ORDER BY p.met_on, p.id",
        {"days": json.dumps(days), "on": on.isoformat()},
    )
    for row in rows:
        row["years"] = on.year - int(row["met_on"][:4])
    return rows


def events(db: Connection) -> list[dict]:
    return db.rows(
        """SELECT e.id, e.name, e.date, e.place, e.city, e.url,
            (SELECT count(*) FROM (SELECT id FROM people WHERE event_id = e.id
                UNION SELECT person_id FROM interactions WHERE event_id = e.id)) AS people
        FROM events e ORDER BY e.date DESC, e.id DESC"""
    )


def event(db: Connection, event_id: int) -> dict:
    row = db.row("SELECT * FROM events WHERE id = ?", [event_id])
    if row is None:
        raise NotFound(f"no event with id #{event_id}")
    row["people"] = people(db, event_id=event_id)
    return row


def calendar(db: Connection) -> list[dict]:
    """Every dated reminder: what the calendar shows."""
    return [item for item in due(db) if item["due"]]
