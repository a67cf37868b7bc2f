"""The browser's corrections: the card's Edit and Remove on each log entry, plan, way
found and date, and the event page's Edit (with Merge and Remove).

A form sends every field as it shows it; what differs from the record is the change, read
as the command line reads its options (journal.text.inputs), and written by the same core
function as `journal edit-log`, `drop`, `event edit`…. Removing asks first: a Remove
button shows what would go, and only its "Yes, remove" writes.
"""

from __future__ import annotations

from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response

from journal.db import corrections, event_changes, events, important_dates
from journal.errors import InvalidValue, JournalError
from journal.text.dates import rrule_for
from journal.text.inputs import event_ref, person_ref, read_date, read_day, read_period
from journal.web.pages import read
from journal.web.routes import back, whole_number, write
from journal.web.views import DB, journal_database, render, whole


def _changed(form: dict, current: dict, fields: dict[str, str]) -> dict:
    """The fields whose text differs from the record's: {column: text}; blank clears."""
    found = {}
    for field, column in fields.items():
        if field not in form:
            continue
        typed, was = form[field].strip(), current.get(column)
        if typed != ("" if was is None else str(was)):
            found[column] = typed
    return found


def _as_date(changes: dict, column: str, label: str, prefer: str = "past") -> None:
    if column in changes:
        text = changes[column]
        changes[column] = read_date(text, label, prefer=prefer) if text else None


def _ref(changes: dict, column: str, key: str, label: str, reader) -> None:
    if column in changes:
        text = changes.pop(column)
        changes[key] = reader(text, label, creatable=True) if text else None


def edit_log(form: dict, core) -> str:
    entry_id = whole_number(form.get("id"), "id")
    current = corrections.entry(core, entry_id)
    event = core.row("SELECT name FROM events WHERE id = ?", [current["event_id"]])
    current["event_name"] = event["name"] if event else None
    fields = {"note": "note", "kind": "kind", "date": "date", "place": "place"}
    changes = _changed(form, current, {**fields, "event": "event_name"})
    _as_date(changes, "date", "date")
    _ref(changes, "event_name", "event", "event", event_ref)
    corrections.edit_entry(core, entry_id, changes)
    return "Saved the log entry."


def edit_plan(form: dict, core) -> str:
    follow_up_id = whole_number(form.get("id"), "id")
    current = corrections.plan(core, follow_up_id)
    shown = {**current, "every": form.get("every_was", "")}
    changes = _changed(form, shown, {"follow_up": "action", "due": "due", "in": "city"})
    _as_date(changes, "due", "due", prefer="future")
    every = form.get("every", "").strip()
    if every != shown["every"].strip():
        if every.lower() in ("", "off"):
            changes["rrule"] = None
        else:
            first = changes.get("due", current["due"])
            if not first:
                raise InvalidValue("every: a recurring follow-up needs a first date", field="due")
            changes["rrule"] = rrule_for(read_period(every, "every"), read_date(str(first), "due"))
    corrections.edit_plan(core, follow_up_id, changes)
    return "Saved the plan."


def edit_found(form: dict, core) -> str:
    way_id = whole_number(form.get("id"), "id")
    current = corrections.way(core, way_id)
    for key, table in (("event", "events"), ("via", "people")):
        row = core.row(f"SELECT name FROM {table} WHERE id = ?", [current[f"{key}_id"]])
        current[f"{key}_name"] = row["name"] if row else None
    fields = {"how": "kind", "date": "date", "event": "event_name", "via": "via_name"}
    changes = _changed(form, current, {**fields, "link": "url", "note": "note"})
    _as_date(changes, "date", "date")
    _ref(changes, "event_name", "event", "event", event_ref)
    _ref(changes, "via_name", "via", "via", person_ref)
    corrections.edit_way(core, way_id, changes)
    return "Saved the way found."


def edit_date(form: dict, core) -> str:
    date_id = whole_number(form.get("id"), "id")
    current = important_dates.date_row(core, date_id)
    day = form.get("date", "").strip()
    stored = current["date"] if day == current["date"] else read_day(day, "date")
    yearly = form.get("yearly") == "on"
    important_dates.edit_date(core, date_id, form.get("label", ""), stored, yearly=yearly)
    return "Saved the date."


EDITS = {"log": edit_log, "plan": edit_plan, "found": edit_found, "date": edit_date}


async def edit_write(request, datasette):
    """`/<db>/-/edit-log|edit-plan|edit-found|edit-date`: back to the card, saying what
    was saved or what was wrong."""
    database = await journal_database(request, datasette)
    if request.method != "POST":
        raise NotFound("This address takes a form")
    form = dict(await request.post_vars())
    change = EDITS[request.url_vars["what"]]
    try:
        said = await write(datasette, database, lambda core: change(form, core))
    except JournalError as e:
        datasette.add_message(request, str(e), datasette.ERROR)
    else:
        datasette.add_message(request, said, datasette.INFO)
    return Response.redirect(back(request, datasette.urls.database(database), form))


