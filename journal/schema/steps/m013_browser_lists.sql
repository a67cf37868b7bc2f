-- The browser's lists and its one search (issue 15): plans and events are searched as
-- people and the log are (accents removed), and the contact list's sorts and its most
-- used filter read an index, not everyone.

CREATE VIRTUAL TABLE plans_fts USING fts5 (
    action, city, content = 'follow_ups', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO plans_fts (plans_fts) VALUES ('rebuild');
CREATE TRIGGER plans_fts_ai AFTER INSERT ON follow_ups BEGIN
    INSERT INTO plans_fts (rowid, action, city) VALUES (new.id, new.action, new.city);
END;
CREATE TRIGGER plans_fts_ad AFTER DELETE ON follow_ups BEGIN
    INSERT INTO plans_fts (plans_fts, rowid, action, city)
    VALUES ('delete', old.id, old.action, old.city);
END;
CREATE TRIGGER plans_fts_au AFTER UPDATE OF action, city ON follow_ups BEGIN
    INSERT INTO plans_fts (plans_fts, rowid, action, city)
    VALUES ('delete', old.id, old.action, old.city);
    INSERT INTO plans_fts (rowid, action, city) VALUES (new.id, new.action, new.city);
END;

CREATE VIRTUAL TABLE events_fts USING fts5 (
    name, place, city, notes, content = 'events', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (events_fts) VALUES ('rebuild');
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, name, place, city, notes)
    VALUES (new.id, new.name, new.place, new.city, new.notes);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, name, place, city, notes)
    VALUES ('delete', old.id, old.name, old.place, old.city, old.notes);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF name, place, city, notes ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, name, place, city, notes)
    VALUES ('delete', old.id, old.name, old.place, old.city, old.notes);
    INSERT INTO events_fts (rowid, name, place, city, notes)
    VALUES (new.id, new.name, new.place, new.city, new.notes);
END;

CREATE INDEX people_found_via_met_on ON people (found_via, met_on DESC, id DESC);
CREATE INDEX people_last_contact ON people (last_contact DESC, id DESC);
