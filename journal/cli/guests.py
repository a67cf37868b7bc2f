"""An event's guest list: `import guests`, `event pick` (tick who you met, add them in one
go) and `event forget-guests`. The list is kept apart from people (journal.db.guests)."""

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from journal.cli import completion, output, prompts
from journal.cli.events import app as event_app
from journal.cli.options import JsonOpt
from journal.cli.output import echo, json_text
from journal.cli.session import store
from journal.cli.transfer import import_app
from journal.errors import InvalidValue
from journal.text.dates import today
from journal.text.inputs import event_ref
from journal.text.words import counted

SOURCES = {"luma": "Luma", "eventbrite": "Eventbrite", "meetup": "Meetup", "ics": "invitation"}
EventArg = Annotated[
    str, typer.Argument(metavar="EVENT", help="Its id or name.", autocompletion=completion.events)
]


@import_app.command("guests")
def import_guests(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A guest list: CSV or .ics.")],
    event: Annotated[
        str | None,
        typer.Option(
            "--event",
            metavar="EVENT",
            help="The event it is the list of (found by id or name, else made).",
            autocompletion=completion.events,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import an event's guest list, kept apart from people until you say you met them.

    Reads Luma's guest CSV, Eventbrite's attendee report, Meetup's attendee export and
    an .ics invitation (which names its event). A CSV names no event: give --event, or
    answer when asked on a terminal. Importing the list again updates it.

    \b
    Example:
      journal import guests "Twestival - Guests.csv" --event "Twestival Marseille"
    """
    from journal.db import events, guests, reads
    from journal.formats.guests import read_guests

    listed = read_guests(file)
    s = store(ctx, write=True)
    said = listed.event
    if event is None and said.get("name"):
        event = said["name"]
    if event is None:
        if not prompts.on_terminal():
            raise InvalidValue(f"{file} does not say which event it lists: add --event EVENT")
        event = typer.prompt("Which event is this the guest list of? (its name or id)")
    ref = event_ref(event, "--event", creatable=True)
    event_id = events.event_for(s, ref, on=said.get("date"), place=said.get("place"))
    counts = guests.save_guests(s, event_id, listed.source, listed.guests)
    name = reads.event(s, event_id)["name"]
    if as_json:
        output.announce(s.created, err=True)
        echo(json_text({"event": {"id": event_id, "name": name}, "source": listed.source,
                        **counts}))  # fmt: skip
        return
    output.announce(s.created)
    known = f"; {counts['linked']} already in your journal" if counts["linked"] else ""
    echo(
        f"Guest list of #{event_id} {name} ({SOURCES[listed.source]}): {counts['added']:,}"
        f" added, {counts['updated']:,} updated, {counts['unchanged']:,} unchanged{known}."
    )


@event_app.command("pick")
def event_pick(ctx: typer.Context, event: EventArg) -> None:
    """Tick the guests you met at an event, and add them in one go (on a terminal).

    Each comes in with what the list knows (email, phone, company, role, profile), met
    at the event on its date, and is linked to their guest.

    \b
    Example:
      journal event pick "Twestival Marseille"
    """
    from journal.db import events, guests, people, reads

    s = store(ctx, write=True)
    e = reads.event(s, events.resolve_event(s, event_ref(event)))
    left = [g for g in guests.guest_list(s, e["id"]) if g["person_id"] is None]
    if not left:
        echo(f"No guest of {e['name']} left to pick (see `journal event show`).", err=True)
        return
    if not prompts.on_terminal():
        raise InvalidValue(
            "event pick asks who you met, on a terminal; elsewhere use"
            " `journal add NAME --event EVENT`"
        )
    for number, g in enumerate(left, 1):
        echo(f"{number:>4}  {output.guest_summary(g)}")
    picked = _ask_picks(len(left))
    if not picked:
        echo("No one picked; nothing was changed.", err=True)
        return
    chosen = [left[n - 1] for n in picked]
    names = ", ".join(g["name"] for g in chosen)
    if not typer.confirm(f"Add {len(chosen)} as met at {e['name']}: {names}?", default=True):
        raise typer.Abort()
    met_on = _day(e["date"]) or today()
    for g in chosen:
        if same := people.same_name(s, g["name"]):
            echo(f"Skipped {g['name']}: #{same[0]['id']} has this name (add with --new).")
            continue
        person_id = people.add_person(s, g["name"], guest=g["id"], met_on=met_on)
        echo(f"Added {output.person_line(reads.person(s, person_id))}")


def _day(text: str | None) -> date | None:
    """The event's day, for the timeline's "met"; an event remembered in part has none."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _ask_picks(count: int) -> list[int]:
    while True:
        answer = typer.prompt(
            "Who did you meet? Numbers or ranges (1 4 7-9), Enter for no one",
            default="",
            show_default=False,
        )
        try:
            return picks(answer, count)
        except InvalidValue as e:
            echo(f"  {e}", err=True)


def picks(answer: str, count: int) -> list[int]:
    """The numbers typed ("1 4 7-9", "2,3"), each once, in order; refused outside 1..count."""
    chosen: list[int] = []
    for part in re.split(r"[\s,]+", answer.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise InvalidValue(f"{part!r} is not a number or a range like 3-5")
        low, high = int(m[1]), int(m[2] or m[1])
        if not 1 <= low <= high <= count:
            raise InvalidValue(f"{part} is not among 1-{count}")
        chosen += [n for n in range(low, high + 1) if n not in chosen]
    return chosen


def print_found(found: list[dict], *, after_people: bool) -> None:
    """`journal search`'s guests, apart from the people it found."""
    import shlex

    echo(("\n" if after_people else "") + "On guest lists:")
    for g in found:
        work = ", ".join(x for x in (g["role"], g["company"]) if x)
        echo(f"  guest #{g['id']} {g['name']}" + (f" · {work}" if work else ""))
        met = f"journal add {shlex.quote(g['name'])} --event {g['event_id']}"
        echo(f"    at {g['event']}, not in your journal yet · I met them: {met}")


@event_app.command("forget-guests")
def event_forget_guests(
    ctx: typer.Context,
    event: EventArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove an event's guest list; the people you met among them stay.

    \b
    Example:
      journal event forget-guests "Twestival Marseille" --yes
    """
    from journal.db import events, guests, reads

    s = store(ctx, write=True)
    e = reads.event(s, events.resolve_event(s, event_ref(event)))
    count = guests.guest_counts(s, e["id"])["guests"]
    if not count:
        echo(f"{e['name']} has no guest list.", err=True)
        return
    question = f"Forget the {counted(count, 'guest')} of {e['name']}?"
    if not yes and not typer.confirm(question, err=True):
        raise typer.Abort()
    guests.forget(s, e["id"])
    echo(f"Forgot the guest list of #{e['id']} {e['name']} ({counted(count, 'guest')}).")
