-- Ways found: a person may have been found several ways (at an event, through a post
-- that mentioned them, through an introduction, online), each with its date, event, who
-- pointed them out, the network and the link to the post or listing, and a note.
--
-- The way the card itself records (people.found_via, event_id, via_id, met_on,
-- met_where, source_url) is the first way, `is_first`: triggers keep it the same as
-- those columns whichever face writes them, so `found_via` keeps meaning the first way.
-- Further ways (`journal found`, the social imports) are rows of their own.
--
-- people.found_kinds holds every kind a person has (a JSON array, kept by the triggers
-- on ways_found) so that the people page can facet on it and `list --how` counts every
-- kind; people_counts counts it under the facet 'found_kinds', one a person.
-- interactions.url is the link to a post or message the log entry is about; a post is
-- logged once per person, whatever imports it again.

CREATE TABLE ways_found (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind TEXT CHECK (kind IN ('event', 'job-lead', 'mention', 'introduction', 'online', 'other')),
    date TEXT,
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    via_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    place TEXT,
    network TEXT CHECK (network IN ('twitter', 'mastodon', 'bluesky', 'linkedin', 'github', 'web')),
    url TEXT,
    note TEXT,
    is_first INTEGER NOT NULL DEFAULT 0 CHECK (is_first IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);
CREATE INDEX ways_found_person ON ways_found (person_id, date);
CREATE UNIQUE INDEX ways_found_first ON ways_found (person_id) WHERE is_first;
CREATE INDEX ways_found_kind ON ways_found (kind, person_id);
CREATE INDEX ways_found_event_id ON ways_found (event_id);
CREATE INDEX ways_found_via_id ON ways_found (via_id);
CREATE INDEX ways_found_url ON ways_found (url) WHERE url IS NOT NULL;

ALTER TABLE people ADD COLUMN found_kinds TEXT NOT NULL DEFAULT '[]';

ALTER TABLE interactions ADD COLUMN url TEXT;
CREATE UNIQUE INDEX interactions_person_url ON interactions (person_id, url)
    WHERE url IS NOT NULL;

-- Every person's provenance, moved across as their first way.
INSERT INTO ways_found (person_id, kind, date, event_id, via_id, place, url, is_first)
SELECT id, found_via, met_on, event_id, via_id, met_where, source_url, 1 FROM people
WHERE found_via IS NOT NULL OR event_id IS NOT NULL OR via_id IS NOT NULL
    OR source_url IS NOT NULL;
UPDATE people SET found_kinds = json_array(found_via) WHERE found_via IS NOT NULL;
INSERT INTO people_counts (facet, value, count)
SELECT 'found_kinds', found_via, count(*) FROM people WHERE found_via IS NOT NULL
GROUP BY found_via;

-- The card's way, from the card's columns. An import's batch writes its own (see
-- journal.schema.derived.add_ways_found).
CREATE TRIGGER people_ways_ai AFTER INSERT ON people
WHEN NOT EXISTS (SELECT 1 FROM bulk_import)
    AND (new.found_via IS NOT NULL OR new.event_id IS NOT NULL OR new.via_id IS NOT NULL
         OR new.source_url IS NOT NULL) BEGIN
    INSERT INTO ways_found (person_id, kind, date, event_id, via_id, place, url, is_first)
    VALUES (new.id, new.found_via, new.met_on, new.event_id, new.via_id, new.met_where,
            new.source_url, 1);
