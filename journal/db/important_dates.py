"""Important dates: a birthday, an anniversary, a visa renewal, with or without its year.

A date is stored as ISO 8601 writes it (`1985-04-07`, or `--04-07` without the year),
one per label and person. A yearly date comes back every year (29 February on the 28th
in other years); the others fall due once. `coming` is what `due` lists of them.
"""

from __future__ import annotations

import json
from calendar import isleap
from datetime import date, timedelta

from journal.db.connection import Connection
from journal.errors import Duplicate, InvalidValue, NotFound
from journal.formats.vcard_dates import without_date
from journal.text.dates import Period, day_on, next_day, rrule_for
from journal.text.values import clean, storable

BIRTHDAY = "birthday"
KIND = "important-date"
YEARLY = Period(1, "years")


def _checked(label: str | None, day: str, yearly: bool) -> tuple[str, bool]:
    label = clean(label)
    if label is None:
        raise InvalidValue("an important date needs a label, e.g. anniversary", field="label")
    if len(label) > 100:
        raise InvalidValue("a label is at most 100 characters", field="label")
    # A birthday, and a date without its year, can only come back every year.
    return label, yearly or day.startswith("--") or label.casefold() == BIRTHDAY


def set_date(db: Connection, person_id: int, label: str, day: str, *, yearly: bool = False) -> dict:
    """Give the person this date under `label`, replacing the one they had under it.
    `day` is as `journal.text.dates.parse_day` returns it."""
    label, yearly = _checked(label, day, yearly)
    with db.transaction():
        if not db.exists("people", person_id):
            raise NotFound(f"no person with id #{person_id}")
        _put(db, person_id, label, day, yearly)
    return db.row(
        "SELECT * FROM important_dates WHERE person_id = ? AND label = ? COLLATE NOCASE",
        [person_id, label],
    )


def _put(db: Connection, person_id: int, label: str, day: str, yearly: bool) -> None:
    db.conn.execute(
        "INSERT INTO important_dates (person_id, label, date, yearly) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (person_id, label COLLATE NOCASE)"
        " DO UPDATE SET label = excluded.label, date = excluded.date, yearly = excluded.yearly",
        [person_id, label, day, int(yearly)],
    )


def add_missing(db: Connection, person_id: int, dates: list[dict]) -> tuple[bool, list[str]]:
    """An import's dates for someone: those whose label they lack are added; a label they
    have with another day is left as it was and reported. Returns (added, conflicts)."""
    added, conflicts = False, []
    for d in dates:
        mine = db.row(
            "SELECT date FROM important_dates WHERE person_id = ? AND label = ? COLLATE NOCASE",
            [person_id, d["label"]],
        )
        if mine is None:
            label, yearly = _checked(d["label"], d["date"], d["yearly"])
            _put(db, person_id, label, d["date"], yearly)
            added = True
        elif mine["date"] != d["date"]:
            conflicts.append(f"{d['label']} is {mine['date']!r}, the other has {d['date']!r}")
    return added, conflicts


def remove_date(db: Connection, person_id: int, label: str) -> None:
    with db.transaction():
        gone = db.conn.execute(
            "DELETE FROM important_dates WHERE person_id = ? AND label = ? COLLATE NOCASE",
            [person_id, label.strip()],
        ).rowcount
        if not gone:
            raise NotFound(f"#{person_id} has no date labelled {label.strip()!r}")
        # An imported card's own date property would bring the date back on export.
        kept = db.row("SELECT vcard FROM people WHERE id = ?", [person_id])["vcard"]
        if kept and (rest := without_date(kept, label.strip())) != kept:
            db.update("people", person_id, {"vcard": rest})


def date_row(db: Connection, date_id: int) -> dict:
    row = storable(date_id) and db.row(DATES + " WHERE d.id = ?", [date_id])
    if not row:
        raise NotFound(f"no important date with id #{date_id}", subject="date", text=str(date_id))
    return row


def edit_date(db: Connection, date_id: int, label: str, day: str, *, yearly: bool) -> dict:
    """Correct one of a person's dates (the card's Edit): its label, day and whether it
    comes back; another date of theirs under the new label is refused."""
    label, yearly = _checked(label, day, yearly)
    with db.transaction():
        current = date_row(db, date_id)
        taken = db.row(
            "SELECT id FROM important_dates WHERE person_id = ? AND label = ? COLLATE NOCASE"
            " AND id != ?",
            [current["person_id"], label, date_id],
        )
        if taken:
            raise Duplicate(f"{current['name']} already has a date labelled {label!r}")
        if current["label"].casefold() != label.casefold():
            # The imported card's own date under the old label would come back on export.
            remove_date(db, current["person_id"], current["label"])
            row = set_date(db, current["person_id"], label, day, yearly=yearly)
            return date_row(db, row["id"])
        db.update("important_dates", date_id, {"label": label, "date": day, "yearly": int(yearly)})
        return date_row(db, date_id)


