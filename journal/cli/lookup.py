"""Finding people: list (filtered by how, event, tag, city, company, via or date) and
search (full text). Read-only: they write nothing."""

from typing import Annotated

import typer

from journal.cli import completion, output
from journal.cli.boundary import new_app
from journal.cli.options import CityOpt, CompanyOpt, HowOpt, JsonOpt, repeatable
from journal.cli.output import echo, json_text, print_people
from journal.cli.session import store
from journal.text.inputs import event_ref, person_ref, read_date

app = new_app()


@app.command("list")
def list_(
    ctx: typer.Context,
    how: HowOpt = None,
    event: Annotated[
        str | None,
        typer.Option(
            metavar="NAME|ID", help="Met at this event.", autocompletion=completion.events
        ),
    ] = None,
    tag: repeatable("--tag", "TAG", "Has this tag.", completion.tags) = None,
    city: CityOpt = None,
    company: CompanyOpt = None,
    via: Annotated[
        str | None,
        typer.Option(
            metavar="PERSON",
            help="Introduced or pointed out by them.",
            autocompletion=completion.people,
        ),
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
    from journal.db import events, people, reads

    since_date = read_date(since, "--since")
    at = event_ref(event, "--event") if event else None
    through = person_ref(via, "--via") if via else None
    s = store(ctx)
    rows = reads.people(
        s,
        how=how,
        event_id=events.resolve_event(s, at) if at else None,
        tags=tag or [],
        city=city,
        company=company,
        via_id=people.resolve_person(s, through) if through else None,
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
    """Full-text search over people's cards, the log, open plans and events; then the
    guests of events' lists you have not yet met (with --json, as {"guest": {...}}).

    \b
    Example:
      journal search "muller berlin"
    """
    from journal.db import guests, reads

    s = store(ctx)
    results = reads.search(s, query)
    found_guests = guests.search_guests(s, query)
    if as_json:
        echo(json_text(results + [{"guest": g} for g in found_guests]))
        return
    if not results and not found_guests:
        echo(f"Nothing matches {query!r}.", err=True)
    for r in results:
        echo(output.person_line(r))
        for m in r["matches"]:
            echo(f"    {m['date'] or '':<10}  {m['kind']:<8} {m['snippet']}")
    if found_guests:
        from journal.cli.guests import print_found

        print_found(found_guests, after_people=bool(results))
