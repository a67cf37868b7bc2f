"""Correcting what was recorded, by the id `journal show` prints: edit-log and rm-log,
edit-plan and drop, edit-found and rm-found, edit-intro and rm-intro. An option given
as "" empties its field."""

from typing import Annotated

import typer

from journal.cli import completion, output
from journal.cli.boundary import new_app
from journal.cli.options import EventOpt, ViaOpt
from journal.cli.output import echo
from journal.cli.session import store
from journal.errors import InvalidValue, JournalError
from journal.fields import FOUND_VIA, INTERACTION_KINDS
from journal.text.dates import rrule_text
from journal.text.inputs import event_ref, person_ref, read_date, read_period

app = new_app()

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")]
Text = Annotated[str | None, typer.Option(metavar="TEXT")]


def _id(what: str, shown_by: str):
    return Annotated[int, typer.Argument(metavar="ID", help=f"The {what}'s id ({shown_by}).")]


EntryId = _id("log entry", "see `journal show`")
WayId = _id("way found", "see `journal show`")
IntroId = _id("introduction", "see `journal intros`")
PlanId = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        help="The follow-up's id (see `journal show` or `journal due`).",
        autocompletion=completion.follow_ups,
    ),
]


def _given(**typed: str | None) -> dict:
    changes = {k: v for k, v in typed.items() if v is not None}
    if not changes:
        raise InvalidValue("nothing to change: give an option (see --help)")
    return changes


def _date(changes: dict, label: str, *, prefer: str = "past") -> None:
    if "date" in changes:
        text = changes["date"]
        changes["date"] = read_date(text, label, prefer=prefer) if text.strip() else None


def _confirm(yes: bool, what: str) -> None:
    if not yes and not typer.confirm(f"Remove {what}?", err=True):
        raise JournalError("nothing was removed")


def entry_text(e: dict) -> str:
    return f"#{e['id']} {e['date']} {e['kind']} with {e['name']}" + (
        f": {e['note']}" if e["note"] else ""
    )


@app.command("edit-log")
def edit_log(
    ctx: typer.Context,
    entry_id: EntryId,
    note: Text = None,
    kind: Annotated[
        str | None, typer.Option(metavar="KIND", help=", ".join(INTERACTION_KINDS))
    ] = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="The day.")] = None,
    event: EventOpt = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where.")] = None,
) -> None:
    """Correct a log entry: its note, kind, day, event or place.

    \b
    Example:
      journal edit-log 12 --on yesterday --note "Coffee at the Cantine"
    """
    from journal.db import corrections

    changes = _given(note=note, kind=kind, date=on, place=where)
    _date(changes, "--on")
    if event is not None:
        changes["event"] = event_ref(event, "--event", creatable=True) if event.strip() else None
    s = store(ctx, write=True)
    echo(f"Saved log entry {entry_text(corrections.edit_entry(s, entry_id, changes))}.")
    output.announce(s.created)


@app.command("rm-log")
def rm_log(ctx: typer.Context, entry_id: EntryId, yes: Yes = False) -> None:
    """Remove a log entry, after confirmation.

    \b
    Example:
      journal rm-log 12 --yes
    """
    from journal.db import corrections

    s = store(ctx, write=True)
    what = f"log entry {entry_text(corrections.entry(s, entry_id))}"
    _confirm(yes, what)
    corrections.remove_entry(s, entry_id)
    echo(f"Removed {what}.")


def plan_text(f: dict) -> str:
    parts = [f"#{f['id']} {f['action']} with {f['name']}"]
    if f["due"]:
        parts.append(f"due {f['due']}")
    if f["city"]:
        parts.append(f"in {f['city']}")
    if f["rrule"]:
        parts.append(rrule_text(f["rrule"]))
    return ", ".join(parts)


