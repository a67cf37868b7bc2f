"""Your network: intro, intros, chain, trip, places."""

from typing import Annotated

import typer

from journal.cli.boundary import new_app
from journal.cli.options import DueOpt, JsonOpt, PersonArg
from journal.cli.output import bold, echo, json_text
from journal.cli.session import store
from journal.errors import InvalidValue
from journal.text.dates import today
from journal.text.inputs import person_ref, read_date, read_plan

app = new_app()


@app.command()
def intro(
    ctx: typer.Context,
    person: PersonArg,
    other: Annotated[str, typer.Argument(metavar="PERSON", help="The other one.")],
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Why, or what you said.")] = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When [default: today].")] = None,
    follow_up: Annotated[
        str | None,
        typer.Option("--follow-up", metavar="ACTION", help="Plan a check, e.g. 'check they met'."),
    ] = None,
    due: DueOpt = None,
) -> None:
    """Record that you introduced two people: on both timelines and in `journal intros`.

    \b
    Example:
      journal intro benji "Cleo Ray" --note "both into local news" \\
        --follow-up "check they met" --due "in 2 weeks"
    """
    from journal.db import network, people

    on_date = read_date(on, "--on") or today()
    planned = None
    if follow_up is not None:
        planned = {"action": follow_up, **read_plan(due, None, None)}
    elif due is not None:
        raise InvalidValue("--due is the date of a --follow-up ACTION; add one")
    first, second = person_ref(person), person_ref(other)
    s = store(ctx, write=True)
    ids = people.resolve_person(s, first), people.resolve_person(s, second)
    intro_id = network.introduce(s, *ids, on=on_date, note=note, follow_up=planned)
    made = network.introductions(s, ids[0])
    done = next(i for i in made if i["id"] == intro_id)
    echo(f"Recorded introduction #{intro_id}: {_pair(done)} on {done['date']}.")
    if done["follow_up"]:
        echo(f"  follow-up #{done['follow_up']['id']} {_follow_up(done['follow_up'])}")


def _pair(i: dict) -> str:
    a, b = i["people"]
    return f"{a['name']} (#{a['id']}) ↔ {b['name']} (#{b['id']})"


def _follow_up(f: dict) -> str:
    return f"{f['action']}" + (f" due {f['due']}" if f["due"] else "") + f" [{f['status']}]"


