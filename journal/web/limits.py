"""Bounds on the work one request can make `journal serve` do (issue 31, point 2).

Datasette stops a query at its time limit through SQLite's progress handler, which runs
between steps of SQLite's machine; one step can be long: `printf('%.*c', 999999999, 'x')`
built a gigabyte in one call, out of the handler's reach, for 15 s. So each connection
also caps the length of any string or blob a query builds, and `serve` caps SQLite's
heap. Under the length cap, SQLite 3.40's printf still loops once per character of a
`%.*c` (a second per 50 million, building nothing): `printf` and `format` answer a
width or precision past the cap with NULL, as SQLite's own does a result past it, before
SQLite's own runs. SQL of the visitor's own (`sql`, `_where`) runs one request at a time, so however
long it takes, Datasette's other threads are free for every other page.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading

# Far beyond any value the journal holds (a note, a card's photo), far below what stalls.
LONGEST_VALUE = 16 * 1024 * 1024
LONGEST_LIKE_PATTERN = 1000
LONGEST_SQL = 100_000
# All of SQLite in the `serve` process; the page cache of a journal of 100,000 people
# stays far under it.
HEAP_LIMIT = 512 * 1024 * 1024
# Datasette's own default, said here: a query of the SQL box, a `_where`, a facet.
SQL_TIME_LIMIT_MS = 1000
# Of Datasette's three query threads, the ones that SQL of the visitor's may hold.
SQL_AT_ONCE = 1


# A printf conversion: flags, width, precision (a number or `*`, taken from the arguments).
CONVERSION = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d*))?(?:ll)?(.)")
OWN_PRINTF = threading.local()


def bound(conn: sqlite3.Connection) -> None:
    """Cap what any query on `conn` can build."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LONGEST_VALUE)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, LONGEST_LIKE_PATTERN)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, LONGEST_SQL)
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)


def sizes(fmt: str, args: tuple) -> list[int]:
    """Each width and precision `fmt` asks for, with those given as `*` read from `args`."""
    found, taken = [], 0
    for width, precision, kind in CONVERSION.findall(fmt):
        for size in (width, precision):
            if size == "*":
                value, taken = args[taken] if taken < len(args) else 0, taken + 1
                found.append(abs(int(value)) if isinstance(value, int | float) else 0)
            elif size:
                found.append(int(size))
        taken += kind != "%"
    return found


def bounded_printf(fmt, *args):
    """SQLite's printf; NULL for a width or precision past LONGEST_VALUE."""
    if fmt is None or any(size > LONGEST_VALUE for size in sizes(str(fmt), args)):
        return None
    conn = getattr(OWN_PRINTF, "conn", None)
    if conn is None:  # SQLite's own, on a connection of this thread's that has no override
        conn = OWN_PRINTF.conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LONGEST_VALUE)
    marks = ", ".join("?" * (len(args) + 1))
    return conn.execute(f"select printf({marks})", (fmt, *args)).fetchone()[0]


def bound_heap() -> None:
    """Cap SQLite's memory in this whole process (only `serve` calls it)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA hard_heap_limit={HEAP_LIMIT}")
    finally:
        conn.close()


def one_at_a_time(app, carries_sql):
    """`app`, with the requests for which `carries_sql(scope)` served one at a time."""
    turn = asyncio.Semaphore(SQL_AT_ONCE)

    async def limited(scope, receive, send):
        if scope["type"] != "http" or not carries_sql(scope):
            await app(scope, receive, send)
            return
        async with turn:
            await app(scope, receive, send)

    return limited
