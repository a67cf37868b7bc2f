"""Numbered, append-only schema steps.

A step that has been released is never edited: change the schema by appending a
new step. Each step runs inside the transaction that records it in `migrations`,
so a journal is always at one whole version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

from journal.fields import FOLLOW_UP_STATUSES, FOUND_VIA, INTERACTION_KINDS, NETWORKS

# PRAGMA application_id marks a SQLite file as a journal ("JNL1").
APPLICATION_ID = 0x4A4E4C31


NOW = "(strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def statements(script: str) -> Iterator[str]:
    """Split a script into whole statements (trigger bodies contain semicolons)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")


# The text the people_fts row of one person is built from; used by every trigger
# that keeps people_fts current, so the search index has one definition.
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


def _refresh_person_fts(person: str) -> str:
    return (
        f"DELETE FROM people_fts WHERE rowid = {person};\n{people_fts_insert(f'p.id = {person}')};"
    )


def _last_contact(person: str) -> str:
    return (
        f"UPDATE people SET last_contact = (SELECT max(date) FROM interactions"
        f" WHERE person_id = {person}) WHERE id = {person};"
    )


NEXT_DUE = """
    UPDATE people SET next_due = CASE
        WHEN new.keep_in_touch_days IS NULL THEN NULL
        ELSE date(coalesce(new.last_contact, new.met_on, date(new.created_at)),
                  '+' || new.keep_in_touch_days || ' days')
    END
    WHERE id = new.id;
"""

