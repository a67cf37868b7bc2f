"""Serving the journal in Datasette."""

import sys
from typing import Annotated

import typer

from journal.cli.boundary import new_app
from journal.cli.output import echo
from journal.cli.session import store
from journal.errors import InvalidValue

app = new_app()


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the journal in your web browser.")
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="NAME",
            help="Also answer requests for this host name (as typed in the browser's"
            " address bar). Repeatable. Any other name is refused: DNS rebinding.",
        ),
    ] = None,
    proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--proxy",
            metavar="ADDR",
            help="The address of the reverse proxy in front (e.g. 127.0.0.1 for Caddy on"
            " this machine): its X-Forwarded-For and X-Forwarded-Proto are believed, nobody"
            " else's. Repeatable; an address or a network (10.0.0.0/8).",
        ),
    ] = None,
    password: Annotated[
        bool,
        typer.Option(
            "--password",
            help="Require a login (user `journal`). The password is read from"
            " JOURNAL_PASSWORD, or asked for. Needed for a --host beyond this machine.",
        ),
    ] = False,
    replicate: Annotated[
        bool,
        typer.Option(
            "--replicate",
            help="Also stream the journal to its replicas with Litestream (JOURNAL_REPLICAS,"
            " or replicas in replicate.yml), stopped with the server.",
        ),
    ] = False,
) -> None:
    """Browse the journal in Datasette, with the project's metadata and plugin.

    \b
    Example:
      journal serve --open
      JOURNAL_PASSWORD=... journal serve --host 0.0.0.0 --password --allow-host laptop.local
      JOURNAL_PASSWORD=... journal serve --password --proxy 127.0.0.1
      journal serve --replicate
    """
    from journal.web.server import check_host, check_proxies
    from journal.web.server import serve as serve_datasette

    check_host(host, password=password)
    proxies = check_proxies(proxy or [])
    secret = read_password() if password else None
    path = ctx.find_root().obj
    store(ctx, write=True)  # creates or upgrades the journal before Datasette reads it
    replication = replicating(path) if replicate else None
    try:
        serve_datasette(
            path,
            host=host,
            port=port,
            open_browser=open_browser,
            password=secret,
            names=[name.strip() for name in allow_host or [] if name.strip()],
            proxies=proxies,
        )
    finally:
        if replication is not None:
            replication.stop()


def read_password() -> str:
    """The login's password: JOURNAL_PASSWORD, else asked for twice on a terminal."""
    import os

    secret = os.environ.get("JOURNAL_PASSWORD") or None
    if secret is None:
        if not sys.stdin.isatty():
            raise InvalidValue("--password: set JOURNAL_PASSWORD or run in a terminal")
        secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not secret.strip():
        raise InvalidValue("--password: the password is empty")
    return secret


def replicating(path):
    """Litestream beside the server: a replica that fails is said on stderr (and on the
    home page); the server serves on."""
    from journal.offsite.litestream import Replication
    from journal.offsite.settings import settings_for

    def report(line: str, problem: bool) -> None:
        if problem:
            echo(line, err=True)

    replication = Replication(path, settings_for(None), report)
    replication.start()
    shown = ", ".join(r.url for r in replication.settings.replicas)
    echo(f"Replicating to {shown}", err=True)
    return replication
