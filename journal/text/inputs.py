"""What the user typed, read into values at the edge of every face (the command line's
options, the browser's form fields) before the core is called.

Each reader names the option or field it reads (`label`: `--due` for the CLI, `due` for
a form) in its error, and raises InvalidValue: bad usage, whatever the face.
"""

from __future__ import annotations

import re
from datetime import date

from journal.errors import InvalidValue
from journal.fields import CARD_NAMES, FOUND_VIA, PERSON_COLUMNS
from journal.text.dates import (
    DateError,
    PartialDate,
    Period,
    parse_date,
    parse_day,
    parse_period,
    parse_when,
    rrule_for,
    today,
)
from journal.text.handles import Handle, HandleError, parse_handle
from journal.text.values import is_email

ID = re.compile(r"#?\d+")
# The largest integer SQLite stores: a larger number is no row of the journal's.
LARGEST = 2**63 - 1


def whole_number(
    text: str | None, label: str, *, optional: bool = False, default: int | None = None
) -> int | None:
    """An id or a page number as a form or a URL gives it: a whole number from 1 that
    SQLite can hold. Left empty, it is `default` when `optional`, else an error."""
    text = (text or "").strip()
    if not text and optional:
        return default
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= LARGEST:
        what = "an id" if label == "id" or label.endswith("_id") else "a whole number from 1"
        raise InvalidValue(f"{label}: {text!r} is not {what}", field=label)
    return int(text)


def read_date(text: str | None, label: str, *, prefer: str = "past") -> date | None:
    """A DATE; None when the option or field was not given at all."""
    if text is None:
        return None
    try:
        return parse_date(text, prefer=prefer)
    except DateError as e:
        raise InvalidValue(f"{label}: {e}", field=label) from None


def read_day(text: str | None, label: str) -> str | None:
    """A date whose year may be left out (a birthday): `1985-04-07` or `--04-07`."""
    if text is None:
        return None
    try:
        return parse_day(text)
    except DateError as e:
        raise InvalidValue(f"{label}: {e}", field=label) from None


def read_when(text: str | None, label: str) -> date | PartialDate | None:
    """A DATE, or one remembered in part (`2011`, `March 2019`): when you met."""
    if text is None:
        return None
    try:
        return parse_when(text)
    except DateError as e:
        raise InvalidValue(f"{label}: {e}", field=label) from None


def read_period(text: str, label: str) -> Period:
    try:
        return parse_period(text)
    except DateError as e:
        raise InvalidValue(f"{label}: {e}", field=label) from None


def read_handles(texts: list[str] | None, label: str = "--handle") -> list[Handle]:
    try:
        return [parse_handle(t) for t in texts or []]
    except HandleError as e:
        raise InvalidValue(f"{label}: {e}", field=label) from None


def read_emails(texts: list[str] | None, label: str = "--email") -> list[str]:
    for text in texts or []:
        if not is_email(text):
            raise InvalidValue(f"{label}: {text!r} is not an email address", field=label)
    return [t.strip() for t in texts or []]


def read_plan(
    due: str | None, in_city: str | None, every: str | None, labels: tuple = ("--due", "--every")
) -> dict:
    """A follow-up's first date, city and recurrence (`due`, `city`, `rrule`), read and
    checked together."""
    due_label, every_label = labels
    first = read_date(due, due_label, prefer="future")
    rule = None
    if every is not None and every.strip():
        repeat = read_period(every, every_label)
        if first is None:
            raise InvalidValue(
                f"{every_label}: a recurring follow-up needs a first date: add {due_label}",
                field=every_label,
            )
        rule = rrule_for(repeat, first)
    return {"due": first, "city": in_city, "rrule": rule}


