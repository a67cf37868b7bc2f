"""What the command line prints: the core's rows as short human lines, cards and tables."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence

import typer

from journal.text.dates import day_text, every_text, period_from_days, rrule_text
from journal.text.handles import Handle


def color() -> bool | None:
    """Colour only on a terminal (click decides), and never when NO_COLOR is set."""
    return False if os.environ.get("NO_COLOR") else None


# What a terminal would act on (set the title, clear the screen, write the clipboard):
# every control character but the newline and the tab, and any escape sequence but the
# colours click writes; and what would turn the line around or hide text in it (the
# bidirectional overrides, embeddings and isolates, U+202E among them).
CONTROL = re.compile(
    r"\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    r"\u202a-\u202e\u2066-\u2069]"
)
# Of the styles an escape sequence may set, `8` hides the text that follows.
HIDDEN = "8"
# In JSON, C0 controls are escaped already; DEL and C1 are not.
JSON_CONTROL = re.compile(r"[\x7f-\x9f]")


def _shown(match: re.Match) -> str:
    found = match[0]
    if len(found) > 1 and HIDDEN not in found[2:-1].split(";"):
        return found  # a colour
    return found.encode("unicode_escape").decode()


def visible(text: str) -> str:
    """`text` as the terminal should show it: a control character as `\\x1b`, a
    bidirectional override as `\\u202e`, not run."""
    return CONTROL.sub(_shown, text)


class VisibleWriter:
    """A text stream that shows what it is given as `visible` would."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        # A file's CRLF line ends (CSV, iCalendar) are line ends on a terminal too.
        return self.stream.write(visible(text.replace("\r\n", "\n")))

    def flush(self) -> None:
        self.stream.flush()


def stdout():
    """Where a command's file goes when no `-o` is given: as it is into a pipe or a file,
    shown (`visible`) on a terminal. Files keep the bytes."""
    return VisibleWriter(sys.stdout) if sys.stdout.isatty() else sys.stdout


def echo(text: str = "", *, err: bool = False) -> None:
    """Print a line: whatever the journal holds (a name from an import, say) is shown,
    never run by the terminal. A reader that went away (`| head`) ends the output, not
    the work: the rest is dropped, as `git log | head` drops it."""
    try:
        typer.echo(visible(text), err=err, color=color())
    except BrokenPipeError:
        reader_gone(sys.stderr if err else sys.stdout)


