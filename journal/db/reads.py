"""What the faces show: a person's card, lists of people, search, what is due, events.
The command line prints these and the browser renders the same rows."""

from __future__ import annotations

import json
import re
from calendar import isleap
from collections.abc import Iterable
from datetime import date

from journal.db import found, important_dates, other_names, places
from journal.db.connection import Connection
from journal.errors import InvalidValue, NotFound
from journal.text.dates import today
from journal.text.values import iso

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


def decode(row: dict) -> dict:
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
    card = decode(row)
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
            "SELECT i.id, i.date, i.kind, i.note, i.place, i.url, i.event_id,"
            " e.name AS event_name"
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
    card["dates"] = important_dates.dates_of(db, person_id, today())
    card["other_names"] = other_names.of(db, person_id)
    card["ways_found"] = found.ways_found(db, person_id)
    card["introduced"] = db.rows(
        "SELECT id, name FROM people WHERE via_id = ? ORDER BY met_on, id", [person_id]
    )
    # An email's or a phone's kind (work, home, cell) and the photo, from the card the
    # person was imported from (issue 21).
    from journal.formats.vcard import card_details

    kept = db.row("SELECT vcard FROM people WHERE id = ?", [person_id])["vcard"]
    card.update(card_details(kept, card["emails"], card["phone"]))
    return card


# How many introductions deep `list --via --depth` follows.
DEEPEST = 50


def reached_sql(depth: int) -> str:
    """The ids of everyone reached through `:via` in at most `depth` introductions: a
    subquery for the people list. Each level is its own step, so a cycle ends at `depth`."""
    if not 1 <= depth <= DEEPEST:
        raise InvalidValue(f"--depth must be from 1 to {DEEPEST}, not {depth}", field="depth")
    return f"""WITH RECURSIVE reached (id, depth) AS (
            SELECT id, 1 FROM people WHERE via_id = :via
            UNION
            SELECT p.id, r.depth + 1 FROM reached r JOIN people p ON p.via_id = r.id
            WHERE r.depth < {depth}
        ) SELECT id FROM reached"""


def people_where(
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
) -> tuple[str, dict]:
    """The `list` filters as a WHERE clause on people `p`, and its parameters; `depth`
    reaches through `via_id`'s introductions that many levels down."""
    where, params = [], {}
    if how:
        # Every way found counts, not only the first. A kind many people have is checked
        # person by person along the list's order, which stops at the page; a rare one is
        # read from its index (each way is cheaper where the other is slow: 20 ms against
        # 0.5 at 100,000 people).
        common = db.row(
            "SELECT count >= (SELECT count(*) FROM people) / 50 AS common FROM people_counts"
            " WHERE facet = 'found_kinds' AND value = ?",
            [how],
        )
        if common and common["common"]:
            where.append(
                "EXISTS (SELECT 1 FROM ways_found w WHERE w.person_id = p.id AND w.kind = :how)"
            )
        else:
            where.append("p.id IN (SELECT person_id FROM ways_found WHERE kind = :how)")
        params["how"] = how
    if event_id is not None:
        # Met there, found there another time, or logged there later: each side by its
        # own index.
        where.append(
            "p.id IN (SELECT id FROM people WHERE event_id = :event"
            " UNION SELECT person_id FROM ways_found WHERE event_id = :event"
            " UNION SELECT person_id FROM interactions WHERE event_id = :event)"
        )
        params["event"] = event_id
    for n, tag in enumerate(tags):
        where.append(
            f"p.id IN (SELECT person_id FROM person_tags WHERE tag = :tag{n} COLLATE NOCASE)"
        )
        params[f"tag{n}"] = tag
    if city:
        # Any spelling of it (`Londres` finds London), as `trip` does.
        where.append("p.city COLLATE NOCASE IN (SELECT value FROM json_each(:cities))")
        params["cities"] = json.dumps(places.spellings(db, city))
    if company:
        where.append("p.company = :company COLLATE NOCASE")
        params["company"] = company
    if via_id is not None:
        if depth != 1:
            where.append(f"p.id IN ({reached_sql(depth)})")
        else:
            where.append(
                "p.id IN (SELECT id FROM people WHERE via_id = :via"
                " UNION SELECT person_id FROM ways_found WHERE via_id = :via)"
            )
        params["via"] = via_id
    if since:
        where.append("p.met_on >= :since")
        params["since"] = iso(since)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def people(db: Connection, *, limit: int | None = None, **filters) -> list[dict]:
    """People, newest first, narrowed by any of the `list` filters (see people_where)."""
    matching, params = people_where(db, **filters)
    newest = " ORDER BY p.met_on DESC, p.id DESC"
    if limit is None:
        sql = PERSON_SUMMARY + matching + newest
    else:
        # The page's ids first, then the summary of those alone: else each match's
        # handles would be gathered before the sort, thousands for a common tag.
        page = f"SELECT p.id FROM people p{matching}{newest} LIMIT :limit"
        sql = f"{PERSON_SUMMARY} JOIN ({page}) page ON page.id = p.id{newest}"
        params["limit"] = limit
    return [decode(r) for r in db.rows(sql, params)]


