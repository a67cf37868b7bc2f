-- vCard properties the journal has no column for (a birthday, a second phone, the
-- street of an address), kept as vCard text so that `export vcard` gives them back.

ALTER TABLE people ADD COLUMN vcard TEXT;
