-- `journal remind` remembered a target by a plain SHA-256 of its URL, which a guess at
-- the URL (a password, a token in its path) could be checked against, and showed it as
-- Apprise masks it, which leaves a secret in a path (json://host/hooks/SECRET). Targets are
-- now remembered by an HMAC keyed with a secret kept outside the journal, and shown as
-- their scheme and host alone. The key of an old row cannot be recomputed without its
-- URL, so old rows keep what was sent and when, under a target that matches no URL: on
-- the day of the upgrade a target may be sent that day's digest once more.
UPDATE reminders_sent SET target = 'retired-' || rowid WHERE length(target) = 64;
UPDATE reminders_sent SET shown =
    substr(shown, 1, instr(shown, '://') + 2)
    || substr(
        substr(
            substr(shown, instr(shown, '://') + 3),
            1,
            instr(substr(shown, instr(shown, '://') + 3) || '/', '/') - 1
        ),
        instr(
            substr(
                substr(shown, instr(shown, '://') + 3),
                1,
                instr(substr(shown, instr(shown, '://') + 3) || '/', '/') - 1
            ),
            '@'
        ) + 1
    )
WHERE instr(shown, '://') > 0;