M001_INITIAL = f"""
CREATE TABLE migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT {NOW}
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    date TEXT,
    place TEXT,
    city TEXT,
    url TEXT,
    notes TEXT,
    created_at TEXT NOT NULL DEFAULT {NOW}
);
CREATE INDEX events_name ON events (name COLLATE NOCASE);
CREATE INDEX events_date ON events (date);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    company TEXT,
    role TEXT,
    city TEXT,
    email TEXT,
    phone TEXT,
    tags TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    notes TEXT,
    found_via TEXT CHECK (found_via IN {_in(FOUND_VIA)}),
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    via_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    met_on TEXT,
    met_where TEXT,
    source_url TEXT,
    story TEXT,
    keep_in_touch_days INTEGER CHECK (keep_in_touch_days > 0),
    last_contact TEXT,
    next_due TEXT,
    created_at TEXT NOT NULL DEFAULT {NOW},
    updated_at TEXT NOT NULL DEFAULT {NOW}
);
CREATE INDEX people_name_key ON people (name_key);
CREATE INDEX people_met_on ON people (met_on DESC, id DESC);
CREATE INDEX people_found_via ON people (found_via);
CREATE INDEX people_event_id ON people (event_id);
CREATE INDEX people_via_id ON people (via_id);
CREATE INDEX people_city ON people (city COLLATE NOCASE);
CREATE INDEX people_company ON people (company COLLATE NOCASE);
CREATE INDEX people_next_due ON people (next_due) WHERE next_due IS NOT NULL;

CREATE TABLE emails (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE
);
CREATE INDEX emails_person_id ON emails (person_id);

CREATE TABLE handles (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    network TEXT NOT NULL CHECK (network IN {_in(NETWORKS)}),
    handle TEXT NOT NULL COLLATE NOCASE,
    url TEXT,
    UNIQUE (network, handle)
);
CREATE INDEX handles_person_id ON handles (person_id);
CREATE INDEX handles_handle ON handles (handle);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'note' CHECK (kind IN {_in(INTERACTION_KINDS)}),
    note TEXT,
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    place TEXT,
    created_at TEXT NOT NULL DEFAULT {NOW}
);
CREATE INDEX interactions_person_date ON interactions (person_id, date);
CREATE INDEX interactions_event_id ON interactions (event_id);
CREATE INDEX interactions_date ON interactions (date);

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    due TEXT,
    city TEXT,
    rrule TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN {_in(FOLLOW_UP_STATUSES)}),
    done_at TEXT,
    created_at TEXT NOT NULL DEFAULT {NOW}
);
CREATE INDEX follow_ups_open_due ON follow_ups (status, due);
CREATE INDEX follow_ups_person_id ON follow_ups (person_id);
CREATE INDEX follow_ups_city ON follow_ups (city COLLATE NOCASE);

-- The emails table holds every address; people.email shows the first one.
CREATE TRIGGER emails_ai AFTER INSERT ON emails BEGIN
    UPDATE people SET email = coalesce(email, new.email) WHERE id = new.person_id;
    {_refresh_person_fts("new.person_id")}
END;
CREATE TRIGGER emails_ad AFTER DELETE ON emails BEGIN
    UPDATE people SET email = (SELECT email FROM emails WHERE person_id = old.person_id
                               ORDER BY id LIMIT 1)
    WHERE id = old.person_id AND email = old.email;
    {_refresh_person_fts("old.person_id")}
END;

-- last_contact and next_due are stored so that `due` reads an index, and kept
-- current here so that writes from Datasette keep them exactly as the CLI does.
CREATE TRIGGER interactions_ai AFTER INSERT ON interactions BEGIN
    {_last_contact("new.person_id")}
END;
CREATE TRIGGER interactions_ad AFTER DELETE ON interactions BEGIN
    {_last_contact("old.person_id")}
END;
CREATE TRIGGER interactions_au AFTER UPDATE OF date, person_id ON interactions BEGIN
    {_last_contact("old.person_id")}
    {_last_contact("new.person_id")}
END;
CREATE TRIGGER people_next_due_ai AFTER INSERT ON people
WHEN new.keep_in_touch_days IS NOT NULL BEGIN
    {NEXT_DUE}
END;
CREATE TRIGGER people_next_due_au
AFTER UPDATE OF last_contact, met_on, keep_in_touch_days ON people BEGIN
    {NEXT_DUE}
END;

-- Full-text search, accents removed so that "Muller" finds "Müller".
CREATE VIRTUAL TABLE people_fts USING fts5 (
    {PEOPLE_FTS_COLUMNS},
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
    {_refresh_person_fts("new.id")}
END;
CREATE TRIGGER people_fts_au
AFTER UPDATE OF name, company, role, city, tags, notes, story, met_where ON people BEGIN
    {_refresh_person_fts("new.id")}
END;
CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
    DELETE FROM people_fts WHERE rowid = old.id;
END;
CREATE TRIGGER handles_fts_ai AFTER INSERT ON handles BEGIN
    {_refresh_person_fts("new.person_id")}
END;
CREATE TRIGGER handles_fts_ad AFTER DELETE ON handles BEGIN
    {_refresh_person_fts("old.person_id")}
END;
CREATE TRIGGER handles_fts_au AFTER UPDATE ON handles BEGIN
    {_refresh_person_fts("old.person_id")}
    {_refresh_person_fts("new.person_id")}
END;

CREATE VIRTUAL TABLE interactions_fts USING fts5 (
    note, place,
    content = 'interactions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions BEGIN
    INSERT INTO interactions_fts (rowid, note, place) VALUES (new.id, new.note, new.place);
END;
CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions BEGIN
    INSERT INTO interactions_fts (interactions_fts, rowid, note, place)
    VALUES ('delete', old.id, old.note, old.place);
END;
CREATE TRIGGER interactions_fts_au AFTER UPDATE OF note, place ON interactions BEGIN
    INSERT INTO interactions_fts (interactions_fts, rowid, note, place)
    VALUES ('delete', old.id, old.note, old.place);
    INSERT INTO interactions_fts (rowid, note, place) VALUES (new.id, new.note, new.place);
END;

CREATE VIEW people_found AS
SELECT p.id, p.name, p.found_via, e.name AS event, p.event_id, v.name AS via, p.via_id,
    p.met_on, p.met_where, p.company, p.role, p.city, p.tags,
    (SELECT group_concat(CASE WHEN h.network IN ('twitter', 'mastodon', 'bluesky')
                              THEN '@' || h.handle ELSE h.url END, ' ')
       FROM handles h WHERE h.person_id = p.id) AS handles,
    p.source_url, p.story
FROM people p
LEFT JOIN events e ON e.id = p.event_id
LEFT JOIN people v ON v.id = p.via_id;

CREATE VIEW due AS
SELECT * FROM (
    SELECT 'follow-up' AS kind, f.id AS follow_up_id, p.id AS person_id, p.name,
        f.action, f.due, f.city, f.rrule
    FROM follow_ups f JOIN people p ON p.id = f.person_id
    WHERE f.status = 'open'
    UNION ALL
    SELECT 'keep-in-touch', NULL, p.id, p.name, 'keep in touch', p.next_due, p.city, NULL
    FROM people p
    WHERE p.next_due IS NOT NULL
)
ORDER BY due IS NULL, due, name;
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    for statement in statements(script):
        conn.execute(statement)


def m001_initial(conn: sqlite3.Connection) -> None:
    _run(conn, M001_INITIAL)


# Datasette's writable canned queries run one statement. They insert into these views,
# and the triggers do what `journal done` and `journal log` do, so a write from the
# browser and one from the command line leave the journal in exactly the same state.
# `journal_next_due` is a Python function (dates.next_occurrence) that the store and
# the Datasette plugin register on every connection they open.
M002_BROWSER_WRITES = f"""
CREATE VIEW follow_up_done AS
SELECT NULL AS follow_up_id, NULL AS note, NULL AS on_date WHERE 0;

