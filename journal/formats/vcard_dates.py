"""Important dates in vCards: BDAY, ANNIVERSARY and Apple's `itemN.X-ABDATE` with its
`itemN.X-ABLabel`, read into the journal's dates and written back, apart from the rest of
the card (journal.formats.vcard calls these two functions, on its own parsed properties).

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

from journal.formats import vcard_text as vt

FULL = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?")
YEARLESS = re.compile(r"--(\d{2})-?(\d{2})(?:T.*)?")
# Apple's labels for the dates it knows; any other label is the user's own words.
APPLE_LABELS = {"_$!<Anniversary>!$_": "anniversary", "_$!<Other>!$_": "other"}
APPLE_OMITTED_YEAR = "1604"  # a leap year, so 29 February has a place
DATE_PROPERTIES = {"BDAY": "birthday", "ANNIVERSARY": "anniversary", "X-ABDATE": None}


def day_of(value: str, omitted: list[str]) -> str | None:
    """A vCard date as the journal stores it (`1985-04-07` or `--04-07`), or None.
    `omitted`: the years Apple writes for "no year" (X-APPLE-OMIT-YEAR)."""
    text = str(value).strip()
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


def _group(prop: vt.Prop) -> str:
    return (prop.group or "").lower()


def _found(props: list[vt.Prop]) -> list[tuple[dict, list[vt.Prop]]]:
    """Each date among a card's properties, with the properties it was read from. One
    date per label: the first; another day under a label already found is left to the
    card's kept text."""
    labels = {
        _group(p): vt.unescape(p.value).strip() for p in props if p.name == "X-ABLABEL" and p.group
    }
    found: dict[str, tuple[dict, list[vt.Prop]]] = {}
    for prop in props:
        if prop.name not in DATE_PROPERTIES:
            continue
        day = day_of(prop.value, prop.param("X-APPLE-OMIT-YEAR"))
        if day is None:
            continue
        source = [prop]
        label = DATE_PROPERTIES[prop.name]
        if prop.name == "X-ABDATE":
            written = labels.get(_group(prop)) or "other"
            label = APPLE_LABELS.get(written, written)[:100]
            source += [
                p for p in props if p.name == "X-ABLABEL" and p.group and _group(p) == _group(prop)
            ]
        key = label.casefold()
        if key in found:
            if found[key][0]["date"] == day:
                found[key][1].extend(source)  # the same date twice: read once
            continue
        once = [v.upper() for v in prop.param("X-JOURNAL-YEARLY")] == ["FALSE"]
        found[key] = ({"label": label, "date": day, "yearly": not once}, source)
    return list(found.values())


def read_dates(props: list[vt.Prop]) -> list[dict]:
    """The dates among a card's properties. The properties stay with the card's kept
    text, so that `write_dates` can give back each as the card wrote it (`20081203`, a
    time of day, Apple's group) while the journal still holds that day."""
    return [date for date, _ in _found(props)]


def write_dates(dates: list[dict], kept: list[vt.Prop]) -> tuple[list[vt.Prop], list[vt.Prop]]:
    """The properties that give `dates` back, and the kept properties without the date
    properties the journal's dates replace. A kept date property whose day and label the
    journal still holds is given back as it was; one whose label the journal holds with
    another day is left out, so that a card has one of each (`without_date` takes out
    one the journal no longer holds). Another day under a label stays: someone may have two."""
    found = _found(kept)
    wanted = {d["label"].casefold(): d for d in dates}
    same: dict[str, list[vt.Prop]] = {}
    replaced: set[int] = set()
    for date, source in found:
        key = date["label"].casefold()
        d = wanted.get(key)
        if d is None:
            continue  # kept by an import before the journal held dates: the card's own
        if (d["date"], bool(d["yearly"])) == (date["date"], date["yearly"]):
            same[key] = source
        replaced |= {id(p) for p in source}
    rest = [p for p in kept if id(p) not in replaced]
    # An X-ABLabel stays when another property of its group does.
    groups = {_group(p) for p in rest if p.group and p.name != "X-ABLABEL"}
    rest = [p for p in rest if not (p.name == "X-ABLABEL" and _group(p) not in groups and p.group)]
    rest += [p for p in kept if id(p) in replaced and p.name == "X-ABLABEL" and _group(p) in groups]
    taken = {int(g[4:]) for g in map(_group, kept) if g.startswith("item") and g[4:].isdigit()}
    number = max(taken, default=0)
    apple = {v: k for k, v in APPLE_LABELS.items()}
    out: list[vt.Prop] = []
    for d in dates:
        key = d["label"].casefold()
        if key in same:
            out += same[key]
            continue
        stored = d["date"]
        params: list[tuple[str, str]] = []
        if stored.startswith("--"):
            params.append(("X-APPLE-OMIT-YEAR", APPLE_OMITTED_YEAR))
        if not d["yearly"]:
            params.append(("X-JOURNAL-YEARLY", "FALSE"))
        value = APPLE_OMITTED_YEAR + stored[1:] if stored.startswith("--") else stored
        if key == "birthday":
            out.append(vt.Prop(None, "BDAY", params, value))
            continue
        number += 1
        group = f"item{number}"
        label = apple.get(key, d["label"])
        out += [
            vt.Prop(group, "X-ABDATE", params, value),
            vt.Prop(group, "X-ABLABEL", [], vt.escape(label)),
        ]
    return out, rest


def without_date(kept: str | None, label: str) -> str | None:
    """A card's kept text without the date properties read as `label`: the journal no
    longer holds that date, and the export must not bring it back."""
    props = vt.parse_kept(kept)
    gone = {
        id(p)
        for date, source in _found(props)
        if date["label"].casefold() == label.casefold()
        for p in source
    }
    if not gone:
        return kept
    return "".join(p.line() + "\r\n" for p in props if id(p) not in gone) or None