def _hits(db: Connection, index: str, select: str, args: dict, **where) -> list[dict]:
    """The rows `select` reads for the best matches in the search index `index`, each
    with its snippet, in the index's order."""
    found = _best_matches(db, index, args, **where)
    rows = _rows_by_id(
        db,
        select + " WHERE id IN (SELECT value FROM json_each(:ids))",
        (rowid for rowid, _ in found),
    )
    return [{**rows[i], "snippet": snip} for i, snip in found if i in rows]


def _best_matches(
    db: Connection, index: str, args: dict, *, table: str = "", where: str = ""
) -> list[tuple[int, str]]:
    """(rowid, snippet) of the best of the latest RANKED matches in the search index
    `index`, best first, at most `limit`; `table` and `where` narrow the matches (a
    plan that is still open). The snippets are made for those alone: each costs as much
    as ranking a match."""
    joined = f" JOIN {table} t ON t.id = {index}.rowid" if table else ""
    best = [
        r["rowid"]
        for r in db.rows(
            f"""SELECT rowid FROM (SELECT {index}.rowid AS rowid, {index}.rank AS rank
                FROM {index}{joined} WHERE {index} MATCH :q {where}
                ORDER BY {index}.rowid DESC LIMIT :ranked)
            ORDER BY rank LIMIT :limit""",
            args,
        )
    ]
    if not best:
        return []
    # `rowid >=` bounds the index's own scan; `+rowid IN` only filters what it reads
    # (as a lookup, each id would run the whole search again).
    snippets = {
        r["rowid"]: r["snippet"]
        for r in db.rows(
            f"""SELECT rowid, snippet({index}, -1, :open, :close, '…', 12) AS snippet
            FROM {index} WHERE {index} MATCH :q AND rowid >= :lowest
            AND +rowid IN (SELECT value FROM json_each(:best))""",
            {**args, "lowest": min(best), "best": json.dumps(best)},
        )
    }
    return [(rowid, snippets.get(rowid)) for rowid in best]


def _rows_by_id(db: Connection, sql: str, ids: Iterable[int]) -> dict[int, dict]:
    """The rows of `sql` (which ends in a WHERE clause on `:ids`) by their `id`."""
    return {r["id"]: r for r in db.rows(sql, {"ids": json.dumps(list(ids))})}


def search(
    db: Connection, text: str, *, limit: int = 50, marks: tuple[str, str] = ("[", "]")
) -> list[dict]:
    """People whose card, log, plans or events match every word: those whose card
    matches first, best first, then those found through the log, an open plan, then an
    event (where you met them or logged them), each with what matched: the matching words
    between `marks` in a snippet.

    Ranking reads every match, so only the latest RANKED matches of each are ranked: a
    word in every entry of a large log costs the same as a rare one, and a small journal
    ranks all of its matches."""
    query = fts_query(text)
    args = {"q": query, "limit": limit, "ranked": RANKED, "open": marks[0], "close": marks[1]}
    found: dict[int, dict] = {}
    cards = _best_matches(db, "people_fts", args)
    summaries = _rows_by_id(
        db,
        PERSON_SUMMARY + " WHERE p.id IN (SELECT value FROM json_each(:ids))",
        (rowid for rowid, _ in cards),
    )
    for rowid, snippet in cards:
        if rowid in summaries:  # else an index out of step with its table
            found[rowid] = {**decode(summaries[rowid]), "snippet": snippet, "matches": []}
    hits = _hits(db, "interactions_fts", "SELECT id, person_id, date, kind FROM interactions", args)
    hits += _hits(
        db,
        "plans_fts",
        "SELECT id, person_id, due AS date, 'plan' AS kind FROM follow_ups",
        args,
        table="follow_ups",
        where="AND t.status = 'open'",
    )
    hits += _hits(
        db,
        "other_names_fts",
        "SELECT id, person_id, NULL AS date, 'other name' AS kind FROM other_names",
        args,
    )
    for event_id, snip in _best_matches(db, "events_fts", args):
        # Who you met there, then who you logged there: each by its own index.
        for who in db.rows(
            """SELECT person_id, e.date FROM (
                SELECT id AS person_id FROM people WHERE event_id = :event
                UNION SELECT person_id FROM interactions WHERE event_id = :event)
            JOIN events e ON e.id = :event ORDER BY person_id LIMIT :limit""",
            {"event": event_id, "limit": limit},
        ):
            hits.append({**who, "id": event_id, "kind": "event", "snippet": snip})
    for hit in hits:
        person_id = hit.pop("person_id")
        if person_id not in found:
            if len(found) >= limit:
                continue
            summary = db.row(PERSON_SUMMARY + " WHERE p.id = ?", [person_id])
            found[person_id] = {**decode(summary), "snippet": None, "matches": []}
        found[person_id]["matches"].append({k: hit[k] for k in ("id", "date", "kind", "snippet")})
    return list(found.values())


