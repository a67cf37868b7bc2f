-- The first schema: people, how you found them, events, the log, plans, search.

CREATE TABLE migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    date TEXT,
    place TEXT,
    city TEXT,
    url TEXT,
    notes TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
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
    found_via TEXT CHECK (found_via IN ('event', 'job-lead', 'mention', 'introduction', 'online', 'other')),
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    via_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    met_on TEXT,
    met_where TEXT,
    source_url TEXT,
    story TEXT,
    keep_in_touch_days INTEGER CHECK (keep_in_touch_days > 0),
    last_contact TEXT,
    next_due TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
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
    network TEXT NOT NULL CHECK (network IN ('twitter', 'mastodon', 'bluesky', 'linkedin', 'github', 'web')),
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
    kind TEXT NOT NULL DEFAULT 'note' CHECK (kind IN ('met', 'call', 'email', 'message', 'meeting', 'note')),
    note TEXT,
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    place TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
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
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    done_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);
CREATE INDEX follow_ups_open_due ON follow_ups (status, due);
CREATE INDEX follow_ups_person_id ON follow_ups (person_id);
CREATE INDEX follow_ups_city ON follow_ups (city COLLATE NOCASE);

-- The emails table holds every address; people.email shows the first one.
CREATE TRIGGER emails_ai AFTER INSERT ON emails BEGIN
    UPDATE people SET email = coalesce(email, new.email) WHERE id = new.person_id;
    DELETE FROM people_fts WHERE rowid = new.person_id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = new.person_id
;
END;
CREATE TRIGGER emails_ad AFTER DELETE ON emails BEGIN
    UPDATE people SET email = (SELECT email FROM emails WHERE person_id = old.person_id
                               ORDER BY id LIMIT 1)
    WHERE id = old.person_id AND email = old.email;
    DELETE FROM people_fts WHERE rowid = old.person_id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = old.person_id
;
END;

-- last_contact and next_due are stored so that `due` reads an index, and kept
-- current here so that writes from Datasette keep them exactly as the CLI does.
CREATE TRIGGER interactions_ai AFTER INSERT ON interactions BEGIN
    UPDATE people SET last_contact = (SELECT max(date) FROM interactions WHERE person_id = new.person_id) WHERE id = new.person_id;
END;
CREATE TRIGGER interactions_ad AFTER DELETE ON interactions BEGIN
    UPDATE people SET last_contact = (SELECT max(date) FROM interactions WHERE person_id = old.person_id) WHERE id = old.person_id;
END;
CREATE TRIGGER interactions_au AFTER UPDATE OF date, person_id ON interactions BEGIN
    UPDATE people SET last_contact = (SELECT max(date) FROM interactions WHERE person_id = old.person_id) WHERE id = old.person_id;
    UPDATE people SET last_contact = (SELECT max(date) FROM interactions WHERE person_id = new.person_id) WHERE id = new.person_id;
END;
CREATE TRIGGER people_next_due_ai AFTER INSERT ON people
WHEN new.keep_in_touch_days IS NOT NULL BEGIN
    
    UPDATE people SET next_due = CASE
        WHEN new.keep_in_touch_days IS NULL THEN NULL
        ELSE date(coalesce(new.last_contact, new.met_on, date(new.created_at)),
                  '+' || new.keep_in_touch_days || ' days')
    END
    WHERE id = new.id;

END;
CREATE TRIGGER people_next_due_au
AFTER UPDATE OF last_contact, met_on, keep_in_touch_days ON people BEGIN
    
    UPDATE people SET next_due = CASE
        WHEN new.keep_in_touch_days IS NULL THEN NULL
        ELSE date(coalesce(new.last_contact, new.met_on, date(new.created_at)),
                  '+' || new.keep_in_touch_days || ' days')
    END
    WHERE id = new.id;

END;

-- Full-text search, accents removed so that "Muller" finds "Müller".
CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, handles, emails, company, role, city, tags, notes, story, met_where,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
    DELETE FROM people_fts WHERE rowid = new.id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = new.id
;
END;
CREATE TRIGGER people_fts_au
AFTER UPDATE OF name, company, role, city, tags, notes, story, met_where ON people BEGIN
    DELETE FROM people_fts WHERE rowid = new.id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = new.id
;
END;
CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
    DELETE FROM people_fts WHERE rowid = old.id;
END;
CREATE TRIGGER handles_fts_ai AFTER INSERT ON handles BEGIN
    DELETE FROM people_fts WHERE rowid = new.person_id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = new.person_id
;
END;
CREATE TRIGGER handles_fts_ad AFTER DELETE ON handles BEGIN
    DELETE FROM people_fts WHERE rowid = old.person_id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = old.person_id
;
END;
CREATE TRIGGER handles_fts_au AFTER UPDATE ON handles BEGIN
    DELETE FROM people_fts WHERE rowid = old.person_id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = old.person_id
;
    DELETE FROM people_fts WHERE rowid = new.person_id;
INSERT INTO people_fts (rowid, name, handles, emails, company, role, city, tags, notes, story, met_where) 
    SELECT p.id, p.name,
        (SELECT group_concat(h.handle || ' ' || coalesce(h.url, ''), ' ')
           FROM handles h WHERE h.person_id = p.id),
        (SELECT group_concat(m.email, ' ') FROM emails m WHERE m.person_id = p.id),
        p.company, p.role, p.city,
        (SELECT group_concat(t.value, ' ') FROM json_each(p.tags) t),
        p.notes, p.story, p.met_where
    FROM people p WHERE p.id = new.person_id
;
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
