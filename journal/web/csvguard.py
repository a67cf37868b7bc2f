"""Datasette's CSV (`/<db>/people.csv`, `?sql=…` as `.csv`), with a cell a spreadsheet
would read as a formula made text, as `journal export csv` makes it (formats.csv.cell).

Datasette streams its CSV, so it is rewritten as it goes, a record at a time: a record
ends at a line break outside quotes, which is where the count of quotes is even.
"""

from __future__ import annotations

import codecs
import csv
import io

from journal.formats.csv import cell

END = "\r\n"  # how Python's csv module, and so Datasette, ends a record


def neutralised(record: str) -> str:
    """The record, its formula cells made text; as it was when it has none."""
    row = next(csv.reader([record]), [])
    safe = [cell(value) for value in row]
    if safe == row:
        return record
    out = io.StringIO()
    # Datasette's own line ending, so a line break in a cell is quoted as it quotes it.
    csv.writer(out, lineterminator=END).writerow(safe)
    return out.getvalue().removesuffix(END)


class CsvCells:
    """Feed it the body as it comes; it gives back what can be sent."""

    def __init__(self):
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending = ""

    def feed(self, data: bytes, *, final: bool) -> bytes:
        pieces = (self.pending + self.decoder.decode(data, final)).split(END)
        self.pending = pieces.pop()  # what follows the last line break: not yet whole
        done, record = [], None
        for piece in pieces:
            record = piece if record is None else record + END + piece
            if record.count('"') % 2 == 0:
                done.append(neutralised(record) + END)
                record = None
        if record is not None:  # a line break inside quotes: the record goes on
            self.pending = record + END + self.pending
        if final and self.pending:
            done.append(neutralised(self.pending))
            self.pending = ""
        return "".join(done).encode("utf-8")


def is_csv(scope) -> bool:
    return scope["path"].endswith(".csv")
