"""Numbered, append-only schema steps: the frozen history of every journal's schema.

Each step is a file of literal SQL in `steps/`, never edited once released: a constant
imported from elsewhere would silently change what an old step creates for a new
journal. Change the schema by appending a step. Each step runs inside the transaction
that records it in `migrations`, so a journal is always at one whole version. The live
builders of what the triggers keep (search index, facet counts) are in `derived`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

# PRAGMA application_id marks a SQLite file as a journal ("JNL1").
APPLICATION_ID = 0x4A4E4C31
# An SQL expression, true on a journal: how every face asks (one statement, one snapshot).
IS_JOURNAL_SQL = f"(SELECT application_id FROM pragma_application_id()) = {APPLICATION_ID}"

# Beside this file: the package ships them (pyproject.toml, package-data).
STEPS = Path(__file__).parent / "steps"


def statements(script: str) -> Iterator[str]:
    """Split a script into whole statements (trigger bodies contain semicolons)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")


class Migration:
    """One step, by the name of its file in `steps/` (and of its row in `migrations`)."""

    def __init__(self, name: str):
        self.name = name

    @property
    def sql(self) -> str:
        return (STEPS / f"{self.name}.sql").read_text(encoding="utf-8")

    def apply(self, conn: sqlite3.Connection) -> None:
        for statement in statements(self.sql):
            conn.execute(statement)


# Append only. The position in this list (from 1) is the schema version.
MIGRATIONS = [
    Migration("m001_initial"),
    Migration("m002_browser_writes"),
    Migration("m003_vcard_properties"),
    Migration("m004_counts_and_tags"),
    Migration("m005_one_core"),
    Migration("m006_bulk_import"),
    Migration("m007_cadence_since"),
    Migration("m008_met_day"),
    Migration("m009_important_dates"),
    Migration("m010_ways_found"),
    Migration("m011_network"),
    Migration("m012_partial_dates"),
    Migration("m013_browser_lists"),
    Migration("m014_guests"),
    Migration("m015_requests_seen"),
    Migration("m016_other_names"),
    Migration("m017_reminder_digests"),
]