END;
CREATE TRIGGER people_ways_au
AFTER UPDATE OF found_via, event_id, via_id, met_on, met_where, source_url ON people BEGIN
    -- What changed on the card changes in its way; the rest of the way (a date of its
    -- own that `journal found` gave it, say) stays.
    UPDATE ways_found SET
        kind = CASE WHEN old.found_via IS NOT new.found_via THEN new.found_via ELSE kind END,
        date = CASE WHEN old.met_on IS NOT new.met_on THEN new.met_on ELSE date END,
        event_id = CASE WHEN old.event_id IS NOT new.event_id THEN new.event_id
                        ELSE event_id END,
        via_id = CASE WHEN old.via_id IS NOT new.via_id THEN new.via_id ELSE via_id END,
        place = CASE WHEN old.met_where IS NOT new.met_where THEN new.met_where ELSE place END,
        url = CASE WHEN old.source_url IS NOT new.source_url THEN new.source_url ELSE url END
    WHERE person_id = new.id AND is_first
        AND (old.found_via IS NOT new.found_via OR old.met_on IS NOT new.met_on
             OR old.event_id IS NOT new.event_id OR old.via_id IS NOT new.via_id
             OR old.met_where IS NOT new.met_where OR old.source_url IS NOT new.source_url);
    INSERT INTO ways_found (person_id, kind, date, event_id, via_id, place, url, is_first)
    SELECT new.id, new.found_via, new.met_on, new.event_id, new.via_id, new.met_where,
        new.source_url, 1
    WHERE (new.found_via IS NOT NULL OR new.event_id IS NOT NULL OR new.via_id IS NOT NULL
           OR new.source_url IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM ways_found WHERE person_id = new.id AND is_first);
    DELETE FROM ways_found WHERE person_id = new.id AND is_first
        AND new.found_via IS NULL AND new.event_id IS NULL AND new.via_id IS NULL
        AND new.source_url IS NULL;
END;

-- Every kind a person has: on the person (found_kinds), and counted once a person.
CREATE TRIGGER ways_found_ai AFTER INSERT ON ways_found
WHEN NOT EXISTS (SELECT 1 FROM bulk_import) AND new.kind IS NOT NULL BEGIN
    INSERT INTO people_counts (facet, value, count)
    SELECT 'found_kinds', new.kind, 1
    WHERE (SELECT count(*) FROM ways_found
           WHERE person_id = new.person_id AND kind = new.kind) = 1
    ON CONFLICT (facet, value) DO UPDATE SET count = count + 1;
    UPDATE people SET found_kinds = (
        SELECT json_group_array(kind) FROM (SELECT DISTINCT kind FROM ways_found
            WHERE person_id = new.person_id AND kind IS NOT NULL ORDER BY kind))
    WHERE id = new.person_id;
END;
CREATE TRIGGER ways_found_ad AFTER DELETE ON ways_found WHEN old.kind IS NOT NULL BEGIN
    UPDATE people_counts SET count = count - 1
    WHERE facet = 'found_kinds' AND value = old.kind
        AND NOT EXISTS (SELECT 1 FROM ways_found
                        WHERE person_id = old.person_id AND kind = old.kind);
    DELETE FROM people_counts WHERE facet = 'found_kinds' AND value = old.kind AND count <= 0;
    UPDATE people SET found_kinds = (
        SELECT json_group_array(kind) FROM (SELECT DISTINCT kind FROM ways_found
            WHERE person_id = old.person_id AND kind IS NOT NULL ORDER BY kind))
    WHERE id = old.person_id;
END;
CREATE TRIGGER ways_found_au AFTER UPDATE OF kind, person_id ON ways_found
WHEN old.kind IS NOT new.kind OR old.person_id != new.person_id BEGIN
    UPDATE people_counts SET count = count - 1
    WHERE facet = 'found_kinds' AND value = old.kind
        AND NOT EXISTS (SELECT 1 FROM ways_found
                        WHERE person_id = old.person_id AND kind = old.kind);
    DELETE FROM people_counts WHERE facet = 'found_kinds' AND value = old.kind AND count <= 0;
    INSERT INTO people_counts (facet, value, count)
    SELECT 'found_kinds', new.kind, 1
    WHERE new.kind IS NOT NULL
        AND (SELECT count(*) FROM ways_found
             WHERE person_id = new.person_id AND kind = new.kind) = 1
    ON CONFLICT (facet, value) DO UPDATE SET count = count + 1;
    UPDATE people SET found_kinds = (
        SELECT json_group_array(kind) FROM (SELECT DISTINCT kind FROM ways_found
            WHERE person_id = old.person_id AND kind IS NOT NULL ORDER BY kind))
    WHERE id = old.person_id;
    UPDATE people SET found_kinds = (
        SELECT json_group_array(kind) FROM (SELECT DISTINCT kind FROM ways_found
            WHERE person_id = new.person_id AND kind IS NOT NULL ORDER BY kind))
    WHERE id = new.person_id;
END;
