"""Events: one event, many people."""

from typing import Annotated

import typer

from journal.cli import completion, output
from journal.cli.boundary import new_app
from journal.cli.options import JsonOpt
from journal.cli.output import echo, json_text, print_people
from journal.cli.session import store
from journal.errors import InvalidValue, JournalError
from journal.text.inputs import event_ref, read_date
from journal.text.words import counted

app = new_app("Events: one event, many people.")


# An event's fields, as `event add` and `event edit` take them.
EventOn = Annotated[str | None, typer.Option(metavar="DATE", help="When it was.")]
EventWhere = Annotated[str | None, typer.Option(metavar="PLACE", help="The venue.")]
EventCity = Annotated[str | None, typer.Option("--city", metavar="CITY", help="Its city.")]
EventLink = Annotated[str | None, typer.Option(metavar="URL", help="Its page.")]
EventNote = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note.")]


@app.command("add")
def event_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The event's name.")],
    on: EventOn = None,
    where: EventWhere = None,
    city: EventCity = None,
    link: EventLink = None,
    note: EventNote = None,
) -> None:
    """Record an event, to file the people you meet there under it.

    \b
    Example:
      journal event add "PyData Berlin" --on 2026-11-21 --where "bUm" --city Berlin
    """
    from journal.db import events

    on_date = read_date(on, "--on", prefer="future")
    s = store(ctx, write=True)
    event_id = events.add_event(s, name, on=on_date, place=where, city=city, url=link, notes=note)
    echo(f"Added event #{event_id} {name.strip()}.")


@app.command("list")
def event_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Events, newest first, with how many people you met at each.

    \b
    Example:
      journal event list
    """
    from journal.db import reads

    rows = reads.events(store(ctx))
    if as_json:
        echo(json_text(rows))
    elif not rows:
        echo("No events yet.", err=True)
    else:
        columns = [("id", "ID"), ("name", "EVENT"), ("date", "DATE"), ("city", "CITY"),
                   ("people", "PEOPLE")]  # fmt: skip
        echo(output.table(rows, columns, width=40))


@app.command("show")
def event_show(
    ctx: typer.Context,
    event: Annotated[
        str,
        typer.Argument(metavar="EVENT", help="Its id or name.", autocompletion=completion.events),
    ],
    as_json: JsonOpt = False,
) -> None:
    """One event and everyone you met there.

    \b
    Example:
      journal event show "PyData Berlin"
    """
    from journal.db import events, guests, reads

    at = event_ref(event)
    s = store(ctx)
    e = reads.event(s, events.resolve_event(s, at))
    listed = guests.guest_list(s, e["id"])
    if as_json:
        echo(json_text({**e, "guests": listed}))
        return
    details = " · ".join(x for x in (e["date"], e["place"], e["city"], e["url"]) if x)
    echo(f"#{e['id']} {output.bold(e['name'])}" + (f" · {details}" if details else ""))
    if e["notes"]:
        echo(output.indent(e["notes"]))
    echo()
    print_people(e["people"])
    if listed:
        print_guests(listed)


def print_guests(listed: list[dict]) -> None:
    """The guest list under the people: those you met marked, with who they are now."""

    met = sum(g["person_id"] is not None for g in listed)
    echo(f"\nGuest list: {counted(len(listed), 'guest')}, {met} met")
    for g in listed:
        mark = f"met: #{g['person_id']}" if g["person_id"] is not None else ""
        echo(
            f"  {'✓' if mark else '·'} #{g['id']:<5} {output.guest_summary(g)}  {output.dim(mark)}"
        )


EventArg = Annotated[
    str, typer.Argument(metavar="EVENT", help="Its id or name.", autocompletion=completion.events)
]


def _event_line(e: dict) -> str:
    details = " · ".join(x for x in (e["date"], e["place"], e["city"], e["url"]) if x)
    return f"#{e['id']} {e['name']}" + (f" · {details}" if details else "")


@app.command("edit")
def event_edit(
    ctx: typer.Context,
    event: EventArg,
    name: Annotated[str | None, typer.Option(metavar="NAME", help="Its new name.")] = None,
    on: EventOn = None,
    where: EventWhere = None,
    city: EventCity = None,
    link: EventLink = None,
    note: EventNote = None,
) -> None:
    """Correct an event: its name, date, venue, city, page or note ("" empties one).

    \b
    Example:
      journal event edit apero --name "Apéro La Cantine" --on 2026-11-20 --city Marseille
    """
    from journal.db import event_changes, events

    typed = {"name": name, "place": where, "city": city, "url": link, "notes": note}
    changes = {k: v for k, v in typed.items() if v is not None}
    if on is not None:
        changes["date"] = read_date(on, "--on") if on.strip() else None
    if not changes:
        raise InvalidValue(
            "nothing to change: give --name, --on, --where, --city, --link or --note"
        )
    at = event_ref(event)
    s = store(ctx, write=True)
    e = event_changes.edit_event(s, events.resolve_event(s, at), changes)
    echo(f"Saved event {_event_line(e)}.")


@app.command("merge")
def event_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The event to keep.")],
    other: Annotated[str, typer.Argument(metavar="OTHER", help="The same event, to remove.")],
) -> None:
    """Merge two records of the same event: OTHER's people, ways found and log entries
    move to KEEP, its empty fields are filled from OTHER, and OTHER goes.

    \b
    Example:
      journal event merge "Apéro La Cantine" apero
    """
    from journal.db import event_changes, events

    kept_ref, other_ref = event_ref(keep, "KEEP"), event_ref(other, "OTHER")
    s = store(ctx, write=True)
    merged = event_changes.merge_events(
        s, events.resolve_event(s, kept_ref), events.resolve_event(s, other_ref)
    )
    gone = merged["removed"]
    echo(
        f"Merged event #{gone['id']} {gone['name']} into {_event_line(merged['kept'])}:"
        f" moved {event_changes.moved_text(merged['moved'])}."
    )


@app.command("rm")
def event_rm(
    ctx: typer.Context,
    event: EventArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove an event, after confirmation; the people met there stay, under no event.

    \b
    Example:
      journal event rm apero --yes
    """
    from journal.db import event_changes, events, reads

    at = event_ref(event)
    s = store(ctx, write=True)
    event_id = events.resolve_event(s, at)
    e = reads.event(s, event_id)
    what = f"event #{event_id} {e['name']}"
    if e["people"]:
        what += f" ({counted(len(e['people']), 'person')} filed under it stay)"
    if not yes and not typer.confirm(f"Remove {what}?", err=True):
        raise JournalError("nothing was removed")
    event_changes.remove_event(s, event_id)
    echo(f"Removed {what}.")
