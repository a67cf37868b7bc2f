-- One core, two faces: the browser's Done and Log call the same Python as `journal
-- done` and `journal log`, so the views that did it in SQL go (their triggers with
-- them). `due` is what is due, as `journal due` and the browser read it: every open
-- follow-up, dated or not, in its own city or else its person's, and every
-- keep-in-touch date.

DROP VIEW follow_up_done;
DROP VIEW interaction_log;
DROP VIEW due;
CREATE VIEW due AS
SELECT 'follow-up' AS kind, f.id AS follow_up_id, p.id AS person_id, p.name, f.action,
    f.due, coalesce(f.city, p.city) AS city, f.rrule, p.last_contact
FROM follow_ups f JOIN people p ON p.id = f.person_id
WHERE f.status = 'open'
UNION ALL
SELECT 'keep-in-touch', NULL, p.id, p.name, NULL, p.next_due, p.city, NULL, p.last_contact
FROM people p
WHERE p.next_due IS NOT NULL;
