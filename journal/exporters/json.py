"""The whole journal as one JSON document, which `import json` restores exactly."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from journal.transfer import EXPORT_FORMAT

if TYPE_CHECKING:
    from journal.store import JournalStore


def write_json(store: JournalStore, out: TextIO) -> int:
    """Write the document row by row (a large journal is never held in memory)."""
    out.write(f'{{"format": "{EXPORT_FORMAT}", "schema": {store.schema_version()}, "tables": {{')
    count = 0
    for t, (table, rows) in enumerate(store.export_tables()):
        out.write(f"{', ' if t else ''}\n  {json.dumps(table)}: [")
        for n, row in enumerate(rows):
            out.write(("," if n else "") + "\n    " + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n  ]")
    out.write("\n}}\n")
    return count
