"""The whole journal as one JSON document, which `import json` restores exactly."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from journal.errors import JournalError
from journal.files import open_text

EXPORT_FORMAT = "journal"


def write_json(schema: int, tables: Iterable[tuple[str, Iterator[dict]]], out: TextIO) -> int:
    """Write the document row by row (a large journal is never held in memory); returns
    the rows written."""
    out.write(f'{{"format": "{EXPORT_FORMAT}", "schema": {schema}, "tables": {{')
    count = 0
    for t, (table, rows) in enumerate(tables):
        out.write(f"{', ' if t else ''}\n  {json.dumps(table)}: [")
        for n, row in enumerate(rows):
            out.write(("," if n else "") + "\n    " + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n  ]")
    out.write("\n}}\n")
    return count


def read_json(path: Path) -> dict:
    """The document in `path` (the core's `restore` checks it is a journal's)."""
    with open_text(path) as f:
        try:
            document = json.load(f)
        except json.JSONDecodeError as e:
            raise JournalError(f"{path}: not valid JSON (line {e.lineno}: {e.msg})") from None
        except UnicodeDecodeError:
            raise JournalError(f"{path}: not a JSON file (not UTF-8 text)") from None
        except RecursionError:
            raise JournalError(f"{path}: not a journal export (nested too deeply)") from None
    if not isinstance(document, dict):
        raise JournalError(f"{path}: not a journal export")
    return document
