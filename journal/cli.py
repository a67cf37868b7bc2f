"""The `journal` command line: parse, call the store, print. No SQL here."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from typer.core import TyperGroup

from journal import __version__, render
from journal.dates import (
    DateError,
    Period,
    parse_date,
    parse_period,
    period_from_days,
    rrule_for,
    today,
)
from journal.errors import InvalidValue, JournalError
from journal.handles import Handle, HandleError, parse_handle
from journal.render import echo

if TYPE_CHECKING:
    from journal.store import JournalStore
from journal.fields import CLEAR_CHOICES, FOUND_VIA, INTERACTION_KINDS

How = Literal[FOUND_VIA]  # type: ignore[valid-type]
Kind = Literal[INTERACTION_KINDS]  # type: ignore[valid-type]


class JournalGroup(TyperGroup):
    """Every failure becomes one `Error:` line: exit 2 for bad usage, 1 for the rest."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            code = fail("aborted; nothing was changed", 1)
        except InvalidValue as e:
            code = fail(str(e), 2)
        except JournalError as e:
            code = fail(str(e), 1)
        except typer.TyperException as e:
            if type(e).__name__ == "NoArgsIsHelpError":
                echo(e.format_message())
                code = 0
            else:
                code = fail(e.format_message(), e.exit_code)
        except sqlite3.OperationalError as e:
            code = fail(f"the journal database could not be used: {e}", 1)
        except OSError as e:
            code = fail(f"{e.filename or 'file'}: {e.strerror or e}", 1)
        except Exception as e:  # a bug: still one line, with a way to see the traceback
            if os.environ.get("JOURNAL_DEBUG"):
                raise
            code = fail(f"unexpected {type(e).__name__}: {e} (set JOURNAL_DEBUG=1 for details)", 1)
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def fail(message: str, code: int) -> int:
    echo(f"Error: {message}", err=True)
    return code


app = typer.Typer(
    cls=JournalGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def default_db() -> Path:
    return Path(typer.get_app_dir("journal")) / "journal.db"


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


def store(ctx: typer.Context, *, write: bool = False) -> JournalStore:
    # Imported here: sqlite-utils is the costliest import, and --help needs none of it.
    from journal.store import open_store

    s = open_store(ctx.find_root().obj, write=write)
    ctx.call_on_close(s.close)
    return s


# -- reading values the user typed -------------------------------------------------


def when(text: str | None, option: str, *, prefer: str = "past") -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text, prefer=prefer)
    except DateError as e:
        raise InvalidValue(f"{option}: {e}") from None


def handles(texts: list[str] | None) -> list[Handle]:
    try:
        return [parse_handle(t) for t in texts or []]
    except HandleError as e:
        raise InvalidValue(f"--handle: {e}") from None


def emails(texts: list[str] | None) -> list[str]:
    for text in texts or []:
        if "@" not in text.strip(" @") or " " in text.strip():
            raise InvalidValue(f"--email: {text!r} is not an email address")
    return [t.strip() for t in texts or []]


def period(text: str, option: str) -> Period:
    try:
        return parse_period(text)
    except DateError as e:
        raise InvalidValue(f"{option}: {e}") from None


def plan(due: str | None, in_city: str | None, every: str | None) -> dict:
    """The --due/--in/--every of a follow-up, read and checked."""
    first = when(due, "--due", prefer="future")
    rule = None
    if every is not None:
        repeat = period(every, "--every")
        if first is None:
            raise InvalidValue("--every: a recurring follow-up needs a first date: add --due")
        rule = rrule_for(repeat, first)
    return {"due": first, "city": in_city, "rrule": rule}


def show_person(s: JournalStore, person_id: int, *, as_json: bool) -> None:
    person = s.person(person_id)
    echo(render.as_json(person) if as_json else render.card(person))


# -- options shared by add and edit -----------------------------------------------------