CREATE TRIGGER follow_up_done_insert INSTEAD OF INSERT ON follow_up_done BEGIN
    SELECT RAISE(ABORT, 'there is no open follow-up with this id')
    WHERE NOT EXISTS (SELECT 1 FROM follow_ups
                      WHERE id = CAST(new.follow_up_id AS INTEGER) AND status = 'open');
    SELECT RAISE(ABORT, 'the date must be written YYYY-MM-DD')
    WHERE nullif(new.on_date, '') IS NOT NULL AND date(new.on_date) IS NOT new.on_date;
    INSERT INTO interactions (person_id, date, kind, note)
    SELECT person_id, coalesce(nullif(new.on_date, ''), date('now', 'localtime')), 'note',
        CASE WHEN trim(coalesce(new.note, '')) = '' THEN action
             ELSE action || ': ' || trim(new.note) END
    FROM follow_ups WHERE id = CAST(new.follow_up_id AS INTEGER);
    UPDATE follow_ups
    SET due = journal_next_due(rrule, due,
                               coalesce(nullif(new.on_date, ''), date('now', 'localtime')))
    WHERE id = CAST(new.follow_up_id AS INTEGER) AND rrule IS NOT NULL;
    -- A one-off is done; so is a recurrence that has no date left.
    UPDATE follow_ups SET status = 'done', done_at = {NOW}
    WHERE id = CAST(new.follow_up_id AS INTEGER) AND (rrule IS NULL OR due IS NULL);
END;

CREATE VIEW interaction_log AS
SELECT NULL AS person_id, NULL AS date, NULL AS kind, NULL AS note, NULL AS place WHERE 0;

CREATE TRIGGER interaction_log_insert INSTEAD OF INSERT ON interaction_log BEGIN
    SELECT RAISE(ABORT, 'there is no person with this id')
    WHERE NOT EXISTS (SELECT 1 FROM people WHERE id = CAST(new.person_id AS INTEGER));
    SELECT RAISE(ABORT, 'the date must be written YYYY-MM-DD')
    WHERE nullif(new.date, '') IS NOT NULL AND date(new.date) IS NOT new.date;
    SELECT RAISE(ABORT, 'the kind must be one of {", ".join(INTERACTION_KINDS)}')
    WHERE coalesce(nullif(new.kind, ''), 'note') NOT IN {_in(INTERACTION_KINDS)};
    SELECT RAISE(ABORT, 'write what happened')
    WHERE trim(coalesce(new.note, '')) = '';
    INSERT INTO interactions (person_id, date, kind, note, place)
    VALUES (CAST(new.person_id AS INTEGER),
            coalesce(nullif(new.date, ''), date('now', 'localtime')),
            coalesce(nullif(new.kind, ''), 'note'),
            trim(new.note),
            nullif(trim(coalesce(new.place, '')), ''));
