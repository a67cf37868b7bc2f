-- How many people have each value of the people page's facets (people_counts), and
-- each person's tags one to a row (person_tags, indexed), kept by triggers: the people
-- page and `list --tag` then cost the same at 100,000 people as at 100. A person's old
-- values are taken away before a change (the row is still there), the new added after.

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
INSERT INTO people_counts (facet, value, count) SELECT facet, value, n FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (1) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (1) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (1) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (1) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (1) AND t.value IS NOT NULL GROUP BY t.value) WHERE true ON CONFLICT (facet, value) DO UPDATE SET count = count + excluded.count;
INSERT INTO person_tags (person_id, tag) SELECT DISTINCT p.id, t.value FROM people p, json_each(p.tags) t WHERE (1) AND t.value IS NOT NULL;
CREATE TRIGGER people_derived_ai AFTER INSERT ON people BEGIN
    INSERT INTO people_counts (facet, value, count) SELECT facet, value, n FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = new.id) AND t.value IS NOT NULL GROUP BY t.value) WHERE true ON CONFLICT (facet, value) DO UPDATE SET count = count + excluded.count;
    INSERT INTO person_tags (person_id, tag) SELECT DISTINCT p.id, t.value FROM people p, json_each(p.tags) t WHERE (p.id = new.id) AND t.value IS NOT NULL;
END;
CREATE TRIGGER people_derived_bu BEFORE UPDATE OF found_via, city, company, event_id, tags ON people BEGIN
    UPDATE people_counts SET count = count - (
            SELECT c.n FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = old.id) AND t.value IS NOT NULL GROUP BY t.value) c
            WHERE c.facet = people_counts.facet AND c.value = people_counts.value)
        WHERE (facet, value) IN (SELECT facet, value FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = old.id) AND t.value IS NOT NULL GROUP BY t.value));
    DELETE FROM people_counts WHERE count <= 0
        AND (facet, value) IN (SELECT facet, value FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = old.id) AND t.value IS NOT NULL GROUP BY t.value));
    DELETE FROM person_tags WHERE person_id = old.id;
END;
CREATE TRIGGER people_derived_au AFTER UPDATE OF found_via, city, company, event_id, tags ON people BEGIN
    INSERT INTO people_counts (facet, value, count) SELECT facet, value, n FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = new.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = new.id) AND t.value IS NOT NULL GROUP BY t.value) WHERE true ON CONFLICT (facet, value) DO UPDATE SET count = count + excluded.count;
    INSERT INTO person_tags (person_id, tag) SELECT DISTINCT p.id, t.value FROM people p, json_each(p.tags) t WHERE (p.id = new.id) AND t.value IS NOT NULL;
END;
CREATE TRIGGER people_derived_bd BEFORE DELETE ON people BEGIN
    UPDATE people_counts SET count = count - (
            SELECT c.n FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = old.id) AND t.value IS NOT NULL GROUP BY t.value) c
            WHERE c.facet = people_counts.facet AND c.value = people_counts.value)
        WHERE (facet, value) IN (SELECT facet, value FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = old.id) AND t.value IS NOT NULL GROUP BY t.value));
    DELETE FROM people_counts WHERE count <= 0
        AND (facet, value) IN (SELECT facet, value FROM (SELECT 'found_via' AS facet, p.found_via AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.found_via IS NOT NULL GROUP BY p.found_via
        UNION ALL SELECT 'city' AS facet, p.city AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.city IS NOT NULL GROUP BY p.city
        UNION ALL SELECT 'company' AS facet, p.company AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.company IS NOT NULL GROUP BY p.company
        UNION ALL SELECT 'event_id' AS facet, p.event_id AS value, count(*) AS n FROM people p WHERE (p.id = old.id) AND p.event_id IS NOT NULL GROUP BY p.event_id
        UNION ALL SELECT 'tags', t.value, count(DISTINCT p.id) FROM people p, json_each(p.tags) t WHERE (p.id = old.id) AND t.value IS NOT NULL GROUP BY t.value));
    DELETE FROM person_tags WHERE person_id = old.id;
END;
