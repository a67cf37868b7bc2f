"""The journal in Datasette with the project's metadata, whatever the file is called."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from journal.web import METADATA, metadata_for


def fetch(db_path: Path, *paths: str) -> list:
    """GET each path, relative to the database's own URL, from Datasette in-process."""
    from datasette.app import Datasette

    async def run():
        ds = Datasette([str(db_path)], metadata=metadata_for(db_path))
        await ds.invoke_startup()
        base = ds.urls.database(db_path.stem)
        return [await ds.client.get(base + p) for p in paths]

    return asyncio.run(run())


def test_top_level_metadata_is_the_packaged_one():
    top = Path(__file__).parent.parent / "metadata.yml"
    assert yaml.safe_load(top.read_text()) == yaml.safe_load(METADATA.read_text())


def test_metadata_applies_to_any_database_name(journal, tmp_path):
    path = tmp_path / "my contacts.db"
    journal.ok("--db", str(path), "add", "Zoë Müller", "--city", "Zürich", "--tag", "press")
    index, people, search = fetch(
        path,
        ".json",
        "/people.json?_shape=objects",
        "/people.json?_search=muller&_shape=objects",
    )
    assert people.status_code == 200
    body = people.json()
    assert [r["name"] for r in body["rows"]] == ["Zoë Müller"]
    facets = body["facet_results"]  # configured in metadata.yml
    assert {"found_via", "city", "company", "tags", "event_id"} <= set(facets)
    assert [(f["value"], f["count"]) for f in facets["city"]["results"]] == [("Zürich", 1)]
    assert [r["name"] for r in search.json()["rows"]] == ["Zoë Müller"]
    assert index.status_code == 200


def test_serve_refuses_a_public_host(journal):
    assert "password" in journal.fails(2, "serve", "--host", "0.0.0.0")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts(host):
    from journal.web import is_loopback

    assert is_loopback(host)
