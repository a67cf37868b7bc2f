-- Dates remembered in part: `met_on` may hold a year (`2011`) or a month (`2019-03`).
-- SQLite's date() reads `2011` as a Julian day number; a cadence counts from the first
-- day of a year or month remembered in part (never later than the day it was set).

DROP TRIGGER people_next_due_ai;
CREATE TRIGGER people_next_due_ai AFTER INSERT ON people
WHEN new.keep_in_touch_days IS NOT NULL BEGIN
    UPDATE people SET next_due = max(
        date(coalesce(new.last_contact, substr(new.met_on || '-01-01', 1, 10),
                      date(new.created_at)),
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
            date(coalesce(new.last_contact, substr(new.met_on || '-01-01', 1, 10),
                          date(new.created_at)),
                 '+' || new.keep_in_touch_days || ' days'),
            coalesce(new.keep_in_touch_since, ''))
    END
    WHERE id = new.id;
END;

UPDATE people SET next_due = max(
    date(coalesce(last_contact, substr(met_on || '-01-01', 1, 10), date(created_at)),
         '+' || keep_in_touch_days || ' days'),
    coalesce(keep_in_touch_since, ''))
WHERE keep_in_touch_days IS NOT NULL AND length(met_on) < 10;
