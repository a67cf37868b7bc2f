"""Everyone as CSV (UTF-8, with a header), for a spreadsheet: `export csv`, `list --csv`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from journal.text.handles import Handle

COLUMNS = [
    "id", "name", "company", "role", "city", "email", "phone", "tags", "found_via",
    "event", "via", "met_on", "met_where", "source_url", "handles", "next_due",
]  # fmt: skip


# A cell a spreadsheet would read as a formula (=HYPERLINK(...) from a name in an
# import): OWASP's advice is to make it text with a leading quote.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def write_people_csv(rows: Iterable[dict]) -> str:
    """People as the core's lists give them (`reads.people`); a formula stays text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        handles = (Handle(h["network"], h["handle"], h["url"]).display() for h in r["handles"])
        row = {**r, "tags": ", ".join(r["tags"]), "handles": " ".join(handles)}
        writer.writerow({k: cell(v) for k, v in row.items()})
    return buffer.getvalue()
