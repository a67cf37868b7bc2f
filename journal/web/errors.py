"""What a request that fails gets: the right status and a page, and one line in the
terminal. Datasette's own handler prints every error's traceback with its local
variables (a 404 even crashes it, through rich), and answers 500 for a bad `_sort` or
`_through`; the journal's plugin puts this one in its place."""

from __future__ import annotations

import sys

from datasette.utils import tilde_decode
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from journal.web.base import is_journal, render
from journal.web.once import Repeated, repeated_answer


def status_of(request, exception: Exception) -> int:
    if isinstance(exception, Base400):
        return exception.status
    if isinstance(exception, DatasetteError):
        # Datasette raises these for what a request asked wrongly (a column to sort by
        # that is not there) and leaves them at 500 unless it says otherwise.
        return 400 if exception.status == 500 else exception.status
    if "_through" in request.args and isinstance(exception, (ValueError, KeyError, TypeError)):
        return 400  # a `_through` that is not JSON, or lacks its table, column or value
    if isinstance(exception, UnicodeDecodeError):  # a form that is not UTF-8
        return 400
    if isinstance(exception, OverflowError):  # a number past SQLite's integers, asked for
        return 400
    return 500


def message_of(exception: Exception, status: int) -> str | Markup:
    if status >= 500:
        return "Something went wrong on the server; its terminal says what."
    if isinstance(exception, DatasetteError):
        return Markup(exception.message) if exception.message_is_html else exception.message
    if isinstance(exception, Base400):
        return exception.args[0] if exception.args else "Not found"
    return f"cannot read this request ({type(exception).__name__}: {exception})"


async def journal_of(datasette, request) -> str | None:
    """The journal a missing page was looked for in, for its 404 inside the journal's bar:
    the first part of the path, else the only journal served; None for a visitor who may
    not see it (not logged in), who gets the bare page."""
    first = tilde_decode(request.path.strip("/").split("/")[0])
    found = [first] if await is_journal(datasette, first) else []
    if not found:
        found = [name for name in datasette.databases if await is_journal(datasette, name)]
    if len(found) != 1:
        return None
    for action, resource in (("view-instance", None), ("view-database", found[0])):
        if not await datasette.permission_allowed(request.actor, action, resource, default=True):
            return None
    return found[0]


async def error_response(datasette, request, exception: Exception) -> Response:
    if isinstance(exception, Repeated):
        return await repeated_answer(datasette, exception)
    status = status_of(request, exception)
    if status >= 500:
        print(
            f"journal serve: {status} {request.method} {request.path}:"
            f" {type(exception).__name__}: {exception}",
            file=sys.stderr,
            flush=True,
        )
    info = {"ok": False, "error": message_of(exception, status), "status": status, "title": None}
    if isinstance(exception, DatasetteError):
        info.update(exception.error_dict, title=exception.title)
    if request.path.endswith(".json"):
        return Response.json({**info, "error": str(info["error"])}, status=status)
    if status == 404 and (database := await journal_of(datasette, request)):
        return await render(request, datasette, "404.html", database, info, status=404)
    template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
    context = {**info, "urls": datasette.urls, "app_css_hash": datasette.app_css_hash()}
    html = await template.render_async({**context, "menu_links": lambda: []})
    return Response.html(html, status=status)
