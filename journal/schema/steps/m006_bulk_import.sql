-- An import of thousands writes each batch's people, handles and emails at once, then
-- indexes and counts them once for the batch. It did so by dropping four row-by-row
-- triggers and making them again, a change of schema that another connection could
-- catch half-way. Now they stand aside while `bulk_import` has a row, which only the
-- import's own transaction ever sees.

CREATE TABLE bulk_import (started TEXT NOT NULL);

DROP TRIGGER people_fts_ai;
CREATE TRIGGER people_fts_ai AFTER INSERT ON people
WHEN NOT EXISTS (SELECT 1 FROM bulk_import) BEGIN
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

DROP TRIGGER handles_fts_ai;
CREATE TRIGGER handles_fts_ai AFTER INSERT ON handles
WHEN NOT EXISTS (SELECT 1 FROM bulk_import) BEGIN
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

DROP TRIGGER emails_ai;
CREATE TRIGGER emails_ai AFTER INSERT ON emails
WHEN NOT EXISTS (SELECT 1 FROM bulk_import) BEGIN
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

DROP TRIGGER people_derived_ai;
CREATE TRIGGER people_derived_ai AFTER INSERT ON people
WHEN NOT EXISTS (SELECT 1 FROM bulk_import) BEGIN
    INSERT INTO people_counts (facet, value, count) SELECT facet, value, n FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = new.id) AND t.value IS NOT NULL GROUP BY t.value) WHERE true ON CONFLICT (facet, value) DO UPDATE SET count = count + excluded.count;
    INSERT INTO person_tags (person_id, tag) SELECT DISTINCT p.id, t.value FROM people p, json_each(p.tags) t WHERE (p.id = new.id) AND t.value IS NOT NULL;
END;
