"""Plans and reminders: follow-up, due, done, snooze, keep-in-touch."""

from datetime import date
from typing import Annotated

import typer

from journal.cli import completion, output
from journal.cli.boundary import new_app
from journal.cli.options import DueOpt, EveryOpt, InOpt, JsonOpt, PersonArg
from journal.cli.output import echo, json_text
from journal.cli.session import store
from journal.errors import InvalidValue
from journal.text.dates import days_overdue, every_text, period_from_days, standing, today
from journal.text.inputs import person_ref, read_date, read_day, read_period, read_plan

app = new_app()


@app.command("follow-up")
def follow_up(
    ctx: typer.Context,
    person: PersonArg,
    action: Annotated[str, typer.Argument(metavar="ACTION", help="What you mean to do.")],
    due: DueOpt = None,
    in_city: InOpt = None,
    every: EveryOpt = None,
) -> None:
    """Plan something with a person: a date, a city, or a recurring plan.

    \b
    Example:
      journal follow-up benji "meet again in London" --in London --due "in 3 weeks"
    """
    from journal.db import people, plans, reads

    planned = read_plan(due, in_city, every)
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    follow_up_id = plans.add_follow_up(s, person_id, action, **planned)
    card = reads.person(s, person_id)
    f = next(f for f in card["follow_ups"] if f["id"] == follow_up_id)
    echo(f"Planned {output.follow_up_line(f)} with {card['name']} (#{person_id}).")


def due_parts(item: dict, on: date) -> tuple[str, str]:
    """When an item is due, and who and what: `2026-11-20 (5 days overdue)`,
    `Ada (#1): #4 send the paper  in London`."""
    when_text = item["due"] or "any time"
    if late := days_overdue(item["due"], on):
        when_text += f" ({late} day{'s' if late != 1 else ''} overdue)"
    elif standing(item["due"], on) == "today":
        when_text += " (today)"
    last = item["last_contact"]
    if item["kind"] == "important-date":
        what = output.date_what(item["label"], item["years"])
    elif item["kind"] == "follow-up":
        what = f"#{item['follow_up_id']} {item['action']}"
    elif item["kind"] == "lives-there":
        what = "lives there" + (f"; last contact {last}" if last else "")
    elif last:
        what = f"keep in touch: last contact {(on - date.fromisoformat(last)).days} days ago"
    else:
        what = "keep in touch: no contact yet"
    city = f"  in {item['city']}" if item["city"] else ""
    return when_text, f"{item['name']} (#{item['person_id']}): {what}{city}"


def due_line(item: dict, on: date) -> str:
    """`2026-11-20 (5 days overdue)  Ada (#1): #4 send the paper  in London`"""
    when_text, what = due_parts(item, on)
    return f"{when_text:<28} {what}"


