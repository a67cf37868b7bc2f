"""What the journal prints and writes cannot act on the terminal or the spreadsheet that
shows it (issue 20, point 6): names and notes come from imports and other people."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.formats.csv import cell
from journal.web.csvguard import CsvCells

# Set the window title, clear the screen, write the clipboard (OSC 52), ring, C1 CSI.
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m\x00"


@pytest.fixture
def hostile(journal):
    journal.ok("add", f"Eve{ESCAPES}", "--city", "Paris", "--note", f"note{ESCAPES}")
    journal.ok("follow-up", "Eve", f"call{ESCAPES}", "--due", "today")
    journal.ok("log", "Eve", f"met{ESCAPES}")
    return journal


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "1"],
        ["search", "Eve"],
        ["due"],
        ["show", "1", "--json"],
        ["list", "--json"],
    ],
)
def test_control_characters_are_printed_visibly(hostile, command):
    out = hostile.ok(*command)
    assert not any(c in out for c in "\x1b\x07\x9b\x00"), repr(out)
    assert "Eve" in out
    if "--json" in command:
        found = json.loads(out)
        person = found[0] if isinstance(found, list) else found
        assert person["name"] == f"Eve{ESCAPES}"  # JSON still carries the name whole
    else:
        assert "\\x1b]0;pwned" in out


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(1)"]
)
def test_a_formula_in_a_csv_cell_stays_text(journal, name):
    journal.ok("add", "--company", name, "--", name)
    for text in (journal.ok("list", "--csv"), journal.ok("export", "csv")):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["name"] == "'" + name and rows[0]["company"] == "'" + name


def test_a_cell_starting_with_a_tab_or_a_return_stays_text():
    # The core strips names and companies; a tag or an imported note may still start so.
    assert [cell(v) for v in ("\tx", "\rx", "x", 3, None)] == ["'\tx", "'\rx", "x", 3, None]


def test_ordinary_csv_cells_are_left_alone(journal):
    journal.ok("add", "Zoë Müller", "--company", "Acme-Corp")
    rows = list(csv.DictReader(io.StringIO(journal.ok("list", "--csv"))))
    assert (rows[0]["name"], rows[0]["company"]) == ("Zoë Müller", "Acme-Corp")


def test_the_browsers_csv_makes_a_formula_text(journal, db_path):
    """Datasette's own CSV, streamed or not, as export csv writes it (issue 20, point 6)."""
    from helpers import Site

    journal.ok("add", "--note", "line one\nline two", "--", '=HYPERLINK("http://x","y")')
    site = Site(db_path)
    for path in (
        "/people.csv",
        "/people.csv?_stream=on&_dl=1",
        ".csv?sql=select+name,notes+from+people",
    ):
        rows = list(csv.DictReader(io.StringIO(site.get(path).text)))
        assert rows[0]["name"] == "'" + '=HYPERLINK("http://x","y")', path
        assert rows[0]["notes"] == "line one\nline two"


rows_of_cells = st.lists(
    st.lists(
        st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=8),
        min_size=1,
        max_size=4,
    ),
    min_size=1,
    max_size=6,
)


@given(rows=rows_of_cells, cuts=st.lists(st.integers(0, 400), max_size=6))
def test_csv_cells_give_the_same_rows_however_the_stream_is_cut(rows, cuts):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    body = buffer.getvalue().encode("utf-8")
    cells, out = CsvCells(), b""
    points = sorted({min(c, len(body)) for c in cuts})
    for start, end in zip([0, *points], [*points, len(body)], strict=True):
        out += cells.feed(body[start:end], final=end == len(body))
    expected = [[cell(v) for v in row] for row in csv.reader(io.StringIO(buffer.getvalue()))]
    assert list(csv.reader(io.StringIO(out.decode("utf-8"), newline=""))) == expected
