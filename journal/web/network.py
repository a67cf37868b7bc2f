"""The network's pages: /<db>/-/trip, /-/network, /-/map and /-/stats.

Each reads the same core function as its command (`trip` is `journal trip`), on
Datasette's read connection, and writes nothing: these are GETs another site can link to
(cities not located yet are looked up in the offline gazetteer without being stored;
journal.web.routes stores them after a write). Every script they run ships in
static/ (Leaflet for the map, network.js for the graph); the map's tiles come from the
network when there is one, and its places are listed in the page either way.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from markupsafe import Markup

from journal.db import network
from journal.errors import JournalError
from journal.text.inputs import read_date
from journal.text.words import counted
from journal.web import charts
from journal.web.base import journal_database, read, render

# A page lists this many of each (who lives there, plans, met there); the rest are a
# click away, as on the home page.
TRIP_ITEMS = 12

PAGES = {
    "trip": "A trip",
    "network": "Your network",
    "map": "The map",
    "stats": "The story in charts",
}


def trip_lists(found: dict, people_url: str, events_url: str) -> dict[str, Markup]:
    """The trip's three lists, item by item: made here rather than in the template, which
    renders a page in hundreds of small pieces (its cost grew with the rows shown). Every
    value goes through `html.escape`, quotes too."""
    e = html.escape
    # Datasette's URLs are a str subclass whose every method call is slow: plain ones.
    people_url, events_url = e(str(people_url)), e(str(events_url))

    def person(person_id: int, name: str) -> str:
        return f'<a href="{people_url}/{person_id}">{e(name)}</a>'

    def day(text: str) -> str:  # a date never wraps (journal.css)
        return f'<time datetime="{e(text)}">{e(text)}</time>'

    people = []
    for p in found["people"]:
        role = " at ".join(x for x in (p["role"], p["company"]) if x)
        item = '<li class="journal-overdue">' if p["overdue"] else "<li>"
        item += person(p["id"], p["name"])
        if role:
            item += f' <span class="journal-sub">{e(role)}</span>'
        if p["last_contact"]:
            item += f' <span class="journal-sub">· last contact {day(p["last_contact"])}</span>'
        else:
            item += ' <span class="journal-sub">· no contact yet</span>'
        if p["due"]:
            when = "overdue since" if p["overdue"] else "due"
            item += f' <span class="journal-due">{when} {day(p["due"])}</span>'
        if p["promises"]:
            item += '<ul class="journal-follow-ups">'
            for f in p["promises"]:
                due = f' <span class="journal-sub">due {day(f["due"])}</span>' if f["due"] else ""
                item += f"<li>{e(f['action'])}{due}</li>"
            item += "</ul>"
        people.append(item + "</li>")
    plans = [
        f"<li>{person(f['person_id'], f['name'])}: {e(f['action'])}"
        f' <span class="journal-due">{e(f["due"] or "any time")}</span></li>'
        for f in found["plans"]
    ]
    met_there = [
        f"<li>{person(m['id'], m['name'])} at"
        f' <a href="{events_url}/{m["event_id"]}">{e(m["event"])}</a>'
        + (f' <span class="journal-sub">{day(m["date"])}</span>' if m["date"] else "")
        + "</li>"
        for m in found["met_there"]
    ]
    return {
        "people": Markup("".join(people)),
        "plans": Markup("".join(plans)),
        "met_there": Markup("".join(met_there)),
    }


async def trip_vars(request, datasette, database: str) -> dict:
    city = (request.args.get("city") or "").strip()
    typed = {k: request.args.get(k) or "" for k in ("city", "from", "to")}
    if not city:
        return {"typed": typed, "trip": None}
    try:
        since = read_date(request.args.get("from") or None, "from", prefer="future")
        until = read_date(request.args.get("to") or None, "to", prefer="future")
        found = await read(
            datasette,
            database,
            lambda core: network.trip(core, city, since=since, until=until, limit=TRIP_ITEMS),
        )
    except JournalError as e:
        return {"typed": typed, "trip": None, "error": str(e)}
    urls = datasette.urls
    lists = trip_lists(found, urls.table(database, "people"), urls.table(database, "events"))
    return {"typed": typed, "trip": found, "lists": lists}


def links(text: str | None) -> int:
    """?links=N draws the latest N links (at most 500) instead of the latest 25."""
    try:
        return max(1, min(500, int(text or network.MOST_LINKS)))
    except ValueError:
        return network.MOST_LINKS


def graph_nodes(datasette, database: str, graph: dict) -> list[dict]:
    """What network.js draws of each person: a name and the card it links to."""
    people = str(datasette.urls.table(database, "people"))
    return [
        {"id": n["id"], "name": n["name"], "url": f"{people}/{n['id']}"} for n in graph["nodes"]
    ]


def map_points(datasette, database: str, found: dict) -> list[dict]:
    """What map.js marks: each place, with links to a few of its people and its events."""
    urls, points = datasette.urls, []
    for pl in found["places"]:
        links = [
            {"text": p["name"], "url": str(urls.row(database, "people", p["id"]))}
            for p in pl["some_people"]
        ]
        links += [
            {"text": e["name"], "url": str(urls.row(database, "events", e["id"]))}
            for e in pl["events"][:5]
        ]
        trip = f"{urls.database(database)}/-/trip?{urlencode({'city': pl['city']})}"
        links.append({"text": f"Trip to {pl['name']}", "url": trip})
        label = f"{pl['name']}, {pl['country']}: {counted(pl['people'], 'person')}"
        points.append(
            {
                "latitude": pl["latitude"],
                "longitude": pl["longitude"],
                "label": label,
                "people": pl["people"],
                "links": links,
            }
        )
    return points


async def page(request, datasette):
    database = await journal_database(request, datasette)
    name = request.url_vars["page"]
    context = {"database": database, "page": name, "pages": PAGES, "title": PAGES[name]}
    status = 200
    if name == "trip":
        context |= await trip_vars(request, datasette, database)
        status = 400 if context.get("error") else 200
    elif name == "network":
        most = links(request.args.get("links"))
        graph = await read(datasette, database, lambda core: network.graph(core, most=most))
        context |= {"graph": graph, "graph_nodes": graph_nodes(datasette, database, graph)}
    elif name == "map":
        found = await read(datasette, database, network.map_points)
        context |= {"map": found, "map_points": map_points(datasette, database, found)}
    else:
        found = await read(datasette, database, network.stats)
        urls = datasette.urls
        drawn = charts.for_stats(
            found,
            person_url=lambda r: urls.row(database, "people", r["id"]),
            event_url=lambda r: urls.row(database, "events", r["id"]),
        )
        context |= {"stats": found, "charts": drawn}
    return await render(
        request, datasette, f"journal_{name}.html", database, context, status=status
    )


ROUTES = [(r"^/(?P<database>[^/]+)/-/(?P<page>trip|network|map|stats)$", page)]
