"""Capture in one breath: `met` reads one sentence into a person."""

import sys
from typing import Annotated

import typer

from journal.cli import output
from journal.cli.boundary import new_app
from journal.cli.options import JsonOpt, NewOpt
from journal.cli.output import echo, json_text
from journal.cli.people import report_added
from journal.cli.session import store
from journal.errors import SameName
from journal.text.dates import today
from journal.text.inputs import read_sentence
from journal.text.values import iso

app = new_app()


@app.command()
def met(
    ctx: typer.Context,
    sentence: Annotated[
        str,
        typer.Argument(
            metavar="SENTENCE",
            help="NAME [@HANDLE|EMAIL|URL …] [(ROLE at COMPANY, CITY)] [job lead|mention|online]"
            " [at EVENT] [via|introduced by PERSON] [#TAG …] [: STORY] [; PLAN [DATE] [in CITY]]",
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before writing.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only show what was understood.")
    ] = False,
    new: NewOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Capture someone from one sentence, the way you would text it to yourself.

    Events and people are found by a part of a name or a handle (+NAME for a new one);
    words that fit nowhere go to the story. On a terminal it asks before writing.

    \b
    Example:
      journal met "Benji Weber @benji (journalist at The Guardian, London) at Mastodon
        meetup Berlin via @maria #press: live posts; meet again in London in 3 weeks"
    """
    from journal.db import people
    from journal.db.lists import Companies

    s = store(ctx, write=not dry_run)
    person = read_sentence(sentence, Companies(s))
    if not new and (same := people.same_name(s, person["name"])):
        raise SameName(same)
    understood = _understood(s, person)
    if as_json and dry_run:
        echo(json_text(understood))
        return
    ask = not yes and not dry_run and sys.stdin.isatty()
    if not as_json or ask:  # with --json, shown (on stderr) only to ask about
        for label, value, note in _lines(understood):
            echo(f"{label:<10} {value}{'  ' + output.dim(note) if note else ''}", err=as_json)
    if dry_run:
        return
    if ask and not typer.confirm("Record this?", default=True, err=True):
        raise typer.Abort()
    person_id = people.add_person(s, **person, new=new)
    report_added(s, person_id, as_json=as_json)


def _understood(s, person: dict) -> dict:
    """What the sentence says, field by field, with the records it names found or new."""
    from journal.db import events, people, reads

    event, via = person["event"], person["via"]
    event_id = events.find_event(s, event) if event else None
    via_id = people.find_person(s, via) if via else None
    plan = person["follow_up"]
    return {
        "name": person["name"],
        "handles": [h.display() for h in person["handles"]],
        "emails": person["emails"],
        "role": person["role"],
        "company": person["company"],
        "city": person["city"],
        "how": person["found_via"] or ("event" if event else "introduction" if via else None),
        "event": event
        and {
            "id": event_id,
            "name": reads.event(s, event_id)["name"] if event_id else event.text,
            "new": event_id is None,
        },
        "via": via
        and {
            "id": via_id,
            "name": reads.person(s, via_id)["name"] if via_id else via.text,
            "new": via_id is None,
        },
        "guests": _guests(s, event_id, person) if event_id else [],
        "met": iso(person.get("met_on") or _event_day(s, event_id) or today()),
        "tags": person["tags"],
        "story": person["story"],
        "follow_up": plan
        and {
            "action": plan["action"],
            "due": iso(plan["due"]),
            "city": plan["city"],
        },
    }


def _guests(s, event_id: int, person: dict) -> list[dict]:
    """The guests of the event's list the person may be: one fills in the card."""
    from journal.db import guests

    found = guests.candidates(s, event_id, person["name"], person["emails"])
    keys = ("id", "name", "email", "company", "role")
    return [{k: g[k] for k in keys} for g in found]


def _event_day(s, event_id: int | None):
    from journal.db import reads

    return reads.event(s, event_id)["date"] if event_id else None


def _lines(u: dict):
    yield "name", u["name"], "new person"
    for key, label in (("handles", "handle"), ("emails", "email")):
        for value in u[key]:
            yield label, value, ""
    for key in ("role", "company", "city", "how"):
        if u[key]:
            yield key, u[key], ""
    for key, kind in (("event", "event"), ("via", "person")):
        if found := u[key]:
            if found["new"]:
                yield key, found["name"], f"new {kind}"
            else:
                yield key, f"#{found['id']} {found['name']}", ""
    yield "met", u["met"], ""
    if len(u["guests"]) == 1:
        g = u["guests"][0]
        known = " · ".join(x for x in (g["name"], g["role"], g["company"], g["email"]) if x)
        yield "guest", f"#{g['id']} {known}", "from the event's guest list"
    elif u["guests"]:
        names = ", ".join(g["name"] for g in u["guests"][:5])
        yield "guests", names, "several on the list: add a last name or an email"
    if u["tags"]:
        yield "tags", ", ".join(u["tags"]), ""
    if u["story"]:
        yield "story", u["story"], ""
    if plan := u["follow_up"]:
        parts = [
            plan["action"],
            plan["due"] and f"due {plan['due']}",
            plan["city"] and f"in {plan['city']}",
        ]
        yield "follow-up", " · ".join(p for p in parts if p), ""
