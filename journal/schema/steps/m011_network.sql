-- Your network (issue 19): the introductions you make, and where the cities of people,
-- events and plans are.

-- You introduced two people: on both their timelines (an interaction each), with an
-- optional follow-up ("check they met").
CREATE TABLE introductions (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    note TEXT,
    follow_up_id INTEGER REFERENCES follow_ups (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
    CHECK (person_id <> other_id)
);
CREATE INDEX introductions_person ON introductions (person_id, date);
CREATE INDEX introductions_other ON introductions (other_id, date);
CREATE INDEX introductions_date ON introductions (date DESC, id DESC);

-- Each city as typed (people's, events', plans'), and where it is: the gazetteer's
-- name, country and coordinates, or none for a city it does not know (kept as typed).
-- A cache, rebuilt from the cities the journal holds: `located` is 0 until looked up.
CREATE TABLE places (
    city TEXT PRIMARY KEY COLLATE NOCASE,
    key TEXT,
    name TEXT,
    country TEXT,
    latitude REAL,
    longitude REAL,
    geonameid INTEGER,
    located INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX places_key ON places (key);
CREATE INDEX places_geonameid ON places (geonameid) WHERE geonameid IS NOT NULL;
CREATE INDEX places_unlocated ON places (located) WHERE located = 0;

-- People's cities come from people_counts (kept by triggers and by a batch import);
-- events' and plans' by these triggers.
CREATE TRIGGER events_place_ai AFTER INSERT ON events WHEN new.city IS NOT NULL BEGIN
    INSERT OR IGNORE INTO places (city) VALUES (new.city);
END;
CREATE TRIGGER events_place_au AFTER UPDATE OF city ON events WHEN new.city IS NOT NULL BEGIN
    INSERT OR IGNORE INTO places (city) VALUES (new.city);
END;
CREATE TRIGGER follow_ups_place_ai AFTER INSERT ON follow_ups WHEN new.city IS NOT NULL BEGIN
    INSERT OR IGNORE INTO places (city) VALUES (new.city);
END;
CREATE TRIGGER follow_ups_place_au AFTER UPDATE OF city ON follow_ups WHEN new.city IS NOT NULL BEGIN
    INSERT OR IGNORE INTO places (city) VALUES (new.city);
END;
INSERT OR IGNORE INTO places (city)
    SELECT city FROM events WHERE city IS NOT NULL
    UNION SELECT city FROM follow_ups WHERE city IS NOT NULL;

-- The stats page counts people met per month by how found, over the last two years.
CREATE INDEX people_met_how ON people (met_on, found_via);