PersonArg = Annotated[str, typer.Argument(metavar="PERSON", help="Id, handle, email or name.")]
HandleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--handle",
        metavar="H",
        help="@name (X), @name@host (Mastodon), @name.bsky.social, or a profile URL. Repeatable.",
    ),
]
EmailOpt = Annotated[list[str] | None, typer.Option("--email", metavar="EMAIL", help="Repeatable.")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="Repeatable.")]
HowOpt = Annotated[How | None, typer.Option("--how", help="How you found them.")]
EventOpt = Annotated[
    str | None,
    typer.Option("--event", metavar="NAME|ID", help="Where you met; created if new."),
]
ViaOpt = Annotated[
    str | None,
    typer.Option(
        "--via",
        metavar="PERSON",
        help="Who introduced, mentioned or pointed them out; created if unknown.",
    ),
]
MetOpt = Annotated[str | None, typer.Option("--met", metavar="DATE", help="When you met.")]
StoryOpt = Annotated[str | None, typer.Option(metavar="TEXT", help="How you met (Markdown).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
Text = Annotated[str | None, typer.Option(metavar="TEXT")]


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
    story: Annotated[
        str | None, typer.Option(metavar="TEXT", help="How you met (Markdown).")
    ] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Anything else.")] = None,
    follow_up: Annotated[
        str | None, typer.Option("--follow-up", metavar="ACTION", help="Plan something next.")
    ] = None,
    due: Annotated[
        str | None, typer.Option(metavar="DATE", help="When the follow-up is due.")
    ] = None,
    in_city: Annotated[
        str | None,
        typer.Option("--in", metavar="CITY", help="Tie the follow-up to a city (next time there)."),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(metavar="PERIOD", help="Repeat the follow-up: 2w, 3m, monthly..."),
    ] = None,
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
    story: Annotated[
        str | None, typer.Option(metavar="TEXT", help="How you met (Markdown).")
    ] = None,
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


PEOPLE_COLUMNS = [
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
        echo(render.as_json(rows))
    elif as_csv:
        typer.echo(render.people_csv(rows), nl=False)
    elif not rows:
        echo("No one yet.", err=True)
    else:
        for r in rows:
            r["found"] = r["event"] or (f"via {r['via']}" if r["via"] else "")
        echo(render.table(rows, PEOPLE_COLUMNS))


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


@app.command("follow-up")
def follow_up(
    ctx: typer.Context,
    person: PersonArg,
    action: Annotated[str, typer.Argument(metavar="ACTION", help="What you mean to do.")],
    due: Annotated[str | None, typer.Option(metavar="DATE", help="When it is due.")] = None,
    in_city: Annotated[
        str | None, typer.Option("--in", metavar="CITY", help="Next time you are in CITY.")
    ] = None,
    every: Annotated[
        str | None, typer.Option(metavar="PERIOD", help="Repeat: 2w, 3m, monthly...")
    ] = None,
) -> None:
    """Plan something with a person: a date, a city, or a recurring plan.

    \b
    Example:
      journal follow-up benji "meet again in London" --in London --due "in 3 weeks"
    """
    planned = plan(due, in_city, every)
    s = store(ctx, write=True)
    person_id = s.resolve_person(person)
    follow_up_id = s.add_follow_up(person_id, action, **planned)
    f = next(f for f in s.person(person_id)["follow_ups"] if f["id"] == follow_up_id)
    echo(f"Planned {render.follow_up_line(f)} with #{person_id}.")


def days_overdue(item: dict, on: date) -> int:
    return max(0, (on - date.fromisoformat(item["due"])).days) if item["due"] else 0


def due_line(item: dict, on: date) -> str:
    """`2026-11-20 (5 days overdue)  Ada (#1): #4 send the paper  in London`"""
    when_text = item["due"] or "any time"
    if late := days_overdue(item, on):
        when_text += f" ({late} day{'s' if late != 1 else ''} overdue)"
    elif item["due"] == on.isoformat():
        when_text += " (today)"
    last = item["last_contact"]
    if item["kind"] == "follow-up":
        what = f"#{item['follow_up_id']} {item['action']}"
    elif item["kind"] == "lives-there":
        what = "lives there" + (f"; last contact {last}" if last else "")
    elif last:
        what = f"keep in touch: last contact {(on - date.fromisoformat(last)).days} days ago"
    else:
        what = "keep in touch: no contact yet"
    city = f"  in {item['city']}" if item["city"] else ""
    return f"{when_text:<28} {item['name']} (#{item['person_id']}): {what}{city}"


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
    on = today()
    horizon = period(within, "--within").after(on)
    items = store(ctx).due(until=horizon, city=in_city)
    for item in items:
        item["days_overdue"] = days_overdue(item, on)
    if as_json:
        echo(render.as_json(items))
    elif not items:
        echo("Nothing due." if in_city is None else f"No plans or people in {in_city}.", err=True)
    else:
        for item in items:
            echo(due_line(item, on))


FollowUpId = Annotated[
    int, typer.Argument(metavar="ID", help="The follow-up's id (see `journal due`).")
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
    f = store(ctx, write=True).complete_follow_up(follow_up_id, on=today(), note=note)
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
        str | None, typer.Option("--for", metavar="PERIOD", help="Push back, from today.")
    ] = None,
) -> None:
    """Push a follow-up back, to a date or by a period from today.

    \b
    Example:
      journal snooze 3 --for 2w
      journal snooze 3 --until "next monday"
    """
    if (until is None) == (for_ is None):
        raise InvalidValue("give one of --until DATE or --for PERIOD")
    new_due = when(until, "--until", prefer="future") or period(for_, "--for").after(today())
    f = store(ctx, write=True).snooze(follow_up_id, new_due)
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
    days = None if every.strip().lower() == "off" else period(every, "PERIOD").days
    s = store(ctx, write=True)
    p = s.keep_in_touch(s.resolve_person(person), days)
    if days is None:
        echo(f"No longer keeping in touch with {p['name']} (#{p['id']}).")
    else:
        echo(
            f"Keeping in touch with {p['name']} (#{p['id']}) every"
            f" {period_from_days(days)}; next due {p['next_due']}."
        )


export_app = typer.Typer(
    cls=JournalGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Take the journal out.",
)
app.add_typer(export_app, name="export")


@export_app.command("ics")
def export_ics(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
) -> None:
    """Open follow-ups and keep-in-touch dates as an iCalendar file, with alarms.

    \b
    Example:
      journal export ics -o ~/journal.ics
    """
    import datetime as dt

    from journal.exporters.ics import calendar

    s = store(ctx)
    items = [i for i in s.due(until=date.max) if i["due"]]
    people = {pid: s.person(pid) for pid in {i["person_id"] for i in items}}
    data = calendar(items, people, stamp=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)
        echo(f"Wrote {len(items)} reminders to {output}.", err=True)


def write_atomically(path: Path, data: bytes) -> None:
    """A reader (a calendar app subscribed to the file) never sees half of it."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


event_app = typer.Typer(
    cls=JournalGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Events: one event, many people.",
)
app.add_typer(event_app, name="event")


@event_app.command("add")
def event_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The event's name.")],
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When it was.")] = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="The venue.")] = None,
    city: Annotated[str | None, typer.Option("--city", metavar="CITY")] = None,
    link: Annotated[str | None, typer.Option(metavar="URL", help="Its page.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
) -> None:
    """Record an event, to file the people you meet there under it.

    \b
    Example:
      journal event add "PyData Berlin" --on 2026-11-21 --where "bUm" --city Berlin
    """
    on_date = when(on, "--on", prefer="future")
    s = store(ctx, write=True)
    event_id = s.add_event(name, on=on_date, place=where, city=city, url=link, notes=note)
    echo(f"Added event #{event_id} {name.strip()}.")


@event_app.command("list")
def event_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Events, newest first, with how many people you met at each.

    \b
    Example:
      journal event list
    """
    rows = store(ctx).events()
    if as_json:
        echo(render.as_json(rows))
    elif not rows:
        echo("No events yet.", err=True)
    else:
        columns = [("id", "ID"), ("name", "EVENT"), ("date", "DATE"), ("city", "CITY"),
                   ("people", "PEOPLE")]  # fmt: skip
        echo(render.table(rows, columns, width=40))


@event_app.command("show")
def event_show(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(metavar="EVENT", help="Its id or name.")],
    as_json: JsonOpt = False,
) -> None:
    """One event and everyone you met there.

    \b
    Example:
      journal event show "PyData Berlin"
    """
    s = store(ctx)
    e = s.event(s.resolve_event(event))
    if as_json:
        echo(render.as_json(e))
        return
    details = " · ".join(x for x in (e["date"], e["place"], e["city"], e["url"]) if x)
    echo(f"#{e['id']} {render.bold(e['name'])}" + (f" · {details}" if details else ""))
    if e["notes"]:
        echo(render.indent(e["notes"]))
    echo()
    print_people(e["people"])


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the journal in your web browser.")
    ] = False,
) -> None:
    """Browse the journal in Datasette, with the project's metadata.

    \b
    Example:
      journal serve --open
    """
    from journal.web import check_host
    from journal.web import serve as serve_datasette

    check_host(host)
    path = ctx.find_root().obj
    store(ctx, write=True)  # creates or upgrades the journal before Datasette reads it
    serve_datasette(path, host=host, port=port, open_browser=open_browser)


def main(argv: list[str] | None = None) -> int:
    """Entry point for the console script and `python -m journal`."""
    return app(args=argv, prog_name="journal", standalone_mode=False) or 0
