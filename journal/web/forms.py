"""The browser's forms: add and edit a person, plan, snooze, keep in touch.

Each reads what was typed with journal.inputs, as the command line reads its options,
and writes with the same core function as the command line, through `routes.write`;
bad input comes back as the form with what was typed and the error beside its field.
"""

from __future__ import annotations

from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, NotFound, Response

from journal.dates import every_text, period_from_days, today
from journal.db import lists, people, plans, reads
from journal.errors import InvalidValue, JournalError, SameName
from journal.fields import FOUND_VIA
from journal.handles import Handle
from journal.inputs import (
    event_ref,
    person_ref,
    read_date,
    read_emails,
    read_handles,
    read_new_person,
    read_period,
    read_plan,
)
from journal.web.pages import read
from journal.web.routes import back, whole_number, write
from journal.web.views import (
    DB,
    comma_list,
    field_of,
    journal_database,
    lines,
    one_line,
    render,
    typed,
    whole,
)

# The add form's fields (SPEC §3), in the order of `journal add`'s options.
ADD_FIELDS = (
    "name", "handle", "email", "phone", "company", "role", "city", "tags", "how", "event",
    "via", "met", "where", "link", "story", "note", "follow_up", "due", "in", "every",
    "birthday", "new",
)  # fmt: skip
EDIT_FIELDS = ADD_FIELDS[:16]
# Form fields -> the person's columns, as the edit form shows and changes them.
COLUMNS = {
    "name": "name", "phone": "phone", "company": "company", "role": "role", "city": "city",
    "how": "found_via", "met": "met_on", "where": "met_where", "link": "source_url",
    "story": "story", "note": "notes",
}  # fmt: skip
CLEAR_NAMES = {"note": "notes"}


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


async def person_form(request, datasette, database, *, values, error=None, person=None):
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
            "names": names,
            "today": today().isoformat(),
        },
        status=status,
    )


def new_person(form: dict) -> dict:
    """The add form read as `journal add` reads its options (journal.inputs)."""
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
        return await person_form(request, datasette, database, values={})
    form = await typed(request)
    values = {field: form.get(field, "") for field in ADD_FIELDS}
    try:
        person = new_person(form)
        new = form.get("new") == "on"  # another person of a name the journal has
        person_id = await write(
            datasette, database, lambda core: people.add_person(core, **person, new=new)
        )
    except JournalError as e:
        return await person_form(request, datasette, database, values=values, error=e)
    datasette.add_message(request, f"Added {form.get('name', '').strip()}.", datasette.INFO)
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
    """What the edit form changes, as the arguments of the core's update_person: a field
    emptied is cleared, a field changed is set (read as `journal edit` reads it)."""
    fields, clear = {}, []
    for field, column in COLUMNS.items():
        if field not in form:  # not sent: left as it is
            continue
        value = form[field].strip()
        if value == (was[field] or "").strip():
            continue
        if not value:
            clear.append(CLEAR_NAMES.get(field, field) if field != "name" else "name")
        elif field == "met":
            fields[column] = read_date(value, "met")
        elif field == "how" and value not in FOUND_VIA:
            raise InvalidValue(f"how: {value!r} is not one of {', '.join(FOUND_VIA)}", field="how")
        else:
            fields[column] = value
    update = {"fields": fields, "clear": clear}
    for field in ("handle", "email"):
        typed = lines(form, field)
        if field in form and typed != lines(was, field):
            update["clear"].append(f"{field}s")
            update[f"add_{field}s"] = (
                read_handles(typed, "handle") if field == "handle" else read_emails(typed, "email")
            )
    tags, old_tags = comma_list(form.get("tags", was["tags"])), comma_list(was["tags"])
    update["add_tags"] = [t for t in tags if t not in old_tags]
    update["remove_tags"] = [t for t in old_tags if t not in tags]
    for field, ref in (("event", event_ref), ("via", person_ref)):
        value = (form.get(field, was[field]) or "").strip()
        if value != was[field]:
            if value:
                update[field] = ref(value, field)
            else:
                update["clear"].append(field)
    return update


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
