"""People: add, edit, show, list, search, log, rm."""

from typing import Annotated

import typer

from journal.cli import output
from journal.cli.boundary import new_app
from journal.cli.options import (
    DueOpt,
    EmailOpt,
    EventOpt,
    EveryOpt,
    HandleOpt,
    HowOpt,
    InOpt,
    JsonOpt,
    Kind,
    MetOpt,
    PersonArg,
    StoryOpt,
    TagOpt,
    Text,
    ViaOpt,
    repeatable,
)
from journal.cli.output import echo, json_text, print_people
from journal.cli.session import store
from journal.dates import today
from journal.errors import InvalidValue, JournalError
from journal.fields import CLEAR_CHOICES
from journal.inputs import (
    event_ref,
    person_ref,
    read_date,
    read_emails,
    read_handles,
    read_plan,
)

app = new_app()


def show_person(s, person_id: int, *, as_json: bool) -> None:
    person = s.person(person_id)
    echo(json_text(person) if as_json else output.card(person))


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their name, as you would write it.")],
    handle: HandleOpt = None,
    email: EmailOpt = None,
    phone: Text = None,
    company: Text = None,
    role: Text = None,
    city: Text = None,
    tag: TagOpt = None,
    how: HowOpt = None,
    event: EventOpt = None,
    via: ViaOpt = None,
    met: Annotated[
        str | None, typer.Option("--met", metavar="DATE", help="When you met [default: today].")
    ] = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where you met.")] = None,
    link: Annotated[
        str | None, typer.Option(metavar="URL", help="Where you found them: a post, a listing.")
    ] = None,
    story: StoryOpt = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Anything else.")] = None,
    follow_up: Annotated[
        str | None, typer.Option("--follow-up", metavar="ACTION", help="Plan something next.")
    ] = None,
    due: DueOpt = None,
    in_city: InOpt = None,
    every: EveryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a new person and how you found them, in one command.

    \b
    Example:
      journal add "Benji Weber" --handle @benji --company "The Guardian" \\
        --role journalist --city London --event "Mastodon meetup Berlin" \\
        --via "Maria Kovač" --where "c-base, Berlin" --story "Followed his live posts." \\
        --follow-up "meet again in London" --in London
    """
    met_on = read_date(met, "--met") or today()
    planned = None
    if follow_up is not None:
        planned = {"action": follow_up, **read_plan(due, in_city, every)}
    elif due or in_city or every:
        raise InvalidValue("--due, --in and --every describe a --follow-up ACTION; add one")
    found_at = event_ref(event, "--event") if event is not None else None
    found_through = person_ref(via, "--via") if via is not None else None
    new_handles, new_emails = read_handles(handle), read_emails(email)
    s = store(ctx, write=True)
    person_id = s.add_person(
        name,
        handles=new_handles,
        emails=new_emails,
        tags=tag or [],
        event=found_at,
        via=found_through,
        met_on=met_on,
        follow_up=planned,
        phone=phone,
        company=company,
        role=role,
        city=city,
        found_via=how,
        met_where=where,
        source_url=link,
        story=story,
        notes=note,
    )
    if as_json:
        show_person(s, person_id, as_json=True)
        return
    person = s.person(person_id)
    echo(f"Added {output.person_line(person)}")
    for line in output.how_found(person):
        echo(f"  {line}")
    for f in person["follow_ups"]:
        echo(f"  follow-up {output.follow_up_line(f)}")


@app.command()
def edit(
    ctx: typer.Context,
    person: PersonArg,
    name: Text = None,
    handle: repeatable("--handle", "H", "Add a handle.") = None,
    email: repeatable("--email", "EMAIL", "Add an email.") = None,
    phone: Text = None,
    company: Text = None,
    role: Text = None,
    city: Text = None,
    tag: repeatable("--tag", "TAG", "Add a tag.") = None,
    untag: repeatable("--untag", "TAG", "Remove a tag.") = None,
    how: HowOpt = None,
    event: EventOpt = None,
    via: ViaOpt = None,
    met: MetOpt = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where you met.")] = None,
    link: Annotated[str | None, typer.Option(metavar="URL", help="Where you found them.")] = None,
    story: StoryOpt = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Replace the notes.")] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear", metavar="FIELD", help=f"Empty a field: {', '.join(CLEAR_CHOICES)}."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change any field of a person; --clear FIELD empties one.

    \b
    Example:
      journal edit benji --company "BBC" --tag press --clear phone
    """
    fields = {
        "name": name,
        "phone": phone,
        "company": company,
        "role": role,
        "city": city,
        "found_via": how,
        "met_on": read_date(met, "--met"),
        "met_where": where,
        "source_url": link,
        "story": story,
        "notes": note,
    }
    new_handles, new_emails = read_handles(handle), read_emails(email)
    for field in clear or []:
        if field not in CLEAR_CHOICES:
            raise InvalidValue(f"--clear: {field!r} is not a field ({', '.join(CLEAR_CHOICES)})")
    found_at = event_ref(event, "--event") if event is not None else None
    found_through = person_ref(via, "--via") if via is not None else None
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = s.resolve_person(who)
    s.update_person(
        person_id,
        fields=fields,
        clear=clear or [],
        add_handles=new_handles,
        add_emails=new_emails,
        add_tags=tag or [],
        remove_tags=untag or [],
        event=found_at,
        via=found_through,
    )
    if as_json:
        show_person(s, person_id, as_json=True)
    else:
        echo(f"Updated {output.person_line(s.person(person_id))}")