def read_sentence(text: str, companies=frozenset()) -> dict:
    """`journal met`'s sentence, read into what `add_person` takes (SPEC §1);
    `companies` holds (`in`) the companies the journal knows, casefolded."""
    from journal.text.sentence import parse_sentence

    said = parse_sentence(text, today=today(), companies=companies)
    handles = read_handles(said.handles, "handle")
    emails = read_emails(said.emails, "email")
    name = said.name or (handles[0].display() if handles else None)
    if name is None:
        raise InvalidValue(
            "start the sentence with their name (or a handle): 'Benji Weber @benji at …'",
            field="sentence",
        )
    plan = None
    if said.plan or said.due or said.plan_city:
        when = read_plan(said.due, said.plan_city, None, labels=("the plan's date", "every"))
        plan = {"action": said.plan or "follow up", **when}
    return {
        "name": name,
        "handles": handles,
        "emails": emails,
        "tags": said.tags,
        "event": event_ref(said.event, "at", creatable=True) if said.event else None,
        "via": person_ref(said.via, "via", creatable=True) if said.via else None,
        "follow_up": plan,
        "role": said.role,
        "company": said.company,
        "city": said.city,
        "found_via": said.how,
        "story": said.story,
        # Left out: on the day of the event it names, if it has one; else today.
        **({"met_on": read_date(said.met, "the date you met")} if said.met else {}),
    }


class PersonRef:
    """PERSON as typed (SPEC §1), read into what it can be: an id, a handle, an email, or
    else a name (whole or a part). A plain class: a dataclass costs `journal add` more
    to define than to use."""

    __slots__ = ("text", "id", "handle", "email", "new")

    def __init__(
        self,
        text: str,
        id: int | None = None,
        handle: Handle | None = None,
        email: str | None = None,
        new: bool = False,
    ):
        self.text, self.id, self.handle, self.email = text, id, handle, email
        # `+Name` where a record is found or made (--via, --event): always a new one.
        self.new = new

    @property
    def name(self) -> str:
        return self.text


def person_ref(text: str, label: str = "PERSON", *, creatable: bool = False) -> PersonRef:
    """PERSON as typed. Where a missing person is created (`creatable`: --via), `+Name`
    insists on a new one even when a name in the journal matches."""
    text = text.strip()
    if creatable and text.startswith("+") and text[1:].strip():
        return PersonRef(text[1:].strip(), new=True)
    if not text:
        raise InvalidValue(
            f"{label} is empty: give an id, a handle, an email or a name", field=label
        )
    if ID.fullmatch(text):
        return PersonRef(text, id=int(text.lstrip("#")))
    try:
        handle = parse_handle(text)
    except HandleError:
        handle = None
    email = text if "@" in text and not text.startswith("@") else None
    return PersonRef(text, handle=handle, email=email)


class EventRef:
    """EVENT as typed: an id (`12`, `#12`) or a name, whole or a part."""

    __slots__ = ("text", "id", "new")

    def __init__(self, text: str, id: int | None = None, new: bool = False):
        self.text, self.id, self.new = text, id, new


def event_ref(text: str, label: str = "EVENT", *, creatable: bool = False) -> EventRef:
    """EVENT as typed; where a missing event is created (--event), `+Name` makes a new
    one even when a name in the journal matches."""
    text = text.strip()
    if creatable and text.startswith("+") and text[1:].strip():
        return EventRef(text[1:].strip(), new=True)
    if not text:
        raise InvalidValue(f"{label} is empty: give an id or a name", field=label)
    return EventRef(text, id=int(text.lstrip("#")) if ID.fullmatch(text) else None)


def _is_handle_name(name: str) -> bool:
    text = name.strip()
    if not text.startswith("@") or " " in text or len(text) < 2:
        return False
    try:
        parse_handle(text)
    except HandleError:
        return False
    return True


def cli_option(field: str) -> str:
    """The option of `journal add` a form field is named after: `follow_up` -> `--follow-up`."""
    return "--" + {"tags": "tag"}.get(field, field).replace("_", "-")