@app.command()
def intros(
    ctx: typer.Context,
    person: Annotated[
        str | None, typer.Argument(metavar="[PERSON]", help="Only the introductions of PERSON.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The introductions you made, newest first; with PERSON, theirs and whom they
    introduced you to.

    \b
    Example:
      journal intros
      journal intros benji
    """
    from journal.db import network, people, reads

    who = person_ref(person) if person is not None else None
    s = store(ctx)
    person_id = people.resolve_person(s, who) if who is not None else None
    made = network.introductions(s, person_id)
    if as_json:
        echo(json_text(made))
        return
    if not made:
        echo("No introductions recorded yet.", err=True)
    for i in made:
        echo(f"#{i['id']} {i['date']}  {_pair(i)}" + (f"  {i['note']}" if i["note"] else ""))
        if i["follow_up"]:
            echo(f"    follow-up #{i['follow_up']['id']} {_follow_up(i['follow_up'])}")
    if person_id is not None:
        theirs = network.introduced_you(s, person_id)
        if theirs:
            echo(f"\n{reads.person(s, person_id)['name']} introduced you to:")
            for p in theirs:
                met = f", met {p['met_on']}" if p["met_on"] else ""
                echo(f"  {p['name']} (#{p['id']}){met}")


def chain_text(found: dict) -> str:
    """`you → Anne Chabot (Twestival Marseille) → Benji Lanyado`"""
    steps = ["you" if not found["loop"] else "…"]
    for p in found["path"]:
        where = p["event"]["name"] if p["event"] else p["met_where"]
        steps.append(f"{p['name']} (#{p['id']})" + (f" ({where})" if where else ""))
    return " → ".join(steps)


@app.command()
def chain(ctx: typer.Context, person: PersonArg, as_json: JsonOpt = False) -> None:
    """How you came to know someone: the introducers from someone you met directly.

    \b
    Example:
      journal chain "Benji Lanyado"
    """
    from journal.db import network, people

    who = person_ref(person)
    s = store(ctx)
    found = network.chain(s, people.resolve_person(s, who))
    if as_json:
        echo(json_text(found))
        return
    echo(chain_text(found))
    if found["loop"]:
        first = found["path"][0]
        echo(f"(the introducers go round in a circle: {first['name']} was introduced by"
             " someone later in this chain)", err=True)  # fmt: skip


@app.command()
def trip(
    ctx: typer.Context,
    city: Annotated[str, typer.Argument(metavar="CITY", help="Any name of the city: Londres.")],
    since: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="The trip's first day.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="The trip's last day.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most N of each list.")] = 100,
    as_json: JsonOpt = False,
) -> None:
    """Who is in a city, what you planned there and who you met there: for a trip.

    \b
    Example:
      journal trip London --from 2026-12-01 --to 2026-12-05
      journal trip Londres --json
    """
    from journal.db import network

    first = read_date(since, "--from", prefer="future")
    last = read_date(until, "--to", prefer="future")
    s = store(ctx)
    found = network.trip(s, city, since=first, until=last, limit=limit)
    if as_json:
        echo(json_text(found))
        return
    echo(trip_text(found))


def trip_text(t: dict) -> str:
    place = t["place"]
    head = (
        f"{place['name']}, {place['country']}"
        if place
        else f"{t['city']} (not in the gazetteer: matched as typed)"
    )
    lines = [bold(head)]
    shown = len(t["people"])
    lines.append(f"\nWho lives there ({t['people_total']}):")
    for p in t["people"]:
        role = " · ".join(x for x in (p["role"], p["company"]) if x)
        last = f"last contact {p['last_contact']}" if p["last_contact"] else "no contact yet"
        due = ""
        if p["due"]:
            due = f"  {'overdue since' if p['overdue'] else 'due'} {p['due']}"
        role = f", {role}" if role else ""
        lines.append(f"  {p['name']} (#{p['id']}){role}: {last}{due}")
        lines += [
            f"      #{f['id']} {f['action']}" + (f" (due {f['due']})" if f["due"] else "")
            for f in p["promises"]
        ]
    if t["people_total"] > shown:
        lines.append(f"  … and {t['people_total'] - shown} more (journal list --city)")
    if not t["people"]:
        lines.append("  nobody")
    lines.append("\nPlans tied to the city:")
    for f in t["plans"]:
        due = f["due"] or "any time"
        who = f"{f['name']} (#{f['person_id']})"
        lines.append(f"  {due:<10}  {who}: #{f['follow_up_id']} {f['action']}")
    if not t["plans"]:
        lines.append("  none")
    lines.append("\nWho you met there before:")
    for m in t["met_there"]:
        when = f", {m['date']}" if m["date"] else ""
        lines.append(f"  {m['name']} (#{m['id']}) at {m['event']}{when}")
    if not t["met_there"]:
        lines.append("  nobody recorded")
    return "\n".join(lines)


@app.command("places")
def places_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The cities of your journal, where the offline gazetteer puts them.

    \b
    Example:
      journal places
    """
    from journal.db import places

    s = store(ctx)
    places.locate_cities(s)  # stored once, for the map and the lists' facets to read
    rows = places.places(s)
    if as_json:
        echo(json_text(rows))
        return
    if not rows:
        echo("No cities yet.", err=True)
    for r in rows:
        if r["name"] is None:
            where = "not in the gazetteer"
        else:
            where = f"{r['name']}, {r['country']} ({r['latitude']:.2f}, {r['longitude']:.2f})"
        n = r["people"]
        echo(f"{r['city']:<24} {where}  · {n} {'person' if n == 1 else 'people'}")