END;
"""


def m002_browser_writes(conn: sqlite3.Connection) -> None:
    _run(conn, M002_BROWSER_WRITES)


def m003_vcard_properties(conn: sqlite3.Connection) -> None:
    """vCard properties the journal has no column for (a birthday, a second phone, the
    street of an address), kept as vCard text so that `export vcard` gives them back."""
    conn.execute("ALTER TABLE people ADD COLUMN vcard TEXT")


# Tables the triggers fill from the others: not data, so never exported.
DERIVED_TABLES = ("people_counts", "person_tags")
# The columns the people page facets on (metadata.yml), and the array among them.
FACET_COLUMNS = ("found_via", "city", "company", "event_id")
FACET_ARRAY = "tags"


def people_facet_counts(where: str) -> str:
    """(facet, value, n) for the people `p` matching `where`: how many of them have each
    value, counted as Datasette's column and array facets count (a tag once a person)."""
    columns = " UNION ALL ".join(
        f"SELECT '{c}' AS facet, p.{c} AS value, count(*) AS n FROM people p"
        f" WHERE ({where}) AND p.{c} IS NOT NULL GROUP BY p.{c}"
        for c in FACET_COLUMNS
    )
    tags = (
        f"SELECT '{FACET_ARRAY}', t.value, count(DISTINCT p.id) FROM people p,"
        f" json_each(p.{FACET_ARRAY}) t"
        f" WHERE ({where}) AND t.value IS NOT NULL GROUP BY t.value"
    )
    return f"{columns} UNION ALL {tags}"


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


def _remove_people_counts(where: str) -> str:
    counts = people_facet_counts(where)
    return f"""UPDATE people_counts SET count = count - (
            SELECT c.n FROM ({counts}) c
            WHERE c.facet = people_counts.facet AND c.value = people_counts.value)
        WHERE (facet, value) IN (SELECT facet, value FROM ({counts}));
    DELETE FROM people_counts WHERE count <= 0
        AND (facet, value) IN (SELECT facet, value FROM ({counts}));"""


def m004_counts_and_tags(conn: sqlite3.Connection) -> None:
    """How many people have each value of the people page's facets (people_counts), and
    each person's tags one to a row (person_tags, indexed), kept by triggers: the people
    page and `list --tag` then cost the same at 100,000 people as at 100.

    A person's old values are taken away before a change (the row is still there) and
    the new ones added after it."""
    tracked = ", ".join((*FACET_COLUMNS, FACET_ARRAY))
    _run(
        conn,
        f"""
CREATE TABLE people_counts (
    facet TEXT NOT NULL,
    value NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
) WITHOUT ROWID;
CREATE INDEX people_counts_top ON people_counts (facet, count DESC, value);
CREATE TABLE person_tags (
    person_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
) WITHOUT ROWID;
CREATE INDEX person_tags_tag ON person_tags (tag COLLATE NOCASE);
{add_people_counts("1")};
{add_person_tags("1")};
CREATE TRIGGER people_derived_ai AFTER INSERT ON people BEGIN
    {add_people_counts("p.id = new.id")};
    {add_person_tags("p.id = new.id")};
END;
CREATE TRIGGER people_derived_bu BEFORE UPDATE OF {tracked} ON people BEGIN
    {_remove_people_counts("p.id = old.id")}
    DELETE FROM person_tags WHERE person_id = old.id;
END;
CREATE TRIGGER people_derived_au AFTER UPDATE OF {tracked} ON people BEGIN
    {add_people_counts("p.id = new.id")};
    {add_person_tags("p.id = new.id")};
END;
CREATE TRIGGER people_derived_bd BEFORE DELETE ON people BEGIN
    {_remove_people_counts("p.id = old.id")}
    DELETE FROM person_tags WHERE person_id = old.id;
END;
""",
    )


Migration = Callable[[sqlite3.Connection], None]

# Append only. The position in this list (from 1) is the schema version.
MIGRATIONS: list[Migration] = [
    m001_initial,
    m002_browser_writes,
    m003_vcard_properties,
    m004_counts_and_tags,
]
