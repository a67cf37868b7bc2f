"""The browser's lists: the contact list (a page of people, sorted, filtered or searched
as `journal list` and `journal search` are), its facets' counts, and the names a form
offers as you type."""

from __future__ import annotations

import json
import re

from journal.db.connection import Connection
from journal.db.reads import decode, due_cutoff, fts_query, people_where, search
from journal.errors import InvalidValue

# The contact list's sorts: what the browser offers, and the order each reads.
CONTACT_SORTS = {
    "met": ("recently met", "p.met_on DESC, p.id DESC"),
    "contact": ("last contact", "p.last_contact DESC, p.id DESC"),
    "name": ("name", "p.name_key, p.id"),
    "due": ("next due", "next.due, p.id"),
}
CONTACT_ROW = """
SELECT p.id, p.name, p.company, p.role, p.city, p.tags, p.found_via, p.met_on,
    p.last_contact, p.next_due, e.id AS event_id, e.name AS event, v.id AS via_id,
    v.name AS via,
    (SELECT f.action FROM follow_ups f WHERE f.person_id = p.id AND f.status = 'open'
     ORDER BY f.due IS NULL, f.due, f.id LIMIT 1) AS next_plan,
    (SELECT f.due FROM follow_ups f WHERE f.person_id = p.id AND f.status = 'open'
     ORDER BY f.due IS NULL, f.due, f.id LIMIT 1) AS next_plan_due
FROM people p
LEFT JOIN events e ON e.id = p.event_id
LEFT JOIN people v ON v.id = p.via_id
"""
# How many people the contact list's search box can page through.
SEARCH_MOST = 500


