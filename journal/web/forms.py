"""The browser's forms: add and edit a person, plan, snooze, keep in touch.

Each reads what was typed with journal.text.inputs, as the command line reads its options,
and writes with the same core function as the command line, through `routes.write`;
bad input comes back as the form with what was typed and the error beside its field.
"""

from __future__ import annotations

from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, NotFound, Response

from journal.db import guests, lists, people, plans, reads
from journal.errors import InvalidValue, JournalError, SameName
from journal.fields import PERSON_COLUMNS
from journal.text.dates import every_text, period_from_days, today
from journal.text.handles import Handle, HandleError, parse_handle
from journal.text.inputs import (
    person_changes,
    read_date,
    read_new_person,
    read_period,
    read_plan,
    whole_number,
)
from journal.web.base import DB, journal_database, render
from journal.web.pages import read
from journal.web.routes import back, write
from journal.web.views import comma_list, field_of, lines, one_line, typed, whole

# The add form's fields (SPEC §3), in the order of `journal add`'s options.
ADD_FIELDS = (
    "name", "handle", "email", "phone", "company", "role", "city", "tags", "how", "event",
    "via", "met", "where", "link", "story", "note", "follow_up", "due", "in", "every",
    "birthday", "new",
)  # fmt: skip
EDIT_FIELDS = ADD_FIELDS[:16]
# Form fields -> the person's columns, as the edit form shows and changes them.
COLUMNS = PERSON_COLUMNS


# -- adding and editing people ---------------------------------------------------------------


def form_names(core) -> dict:
    """What the add and edit forms offer before you type an event or a person: the
    newest; as you type, the page asks `names` for those that match."""
    return {"events": lists.names(core, "events"), "people": lists.names(core, "people")}


async def names(request, datasette):
    """`/<db>/-/names.json?of=people&q=TEXT`: the type-ahead of the add and edit forms."""
    database = await journal_database(request, datasette)
    table = request.args.get("of")
    if table not in lists.NAMED:
        raise BadRequest(f"of: one of {', '.join(lists.NAMED)}")
    text = request.args.get("q") or ""
    found = await read(datasette, database, lambda core: lists.names(core, table, text))
    return Response.json(found)


def from_guest(core, args) -> dict:
    """The guest `?guest=ID` names, for the add form to start from."""
    return guests.guest(core, whole(args.get("guest"), "guest"))


def guest_values(g: dict) -> dict:
    """The add form filled in from a guest: what the list knows, met at its event."""
    values = {key: g[key] or "" for key in ("name", "email", "phone", "company", "role")}
    profile = g["profile_url"] or ""
    values |= {"how": "event", "event": g["event"], "met": g["event_date"] or ""}
    values |= {"handle" if _is_handle(profile) else "link": profile, "guest": str(g["id"])}
    return values


def _is_handle(url: str) -> bool:
    try:
        return bool(url) and parse_handle(url).network != "web"
    except HandleError:
        return False


async def person_form(request, datasette, database, *, values, error=None, person=None, guest=None):
    names = await read(datasette, database, form_names)
    status = 200 if error is None else 400
    return await render(
        request,
        datasette,
        "journal_person_form.html",
        database,
        {
            "values": values,
            "error": str(error) if error else None,
            "error_field": field_of(error) if error else None,
            "same_name": isinstance(error, SameName),
            "person": person,
            "guest": guest,
            "names": names,
            "today": today().isoformat(),
        },
        status=status,
    )


def new_person(form: dict) -> dict:
    """The add form read as `journal add` reads its options (journal.text.inputs)."""
    return read_new_person(
        form.get("name") or "",
        handles=lines(form, "handle"),
        emails=lines(form, "email"),
        tags=comma_list(form.get("tags")),
        **{
            key: one_line(form, field)
            for key, field in (
                ("how", "how"),
                ("event", "event"),
                ("via", "via"),
                ("met", "met"),
                ("where", "where"),
                ("link", "link"),
                ("story", "story"),
                ("note", "note"),
                ("phone", "phone"),
                ("company", "company"),
                ("role", "role"),
                ("city", "city"),
                ("follow_up", "follow_up"),
                ("due", "due"),
                ("in_city", "in"),
                ("every", "every"),
                ("birthday", "birthday"),
            )
        },  # fmt: skip
        label=lambda field: field,
    )


async def add(request, datasette):
    """`/<db>/-/add`: the add form; its POST adds the person and goes to their card."""
    database = await journal_database(request, datasette)
    if request.method != "POST":
        values, guest = {}, None
        if request.args.get("guest"):
            try:
                guest = await read(datasette, database, lambda core: from_guest(core, request.args))
            except JournalError as e:  # no such guest: the page of a link that went stale
                raise NotFound(str(e)) from None
            values = guest_values(guest)
        return await person_form(request, datasette, database, values=values, guest=guest)
    form = await typed(request)
    values = {field: form.get(field, "") for field in (*ADD_FIELDS, "guest")}
    try:
        person = new_person(form)
        new = form.get("new") == "on"  # another person of a name the journal has
        guest_id = whole(form.get("guest") or None, "guest")

        def adding(core) -> tuple[int, list[dict]]:
            person_id = people.add_person(core, **person, new=new, guest=guest_id)
            return person_id, [c for c in core.created if c["table"] == "guests"]

        person_id, met = await write(datasette, database, adding)
    except JournalError as e:
        return await person_form(request, datasette, database, values=values, error=e)
    said = f"Added {form.get('name', '').strip()}."
    for g in met:  # as `journal add` says it: what the event's guest list filled in
        filled = f": {', '.join(g['filled'])} filled in" if g["filled"] else ""
        said += f" On the guest list of {g['event']}{filled}."
    datasette.add_message(request, said, datasette.INFO)
    return Response.redirect(datasette.urls.row(database, "people", person_id))


