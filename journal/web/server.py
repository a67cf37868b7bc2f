"""Serving the journal with Datasette. Imported only by `journal serve`: Datasette is heavy."""

from __future__ import annotations

import ipaddress
import re
import tempfile
import threading
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from journal.errors import InvalidValue, JournalError
from journal.fields import FOLLOW_UP_STATUSES, FOUND_VIA, INTERACTION_KINDS, NETWORKS
from journal.web.login import USER

METADATA = files("journal.web") / "metadata.yml"


def one_of(values: tuple[str, ...]) -> str:
    return f"{', '.join(values[:-1])} or {values[-1]}"


# Where metadata.yml spells out a vocabulary of journal.fields, and how. `with_vocabularies`
# writes them from the vocabularies on every start; a test checks the file says the same,
# for `datasette journal.db -m metadata.yml`.
VOCABULARIES = {
    ("tables", "people", "columns", "found_via"): f"How you found them: {one_of(FOUND_VIA)}.",
    ("tables", "interactions", "columns", "kind"): f"{one_of(INTERACTION_KINDS)}.",
    ("tables", "ways_found", "columns", "kind"): f"{one_of(FOUND_VIA)}.",
    ("tables", "follow_ups", "columns", "status"): f"{one_of(FOLLOW_UP_STATUSES)}.",
    ("tables", "handles", "columns", "network"): f"{one_of(NETWORKS)}.",
    ("queries", "people_by_how_found", "description"): f"{one_of(FOUND_VIA)}.",
}


def with_vocabularies(database: dict) -> dict:
    """The database's metadata, with each vocabulary as journal.fields has it."""
    for path, text in VOCABULARIES.items():
        place = database
        for key in path[:-1]:
            place = place[key]
        place[path[-1]] = text
    return database


def metadata_for(path: Path, *, password: bool = False, host: str = "127.0.0.1", names=()) -> dict:
    """metadata.yml names the database `journal`; Datasette names it after the file.

    With a password, every page needs a login (journal.web.login checks it; the hash
    stays out of the metadata, which /-/metadata.json shows).
    The journal's plugin answers for `host`, this machine and `names` (guard.Hosts).
    """
    import yaml

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    metadata["databases"] = {path.stem: with_vocabularies(metadata["databases"]["journal"])}
    everywhere = host in ("0.0.0.0", "::", "")
    metadata.setdefault("plugins", {})["journal"] = {
        "hosts": [*([] if everywhere else [host]), *names],
        "any_address": everywhere,
    }
    if password:
        metadata["allow"] = {"id": USER}
    return metadata


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str, *, password: bool) -> None:
    if not password and not is_loopback(host):
        raise InvalidValue(
            f"--host {host}: serving beyond this machine needs a login; add --password"
            " (or use 127.0.0.1)"
        )


def check_proxies(proxies: list[str]) -> list[str]:
    """The --proxy addresses, each an IP address or network, as uvicorn takes them."""
    checked = []
    for proxy in (p.strip() for given in proxies for p in given.split(",")):
        try:
            if "/" in proxy:  # uvicorn takes 10.0.0.0/8, not 10.0.0.1/8
                proxy = str(ipaddress.ip_network(proxy, strict=False))
            else:
                ipaddress.ip_address(proxy)
        except ValueError:
            raise InvalidValue(
                f"--proxy {proxy!r}: not an IP address or network (e.g. 127.0.0.1)",
                field="--proxy",
            ) from None
        checked.append(proxy)
    return checked


def datasette_for(path: Path, *, password: str | None = None, host: str = "127.0.0.1", names=()):
    """The Datasette that `serve` runs, also built by the tests."""
    from datasette.app import Datasette

    from journal.web import limits, login

    datasette = Datasette(
        [str(path)],
        metadata=metadata_for(path, password=password is not None, host=host, names=names),
        settings={"suggest_facets": False, "sql_time_limit_ms": limits.SQL_TIME_LIMIT_MS},
    )
    if password is not None:
        login.LOGINS[datasette] = login.Login(login.hash_password(password))
    return datasette


# What Datasette's `file:` URI for SQLite cannot carry as it is: a journal called
# `a#b.db` opened a stray empty file `a`, and `a%20b.db` none at all.
URI_UNSAFE = re.compile(r"[?#%\x00-\x1f\x7f]")


@contextmanager
def servable(path: Path) -> Iterator[Path]:
    """`path`, or where its name would confuse Datasette, a link to it with a plain
    name, in a folder of your own for as long as `serve` runs. SQLite follows the link,
    so the -wal and -shm files stay beside the journal."""
    if not URI_UNSAFE.search(str(path)):
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="journal-serve-"))
    link = folder / (URI_UNSAFE.sub("_", path.stem) + ".db")
    try:
        link.symlink_to(path.resolve())
        yield link
    finally:
        link.unlink(missing_ok=True)
        folder.rmdir()


def serve(
    path: Path,
    *,
    host: str,
    port: int,
    open_browser: bool,
    password: str | None = None,
    names=(),
    proxies=(),
) -> None:
    check_host(host, password=password is not None)
    with servable(path) as served:
        datasette = datasette_for(served, password=password, host=host, names=names)
        _run(datasette, path, served, host=host, port=port, open_browser=open_browser,
             login=password is not None, proxies=list(proxies))  # fmt: skip


def _run(
    datasette,
    path: Path,
    served: Path,
    *,
    host: str,
    port: int,
    open_browser: bool,
    login: bool,
    proxies: list[str],
) -> None:
    """Listen, print where, and serve until Ctrl-C."""
    import asyncio
    import socket

    import uvicorn

    from journal.web.limits import bound_heap

    bound_heap()
    asyncio.run(datasette.invoke_startup())
    # Bound here, not by uvicorn, so that --port 0 gets a free port we can print.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise JournalError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    # Listening before the URL is printed: whoever reads it can connect at once, and
    # waits in the backlog until uvicorn accepts.
    sock.listen(2048)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}{datasette.urls.database(served.stem)}"
    # One line, whatever the file is called (a newline in its name is shown as \n).
    name = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in str(path))
    print(f"Serving {name} at {url} (Ctrl-C to stop)", flush=True)
    if login:
        print(f"Log in as {USER!r} with the password you gave.", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    # Forwarded headers from the --proxy addresses alone: uvicorn believes any loopback
    # client by default, so a page on this machine could be a new client at each request.
    config = uvicorn.Config(
        datasette.app(),
        log_level="warning",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("Stopped.", flush=True)
