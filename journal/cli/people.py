"""People: add, edit, show, log, found, rm (list and search: journal.cli.lookup)."""

from typing import Annotated

import typer

from journal.cli import completion, editor, output, prompts
from journal.cli.boundary import new_app
from journal.cli.options import (
    BirthdayOpt,
    CityOpt,
    CompanyOpt,
    DueOpt,
    EditOpt,
    EmailOpt,
    EventOpt,
    EveryOpt,
    HandleOpt,
    How,
    HowOpt,
    InOpt,
    JsonOpt,
    Kind,
    MetOpt,
    NewOpt,
    NoteOpt,
    PersonArg,
    StoryOpt,
    TagOpt,
    Text,
    ViaOpt,
    repeatable,
)
from journal.cli.output import echo, json_text
from journal.cli.session import store
from journal.errors import InvalidValue, JournalError
from journal.fields import CLEAR_CHOICES, PERSON_COLUMNS
from journal.text.dates import today
from journal.text.inputs import (
    event_ref,
    person_ref,
    read_date,
    read_day,
    read_emails,
    read_handles,
    read_new_person,
    read_when,
)
from journal.text.words import counted

app = new_app()


def show_person(s, person_id: int, *, as_json: bool) -> None:
    from journal.db import reads

    person = reads.person(s, person_id)
    echo(json_text(person) if as_json else output.card(person))


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="Their name, as you would write it; left out on a terminal, it asks.",
            show_default=False,
        ),
    ] = None,
    handle: HandleOpt = None,
    email: EmailOpt = None,
    phone: Text = None,
    company: CompanyOpt = None,
    role: Text = None,
    city: CityOpt = None,
    tag: TagOpt = None,
    how: HowOpt = None,
    event: EventOpt = None,
    via: ViaOpt = None,
    met: Annotated[
        str | None,
        typer.Option(
            "--met", metavar="DATE", help="When you met (2011, March 2019 too) [default: today]."
        ),
    ] = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where you met.")] = None,
    link: Annotated[
        str | None, typer.Option(metavar="URL", help="Where you found them: a post, a listing.")
    ] = None,
    story: StoryOpt = None,
    note: NoteOpt = None,
    follow_up: Annotated[
        str | None, typer.Option("--follow-up", metavar="ACTION", help="Plan something next.")
    ] = None,
    due: DueOpt = None,
    in_city: InOpt = None,
    every: EveryOpt = None,
    birthday: BirthdayOpt = None,
    new: NewOpt = False,
    in_editor: EditOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Record a new person and how you found them, in one command.

    Without NAME on a terminal it asks for each field; --edit opens your editor.

    \b
    Example:
      journal add "Benji Weber" --handle @benji --company "The Guardian" \\
        --role journalist --city London --event "Mastodon meetup Berlin" \\
        --via "Maria Kovač" --where "c-base, Berlin" --story "Followed his live posts." \\
        --follow-up "meet again in London" --in London
    """
    story, note = editor.stdin_texts(story=story, note=note).values()
    typed = {
        "name": name, "handles": handle or [], "emails": email or [], "phone": phone,
        "company": company, "role": role, "city": city, "tags": tag or [], "how": how,
        "event": event, "via": via, "met": met, "where": where, "link": link,
        "follow-up": follow_up, "due": due, "in": in_city, "every": every,
        "story": story, "notes": note, "birthday": birthday,
    }  # fmt: skip
    if in_editor:
        text = editor.edit(editor.person_template(typed, title="journal add: a new person"))
        with editor.kept_on_failure(text, "add"):
            _record(ctx, editor.read_person_template(text), new=new, as_json=as_json)
        return
    if name is None:
        if not prompts.on_terminal():
            raise InvalidValue(
                "Missing argument 'NAME' (on a terminal, leave it out to be asked for each field)"
            )
        typed = prompts.ask_person(ctx, typed)
    _record(ctx, typed, new=new, as_json=as_json)


def _record(ctx: typer.Context, typed: dict, *, new: bool, as_json: bool) -> None:
    """Read what was typed (options, template or answers) as the browser's add form is
    read, then add the person."""
    from journal.db import people

    person = read_new_person(
        typed["name"], handles=typed["handles"], emails=typed["emails"], tags=typed["tags"],
        how=typed["how"], event=typed["event"], via=typed["via"], met=typed["met"],
        where=typed["where"], link=typed["link"], story=typed["story"], note=typed["notes"],
        phone=typed["phone"], company=typed["company"], role=typed["role"],
        city=typed["city"], follow_up=typed["follow-up"], due=typed["due"],
        in_city=typed["in"], every=typed["every"], birthday=typed.get("birthday"),
    )  # fmt: skip
    s = store(ctx, write=True)
    person_id = people.add_person(s, **person, new=new)
    report_added(s, person_id, as_json=as_json)


def report_added(s, person_id: int, *, as_json: bool) -> None:
    """What `add` and `met` print: the person, what else was made, how you found them."""
    from journal.db import reads

    if as_json:
        output.announce(s.created, err=True)
        show_person(s, person_id, as_json=True)
        return
    person = reads.person(s, person_id)
    echo(f"Added {output.person_line(person)}")
    output.announce(s.created)
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
    company: CompanyOpt = None,
    role: Text = None,
    city: CityOpt = None,
    tag: repeatable("--tag", "TAG", "Add a tag.", completion.tags) = None,
    untag: repeatable("--untag", "TAG", "Remove a tag.", completion.tags) = None,
    how: HowOpt = None,
    event: EventOpt = None,
    via: ViaOpt = None,
    met: MetOpt = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where you met.")] = None,
    link: Annotated[str | None, typer.Option(metavar="URL", help="Where you found them.")] = None,
    story: StoryOpt = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Replace the notes; - reads stdin.")
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear", metavar="FIELD", help=f"Empty a field: {', '.join(CLEAR_CHOICES)}."
        ),
    ] = None,
    birthday: BirthdayOpt = None,
    in_editor: EditOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Change any field of a person; --clear FIELD empties one; --edit opens your editor.

    \b
    Example:
      journal edit benji --company "BBC" --tag press --clear phone
    """
    from journal.db import people, reads

    story, note = editor.stdin_texts(story=story, note=note).values()
    if in_editor:
        given = [name, handle, email, phone, company, role, city, tag, untag, how, event, via]
        if any(v is not None for v in [*given, met, where, link, story, note, clear, birthday]):
            raise InvalidValue("--edit: make every change in the editor, not also in options")
        _edit_in_editor(ctx, person_ref(person), as_json=as_json)
        return
    given = {"name": name, "phone": phone, "company": company, "role": role, "city": city}
    given |= {"how": how, "where": where, "link": link, "story": story, "note": note}
    fields = {PERSON_COLUMNS[key]: value for key, value in given.items()}
    fields["met_on"] = read_when(met, "--met")
    new_handles, new_emails = read_handles(handle), read_emails(email)
    born = read_day(birthday, "--birthday")
    for field in clear or []:
        if field not in CLEAR_CHOICES:
            raise InvalidValue(f"--clear: {field!r} is not a field ({', '.join(CLEAR_CHOICES)})")
    found_at = event_ref(event, "--event", creatable=True) if event is not None else None
    found_through = person_ref(via, "--via", creatable=True) if via is not None else None
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    was = reads.person(s, person_id)["event"]
    people.update_person(
        s,
        person_id,
        fields=fields,
        clear=clear or [],
        add_handles=new_handles,
        add_emails=new_emails,
        add_tags=tag or [],
        remove_tags=untag or [],
        event=found_at,
        via=found_through,
        birthday=born,
    )
    report_updated(s, person_id, as_json=as_json, was_at=was)


