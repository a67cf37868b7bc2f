"""Important dates in vCards: BDAY, ANNIVERSARY and Apple's `itemN.X-ABDATE` with its
`itemN.X-ABLabel`, read into the journal's dates and written back, apart from the rest of
the card (journal.formats.vcard calls these two functions).

Read: `1985-04-07`, `19850407`, a date-time (its day is kept), `--04-07` and `--0407`
(vCard 4's date without a year), and Apple's `1604-04-07` with `X-APPLE-OMIT-YEAR=1604`.
A value that is no day (`circa 1800`, a year alone) is left to the card's kept text.
Written as vCard 3.0 has them: BDAY for the birthday, X-ABDATE with X-ABLabel for the
others (Apple Contacts and Google Contacts read both), a date without its year in
Apple's form, which they read; a date that is not yearly says so in X-JOURNAL-YEARLY.
"""

from __future__ import annotations

import datetime as dt
import re

FULL = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?")
YEARLESS = re.compile(r"--(\d{2})-?(\d{2})(?:T.*)?")
# Apple's labels for the dates it knows; any other label is the user's own words.
APPLE_LABELS = {"_$!<Anniversary>!$_": "anniversary", "_$!<Other>!$_": "other"}
APPLE_OMITTED_YEAR = "1604"  # a leap year, so 29 February has a place
DATE_PROPERTIES = {"BDAY": "birthday", "ANNIVERSARY": "anniversary", "X-ABDATE": None}


def day_of(value: str, params: dict) -> str | None:
    """A vCard date as the journal stores it (`1985-04-07` or `--04-07`), or None."""
    text = str(value).strip()
    omitted = [str(y).strip('"') for y in params.get("X-APPLE-OMIT-YEAR", [])]
    if m := FULL.fullmatch(text):
        year, month, day = m.groups()
        if year in omitted:
            year = None
    elif m := YEARLESS.fullmatch(text):
        year, (month, day) = None, m.groups()
    else:
        return None
    try:
        dt.date(int(year or 2000), int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if year else f"--{month}-{day}"


def _found(lines: list) -> list[tuple[dict, list]]:
    """Each date among a card's lines (vobject content lines), with the lines it was read
    from. One date per label: the first; another day under a label already found is
    left to the card's kept text."""
    lines = list(lines)
    labels = {
        line.group.lower(): str(line.value).strip()
        for line in lines
        if line.name.upper() == "X-ABLABEL" and line.group
    }
    found: dict[str, tuple[dict, list]] = {}
    for line in lines:
        name = line.name.upper()
        if name not in DATE_PROPERTIES:
            continue
        day = day_of(line.value, line.params)
        if day is None:
            continue
        source = [line]
        label = DATE_PROPERTIES[name]
        if name == "X-ABDATE":
            group = (line.group or "").lower()
            written = labels.get(group) or "other"
            label = APPLE_LABELS.get(written, written)[:100]
            source += [x for x in lines if x.name.upper() == "X-ABLABEL" and x.group == line.group]
        key = label.casefold()
        if key in found:
            if found[key][0]["date"] == day:
                found[key][1].extend(source)  # the same date twice: read once
            continue
        once = [str(v).upper() for v in line.params.get("X-JOURNAL-YEARLY", [])] == ["FALSE"]
        found[key] = ({"label": label, "date": day, "yearly": not once}, source)
    return list(found.values())


def read_dates(lines: list) -> tuple[list[dict], list]:
    """The dates among a card's lines, and the lines they were read from (an X-ABLabel
    stays with the card when another line of its group does)."""
    lines = list(lines)
    found = _found(lines)
    used = [line for _, source in found for line in source]
    taken = {id(line) for line in used}
    groups = {x.group for x in lines if x.group and id(x) not in taken}
    used = [x for x in used if not (x.name.upper() == "X-ABLABEL" and x.group in groups)]
    return [date for date, _ in found], used


def write_dates(card, dates: list[dict], kept: list) -> list:
    """Add `dates` to a vobject card; returns the kept lines without a BDAY when the
    journal holds the birthday (one kept by an import before the journal held dates),
    so that a card has one. Other dates of a kept line stay: someone may have two."""
    if not dates:
        return kept
    if any(d["label"].casefold() == "birthday" for d in dates):
        kept = [line for line in kept if line.name.upper() != "BDAY"]
    groups = [line.group or "" for line in [*kept, *card.getChildren()]]
    taken = {int(g[4:]) for g in groups if g.lower().startswith("item") and g[4:].isdigit()}
    number = max(taken, default=0)
    apple = {v: k for k, v in APPLE_LABELS.items()}
    for d in dates:
        stored = d["date"]
        if d["label"].casefold() == "birthday":
            line = card.add("bday")
        else:
            number += 1
            line = card.add("x-abdate")
            line.group = f"item{number}"
        line.value = APPLE_OMITTED_YEAR + stored[1:] if stored.startswith("--") else stored
        if stored.startswith("--"):
            line.params["X-APPLE-OMIT-YEAR"] = [APPLE_OMITTED_YEAR]
        if not d["yearly"]:
            line.params["X-JOURNAL-YEARLY"] = ["FALSE"]
        if line.group:
            label = card.add("x-ablabel")
            label.group = line.group
            label.value = apple.get(d["label"].casefold(), d["label"])
    return kept
