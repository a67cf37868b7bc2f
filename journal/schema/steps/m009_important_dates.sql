-- Important dates (issue 17): a birthday, an anniversary, a visa renewal. `date` is
-- ISO 8601 as vCard 4 writes it: `1985-04-07`, or `--04-07` when the year is not known.
-- A person has one date per label; `yearly` dates come back every year (a date without
-- a year always does), the others fall due once.
CREATE TABLE important_dates (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    date TEXT NOT NULL CHECK (
        date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'
        OR date GLOB '--[0-1][0-9]-[0-3][0-9]'),
    yearly INTEGER NOT NULL DEFAULT 1 CHECK (yearly IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
);
CREATE UNIQUE INDEX important_dates_label ON important_dates (person_id, label COLLATE NOCASE);
-- `journal due` finds the dates of the coming days by their month and day.
CREATE INDEX important_dates_day ON important_dates (substr(date, -5));

-- What `journal remind` sent, to which target, on which day: each item once a day per
-- target. `target` is a digest of the Apprise URL (which may hold a password or a
-- token), `shown` the URL with its secrets masked, as Apprise prints it.
CREATE TABLE reminders_sent (
    target TEXT NOT NULL,
    shown TEXT NOT NULL,
    item TEXT NOT NULL,
    day TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
    PRIMARY KEY (target, day, item)
);