def current_values(card: dict) -> dict:
    """A person's card as the edit form shows it."""
    values = {field: card.get(column) or "" for field, column in COLUMNS.items()}
    values["tags"] = ", ".join(card["tags"])
    values["handle"] = "\n".join(
        Handle(h["network"], h["handle"], h["url"]).display() for h in card["handles"]
    )
    values["email"] = "\n".join(card["emails"])
    values["event"] = card["event"]["name"] if card["event"] else ""
    values["via"] = card["via"]["name"] if card["via"] else ""
    return values


def changes(form: dict, was: dict) -> dict:
    """What the edit form changes, as the arguments of the core's update_person: the
    fields sent, read as `journal edit` reads them (a field emptied is cleared)."""

    def person(values: dict, sent=None) -> dict:
        found = {
            k: one_line(values, k) for k in (*COLUMNS, "event", "via") if k in (sent or values)
        }
        for field, key in (("handle", "handles"), ("email", "emails"), ("tags", "tags")):
            if field in (sent or values):
                found[key] = comma_list(values[field]) if key == "tags" else lines(values, field)
        return found

    return person_changes(person(was), person(form, sent=form), label=str)


async def edit(request, datasette):
    """`/<db>/people/<id>/-/edit`: the edit form; its POST changes what was changed."""
    database = await journal_database(request, datasette)
    person_id = whole(tilde_decode(request.url_vars["id"]), "id")
    try:
        card = await read(datasette, database, lambda core: reads.person(core, person_id))
    except JournalError as e:
        raise NotFound(str(e)) from None
    was = current_values(card)
    if request.method != "POST":
        return await person_form(request, datasette, database, values=was, person=card)
    form = await typed(request)
    values = {field: form.get(field, "") for field in EDIT_FIELDS}
    try:
        update = changes(form, was)
        await write(
            datasette, database, lambda core: people.update_person(core, person_id, **update)
        )
    except JournalError as e:
        return await person_form(request, datasette, database, values=values, error=e, person=card)
    datasette.add_message(request, "Saved.", datasette.INFO)
    return Response.redirect(datasette.urls.row(database, "people", person_id))


# -- plans: add, snooze, keep in touch ------------------------------------------------------


def add_plan(form: dict):
    person_id = whole_number(form.get("person_id"), "person_id")
    planned = read_plan(
        one_line(form, "due"),
        one_line(form, "in"),
        one_line(form, "every"),
        labels=("due", "every"),
    )
    action = form.get("follow_up") or ""
    return "Planned.", lambda core: plans.add_follow_up(core, person_id, action, **planned)


def snooze(form: dict):
    follow_up_id = whole_number(form.get("follow_up_id"), "follow_up_id")
    until, by = one_line(form, "until"), one_line(form, "for")
    if (until is None) == (by is None):
        raise InvalidValue("give one of a date or a period to snooze it", field="until")
    later = read_date(until, "until", prefer="future")
    period = None if by is None else read_period(by, "for")

    def change(core):
        f = plans.snooze(core, follow_up_id, until=later, by=period)
        return f"Snoozed {f['action']} until {f['due']}."

    return None, change


def keep_in_touch(form: dict):
    person_id = whole_number(form.get("person_id"), "person_id")
    every = (form.get("every") or "").strip()
    days = None if every.lower() == "off" else read_period(every, "every").days

    def change(core):
        plans.keep_in_touch(core, person_id, days)
        if days is None:
            return "No longer keeping in touch."
        return f"Keeping in touch {every_text(period_from_days(days))}."

    return None, change


PLAN_WRITES = {"follow-up": add_plan, "snooze": snooze, "keep-in-touch": keep_in_touch}


async def plan_write(request, datasette):
    """A plan's form (add, snooze, keep in touch): back to the page it was on, saying
    what was done or what was wrong."""
    database = await journal_database(request, datasette)
    if request.method != "POST":
        raise NotFound("This address takes a form")
    form = dict(await request.post_vars())
    try:
        said, change = PLAN_WRITES[request.url_vars["action"]](form)
        result = await write(datasette, database, change)
    except JournalError as e:
        datasette.add_message(request, str(e), datasette.ERROR)
    else:
        datasette.add_message(request, said or result, datasette.INFO)
    return Response.redirect(back(request, datasette.urls.database(database)))


ROUTES = [
    (DB + r"/people/(?P<id>[^/]+)/-/edit$", edit),
    (DB + r"/-/add$", add),
    (DB + r"/-/names\.json$", names),
    (DB + r"/-/(?P<action>follow-up|snooze|keep-in-touch)$", plan_write),
]
