"""The live builders of what the triggers keep: the search index, the facet counts and the
tags one to a row. An import of thousands sets the row-by-row triggers aside and fills
these for a whole batch at once; `journal check` compares them with what is kept.

They must give what the triggers of migrations m001, m004 and m010 give, row for row:
tests/test_transfer.py compares a batch import with the same contacts added one by one,
and `journal check` compares what is kept with what these work out afresh.
"""

from __future__ import annotations

# Tables the triggers fill from the others, the flag an import raises while it writes
# a batch (m006), where the cities are and the stats page's counts (m011): not data,
# so never exported.
DERIVED_TABLES = (
    "people_counts",
    "person_tags",
    "bulk_import",
    "places",
    "people_met_months",
    "introducer_counts",
)
# The columns the people page facets on (metadata.yml), and the arrays among them:
# the tags, and every kind of way a person was found (m010, kept from ways_found).
FACET_COLUMNS = ("found_via", "city", "company", "event_id")
FACET_ARRAY = "tags"
FOUND_KINDS = "found_kinds"

# The text one person's people_fts row is made of.
PEOPLE_FTS_COLUMNS = "name, handles, emails, company, role, city, tags, notes, story, met_where"
PEOPLE_FTS_ROW = """
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE {where}
"""


def people_fts_insert(where: str) -> str:
    """The statement that indexes the people `where` selects (`p` is people)."""
    row = PEOPLE_FTS_ROW.format(where=where)
    return f"INSERT INTO people_fts (rowid, {PEOPLE_FTS_COLUMNS}) {row}"


def people_facet_counts(where: str, *, found_kinds: bool = True) -> str:
    """(facet, value, n) for the people `p` matching `where`: how many of them have each
    value, counted as Datasette's column and array facets count (a tag once a person).
    `found_kinds=False` for a journal from before schema m010, which has no such column."""
    columns = " UNION ALL ".join(
        f"SELECT '{c}' AS facet, p.{c} AS value, count(*) AS n FROM people p"
        f" WHERE ({where}) AND p.{c} IS NOT NULL GROUP BY p.{c}"
        for c in FACET_COLUMNS
    )
    arrays = " UNION ALL ".join(
        f"SELECT '{a}', t.value, count(DISTINCT p.id) FROM people p, json_each(p.{a}) t"
        f" WHERE ({where}) AND t.value IS NOT NULL GROUP BY t.value"
        for a in (FACET_ARRAY, FOUND_KINDS)[: 2 if found_kinds else 1]
    )
    return f"{columns} UNION ALL {arrays}"


def add_people_counts(where: str) -> str:
    """Count the people matching `where` into people_counts."""
    return (
        "INSERT INTO people_counts (facet, value, count)"
        f" SELECT facet, value, n FROM ({people_facet_counts(where)}) WHERE true"
        " ON CONFLICT (facet, value) DO UPDATE SET count = count + excluded.count"
    )


def person_tags_of(where: str) -> str:
    """(person_id, tag) for the people `p` matching `where`."""
    return (
        f"SELECT DISTINCT p.id, t.value FROM people p, json_each(p.{FACET_ARRAY}) t"
        f" WHERE ({where}) AND t.value IS NOT NULL"
    )


def add_person_tags(where: str) -> str:
    return f"INSERT INTO person_tags (person_id, tag) {person_tags_of(where)}"


def add_ways_found(where: str) -> list[str]:
    """The statements that give the people `p` matching `where` their first way and
    their found_kinds, as the triggers of m010 would for each (while `bulk_import` has a
    row, before the batch is counted)."""
    return [
        "INSERT INTO ways_found (person_id, kind, date, event_id, via_id, place, url, is_first)"
        " SELECT p.id, p.found_via, p.met_on, p.event_id, p.via_id, p.met_where, p.source_url, 1"
        f" FROM people p WHERE ({where}) AND (p.found_via IS NOT NULL"
        " OR p.event_id IS NOT NULL OR p.via_id IS NOT NULL OR p.source_url IS NOT NULL)",
        f"UPDATE people SET {FOUND_KINDS} = json_array(found_via) WHERE id IN"
        f" (SELECT p.id FROM people p WHERE ({where}) AND p.found_via IS NOT NULL)",
    ]


def found_kinds_of(where: str) -> str:
    """(id, found_kinds) for the people `p` matching `where`, worked out from ways_found."""
    return (
        "SELECT p.id, (SELECT json_group_array(kind) FROM (SELECT DISTINCT w.kind"
        " FROM ways_found w WHERE w.person_id = p.id AND w.kind IS NOT NULL ORDER BY w.kind))"
        f" AS {FOUND_KINDS} FROM people p WHERE ({where})"
    )