def reader_gone(stream) -> None:
    """Send what is still to be written to `stream` (and Python's own flush at exit) to
    the null device, once its reader has closed the pipe."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's buffer): nothing is left to flush
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def bold(text: str) -> str:
    return typer.style(text, bold=True)


def dim(text: str) -> str:
    return typer.style(text, dim=True)


def json_text(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return JSON_CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def handle_text(handle: dict) -> str:
    return Handle(handle["network"], handle["handle"], handle["url"]).display()


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def person_line(p: dict) -> str:
    """`#12 Benji Weber · Journalist, The Guardian · London`"""
    work = ", ".join(x for x in (p.get("role"), p.get("company")) if x)
    parts = [f"#{p['id']} {bold(p['name'])}", work, p.get("city") or ""]
    return " · ".join(x for x in parts if x)


def how_found(p: dict) -> list[str]:
    lines = []
    how = p.get("found_via")
    event, via = p.get("event"), p.get("via")
    first = how or ""
    if event:
        when = f", {event['date']}" if event.get("date") else ""
        first += f": {event['name']} (event #{event['id']}{when})"
    if via:
        first += f"{',' if first else ''} via {via['name']} (#{via['id']})"
    if first:
        lines.append(first.strip())
    met = []
    if p.get("met_on"):
        met.append(f"met {p['met_on']}")
    if p.get("met_where"):
        met.append(f"at {p['met_where']}")
    if met:
        lines.append(" ".join(met))
    if p.get("source_url"):
        lines.append(f"link: {p['source_url']}")
    return lines


def way_line(w: dict) -> str:
    """`2019-03-04  mention on twitter, via Maria (#2): https://x.com/… "the post"`"""
    what = w.get("kind") or "found"
    if w.get("network"):
        what += f" on {w['network']}"
    if w.get("event"):
        what += f" at {w['event']['name']} (event #{w['event']['id']})"
    if w.get("via"):
        what += f", via {w['via']['name']} (#{w['via']['id']})"
    if w.get("place"):
        what += f", {w['place']}"
    if w.get("url"):
        what += f": {w['url']}"
    if w.get("note"):
        note = " ".join(w["note"].split())
        what += f" \u201c{note if len(note) <= 80 else note[:79] + '…'}\u201d"
    shown = f"{w.get('date') or '(undated)':<10}  {what}"
    return f"#{w['id']} {shown}" if w.get("id") else shown


def card(p: dict) -> str:
    """Everything about one person, the way `journal show` prints it."""
    out = [person_line(p)]
    if p.get("other_names"):
        out.append(f"  {dim('also:')} " + ", ".join(p["other_names"]))
    for h in p["handles"]:
        out.append(f"  {handle_text(h):<28} {h['url']}")
    contact = [_with_kinds(e, p.get("email_kinds", {}).get(e)) for e in p["emails"]]
    phones = p.get("phones")
    if phones is None:
        phones = [{"number": p["phone"], "kinds": []}] if p.get("phone") else []
    contact += [_with_kinds(x["number"], x["kinds"]) for x in phones]
    if contact:
        out.append("  " + " · ".join(contact))
    if p.get("photo"):
        kind = p["photo"]["type"].removeprefix("image/").upper()
        out.append(f"  {dim('photo:')} {kind}, {max(1, p['photo']['size'] // 1024)} KiB")
    if p["tags"]:
        out.append(f"  {dim('tags:')} " + ", ".join(p["tags"]))
    found = how_found(p)
    if len(p.get("ways_found") or []) > 1 or any(
        w["network"] or w["note"] for w in p.get("ways_found") or []
    ):
        # Each way, oldest first, in place of the first alone; when and where met stay.
        met = [line for line in found if line.startswith(("met ", "at "))]
        found = [way_line(w) for w in p["ways_found"]] + met
    elif found and p.get("ways_found"):
        found[0] += dim(f"  (way #{p['ways_found'][0]['id']})")
    if found:
        out += ["", bold("How you found them"), *("  " + line for line in found)]
    if p.get("story"):
        out += ["", bold("Story"), indent(p["story"])]
    if p["interactions"]:
        out += ["", bold("Timeline")]
        for i in p["interactions"]:
            out.append("  " + interaction_line(i))
    if p["follow_ups"]:
        out += ["", bold("Follow-ups")]
        for f in p["follow_ups"]:
            out.append("  " + follow_up_line(f))
    if p.get("keep_in_touch_days"):
        every = period_from_days(p["keep_in_touch_days"])
        out += ["", bold("Keep in touch"), f"  {every_text(every)}; next due {p['next_due']}"]
    if p.get("dates"):
        out += ["", bold("Dates")]
        for d in p["dates"]:
            out.append("  " + date_line(d))
    if p["introduced"]:
        names = ", ".join(f"{x['name']} (#{x['id']})" for x in p["introduced"])
        out += ["", bold("Introduced you to"), "  " + names]
    if p.get("notes"):
        out += ["", bold("Notes"), indent(p["notes"])]
    return "\n".join(out)


def date_what(label: str, years: int | None) -> str:
    """`birthday, turns 42` · `anniversary, 10 years` · `visa renewal`"""
    if years is None:
        return label
    if label.casefold() == "birthday":
        return f"{label}, turns {years}"
    return f"{label}, {years} year{'s' if years != 1 else ''}"


def date_line(d: dict) -> str:
    """`birthday      7 April 1985, yearly; next 2027-04-07 (turns 42)`"""
    text = f"{d['label']:<13} {day_text(d['date'])}"
    if d["yearly"]:
        text += ", yearly"
    if d["next"]:
        text += f"; next {d['next']}"
        if d["years"]:
            text += f" ({date_what(d['label'], d['years']).split(', ', 1)[1]})"
    return text


def announce(created: list[dict], *, err: bool = False) -> None:
    """Every record a command made besides the one asked for: `new event #4 Twestival`."""
    kinds = {"events": "event", "people": "person"}
    for record in created:
        if record["table"] == "guests":
            echo(f"  {guest_line(record)}", err=err)
            continue
        echo(f"  new {kinds[record['table']]} #{record['id']} {record['name']}", err=err)


def guest_summary(g: dict) -> str:
    """`Benji Weber · journalist, The Guardian · checked in`."""
    work = ", ".join(x for x in (g["role"], g["company"]) if x)
    parts = [g["name"], work, g["email"], g["status"]]
    return " · ".join(p for p in parts if p)


def guest_line(record: dict) -> str:
    """`guest #12 of Twestival Marseille's list: filled in name, email, company`."""
    filled = record["filled"]
    what = f": filled in {', '.join(filled)}" if filled else ""
    return f"guest #{record['id']} of {record['event']}'s list{what}"


def _with_kinds(value: str, kinds: list[str] | None) -> str:
    """`ada@example.org (work, preferred)`: an email or phone with its kinds."""
    return f"{value} ({', '.join(kinds)})" if kinds else value


def anniversary_line(p: dict) -> str:
    """`On this day, 2 years ago, you met Benji Weber (#2) at Mastodon meetup Berlin.`"""
    ago = "a year ago" if p["years"] == 1 else f"{p['years']} years ago"
    where = p.get("event") or p.get("met_where")
    at = f" at {where}" if where else ""
    return f"On this day, {ago}, you met {p['name']} (#{p['id']}){at}."


def interaction_line(i: dict) -> str:
    where = []
    if i.get("event"):
        where.append(f"at {i['event']['name']}")
    if i.get("place"):
        where.append(i["place"] if where else f"at {i['place']}")
    text = " ".join(x for x in (", ".join(where), i.get("note") or "") if x)
    if i.get("url"):
        text += f" <{i['url']}>"
    shown = f"{i['date']}  {i['kind']:<8} {text}".rstrip()
    return f"#{i['id']} {shown}" if i.get("id") else shown


def follow_up_line(f: dict) -> str:
    parts = [f"#{f['id']}", f["action"]]
    if f.get("due"):
        parts.append(dim(f"due {f['due']}"))
    if f.get("city"):
        parts.append(dim(f"in {f['city']}"))
    if f.get("rrule"):
        parts.append(dim(rrule_text(f["rrule"])))
    return "  ".join(parts)


def table(rows: Sequence[dict], columns: Sequence[tuple[str, str]], *, width: int = 28) -> str:
    """A plain aligned table; long cells are cut so one person stays on one line."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(r.get(key)) for key, _ in columns] for r in rows]
    widths = [
        max([len(title), *(len(c[n]) for c in cells)]) for n, (_, title) in enumerate(columns)
    ]
    header = "  ".join(t.ljust(w) for (_, t), w in zip(columns, widths, strict=True))
    lines = [bold(header.rstrip())]
    for c in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
    return "\n".join(lines)


# The columns of `journal list` and of an event's people.
LIST_COLUMNS = [
    ("id", "ID"),
    ("name", "NAME"),
    ("company", "COMPANY"),
    ("city", "CITY"),
    ("found_via", "HOW"),
    ("found", "EVENT / VIA"),
    ("met_on", "MET"),
]


def print_people(rows: list[dict], *, as_json: bool = False, as_csv: bool = False) -> None:
    if as_json:
        echo(json_text(rows))
    elif as_csv:
        from journal.formats.csv import write_people_csv

        stdout().write(write_people_csv(rows))
    elif not rows:
        echo("No one yet.", err=True)
    else:
        for r in rows:
            r["found"] = r["event"] or (f"via {r['via']}" if r["via"] else "")
        echo(table(rows, LIST_COLUMNS))