# What Remove removes: how to read it (to ask first) and how to remove it.
REMOVALS = {
    "log": (corrections.entry, corrections.remove_entry),
    "plan": (corrections.plan, corrections.drop_plan),
    "found": (corrections.way, corrections.remove_way),
    "date": (important_dates.date_row, important_dates.remove_date_by_id),
    "intro": (corrections.introduction, corrections.remove_intro),
    "event": (event_changes.event_row, event_changes.remove_event),
}


def described(what: str, row: dict) -> str:
    """The record a Remove names, as the question and the message say it."""
    if what == "log":
        return f"the log entry of {row['date']} with {row['name']}: {row['note'] or row['kind']}"
    if what == "plan":
        return f"the plan “{row['action']}” with {row['name']} (kept as dropped)"
    if what == "found":
        return f"the way you found {row['name']}: {row['kind'] or 'found'} {row['date'] or ''}"
    if what == "date":
        return f"the {row['label']} of {row['name']}"
    if what == "intro":
        return f"the introduction of {row['person']} and {row['other']}"
    return f"the event {row['name']} (the people met there stay)"


async def remove(request, datasette):
    """`/<db>/-/remove`: asks first (what would go, Yes and No), then removes it."""
    database = await journal_database(request, datasette)
    if request.method != "POST":
        raise NotFound("This address takes a form")
    form = dict(await request.post_vars())
    what = form.get("what", "")
    home = datasette.urls.database(database)
    try:
        if what not in REMOVALS:
            raise InvalidValue(f"what: one of {', '.join(REMOVALS)}", field="what")
        record_id = whole_number(form.get("id"), "id")
        read_it, remove_it = REMOVALS[what]
        row = await read(datasette, database, lambda core: read_it(core, record_id))
        if form.get("sure") != "yes":
            context = {"what": what, "id": record_id, "description": described(what, row)}
            context["back"] = back(request, home, form)
            return await render(request, datasette, "journal_remove.html", database, context)
        await write(datasette, database, lambda core: remove_it(core, record_id))
    except JournalError as e:
        datasette.add_message(request, str(e), datasette.ERROR)
    else:
        said = "Dropped" if what == "plan" else "Removed"
        datasette.add_message(request, f"{said} {described(what, row)}.", datasette.INFO)
    if what == "event":
        return Response.redirect(datasette.urls.table(database, "events"))
    return Response.redirect(back(request, home, form))


# -- the event page's Edit -----------------------------------------------------------------

EVENT_FIELDS = {"name": "name", "on": "date", "where": "place", "city": "city",
                "link": "url", "note": "notes"}  # fmt: skip


def event_changes_from(form: dict, current: dict) -> dict:
    """The event form read as `journal event edit` reads its options."""
    changes = _changed(form, current, EVENT_FIELDS)
    _as_date(changes, "date", "on")
    return changes


async def edit_event(request, datasette):
    """`/<db>/events/<id>/-/edit`: the event's form; its POST saves what was changed, or
    merges it into another event (`merge_into`)."""
    database = await journal_database(request, datasette)
    event_id = whole(tilde_decode(request.url_vars["id"]), "id")
    try:
        event = await read(
            datasette, database, lambda core: event_changes.event_row(core, event_id)
        )
    except JournalError as e:
        raise NotFound(str(e)) from None
    values = {field: event[column] or "" for field, column in EVENT_FIELDS.items()}
    context = {"event": event, "values": values, "error": None, "merge_into": ""}
    if request.method == "POST":
        form = dict(await request.post_vars())
        try:
            if (form.get("merge_into") or "").strip():
                context["merge_into"] = form["merge_into"]
                said, keep = await _merge(datasette, database, event_id, form["merge_into"])
                datasette.add_message(request, said, datasette.INFO)
                return Response.redirect(datasette.urls.row(database, "events", keep))
            context["values"] = {f: form.get(f, "") for f in EVENT_FIELDS}
            changes = event_changes_from(form, event)
            await write(
                datasette, database, lambda core: event_changes.edit_event(core, event_id, changes)
            )
        except JournalError as e:
            context["error"] = str(e)
            return await render(
                request, datasette, "journal_event_form.html", database, context, status=400
            )
        datasette.add_message(request, "Saved.", datasette.INFO)
        return Response.redirect(datasette.urls.row(database, "events", event_id))
    return await render(request, datasette, "journal_event_form.html", database, context)


async def _merge(datasette, database: str, other: int, keep_text: str) -> tuple[str, int]:
    keep_ref = event_ref(keep_text, "merge_into")

    def merge(core):
        return event_changes.merge_events(core, events.resolve_event(core, keep_ref), other)

    merged = await write(datasette, database, merge)
    moved = event_changes.moved_text(merged["moved"])
    said = f"Merged {merged['removed']['name']} into {merged['kept']['name']}: moved {moved}."
    return said, merged["kept"]["id"]


ROUTES = [
    (DB + r"/events/(?P<id>[^/]+)/-/edit$", edit_event),
    (DB + r"/-/edit-(?P<what>log|plan|found|date)$", edit_write),
    (DB + r"/-/remove$", remove),
]