def read_new_person(
    name: str,
    *,
    handles: list[str] | None = None,
    emails: list[str] | None = None,
    tags: list[str] | None = None,
    how: str | None = None,
    event: str | None = None,
    via: str | None = None,
    met: str | None = None,
    where: str | None = None,
    link: str | None = None,
    story: str | None = None,
    note: str | None = None,
    phone: str | None = None,
    company: str | None = None,
    role: str | None = None,
    city: str | None = None,
    follow_up: str | None = None,
    due: str | None = None,
    in_city: str | None = None,
    every: str | None = None,
    birthday: str | None = None,
    label=cli_option,
) -> dict:
    """What `journal add` and the browser's add form were given, read into the arguments
    of the core's add_person; `label(field)` names a field in an error (`--due` for the
    command line, `due` for the form)."""
    given = {"phone": phone, "company": company, "role": role, "city": city, "how": how}
    given |= {"where": where, "link": link, "story": story, "note": note}
    if not (name or "").strip():
        raise InvalidValue("a person needs a name", field=label("name"))
    if how is not None and how not in FOUND_VIA:
        raise InvalidValue(
            f"{label('how')}: {how!r} is not one of {', '.join(FOUND_VIA)}", field=label("how")
        )
    met_on = read_when(met, label("met"))  # none: the event's day, else today (add_person)
    planned = None
    if follow_up is not None:
        planned = {
            "action": follow_up,
            **read_plan(due, in_city, every, labels=(label("due"), label("every"))),
        }
    elif due or in_city or every:
        raise InvalidValue(
            f"{label('due')}, {label('in')} and {label('every')} describe a"
            f" {label('follow_up')} ACTION; add one",
            field=label("follow_up"),
        )
    handles = list(handles or [])
    if _is_handle_name(name) and name.strip() not in handles:
        # `add "@benomad"`: the handle is filed too, as `met "@benomad"` does.
        handles.insert(0, name.strip())
    return {
        "name": name,
        "handles": read_handles(handles, label("handle")),
        "emails": read_emails(emails, label("email")),
        "tags": tags or [],
        "event": event_ref(event, label("event"), creatable=True) if event is not None else None,
        "via": person_ref(via, label("via"), creatable=True) if via is not None else None,
        # Left out: on the day of the event it names, if it has one; else today.
        **({"met_on": met_on} if met_on is not None else {}),
        "follow_up": planned,
        "birthday": read_day(birthday, label("birthday")),
        **{
            column: given[key]
            for key, column in PERSON_COLUMNS.items()
            if key not in ("name", "met")
        },
    }


def person_changes(was: dict, now: dict, *, label=cli_option) -> dict:
    """What `update_person` is to do for a person shown as `was` and edited into `now`, by
    the edit form and by `edit --edit`'s template alike. Both are keyed as `journal edit`'s
    options: a plain field as text or None, `handles`, `emails` and `tags` as lists, `event`
    and `via` as typed. A key `now` leaves out stays as it is; a field emptied is cleared."""
    fields, clear, update = {}, [], {}
    for key, column in PERSON_COLUMNS.items():
        if key not in now or now[key] == was[key]:
            continue
        value = now[key]
        if value is None:
            clear.append(CARD_NAMES.get(key, key))
        elif key == "met":
            fields[column] = read_when(value, label("met"))
        elif key == "how" and value not in FOUND_VIA:
            raise InvalidValue(
                f"{label('how')}: {value!r} is not one of {', '.join(FOUND_VIA)}",
                field=label("how"),
            )
        else:
            fields[column] = value
    for key, ref in (("event", event_ref), ("via", person_ref)):
        if key in now and now[key] != was[key]:
            if now[key] is None:
                clear.append(key)
            else:
                update[key] = ref(now[key], label(key), creatable=True)
    for key, read in (("handles", read_handles), ("emails", read_emails)):
        listed = now.get(key, was[key])
        if set(listed) != set(was[key]):
            if set(was[key]) - set(listed):  # one taken away: the list as it now is
                clear.append(key)
            else:
                listed = [v for v in listed if v not in was[key]]
            update[f"add_{key}"] = read(listed, label(key[:-1]))
    old = {t.casefold() for t in was["tags"]}
    new = {t.casefold() for t in now.get("tags", was["tags"])}
    update["add_tags"] = [t for t in now.get("tags", []) if t.casefold() not in old]
    update["remove_tags"] = [t for t in was["tags"] if t.casefold() not in new]
    return {"fields": fields, "clear": clear, **update}
