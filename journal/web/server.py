"""Serving the journal with Datasette. Imported only by `journal serve`: Datasette is heavy."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser
from importlib.resources import files
from pathlib import Path

from journal.errors import InvalidValue

METADATA = files("journal.web") / "metadata.yml"


def metadata_for(path: Path) -> dict:
    """metadata.yml names the database `journal`; Datasette names it after the file."""
    import yaml

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    metadata["databases"] = {path.stem: metadata["databases"]["journal"]}
    return metadata


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str) -> None:
    if not is_loopback(host):
        raise InvalidValue(
            f"--host {host}: serving beyond this machine needs a password, which this"
            " version cannot set yet; use 127.0.0.1"
        )


def serve(path: Path, *, host: str, port: int, open_browser: bool) -> None:
    check_host(host)
    import asyncio

    import uvicorn
    from datasette.app import Datasette

    datasette = Datasette(
        [str(path)],
        metadata=metadata_for(path),
        settings={"suggest_facets": False},
    )
    asyncio.run(datasette.invoke_startup())
    url = f"http://{host}:{port}{datasette.urls.database(path.stem)}"
    print(f"Serving {path} at {url} (Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
