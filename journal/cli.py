"""The `journal` command line: parse, call the store, print. No SQL here.

People commands live here; events, reminders and shared helpers in the cli_* modules.
"""

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from journal import __version__, render
from journal.cli_base import (
    DueOpt,
    EmailOpt,
    EventOpt,
    EveryOpt,
    HandleOpt,
    HowOpt,
    InOpt,
    JsonOpt,
    MetOpt,
    PersonArg,
    StoryOpt,
    TagOpt,
    Text,
    ViaOpt,
    default_db,
    emails,
    handles,
    new_app,
    plan,
    print_people,
    show_person,
    store,
    when,
)
from journal.cli_events import event_app
from journal.cli_maintenance import app as maintenance_app
from journal.cli_reminders import app as reminders_app
from journal.cli_transfer import app as transfer_app
from journal.dates import today
from journal.errors import InvalidValue, JournalError
from journal.fields import CLEAR_CHOICES, INTERACTION_KINDS
from journal.render import echo

Kind = Literal[INTERACTION_KINDS]  # type: ignore[valid-type]

app = new_app()


def _version(value: bool) -> None:
    if value:
        echo(f"journal {__version__}")
        raise typer.Exit()


@app.callback()
def journal(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="JOURNAL_DB",
            metavar="PATH",
            help="The journal database [default: JOURNAL_DB, else journal.db in your app folder].",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """A personal networking journal: who you met, how you found them, what comes next.

    \b
    Example:
      journal add "Benji Weber" --handle @benji --event "PyData Berlin" --city London
      journal show benji
    """
    ctx.obj = db or default_db()


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
    met_on = when(met, "--met") or today()
    planned = None
    if follow_up is not None:
        planned = {"action": follow_up, **plan(due, in_city, every)}
    elif due or in_city or every:
        raise InvalidValue("--due, --in and --every describe a --follow-up ACTION; add one")
    s = store(ctx, write=True)
    person_id = s.add_person(
        name,
        handles=handles(handle),
        emails=emails(email),
        tags=tag or [],
        event=event,
        via=via,
        met_on=met_on,
        follow_up=planned,
        phone=phone,
        company=company,
        role=role,
        city=city,
        found_via=how if how or event or not via else "introduction",
        met_where=where,
        source_url=link,
        story=story,
        notes=note,
    )
    if as_json:
        show_person(s, person_id, as_json=True)
        return
    person = s.person(person_id)
    echo(f"Added {render.person_line(person)}")
    for line in render.how_found(person):
        echo(f"  {line}")
    for f in person["follow_ups"]:
        echo(f"  follow-up {render.follow_up_line(f)}")


@app.command()
def edit(
    ctx: typer.Context,
    person: PersonArg,
    name: Text = None,
    handle: Annotated[
        list[str] | None,
        typer.Option("--handle", metavar="H", help="Add a handle. Repeatable."),
    ] = None,
    email: Annotated[
        list[str] | None, typer.Option("--email", metavar="EMAIL", help="Add an email. Repeatable.")
    ] = None,
    phone: Text = None,
    company: Text = None,
    role: Text = None,
    city: Text = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="Add a tag. Repeatable.")
    ] = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help="Remove a tag. Repeatable.")
    ] = None,
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
        "met_on": when(met, "--met"),
        "met_where": where,
        "source_url": link,
        "story": story,
        "notes": note,
    }
    new_handles, new_emails = handles(handle), emails(email)
    for field in clear or []:
        if field not in CLEAR_CHOICES:
            raise InvalidValue(f"--clear: {field!r} is not a field ({', '.join(CLEAR_CHOICES)})")
    s = store(ctx, write=True)
    person_id = s.resolve_person(person)
    s.update_person(
        person_id,
        fields=fields,
        clear=clear or [],
        add_handles=new_handles,
        add_emails=new_emails,
        add_tags=tag or [],
        remove_tags=untag or [],
        event=event,
        via=via,
    )
    if as_json:
        show_person(s, person_id, as_json=True)
    else:
        echo(f"Updated {render.person_line(s.person(person_id))}")


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
    s = store(ctx)
    show_person(s, s.resolve_person(person), as_json=as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    how: HowOpt = None,
    event: Annotated[str | None, typer.Option(metavar="NAME|ID", help="Met at this event.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="Has this tag. Repeatable.")
    ] = None,
    city: Annotated[str | None, typer.Option("--city", metavar="CITY")] = None,
    company: Annotated[str | None, typer.Option("--company", metavar="NAME")] = None,
    via: Annotated[
        str | None, typer.Option(metavar="PERSON", help="Introduced or pointed out by them.")
    ] = None,
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
    """
    since_date = when(since, "--since")
    s = store(ctx)
    rows = s.people(
        how=how,
        event_id=s.resolve_event(event) if event else None,
        tags=tag or [],
        city=city,
        company=company,
        via_id=s.resolve_person(via) if via else None,
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
        echo(render.as_json(results))
        return
    if not results:
        echo(f"Nothing matches {query!r}.", err=True)
    for r in results:
        echo(render.person_line(r))
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
    on_date = when(on, "--on") or today()
    s = store(ctx, write=True)
    person_id = s.resolve_person(person)
    entry = s.log(person_id, note, kind=kind, on=on_date, event=event, place=where)
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
    s = store(ctx, write=True)
    person_id = s.resolve_person(person)
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


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the journal in your web browser.")
    ] = False,
    password: Annotated[
        bool,
        typer.Option(
            "--password",
            help="Require a login (user `journal`). The password is read from"
            " JOURNAL_PASSWORD, or asked for. Needed for a --host beyond this machine.",
        ),
    ] = False,
) -> None:
    """Browse the journal in Datasette, with the project's metadata and plugin.

    \b
    Example:
      journal serve --open
      JOURNAL_PASSWORD=... journal serve --host 0.0.0.0 --password
    """
    import os

    from journal.web.server import check_host
    from journal.web.server import serve as serve_datasette

    check_host(host, password=password)
    secret = None
    if password:
        secret = os.environ.get("JOURNAL_PASSWORD") or None
        if secret is None:
            if not sys.stdin.isatty():
                raise InvalidValue("--password: set JOURNAL_PASSWORD or run in a terminal")
            secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        if not secret.strip():
            raise InvalidValue("--password: the password is empty")
    path = ctx.find_root().obj
    store(ctx, write=True)  # creates or upgrades the journal before Datasette reads it
    serve_datasette(path, host=host, port=port, open_browser=open_browser, password=secret)


app.add_typer(reminders_app)
app.add_typer(transfer_app)
app.add_typer(maintenance_app)
app.add_typer(event_app, name="event")


def main(argv: list[str] | None = None) -> int:
    """Entry point for the console script and `python -m journal`."""
    return app(args=argv, prog_name="journal", standalone_mode=False) or 0
