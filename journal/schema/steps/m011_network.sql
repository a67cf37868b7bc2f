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

-- A trip lists who lives in a city, coldest first: the city's index also orders by the
-- last contact (it serves `list --city` and the facet as before).
DROP INDEX people_city;
CREATE INDEX people_city ON people (city COLLATE NOCASE, last_contact);
-- ... and what is due there, soonest first: keep-in-touch dates, and the open plans
-- tied to the city (partial indexes: a few rows in a hundred).
CREATE INDEX people_city_due ON people (city COLLATE NOCASE, next_due) WHERE next_due IS NOT NULL;
CREATE INDEX follow_ups_open_city ON follow_ups (city COLLATE NOCASE, due) WHERE status = 'open';

-- The map names the latest events of each city.
CREATE INDEX events_city ON events (city COLLATE NOCASE, date);

-- The stats page's counts, kept by triggers (whichever way people are written, a batch
-- import too), so that it costs the same at 100,000 people as at 100: people met each
-- month by how found, and how many people each introducer brought.
CREATE TABLE people_met_months (
    month TEXT NOT NULL,
    how TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (month, how)
) WITHOUT ROWID;
CREATE TABLE introducer_counts (
    via_id INTEGER PRIMARY KEY,
    count INTEGER NOT NULL
);
CREATE INDEX introducer_counts_top ON introducer_counts (count DESC, via_id);
INSERT INTO people_met_months (month, how, count)
    SELECT substr(met_on, 1, 7), coalesce(found_via, 'unknown'), count(*) FROM people
    WHERE length(met_on) >= 7 GROUP BY 1, 2;
INSERT INTO introducer_counts (via_id, count)
    SELECT via_id, count(*) FROM people WHERE via_id IS NOT NULL GROUP BY via_id;
CREATE TRIGGER people_network_ai AFTER INSERT ON people BEGIN
    INSERT INTO people_met_months (month, how, count)
        SELECT substr(new.met_on, 1, 7), coalesce(new.found_via, 'unknown'), 1
        WHERE length(new.met_on) >= 7
        ON CONFLICT (month, how) DO UPDATE SET count = count + 1;
    INSERT INTO introducer_counts (via_id, count) SELECT new.via_id, 1
        WHERE new.via_id IS NOT NULL
        ON CONFLICT (via_id) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER people_network_ad AFTER DELETE ON people BEGIN
    UPDATE people_met_months SET count = count - 1
        WHERE month = substr(old.met_on, 1, 7) AND how = coalesce(old.found_via, 'unknown')
        AND length(old.met_on) >= 7;
    UPDATE introducer_counts SET count = count - 1 WHERE via_id = old.via_id;
END;
CREATE TRIGGER people_network_au AFTER UPDATE OF met_on, found_via, via_id ON people BEGIN
    UPDATE people_met_months SET count = count - 1
        WHERE month = substr(old.met_on, 1, 7) AND how = coalesce(old.found_via, 'unknown')
        AND length(old.met_on) >= 7;
    UPDATE introducer_counts SET count = count - 1 WHERE via_id = old.via_id;
    INSERT INTO people_met_months (month, how, count)
        SELECT substr(new.met_on, 1, 7), coalesce(new.found_via, 'unknown'), 1
        WHERE length(new.met_on) >= 7
        ON CONFLICT (month, how) DO UPDATE SET count = count + 1;
    INSERT INTO introducer_counts (via_id, count) SELECT new.via_id, 1
        WHERE new.via_id IS NOT NULL
        ON CONFLICT (via_id) DO UPDATE SET count = count + 1;
END;