# What is due is the `due` view (schema 5), whichever face reads it: every open
# follow-up, in its own city or else its person's, and every keep-in-touch date; then
# the important dates of the window (kind `important-date`, with their label, date as
# stored and years), which a view cannot work out.
# A follow-up without a date is due any time: listed after the dated ones.
DUE_ORDER = "due IS NULL, due, kind = 'lives-there', name, person_id, follow_up_id"
DATE_KEYS = ("date_id", "label", "date", "years")


def _due_order(item: dict) -> tuple:
    """DUE_ORDER in Python, to place the important dates among the view's rows."""
    return (
        item["due"] is None,
        item["due"] or "",
        item["kind"] == "lives-there",
        item["name"],
        item["person_id"],
        item["follow_up_id"] or 0,
        item["date_id"] or 0,
    )


def due(
    db: Connection, *, until: date | None = None, city: str | None = None, limit: int = -1
) -> list[dict]:
    """What is due by `until`, then the follow-ups without a date; or, for `city`, every
    plan tied to it (or to someone who lives there) and everyone who lives there.
    Important dates come in the window from today to `until`, not for a city.

    The view's filters reach its two halves, so the due indexes are read, never the log."""
    if city is not None:
        # Any spelling of it (`Londres` finds London), as `trip` does.
        cities = "(SELECT value FROM json_each(:cities))"
        rows = db.rows(
            f"""SELECT * FROM (
                SELECT * FROM due WHERE city COLLATE NOCASE IN {cities}
                UNION ALL
                SELECT 'lives-there', NULL, id, name, NULL, NULL, city, NULL, last_contact
                FROM people WHERE city COLLATE NOCASE IN {cities} AND next_due IS NULL)
            ORDER BY {DUE_ORDER} LIMIT :limit""",
            {"cities": json.dumps(places.spellings(db, city)), "limit": limit},
        )
        return [{**row, **dict.fromkeys(DATE_KEYS)} for row in rows]
    until_text = iso(until or date.max)
    dates_until = until or date.max
    if limit >= 0:
        cutoff = due_cutoff(db, limit)
        until_text = min(until_text, cutoff or until_text)
        # The first `limit` items are all on or before the cutoff: so are their dates.
        dates_until = min(dates_until, date.fromisoformat(cutoff)) if cutoff else dates_until
    rows = db.rows(
        f"""SELECT * FROM due WHERE due <= :until OR due IS NULL
        ORDER BY {DUE_ORDER} LIMIT :limit""",
        {"until": until_text, "limit": limit},
    )
    rows = [{**row, **dict.fromkeys(DATE_KEYS)} for row in rows]
    dates = important_dates.coming(db, today(), dates_until, most=None if limit < 0 else limit)
    if not dates:
        return rows
    merged = sorted(rows + dates, key=_due_order)
    return merged if limit < 0 else merged[:limit]


def due_cutoff(db: Connection, limit: int) -> str | None:
    """A date the first `limit` dated items of `due` are all on or before: the earlier of
    the limit-th follow-up's and the limit-th keep-in-touch date, each read from its
    index. So the sort reads a page's worth of rows, not the thousands overdue in a big
    journal (None when both have fewer: no bound)."""
    if limit == 0:
        return None
    nth = db.row(
        """SELECT min(
            coalesce((SELECT due FROM follow_ups WHERE status = 'open' AND due IS NOT NULL
                      ORDER BY due LIMIT 1 OFFSET :n), '9999'),
            coalesce((SELECT next_due FROM people WHERE next_due IS NOT NULL
                      ORDER BY next_due LIMIT 1 OFFSET :n), '9999')) AS cutoff""",
        {"n": limit - 1},
    )["cutoff"]
    return None if nth == "9999" else nth


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