def report_updated(s, person_id: int, *, as_json: bool, was_at: dict | None = None) -> None:
    """What the edit made of them; an event it left with no one is named (`was_at`)."""
    from journal.db import reads

    if as_json:
        output.announce(s.created, err=True)
        show_person(s, person_id, as_json=True)
    else:
        echo(f"Updated {output.person_line(reads.person(s, person_id))}")
        output.announce(s.created)
    if was_at and not reads.event(s, was_at["id"])["people"]:
        n = was_at["id"]
        hint = f"`journal event rm {n}` (or `event merge KEEP {n}`)"
        echo(f"  event #{n} {was_at['name']} has no one now: keep it, or {hint}", err=True)


def _edit_in_editor(ctx: typer.Context, who, *, as_json: bool) -> None:
    """`edit --edit`: the person's card as a template; what changed in it is written."""
    from journal.db import people, reads

    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    card = reads.person(s, person_id)
    shown = editor.shown(card)
    title = f"journal edit: #{person_id} {card['name']}"
    text = editor.edit(editor.person_template(shown, title=title, fields=editor.EDIT_FIELDS))
    with editor.kept_on_failure(text, "edit"):
        typed = editor.read_person_template(text, fields=editor.EDIT_FIELDS)
        people.update_person(s, person_id, **editor.changes(shown, typed))
    report_updated(s, person_id, as_json=as_json)


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
    from journal.db import people

    who = person_ref(person)
    s = store(ctx)
    show_person(s, people.resolve_person(s, who), as_json=as_json)


