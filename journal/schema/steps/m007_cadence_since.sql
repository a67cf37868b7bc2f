-- A keep-in-touch cadence counts from your last contact, but never from before the day
-- you set it: someone last seen in 2011 given a quarterly cadence today is due today,
-- not "5717 days overdue". Cadences already set count from the last change of the
-- person, the nearest day known.

ALTER TABLE people ADD COLUMN keep_in_touch_since TEXT;
UPDATE people SET keep_in_touch_since = date(updated_at) WHERE keep_in_touch_days IS NOT NULL;

DROP TRIGGER people_next_due_ai;
CREATE TRIGGER people_next_due_ai AFTER INSERT ON people
WHEN new.keep_in_touch_days IS NOT NULL BEGIN
    UPDATE people SET next_due = max(
        date(coalesce(new.last_contact, new.met_on, date(new.created_at)),
             '+' || new.keep_in_touch_days || ' days'),
        coalesce(new.keep_in_touch_since, ''))
    WHERE id = new.id;
END;

DROP TRIGGER people_next_due_au;
CREATE TRIGGER people_next_due_au
AFTER UPDATE OF last_contact, met_on, keep_in_touch_days, keep_in_touch_since ON people
BEGIN
    UPDATE people SET next_due = CASE
        WHEN new.keep_in_touch_days IS NULL THEN NULL
        ELSE max(
            date(coalesce(new.last_contact, new.met_on, date(new.created_at)),
                 '+' || new.keep_in_touch_days || ' days'),
            coalesce(new.keep_in_touch_since, ''))
    END
    WHERE id = new.id;
END;

UPDATE people SET next_due = max(
    date(coalesce(last_contact, met_on, date(created_at)), '+' || keep_in_touch_days || ' days'),
    coalesce(keep_in_touch_since, ''))
WHERE keep_in_touch_days IS NOT NULL;
