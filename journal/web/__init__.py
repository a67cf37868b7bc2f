"""The journal's Datasette plugin, loaded through the `datasette` entry point.

It turns a person's row page into a contact card and an event's into the list of who
you met there, puts "due this week" and "recently met" on the database page, serves the
browser's writes and `/<db>/due.ics` (routes), and refuses writes that do not come from
the journal's own pages (guard). Only journals are touched: any other database
Datasette serves alongside keeps Datasette's own pages.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from journal.web import corrections, forms, limits, login, network, offline, views
from journal.web.errors import error_response
from journal.web.facets import CountedFacet
from journal.web.guard import Hosts, carries_sql, guarded
from journal.web.once import remembered
from journal.web.pages import template_vars
from journal.web.routes import ROUTES

# Static files are served under the distribution's name.
PLUGIN = "journal"
# Columns of the canned queries that hold a person's id: shown as a link to the card.
PERSON_COLUMNS = ("person_id", "introducer_id")


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def inner():
        return await template_vars(view_name, database, table, request, datasette)

    return inner


@hookimpl
def render_cell(value, column, table, database, datasette):
    """In the canned queries' results, a person's id links to their card."""
    if table is not None or column not in PERSON_COLUMNS or not isinstance(value, int):
        return None
    if database not in datasette.databases:
        return None
    url = datasette.urls.row(database, "people", value)
    return Markup(f'<a href="{escape(url)}">{value}</a>')


@hookimpl
def prepare_connection(conn):
    limits.bound(conn)


@hookimpl
def register_facet_classes():
    return [CountedFacet]


@hookimpl
def extra_css_urls(database, datasette):
    return [datasette.urls.static_plugins(PLUGIN, "journal.css")]


@hookimpl
def register_routes():
    routes = [
        *views.ROUTES,
        *forms.ROUTES,
        *corrections.ROUTES,
        *ROUTES,
        *network.ROUTES,
        *login.ROUTES,
    ]
    routes += offline.ROUTES
    return [*routes, *views.LAST_ROUTES]


@hookimpl
def actor_from_request(datasette, request):
    return login.actor(datasette, request)


@hookimpl
def forbidden(datasette, request, message):
    """With a password set, a visitor who is not logged in is sent to the login form."""
    if request.actor is not None or login.login_for(datasette) is None:
        return None
    return Response.redirect(datasette.urls.path("/-/login"))


@hookimpl
def startup(datasette):
    # Datasette's handler would still run after ours, printing the traceback we spare.
    from datasette.plugins import pm

    if pm.has_plugin("datasette.handle_exception"):
        pm.unregister(name="datasette.handle_exception")


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    return error_response(datasette, request, exception)


@hookimpl
def asgi_wrapper(datasette):
    config = datasette.plugin_config(PLUGIN) or {}
    hosts = Hosts(config.get("hosts", ()), any_address=config.get("any_address", False))

    def logged_in(headers):
        return login.logged_in(datasette, headers)

    def wrapped(app):
        app = offline.keeping_leaves_the_cookie(remembered(app, datasette))
        return guarded(limits.one_at_a_time(app, carries_sql), hosts, logged_in)

    return wrapped