@app.command()
def log(
    ctx: typer.Context,
    person: PersonArg,
    note: Annotated[
        str | None,
        typer.Argument(
            metavar="NOTE",
            help="What happened; - reads stdin; with --edit, your editor.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[Kind, typer.Option(help="What kind of contact.")] = "note",
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When [default: today].")] = None,
    event: Annotated[
        str | None,
        typer.Option(
            metavar="NAME|ID",
            help="At this event (a part of its name), else a new one.",
            autocompletion=completion.events,
        ),
    ] = None,
    where: Annotated[str | None, typer.Option(metavar="PLACE", help="Where.")] = None,
    in_editor: EditOpt = False,
) -> None:
    """Record an interaction: met, call, email, message, meeting or note.

    \b
    Example:
      journal log benji "Coffee; he'll send the draft" --kind meeting --on yesterday
    """
    from journal.db import people, plans, reads

    (note,) = editor.stdin_texts(note=note).values()
    if note is None and not in_editor:
        raise InvalidValue("Missing argument 'NOTE' (or --edit to write it in your editor)")
    on_date = read_date(on, "--on") or today()
    at = event_ref(event, "--event", creatable=True) if event is not None else None
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    if in_editor:
        name = reads.person(s, person_id)["name"]
        title = f"journal log: what happened with {name} (#{person_id}), in Markdown"
        text = editor.edit(editor.template(title, {}, {}, {}) + "\n" + (note or "") + "\n")
        note = editor.comments_out(text)
        with editor.kept_on_failure(text, "log"):
            entry = plans.log(s, person_id, note, kind=kind, on=on_date, event=at, place=where)
    else:
        entry = plans.log(s, person_id, note, kind=kind, on=on_date, event=at, place=where)
    name = reads.person(s, person_id)["name"]
    echo(f"Logged #{entry}: {kind} with {name} (#{person_id}) on {on_date.isoformat()}.")
    output.announce(s.created)


@app.command()
def found(
    ctx: typer.Context,
    person: PersonArg,
    how: Annotated[How, typer.Option("--how", help="How you found them this time.")],
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When [default: today].")] = None,
    event: EventOpt = None,
    via: ViaOpt = None,
    link: Annotated[
        str | None, typer.Option(metavar="URL", help="The post or listing where you found them.")
    ] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Anything else.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record another way you found someone: a post, an event, an introduction.

    \b
    Example:
      journal found benji --how mention --via maria \\
        --link https://x.com/maria/status/1861 --on "2 weeks ago"
    """
    from journal.db import found, people, reads

    on_date = read_date(on, "--on") or today()
    at = event_ref(event, "--event", creatable=True) if event is not None else None
    through = person_ref(via, "--via", creatable=True) if via is not None else None
    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    way_id = found.add_way(
        s, person_id, how, on=on_date, event=at, via=through, link=link, note=note
    )
    card = reads.person(s, person_id)
    way = next(w for w in card["ways_found"] if w["id"] == way_id)
    if as_json:
        output.announce(s.created, err=True)
        echo(json_text(way))
        return
    echo(f"Found {output.person_line(card)} again:")
    echo(f"  {output.way_line(way)}")
    output.announce(s.created)


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
    from journal.db import people, reads

    who = person_ref(person)
    s = store(ctx, write=True)
    person_id = people.resolve_person(s, who)
    name = reads.person(s, person_id)["name"]
    counts = people.person_counts(s, person_id)
    what = (
        f"#{person_id} {name}, {counted(counts['interactions'], 'log entry')},"
        f" {counted(counts['follow_ups'], 'follow-up')}"
    )
    if not yes and not typer.confirm(f"Delete {what}?", err=True):
        raise JournalError("nothing was deleted")
    people.delete_person(s, person_id)
    echo(f"Deleted {what}.")
