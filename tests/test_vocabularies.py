"""The vocabularies (how found, interaction kinds, networks, statuses) are defined once, in
journal.fields; the schema, metadata.yml, the card and the benchmarks must say the same."""

from __future__ import annotations

import copy
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journal.db import Connection, people
from journal.fields import FOLLOW_UP_STATUSES, FOUND_VIA, INTERACTION_KINDS, NETWORKS
from journal.web.server import METADATA, with_vocabularies

ROOT = Path(__file__).parent.parent


def test_metadata_yml_spells_each_vocabulary_as_journal_fields_does():
    database = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["journal"]
    assert with_vocabularies(copy.deepcopy(database)) == database


INSERTS = {
    "found_via": (FOUND_VIA, "INSERT INTO people (name, name_key, found_via) VALUES ('x', 'x', ?)"),
    "kind": (
        INTERACTION_KINDS,
        "INSERT INTO interactions (person_id, date, kind) VALUES (1, '2026-01-01', ?)",
    ),
    "network": (
        NETWORKS,
        "INSERT INTO handles (person_id, network, handle) VALUES (1, ?, 'h' || random())",
    ),
    "status": (
        FOLLOW_UP_STATUSES,
        "INSERT INTO follow_ups (person_id, action, status) VALUES (1, 'a', ?)",
    ),
}


@pytest.mark.parametrize("column", INSERTS)
def test_the_schema_accepts_each_vocabulary_and_nothing_else(fresh_db, column):
    values, sql = INSERTS[column]
    people.add_person(fresh_db, "Ada")
    conn = fresh_db.conn
    for value in values:
        conn.execute(sql, [value])
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(sql, ["not-a-" + column])
    conn.rollback()


def test_the_card_offers_every_interaction_kind(journal, db_path):
    from helpers import Site

    journal.ok("add", "Ada")
    html = Site(db_path).get("/people/1").text
    form = html[html.index('class="journal-log"') :]
    offered = re.findall(r"<option[^>]*>([^<]+)</option>", form[: form.index("</select>")])
    assert offered == list(INTERACTION_KINDS)


def test_the_benchmark_journal_uses_the_vocabularies(tmp_path):
    path = tmp_path / "bench.db"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(path), "--people", "200"],
        check=True,
        capture_output=True,
    )
    store = Connection(path)
    try:
        how = {r["found_via"] for r in store.rows("SELECT DISTINCT found_via FROM people")}
        kinds = {r["kind"] for r in store.rows("SELECT DISTINCT kind FROM interactions")}
    finally:
        store.close()
    assert how - {None} == set(FOUND_VIA)
    assert kinds == set(INTERACTION_KINDS)