def remove_date_by_id(db: Connection, date_id: int) -> dict:
    """Remove one of a person's dates by its id (the card's Remove)."""
    with db.transaction():
        gone = date_row(db, date_id)
        remove_date(db, gone["person_id"], gone["label"])
        return gone


def years_on(stored: str, on: date) -> int | None:
    """How many years a date with its year has been coming back by `on`: an age, or an
    anniversary's count. None without the year, or on its first time."""
    if stored.startswith("--"):
        return None
    years = on.year - int(stored[:4])
    return years if years > 0 else None


def described(row: dict, on: date) -> dict:
    """A person's date with when it comes next (None for a one-off gone by)."""
    if row["yearly"]:
        upcoming = next_day(row["date"], on)
    else:
        upcoming = date.fromisoformat(row["date"])
        if upcoming < on:
            upcoming = None
    years = years_on(row["date"], upcoming) if upcoming and row["yearly"] else None
    return {
        "id": row["id"],
        "label": row["label"],
        "date": row["date"],
        "yearly": bool(row["yearly"]),
        "next": upcoming.isoformat() if upcoming else None,
        "years": years,
    }


def dates_of(db: Connection, person_id: int, on: date) -> list[dict]:
    """A person's dates for the card: birthday first, then the next to come."""
    rows = db.rows("SELECT * FROM important_dates WHERE person_id = ?", [person_id])
    found = [described(r, on) for r in rows]
    return sorted(
        found,
        key=lambda d: (d["label"].casefold() != BIRTHDAY, d["next"] is None, d["next"] or ""),
    )


def rrule(stored: str, yearly: bool) -> str | None:
    if not yearly:
        return None
    return rrule_for(YEARLY, day_on(stored, 2000))  # a leap year: 29 February is kept


def coming(db: Connection, on: date, until: date, *, most: int | None = None) -> list[dict]:
    """The dates that come from `on` to `until`, as items of `due` (see reads.due); with
    `most`, only the `most` soonest, read in order along the index on the month and day
    (from `on`'s day to the year's end, then from its start): a due page of 50 reads
    some 50 rows, not the 50,000 birthdays of a big journal."""
    if until < on:
        return []
    if most is not None and (until - on).days >= 366:
        return _soonest(db, on, until, most)
    where, params = "", {}
    if (until - on).days < 366:
        # Only the days of the window: found with the index on the month and day.
        days = {(on + timedelta(n)).strftime("%m-%d") for n in range((until - on).days + 1)}
        if "02-28" in days:
            days.add("02-29")
        where = " WHERE substr(d.date, -5) IN (SELECT value FROM json_each(:days))"
        params["days"] = json.dumps(sorted(days))
    rows = db.rows(DATES + where, params)
    return [item for row in rows if (item := _item(row, on, until))]


DATES = "SELECT d.*, p.name FROM important_dates d JOIN people p ON p.id = d.person_id"
# A page's worth of rows at a time, in the order of the month and day.
PAGE = 100


def _soonest(db: Connection, on: date, until: date, most: int) -> list[dict]:
    items: list[dict] = []
    day = on.strftime("%m-%d")
    # This year's days from today, then next year's before it: the order the dates come
    # back in (a date once, of another year, comes later than its day says: never sooner).
    for year, half in ((on.year, ">="), (on.year + 1, "<")):
        offset = 0
        while True:
            rows = db.rows(
                f"{DATES} WHERE substr(d.date, -5) {half} :day"
                " ORDER BY substr(d.date, -5), d.id LIMIT :n OFFSET :o",
                {"day": day, "n": PAGE, "o": offset},
            )
            for row in rows:
                here = _day_in(row["date"][-5:], year)
                # Done when `most` come before this day (those on it are read in full).
                if here > until.isoformat() or sum(i["due"] < here for i in items) >= most:
                    return items
                if item := _item(row, on, until):
                    items.append(item)
            if len(rows) < PAGE:
                break
            offset += PAGE
    return items


def _day_in(month_day: str, year: int) -> str:
    """`02-29` in `year` as the journal keeps it: on the 28th in other years."""
    if month_day == "02-29" and not isleap(year):
        month_day = "02-28"
    return f"{year}-{month_day}"


def _item(row: dict, on: date, until: date) -> dict | None:
    d = described(row, on)
    if d["next"] is None or d["next"] > until.isoformat():
        return None
    return {
        "kind": KIND,
        "follow_up_id": None,
        "person_id": row["person_id"],
        "name": row["name"],
        "action": d["label"],
        "due": d["next"],
        "city": None,
        "rrule": rrule(row["date"], row["yearly"]),
        "last_contact": None,
        "date_id": row["id"],
        "label": d["label"],
        "date": d["date"],
        "years": d["years"],
    }