@app.command()
def due(
    ctx: typer.Context,
    within: Annotated[str, typer.Option(metavar="PERIOD", help="How far ahead to look.")] = "7d",
    in_city: Annotated[
        str | None,
        typer.Option(
            "--in", metavar="CITY", help="Plans tied to CITY and the people who live there."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """What is due or overdue: follow-ups and people you are losing touch with.

    \b
    Example:
      journal due --within 2w
      journal due --in London
    """
    from journal.db import reads

    on = today()
    horizon = read_period(within, "--within").after(on)
    s = store(ctx)
    items = reads.due(s, until=horizon, city=in_city)
    for item in items:
        item["days_overdue"] = days_overdue(item["due"], on)
    if as_json:
        echo(json_text(items))
        return
    if not items:
        echo("Nothing due." if in_city is None else f"No plans or people in {in_city}.", err=True)
    for item in items:
        echo(due_line(item, on))
    if in_city is None:
        for met in reads.on_this_day(s, on):
            echo(output.anniversary_line(met))


FollowUpId = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        help="The follow-up's id (see `journal due`).",
        autocompletion=completion.follow_ups,
    ),
]


@app.command()
def done(
    ctx: typer.Context,
    follow_up_id: FollowUpId,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What came of it.")] = None,
) -> None:
    """Complete a follow-up and log it; a recurring one moves to its next date.

    \b
    Example:
      journal done 3 --note "Lunch at Borough Market"
    """
    from journal.db import plans

    f = plans.complete_follow_up(store(ctx, write=True), follow_up_id, on=today(), note=note)
    if f["status"] == "open":
        echo(f"Done #{f['id']} {f['action']} with {f['name']}; next on {f['due']}.")
    else:
        echo(f"Done #{f['id']} {f['action']} with {f['name']}.")


@app.command()
def snooze(
    ctx: typer.Context,
    follow_up_id: FollowUpId,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="The new due date.")] = None,
    for_: Annotated[
        str | None,
        typer.Option(
            "--for", metavar="PERIOD", help="Push back, from its due date or today, the later."
        ),
    ] = None,
) -> None:
    """Push a follow-up back: to a later date, or by a period from when it is due.

    \b
    Example:
      journal snooze 3 --for 2w
      journal snooze 3 --until "next monday"
    """
    from journal.db import plans

    if (until is None) == (for_ is None):
        raise InvalidValue("give one of --until DATE or --for PERIOD")
    later = read_date(until, "--until", prefer="future")
    by = None if for_ is None else read_period(for_, "--for")
    f = plans.snooze(store(ctx, write=True), follow_up_id, until=later, by=by)
    echo(f"Snoozed #{f['id']} {f['action']} with {f['name']} until {f['due']}.")


@app.command("keep-in-touch")
def keep_in_touch(
    ctx: typer.Context,
    person: PersonArg,
    every: Annotated[str, typer.Argument(metavar="PERIOD|off", help="e.g. 3m, quarterly, off.")],
) -> None:
    """Keep in touch: the person becomes due PERIOD after your last interaction.

    \b
    Example:
      journal keep-in-touch benji 3m
      journal keep-in-touch benji off
    """
    from journal.db import people, plans

    days = None if every.strip().lower() == "off" else read_period(every, "PERIOD").days
    who = person_ref(person)
    s = store(ctx, write=True)
    p = plans.keep_in_touch(s, people.resolve_person(s, who), days)
    if days is None:
        echo(f"No longer keeping in touch with {p['name']} (#{p['id']}).")
    else:
        echo(
            f"Keeping in touch with {p['name']} (#{p['id']})"
            f" {every_text(period_from_days(days))}; next due {p['next_due']}."
        )


@app.command("date")
def important_date(
    ctx: typer.Context,
    person: PersonArg,
    label: Annotated[
        str, typer.Argument(metavar="LABEL", help="What the date is: anniversary, visa renewal.")
    ],
    day: Annotated[
        str,
        typer.Argument(metavar="DATE|off", help="1985-04-07, or without the year: 04-07, 7 April."),
    ],
    yearly: Annotated[bool, typer.Option("--yearly", help="It comes back every year.")] = False,
) -> None:
    """An important date: an anniversary, a renewal; `off` removes it.

    A birthday (`--birthday` on add and edit) and a date without its year come back
    every year; another date with `--yearly`. One date per label: a new one replaces it.

    \b
    Example:
      journal date maria anniversary 2019-06-14 --yearly
      journal date benji "visa renewal" 2027-03-01
      journal date benji "visa renewal" off
    """
    from journal.db import important_dates, people, reads

    stored = None if day.strip().lower() == "off" else read_day(day, "DATE")
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    name = reads.person(s, person_id)["name"]
    if stored is None:
        important_dates.remove_date(s, person_id, label)
        echo(f"Removed the {label.strip()} of {name} (#{person_id}).")
        return
    row = important_dates.set_date(s, person_id, label, stored, yearly=yearly)
    d = next(d for d in reads.person(s, person_id)["dates"] if d["id"] == row["id"])
    echo(f"{name} (#{person_id}): {output.date_line(d)}")
