-- Other names of a person (issue 29): the name a merged row of a file had, a nickname.
-- Nothing of a merged row is lost; search finds a person by any of their names; the
-- phone is looked up when an import matches a contact by phone.

CREATE TABLE other_names (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (trim(name) != ''),
    UNIQUE (person_id, name COLLATE NOCASE)
);

CREATE VIRTUAL TABLE other_names_fts USING fts5 (
    name, content = 'other_names', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER other_names_fts_ai AFTER INSERT ON other_names BEGIN
    INSERT INTO other_names_fts (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER other_names_fts_ad AFTER DELETE ON other_names BEGIN
    INSERT INTO other_names_fts (other_names_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER other_names_fts_au AFTER UPDATE OF name ON other_names BEGIN
    INSERT INTO other_names_fts (other_names_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO other_names_fts (rowid, name) VALUES (new.id, new.name);
END;

CREATE INDEX people_phone ON people (phone) WHERE phone IS NOT NULL;
