-- An event's guest list (issue 30): who was there, as the organiser's export says, kept
-- apart from people (who you met). A guest becomes a person only when you say you met
-- them; `person_id` then links the two. Forgetting a list, or the event, removes it.

CREATE TABLE guests (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- The list's own id for the guest (Luma's api_id, Meetup's user id, the order and
    -- attendee of Eventbrite), else the email, else the name: the same guest in an
    -- updated list is updated, not added again.
    list_key TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    profile_url TEXT,
    company TEXT,
    role TEXT,
    -- going, checked in, waitlist, pending, refunded, declined, maybe, not going
    status TEXT,
    came INTEGER,
    answers TEXT NOT NULL DEFAULT (json_object()),
    source TEXT NOT NULL,
    search_key TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (event_id, list_key)
);
CREATE INDEX guests_name ON guests (event_id, name_key);
CREATE INDEX guests_email ON guests (email) WHERE email IS NOT NULL;
CREATE INDEX guests_person ON guests (person_id) WHERE person_id IS NOT NULL;