@app.command("edit-plan")
def edit_plan(
    ctx: typer.Context,
    follow_up_id: PlanId,
    action: Annotated[str | None, typer.Option(metavar="ACTION", help="What to do.")] = None,
    due: Annotated[str | None, typer.Option(metavar="DATE", help="When it is due.")] = None,
    in_city: Annotated[
        str | None, typer.Option("--in", metavar="CITY", help="Next time you are in CITY.")
    ] = None,
    every: Annotated[
        str | None, typer.Option(metavar="PERIOD|off", help="Repeat every PERIOD; off stops.")
    ] = None,
) -> None:
    """Correct an open follow-up: its action, due date, city or recurrence.

    \b
    Example:
      journal edit-plan 3 --due "next friday" --in London
    """
    from journal.db import corrections
    from journal.text.dates import rrule_for

    changes = _given(action=action, due=due, city=in_city)
    if "due" in changes:
        changes["due"] = read_date(due, "--due", prefer="future") if due.strip() else None
    s = store(ctx, write=True)
    if every is not None:
        if every.strip().lower() in ("", "off"):
            changes["rrule"] = None
        else:
            repeat = read_period(every, "--every")
            first = changes.get("due") or corrections.plan(s, follow_up_id)["due"]
            if first is None:
                raise InvalidValue("--every: a recurring follow-up needs a first date: add --due")
            changes["rrule"] = rrule_for(repeat, read_date(str(first), "--due"))
    f = corrections.edit_plan(s, follow_up_id, changes)
    echo(f"Saved follow-up {plan_text(f)}.")


@app.command("drop")
def drop(ctx: typer.Context, follow_up_id: PlanId) -> None:
    """Drop an open follow-up: kept as dropped, off every due list.

    \b
    Example:
      journal drop 3
    """
    from journal.db import corrections

    f = corrections.drop_plan(store(ctx, write=True), follow_up_id)
    echo(f"Dropped follow-up {plan_text(f)}.")


def way_text(w: dict) -> str:
    return f"#{w['id']} {w['kind'] or 'found'} ({w['name']}" + (
        f", {w['date']})" if w["date"] else ")"
    )


@app.command("edit-found")
def edit_found(
    ctx: typer.Context,
    way_id: WayId,
    how: Annotated[
        str | None, typer.Option("--how", metavar="KIND", help="|".join(FOUND_VIA))
    ] = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When.")] = None,
    event: EventOpt = None,
    via: ViaOpt = None,
    link: Annotated[str | None, typer.Option(metavar="URL", help="The post or listing.")] = None,
    note: Text = None,
) -> None:
    """Correct a way you found someone: how, when, the event, who, the link or a note.

    \b
    Example:
      journal edit-found 7 --how mention --via maria --link https://x.com/maria/status/1
    """
    from journal.db import corrections

    changes = _given(kind=how, date=on, url=link, note=note)
    _date(changes, "--on")
    if event is not None:
        changes["event"] = event_ref(event, "--event", creatable=True) if event.strip() else None
    if via is not None:
        changes["via"] = person_ref(via, "--via", creatable=True) if via.strip() else None
    s = store(ctx, write=True)
    echo(f"Saved way found {way_text(corrections.edit_way(s, way_id, changes))}.")
    output.announce(s.created)


@app.command("rm-found")
def rm_found(ctx: typer.Context, way_id: WayId, yes: Yes = False) -> None:
    """Remove a way you found someone, after confirmation.

    \b
    Example:
      journal rm-found 7 --yes
    """
    from journal.db import corrections

    s = store(ctx, write=True)
    what = f"way found {way_text(corrections.way(s, way_id))}"
    _confirm(yes, what)
    corrections.remove_way(s, way_id)
    echo(f"Removed {what}.")


def intro_text(i: dict) -> str:
    return f"#{i['id']} {i['date']} {i['person']} and {i['other']}" + (
        f": {i['note']}" if i["note"] else ""
    )


@app.command("edit-intro")
def edit_intro(
    ctx: typer.Context,
    intro_id: IntroId,
    note: Text = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When.")] = None,
) -> None:
    """Correct an introduction you made: its note or day.

    \b
    Example:
      journal edit-intro 2 --note "both into maps" --on 2026-11-20
    """
    from journal.db import corrections

    changes = _given(note=note, date=on)
    _date(changes, "--on")
    s = store(ctx, write=True)
    echo(f"Saved introduction {intro_text(corrections.edit_intro(s, intro_id, changes))}.")


@app.command("rm-intro")
def rm_intro(ctx: typer.Context, intro_id: IntroId, yes: Yes = False) -> None:
    """Remove an introduction from the ledger, after confirmation.

    \b
    Example:
      journal rm-intro 2 --yes
    """
    from journal.db import corrections

    s = store(ctx, write=True)
    what = f"introduction {intro_text(corrections.introduction(s, intro_id))}"
    _confirm(yes, what)
    corrections.remove_intro(s, intro_id)
    echo(f"Removed {what}.")
