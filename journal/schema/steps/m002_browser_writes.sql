-- Writes from the browser, as views whose triggers did what `journal done` and
-- `journal log` did (Datasette's writable canned queries inserted into them).
-- Replaced by m005: the browser now calls the same code as the command line.

CREATE VIEW follow_up_done AS
SELECT NULL AS follow_up_id, NULL AS note, NULL AS on_date WHERE 0;

CREATE TRIGGER follow_up_done_insert INSTEAD OF INSERT ON follow_up_done BEGIN
    SELECT RAISE(ABORT, 'there is no open follow-up with this id')
    WHERE NOT EXISTS (SELECT 1 FROM follow_ups
                      WHERE id = CAST(new.follow_up_id AS INTEGER) AND status = 'open');
    SELECT RAISE(ABORT, 'the date must be written YYYY-MM-DD')
    WHERE nullif(new.on_date, '') IS NOT NULL AND date(new.on_date) IS NOT new.on_date;
    INSERT INTO interactions (person_id, date, kind, note)
    SELECT person_id, coalesce(nullif(new.on_date, ''), date('now', 'localtime')), 'note',
        CASE WHEN trim(coalesce(new.note, '')) = '' THEN action
             ELSE action || ': ' || trim(new.note) END
    FROM follow_ups WHERE id = CAST(new.follow_up_id AS INTEGER);
    UPDATE follow_ups
    SET due = journal_next_due(rrule, due,
                               coalesce(nullif(new.on_date, ''), date('now', 'localtime')))
    WHERE id = CAST(new.follow_up_id AS INTEGER) AND rrule IS NOT NULL;
    -- A one-off is done; so is a recurrence that has no date left.
    UPDATE follow_ups SET status = 'done', done_at = (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'))
    WHERE id = CAST(new.follow_up_id AS INTEGER) AND (rrule IS NULL OR due IS NULL);
END;

CREATE VIEW interaction_log AS
SELECT NULL AS person_id, NULL AS date, NULL AS kind, NULL AS note, NULL AS place WHERE 0;

CREATE TRIGGER interaction_log_insert INSTEAD OF INSERT ON interaction_log BEGIN
    SELECT RAISE(ABORT, 'there is no person with this id')
    WHERE NOT EXISTS (SELECT 1 FROM people WHERE id = CAST(new.person_id AS INTEGER));
    SELECT RAISE(ABORT, 'the date must be written YYYY-MM-DD')
    WHERE nullif(new.date, '') IS NOT NULL AND date(new.date) IS NOT new.date;
    SELECT RAISE(ABORT, 'the kind must be one of met, call, email, message, meeting, note')
    WHERE coalesce(nullif(new.kind, ''), 'note') NOT IN ('met', 'call', 'email', 'message', 'meeting', 'note');
    SELECT RAISE(ABORT, 'write what happened')
    WHERE trim(coalesce(new.note, '')) = '';
    INSERT INTO interactions (person_id, date, kind, note, place)
    VALUES (CAST(new.person_id AS INTEGER),
            coalesce(nullif(new.date, ''), date('now', 'localtime')),
            coalesce(nullif(new.kind, ''), 'note'),
            trim(new.note),
            nullif(trim(coalesce(new.place, '')), ''));
END;