def contact_list(
    db: Connection,
    *,
    sort: str = "met",
    offset: int = 0,
    limit: int = 50,
    text: str | None = None,
    **filters,
) -> list[dict]:
    """A page of the contact list: each person with how you found them, the last contact,
    the next plan and the tags; `limit + 1` rows are read, so a face knows if more follow.

    With `text`, the people `search` finds, in its order (the sort is then the search's)."""
    if sort not in CONTACT_SORTS:
        raise InvalidValue(f"cannot sort by {sort!r}", field="sort")
    matching, params = people_where(db, **filters)
    if text:
        # Unfiltered, the search's own order is the page's: read as far as the page.
        most = SEARCH_MOST if matching else offset + limit + 1
        ranked = [r["id"] for r in search(db, text, limit=most)]
        found = "p.id IN (SELECT value FROM json_each(:found))"
        params["found"] = json.dumps(ranked)
        sql = f"SELECT p.id FROM people p{matching} {'AND' if matching else 'WHERE'} {found}"
        kept = {r["id"] for r in db.rows(sql, params)}
        ids = [i for i in ranked if i in kept][offset : offset + limit + 1]
    elif sort == "due" and not matching:
        ids = _soonest_due(db, offset + limit + 1)[offset:]
    else:
        source = "people p"
        if sort == "due":
            # Only people with a date ahead: a plan's, or keep-in-touch's.
            source += """ JOIN (SELECT person_id, min(due) AS due FROM due
                WHERE due IS NOT NULL GROUP BY person_id) next ON next.person_id = p.id"""
        order = CONTACT_SORTS[sort][1]
        page = f"SELECT p.id FROM {source}{matching} ORDER BY {order} LIMIT :limit OFFSET :offset"
        ids = [r["id"] for r in db.rows(page, {**params, "limit": limit + 1, "offset": offset})]
    rows = {
        r["id"]: decode(r)
        for r in db.rows(
            CONTACT_ROW + " WHERE p.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )
    }
    return [rows[i] for i in ids if i in rows]  # one deleted meanwhile is left out


def _soonest_due(db: Connection, wanted: int) -> list[int]:
    """The first `wanted` people by their soonest dated item of `due`. The items up to a
    cutoff (see due_cutoff) hold everyone whose soonest item is before it; if they are
    too few people, the cutoff is moved out, until there is none."""
    items = wanted
    while True:
        cutoff = due_cutoff(db, items)
        ids = [
            r["person_id"]
            for r in db.rows(
                """SELECT person_id, min(due) AS soonest FROM due
                WHERE due IS NOT NULL AND due <= :cutoff GROUP BY person_id
                ORDER BY soonest, person_id LIMIT :wanted""",
                {"cutoff": cutoff or "9999", "wanted": wanted},
            )
        ]
        if len(ids) >= wanted or cutoff is None:
            return ids
        items *= 4


def facet_counts(db: Connection, facet: str, *, limit: int = 8) -> list[dict]:
    """The commonest values of one of the people page's facets in the whole journal, from
    the counts the triggers keep (an event with its name); a city's spellings the
    gazetteer has placed (London, Londres) are one city, under its commonest."""
    if facet == "city":
        return _cities(db, limit)
    return db.rows(
        "SELECT c.value, c.count, e.name AS event FROM people_counts c"
        " LEFT JOIN events e ON c.facet = 'event_id' AND e.id = c.value"
        " WHERE c.facet = ? AND c.count > 0 ORDER BY c.count DESC, c.value LIMIT ?",
        [facet, limit],
    )


def _cities(db: Connection, limit: int) -> list[dict]:
    rows = db.rows(
        "SELECT c.value, c.count, pl.geonameid FROM people_counts c"
        " LEFT JOIN places pl ON pl.city = c.value AND pl.located"
        " WHERE c.facet = 'city' AND c.count > 0 ORDER BY c.count DESC, c.value LIMIT ?",
        [limit * 4],
    )
    merged: dict[object, dict] = {}
    for r in rows:
        key = r.pop("geonameid") or r["value"].casefold()
        if key in merged:
            merged[key]["count"] += r["count"]
        else:
            merged[key] = {**r, "event": None}
    return sorted(merged.values(), key=lambda r: -r["count"])[:limit]


def is_company(db: Connection, text: str) -> bool:
    """Whether someone in the journal works at `text` (any case)."""
    found = db.conn.execute(
        "SELECT 1 FROM people_counts WHERE facet = 'company' AND count > 0"
        " AND value = ? COLLATE NOCASE LIMIT 1",
        [text.strip()],
    ).fetchone()
    return found is not None


class Companies:
    """The journal's companies as a container (`"acme" in companies`), asked one at a
    time: what `met`'s sentence reads as a company rather than a role."""

    def __init__(self, db: Connection):
        self.db = db

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and is_company(self.db, text)


# The tables whose names a form offers as you type: their search index, and newest first.
NAMED = {
    "events": ("events_fts", "date DESC, id DESC"),
    "people": ("people_fts", "met_on DESC, id DESC"),
}


def names(db: Connection, table: str, text: str = "", *, limit: int = 20) -> list[str]:
    """The names a form offers as you type an event or a person: those with every word
    of `text` starting a word of the name (the latest recorded first), else the newest."""
    index, order = NAMED[table]
    # A single letter starts thousands of words: it is too early to narrow down.
    if len(max(re.findall(r"\w+", text), key=len, default="")) < 2:
        sql = f"SELECT name FROM {table} ORDER BY {order} LIMIT ?"
        return list(dict.fromkeys(r["name"] for r in db.rows(sql, [limit])))
    # In the index's own order, so that a letter matching half the journal reads 20.
    rows = db.rows(
        f"""SELECT t.name FROM (SELECT rowid FROM {index} WHERE {index} MATCH :q
            ORDER BY rowid DESC LIMIT :limit) hit JOIN {table} t ON t.id = hit.rowid
        ORDER BY hit.rowid DESC""",
        {"q": f"name : ({fts_query(text)})", "limit": limit},
    )
    return list(dict.fromkeys(r["name"] for r in rows))