@app.command()
def show(
    ctx: typer.Context,
    person: PersonArg,
    as_json: JsonOpt = False,
) -> None:
    """Everything about one person: card, how you met, timeline, open follow-ups.

    \b
    Example:
      journal show @benji
    """
    who = person_ref(person)
    s = store(ctx)
    show_person(s, s.resolve_person(who), as_json=as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    how: HowOpt = None,
    event: Annotated[str | None, typer.Option(metavar="NAME|ID", help="Met at this event.")] = None,
    tag: repeatable("--tag", "TAG", "Has this tag.") = None,
    city: Annotated[str | None, typer.Option("--city", metavar="CITY")] = None,
    company: Annotated[str | None, typer.Option("--company", metavar="NAME")] = None,
    via: Annotated[
        str | None, typer.Option(metavar="PERSON", help="Introduced or pointed out by them.")
    ] = None,
    depth: Annotated[
        int, typer.Option(min=1, metavar="N", help="With --via: everyone reached in N steps.")
    ] = 1,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="Met on or after.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most N people.")] = None,
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """People, newest first, filtered by how, event, tag, city, company, via or date.

    \b
    Example:
      journal list --event "PyData Berlin"
      journal list --via maria --since "3 months ago" --json
      journal list --via maria --depth 3
    """
    since_date = read_date(since, "--since")
    at = event_ref(event, "--event") if event else None
    through = person_ref(via, "--via") if via else None
    s = store(ctx)
    rows = s.people(
        how=how,
        event_id=s.resolve_event(at) if at else None,
        tags=tag or [],
        city=city,
        company=company,
        via_id=s.resolve_person(through) if through else None,
        depth=depth,
        since=since_date,
        limit=limit,
    )
    print_people(rows, as_json=as_json, as_csv=as_csv)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help="Words to find; accents and case are ignored.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over names, handles, company, role, city, notes, stories and the log.

    \b
    Example:
      journal search "muller berlin"
    """
    results = store(ctx).search(query)
    if as_json:
        echo(json_text(results))
        return
    if not results:
        echo(f"Nothing matches {query!r}.", err=True)
    for r in results:
        echo(output.person_line(r))
        for m in r["matches"]:
            echo(f"    {m['date']}  {m['kind']:<8} {m['snippet']}")


@app.command()
def log(
    ctx: typer.Context,
    person: PersonArg,
    note: Annotated[str, typer.Argument(metavar="NOTE", help="What happened.")],
    kind: Annotated[Kind, typer.Option(help="What kind of contact.")] = "note",
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When [default: today].")] = None,
    event: Annotated[
        str | None, typer.Option(metavar="NAME|ID", help="At this event; created if new.")
    ] = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where.")] = None,
) -> None:
    """Record an interaction: met, call, email, message, meeting or note.

    \b
    Example:
      journal log benji "Coffee; he'll send the draft" --kind meeting --on yesterday
    """
    on_date = read_date(on, "--on") or today()
    at = event_ref(event, "--event") if event is not None else None
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = s.resolve_person(who)
    entry = s.log(person_id, note, kind=kind, on=on_date, event=at, place=where)
    name = s.person(person_id)["name"]
    echo(f"Logged #{entry}: {kind} with {name} (#{person_id}) on {on_date.isoformat()}.")


@app.command()
def rm(
    ctx: typer.Context,
    person: PersonArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a person with their handles, log and follow-ups, after confirmation.

    \b
    Example:
      journal rm "#12" --yes
    """
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = s.resolve_person(who)
    name = s.person(person_id)["name"]
    counts = s.person_counts(person_id)
    what = (
        f"#{person_id} {name}, {counts['interactions']} log entries,"
        f" {counts['follow_ups']} follow-ups"
    )
    if not yes and not typer.confirm(f"Delete {what}?", err=True):
        raise JournalError("nothing was deleted")
    s.delete_person(person_id)
    echo(f"Deleted {what}.")
