-- Requests seen (issue 26): the `request_id` of each browser write and how it was
-- answered, so that a form sent twice (a double tap, a queue sent again after its
-- answer was lost) writes once and is answered as the first time. Kept for a while.

CREATE TABLE requests_seen (
    request_id TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL,
    status INTEGER,
    location TEXT,
    messages TEXT
);
CREATE INDEX requests_seen_seen_at ON requests_seen (seen_at);
