"""Everyone as CSV (UTF-8, with a header), for a spreadsheet: `export csv`, `list --csv`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from journal.handles import Handle

COLUMNS = [
    "id", "name", "company", "role", "city", "email", "phone", "tags", "found_via",
    "event", "via", "met_on", "met_where", "source_url", "handles", "next_due",
]  # fmt: skip


def write_people_csv(rows: Iterable[dict]) -> str:
    """People as the core's lists give them (`reads.people`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        handles = (Handle(h["network"], h["handle"], h["url"]).display() for h in r["handles"])
        writer.writerow({**r, "tags": ", ".join(r["tags"]), "handles": " ".join(handles)})
    return buffer.getvalue()
