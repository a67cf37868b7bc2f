"""The journal as one document: every table's rows out (`export json`, `export vcard`)
and back into an empty journal (`import json`), with the same ids, dates and rows."""

from __future__ import annotations

import json
from collections.abc import Iterator

from journal.db.checks import CHECKS
from journal.db.connection import Connection, RollBack
from journal.errors import Conflict, JournalError
from journal.formats.json import EXPORT_FORMAT
from journal.schema.derived import DERIVED_TABLES

# Tables of a journal in the order rows can be inserted (what they point at first).
TABLES = ("events", "people", "emails", "handles", "interactions", "follow_ups")
# Kept by the server for a while, not part of what the journal holds: never exported.
PASSING = ("requests_seen",)


def contacts(db: Connection) -> Iterator[dict]:
    """Everyone with their emails, handles and important dates, for `export vcard`;
    oldest first."""
    rows = db.db.query(
        """SELECT p.*,
            (SELECT json_group_array(m.email) FROM emails m WHERE m.person_id = p.id)
                AS emails,
            (SELECT json_group_array(json_object('network', h.network,
                'handle', h.handle, 'url', h.url)) FROM handles h WHERE h.person_id = p.id)
                AS handles,
            (SELECT json_group_array(json_object('label', d.label, 'date', d.date,
                'yearly', json(iif(d.yearly, 'true', 'false'))))
                FROM important_dates d WHERE d.person_id = p.id) AS dates,
            (SELECT json_group_array(o.name) FROM other_names o WHERE o.person_id = p.id)
                AS other_names
        FROM people p ORDER BY p.id"""
    )
    for row in rows:
        for key in ("emails", "handles", "tags", "dates", "other_names"):
            row[key] = json.loads(row[key])
        yield row


# Other people's data, as an organiser's export gave it: out only when asked for.
PRIVATE_TABLES = ("guests",)


def export_tables(
    db: Connection, *, with_private: bool = False
) -> Iterator[tuple[str, Iterator[dict]]]:
    """Every table of the journal, rows in id order (search indexes are rebuilt); the
    events' guest lists only `with_private`."""
    for table in data_tables(db):
        if table in PRIVATE_TABLES and not with_private:
            continue
        yield table, (dict(r) for r in db.db.query(f"SELECT * FROM [{table}] ORDER BY rowid"))


def data_tables(db: Connection) -> list[str]:
    names = [
        r["name"]
        for r in db.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'migrations'"
            " AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%'"
            f" AND name NOT IN ({', '.join(repr(t) for t in (*DERIVED_TABLES, *PASSING))})"
        )
    ]
    # Known tables in insertion order, then any later ones.
    return [t for t in TABLES if t in names] + sorted(set(names) - set(TABLES))


def is_empty(db: Connection) -> bool:
    return all(
        db.conn.execute(f"SELECT 1 FROM [{t}] LIMIT 1").fetchone() is None for t in data_tables(db)
    )


def restore(
    db: Connection, document: dict, *, source: str, dry_run: bool = False
) -> dict[str, int]:
    """Load an export into an empty journal: the same ids, dates and rows."""
    if document.get("format") != EXPORT_FORMAT or not isinstance(document.get("tables"), dict):
        raise JournalError(f"{source}: not a journal export (no format/tables)")
    if document.get("schema", 0) > db.schema_version():
        raise JournalError(f"{source}: written by a newer journal; upgrade journal first")
    unknown = set(document["tables"]) - set(data_tables(db))
    if unknown:
        raise JournalError(f"{source}: unknown tables {', '.join(sorted(unknown))}")
    counts = {}
    try:
        with db.transaction():
            if not is_empty(db):
                raise Conflict(f"{source}: the journal is not empty; a restore needs an empty one")
            # Introducers may come after the people they introduced.
            db.conn.execute("PRAGMA defer_foreign_keys = ON")
            for table in data_tables(db):
                rows = document["tables"].get(table, [])
                if not isinstance(rows, list):
                    raise JournalError(f"{source}: {table} is not a list of rows")
                if table == "ways_found" and rows:
                    # The file has every way, the first ones too, which the triggers
                    # made already from the people rows.
                    db.conn.execute("DELETE FROM ways_found")
                counts[table] = _insert_rows(db, table, rows, source)
            if db.conn.execute("PRAGMA foreign_key_check").fetchone():
                raise JournalError(f"{source}: rows point at rows the file does not have")
            if dry_run:
                raise RollBack
    except RollBack:
        pass
    return counts


def _insert_rows(db: Connection, table: str, rows: list, source: str) -> int:
    columns = {c.name for c in db.db[table].columns}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not row or not set(row) <= columns:
            raise JournalError(f"{source}: {table} row {n} does not fit the {table} table")
        for column, value in row.items():
            check = CHECKS.get((table, column))
            if check is None or value is None:
                continue
            try:
                check(value)
            except ValueError as e:
                raise JournalError(f"{source}: {table} row {n}, {column}: {e}") from None
        names = ", ".join(f"[{k}]" for k in row)
        values = ", ".join(f":{k}" for k in row)
        try:
            db.conn.execute(f"INSERT INTO [{table}] ({names}) VALUES ({values})", row)
        except Exception as e:
            raise JournalError(f"{source}: {table} row {n}: {e}") from None
    return len(rows)
