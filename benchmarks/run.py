"""Every speed and memory goal of `journal`, measured side by side in one run.

    python benchmarks/run.py [--runs 10] [--only add,help,...] [--people 100000]
                             [--rows 100000] [--memory-rows 10000,1000000]
                             [--journal PATH] [--jrnl PATH] [--strict]

Each comparison runs one warm-up call of each side (not counted), then N calls of each
taken alternately (journal, peer, journal, peer, ...), and reports the medians, their
ratio against the goal, and the peak RSS of each side's processes. The peers:

- `add`, `help`: the terminal journal jrnl (`pip install -e '.[bench]'`);
- `due`, `show`, `search`, `list`: journal itself on a journal of one person, against
  one of --people people with ten log entries each (benchmarks/generate.py);
- `import`: `sqlite-utils insert --csv` of the same LinkedIn rows (benchmarks/linkedin.py);
  `import-indexed`: the same insert into a table given beforehand the indexes and the
  full-text search that the journal keeps for those fields (shown, without a goal);
  `import-memory`: journal's own peak memory at the largest of --memory-rows against
  the smallest;
- `import-twitter`: `sqlite-utils insert --nl` of the same posts as newline-delimited JSON
  (benchmarks/twitter.py); `import-twitter-memory`: journal's peak memory importing
  --rows posts against the fewest of --memory-rows;
- `pages`, the journal's pages (home, contact list filtered and searched, card, search,
  due, the add and edit forms, the add form's POST) and, without a goal, Datasette's own
  table and database pages: Datasette as `journal serve` runs it, on the big journal
  against one of 100 people (the goals), then against one of 2,000 whose pages are as
  full, requested in-process so that no network is measured (benchmarks/pages.py).

Every tool runs with a temporary HOME and XDG folders and NO_COLOR, so none touches
your real config, journals or database; after the runs each comparison checks that the
work was really done. Unix only (`os.wait4`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.guests import VISITORS, write_luma  # noqa: E402
from benchmarks.linkedin import write_connections  # noqa: E402
from benchmarks.offsite import Offsite  # noqa: E402
from benchmarks.twitter import write_archive  # noqa: E402
from benchmarks.vcards import write_vcards  # noqa: E402

HERE = Path(__file__).resolve().parent

INSTALL_HINT = "pip install -e '.[bench]'"


# --- running one command -----------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One finished call of a tool."""

    argv: list[str]
    seconds: float
    max_rss_kib: int
    returncode: int
    stdout: str
    stderr: str


def max_rss_kib(rusage) -> int:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    if sys.platform == "darwin":
        return rusage.ru_maxrss // 1024
    return rusage.ru_maxrss


def run(argv: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run argv to completion, timing it and reading its own peak RSS.

    The child is reaped with os.wait4 rather than subprocess.run, because
    ru_maxrss of RUSAGE_CHILDREN is a high-water mark over *all* children so
    far, not a per-child figure: a small jrnl run after a big journal run would
    report journal's number. Linux also counts the parent's memory at the fork
    in the child's peak, so this process never loads journal or Datasette itself.
    Output goes to temporary files, so no pipe can fill up and block the child.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd
        )
        _, status, rusage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        out.seek(0)
        err.seek(0)
        return Run(
            argv=argv,
            seconds=seconds,
            max_rss_kib=max_rss_kib(rusage),
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


class BenchmarkError(Exception):
    """A tool failed or did not do what it was asked: the timings mean nothing."""


def helper(args: list[str]) -> str:
    """Run one of the benchmarks' own scripts with this Python; returns its output."""
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if done.returncode:
        raise BenchmarkError(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def fail_run(tool: str, result: Run) -> BenchmarkError:
    return BenchmarkError(
        f"{tool} exited {result.returncode}: {' '.join(result.argv)}\n"
        f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )


# --- the sandbox the tools run in, and the data they share --------------------------


@dataclass
class Workspace:
    """A temporary home for one run of this script: every tool's files live here."""

    root: Path
    journal: Path  # the journal executable
    jrnl: Path | None  # the jrnl executable, when a comparison needs it
    jrnl_version: str
    people: int
    rows: int
    memory_rows: list[int]
    cards: int = 10_000
    memory_cards: tuple[int, ...] = (10_000, 100_000)
    guests: int = 10_000

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def jrnl_config(self) -> Path:
        # jrnl reads $XDG_CONFIG_HOME/jrnl/jrnl.yaml (jrnl/path.py).
        return self.home / ".config" / "jrnl" / "jrnl.yaml"

    @property
    def env(self) -> dict[str, str]:
        # PYTHONDONTWRITEBYTECODE would make an editable journal compile every module on
        # every call, where pip compiled jrnl's when it installed it.
        unset = {"VISUAL", "EDITOR", "PYTHONDONTWRITEBYTECODE"}
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JOURNAL_", "XDG_", "JRNL")) and key not in unset
        }
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            NO_COLOR="1",
        )
        return env

    def create(self) -> None:
        self.jrnl_config.parent.mkdir(parents=True)
        (self.home / ".local" / "share").mkdir(parents=True)

    def path(self, name: str) -> Path:
        return self.root / name

    def journal_cmd(self, db: Path, *args: str) -> list[str]:
        return [str(self.journal), "--db", str(db), *args]

    def jrnl_cmd(self, *args: str) -> list[str]:
        if self.jrnl is None:
            raise BenchmarkError(f"jrnl is needed; install it with {INSTALL_HINT}")
        return [str(self.jrnl), *args]

    # Data several comparisons share, made on first use.

    @cached_property
    def jrnl_file(self) -> Path:
        path = self.path("jrnl.txt")
        path.touch()
        write_jrnl_config(self.jrnl_config, path, self.jrnl_version)
        return path

    @cached_property
    def big(self) -> Path:
        return self._generated("big.db", self.people)

    @cached_property
    def one(self) -> Path:
        return self._generated("one.db", 1)

    @cached_property
    def empty(self) -> Path:
        return self._generated("empty.db", 0)

    @cached_property
    def hundred(self) -> Path:
        return self._generated("hundred.db", 100)

    @cached_property
    def two_thousand(self) -> Path:
        return self._generated("two-thousand.db", 2000)

    def _generated(self, name: str, people: int) -> Path:
        # In a process of its own, as the Datasette pages are timed: the tools' peak RSS
        # counts this process's size at the fork, so it must stay small (see `run`).
        path = self.path(name)
        started = time.perf_counter()
        helper([str(HERE / "generate.py"), str(path), "--people", str(people)])
        note(f"generated a journal of {people:,} people in {time.perf_counter() - started:.0f} s")
        return path

    def vcards(self, cards: int) -> Path:
        """A vCard file of `cards` phone-shaped cards with photos (benchmarks/vcards.py)."""
        path = self.path(f"cards-{cards}.vcf")
        if not path.exists():
            write_vcards(path, cards)
        return path

    @property
    def python(self) -> Path:
        """The Python of journal's environment, where vobject is installed."""
        return self.journal.parent / "python"

    def connections(self, rows: int, *, notes: bool = True) -> Path:
        """LinkedIn's Connections.csv of `rows` rows; without notes, what sqlite-utils reads."""
        path = self.path(f"connections-{rows}{'' if notes else '-plain'}.csv")
        if not path.exists():
            write_connections(path, rows, notes=notes)
        return path

    def luma(self, rows: int) -> Path:
        """A Luma guest CSV of `rows` guests (benchmarks/guests.py)."""
        path = self.path(f"luma-{rows}.csv")
        if not path.exists():
            write_luma(path, rows)
        return path

    def guest_journal(self, rows: int) -> Path:
        """A journal whose event "Big Night" has a guest list of `rows` guests."""
        path = self.path(f"guests-{rows}.db")
        if not path.exists():
            args = self.journal_cmd(path, "import", "guests", str(self.luma(rows)))
            result = run([*args, "--event", "Big Night"], self.env, self.root)
            if result.returncode != 0:
                raise fail_run("journal", result)
        return path

    def twitter(self, posts: int) -> tuple[Path, Path]:
        """An X archive's folder of `posts` posts, and the same posts as NDJSON."""
        folder = self.path(f"twitter-{posts}")
        ndjson = self.path(f"twitter-{posts}.ndjson")
        if not folder.exists():
            write_archive(folder, posts, ndjson=ndjson)
        return folder, ndjson


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def yaml_str(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_jrnl_config(path: Path, journal_file: Path, version: str) -> None:
    """Every key jrnl's default config has (jrnl/config.py), so it neither asks
    questions nor rewrites the file. `version` must match the installed jrnl,
    or it upgrades the config on the first call."""
    path.write_text(
        f"""\
version: {yaml_str(version)}
journals:
  default:
    journal: {yaml_str(str(journal_file))}
editor: ""
encrypt: false
template: false
default_hour: 9
default_minute: 0
timeformat: "%F %r"
tagsymbols: "#@"
highlight: false
linewrap: 79
indent_character: "|"
colors:
  body: none
  date: none
  tags: none
  title: none
""",
        encoding="utf-8",
    )


# --- what a comparison gives ------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: journal's figure against the peer's, and their ratio."""

    name: str
    peer: str
    goal: float | None  # the highest acceptable ratio; None: shown, without a goal
    journal: float
    other: float
    unit: str = "ms"
    journal_rss_kib: int | None = None
    other_rss_kib: int | None = None

    @property
    def ratio(self) -> float:
        return self.journal / self.other

    @property
    def met(self) -> bool:
        return self.goal is None or self.ratio <= self.goal


Args = Callable[[Workspace, int], list[str]]
Check = Callable[[Workspace, list[Run], list[Run]], None]


def alternate(ws: Workspace, runs: int, journal: Args, other: Args) -> tuple[list[Run], list[Run]]:
    """Call 0 of each is the warm-up (the caller drops it)."""
    journal_runs: list[Run] = []
    other_runs: list[Run] = []
    for i in range(runs + 1):
        sides = (("journal", journal, journal_runs), ("peer", other, other_runs))
        for tool, args, results in sides:
            result = run(args(ws, i), ws.env, ws.root)
            if result.returncode != 0:
                raise fail_run(tool, result)
            results.append(result)
    return journal_runs, other_runs


@dataclass(frozen=True)
class Commands:
    """journal and a peer, each run as a command, alternately."""

    name: str
    peer: str
    goal: float | None
    journal: Args
    other: Args
    verify: Check = lambda ws, journal_runs, other_runs: None
    title: str = ""  # in the table, if not the name

    def measure(self, ws: Workspace, runs: int) -> list[Row]:
        journal_runs, other_runs = alternate(ws, runs, self.journal, self.other)
        self.verify(ws, journal_runs, other_runs)
        journal_runs, other_runs = journal_runs[1:], other_runs[1:]
        return [
            Row(
                name=self.title or self.name,
                peer=self.peer,
                goal=self.goal,
                journal=statistics.median(r.seconds for r in journal_runs) * 1000,
                other=statistics.median(r.seconds for r in other_runs) * 1000,
                journal_rss_kib=max(r.max_rss_kib for r in journal_runs),
                other_rss_kib=max(r.max_rss_kib for r in other_runs),
            )
        ]


# --- add and help, against jrnl --------------------------------------------------------

STORY = "Talked about SQLite, Datasette and keeping one file of everyone you know"


def person(i: int) -> str:
    return f"Zoë Müller-{i}"


def verify_add(ws: Workspace, journal_runs: list[Run], jrnl_runs: list[Run]) -> None:
    db = sqlite3.connect(ws.path("add.db"))
    try:
        names = [name for (name,) in db.execute("select name from people")]
    finally:
        db.close()
    missing = [person(i) for i in range(len(journal_runs)) if person(i) not in names]
    if len(names) != len(journal_runs) or missing:
        raise BenchmarkError(
            f"journal: expected {len(journal_runs)} people, found {len(names)}; missing {missing}"
        )
    text = ws.jrnl_file.read_text(encoding="utf-8")
    entries = re.findall(r"^\[\d{4}-\d\d-\d\d [^]]*\] ", text, flags=re.MULTILINE)
    missing = [person(i) for i in range(len(jrnl_runs)) if f"Met {person(i)} " not in text]
    if len(entries) != len(jrnl_runs) or missing:
        raise BenchmarkError(
            f"jrnl: expected {len(jrnl_runs)} entries in {ws.jrnl_file}, "
            f"found {len(entries)}; missing {missing}"
        )


def verify_met(ws: Workspace, journal_runs: list[Run], jrnl_runs: list[Run]) -> None:
    db = sqlite3.connect(ws.path("met.db"))
    try:
        rows = db.execute("select name, company, city, story from people").fetchall()
    finally:
        db.close()
    expected = {(person(i), "Acme", "London", f"{STORY}.") for i in range(len(journal_runs))}
    if set(rows) != expected:
        raise BenchmarkError(f"journal met: expected {sorted(expected)}, found {sorted(rows)}")


def verify_help(ws: Workspace, journal_runs: list[Run], jrnl_runs: list[Run]) -> None:
    for tool, runs in (("journal", journal_runs), ("jrnl", jrnl_runs)):
        for result in runs:
            if "usage" not in result.stdout.lower():
                raise BenchmarkError(f"{tool} --help printed no usage:\n{result.stdout}")


def jrnl_entry(ws: Workspace, i: int) -> list[str]:
    ws.jrnl_file  # noqa: B018 (written on first use, with jrnl's config)
    # jrnl takes the entry from the command line; no colon, or jrnl would read the
    # words before it as a date.
    return ws.jrnl_cmd(f"Met {person(i)} at the meetup. Acme, London. {STORY}. @meetup")


# --- the everyday commands, big journal against one person --------------------------------


def at_scale(name: str, *args: str) -> Commands:
    """`journal ARGS` on the big journal against the same on a journal of one person;
    {person} in ARGS is someone in the middle of the big one, and the one person."""

    def argv(ws: Workspace, db: Path, person: int) -> list[str]:
        return ws.journal_cmd(db, *(a.format(person=person) for a in args))

    def verify(ws: Workspace, big_runs: list[Run], one_runs: list[Run]) -> None:
        if not big_runs[-1].stdout.strip():
            raise BenchmarkError(f"journal {name} printed nothing on the big journal")

    return Commands(
        name=name,
        peer="1 person",
        goal=1.5,
        journal=lambda ws, i: argv(ws, ws.big, ws.people // 2),
        other=lambda ws, i: argv(ws, ws.one, 1),
        verify=verify,
    )


# --- shell completion, big journal against an empty one ----------------------------------


def completing(db: Path, ws: Workspace, *words: str) -> list[str]:
    """`journal` asked by bash to complete the last of `words`, on the journal `db`."""
    line = " ".join(["journal", *words])
    return [
        "env", f"JOURNAL_DB={db}", "_JOURNAL_COMPLETE=complete_bash",
        f"COMP_WORDS={line}", f"COMP_CWORD={len(words)}", str(ws.journal),
    ]  # fmt: skip


def verify_complete(ws: Workspace, big_runs: list[Run], empty_runs: list[Run]) -> None:
    offered = big_runs[-1].stdout.split()
    if not offered or empty_runs[-1].stdout.strip():
        raise BenchmarkError(
            f"completion offered {offered[:5]} on the big journal and"
            f" {empty_runs[-1].stdout.strip()[:80]!r} on the empty one"
        )


COMPLETE = Commands(
    name="complete",
    title="complete a name",
    peer="empty journal",
    goal=1.5,
    journal=lambda ws, i: completing(ws.big, ws, "show", "M"),
    other=lambda ws, i: completing(ws.empty, ws, "show", "M"),
    verify=verify_complete,
)


# --- import, against sqlite-utils ------------------------------------------------------------


def sqlite_utils_exe(ws: Workspace) -> str:
    found = shutil.which("sqlite-utils", path=str(ws.journal.parent)) or shutil.which(
        "sqlite-utils"
    )
    if not found:
        raise BenchmarkError("no sqlite-utils executable (it comes with journal's dependencies)")
    return found


def fresh(path: Path) -> Path:
    """`path`, with no database there: each import goes into a new one."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    return path


def import_rows(ws: Workspace) -> tuple[Path, Path]:
    return ws.path("import-journal.db"), ws.path("import-sqlite-utils.db")


def count_rows(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def verify_import(ws: Workspace, journal_runs: list[Run], other_runs: list[Run]) -> None:
    journal_db, other_db = import_rows(ws)
    for db, table in ((journal_db, "people"), (other_db, "connections")):
        count = count_rows(db, f"select count(*) from {table}")
        if count != ws.rows:
            raise BenchmarkError(f"{db.name}: {count} rows in {table}, expected {ws.rows}")


IMPORT = Commands(
    name="import",
    title="import linkedin",
    peer="sqlite-utils",
    goal=1.0,
    journal=lambda ws, i: ws.journal_cmd(
        fresh(import_rows(ws)[0]), "import", "linkedin", str(ws.connections(ws.rows))
    ),
    other=lambda ws, i: [
        sqlite_utils_exe(ws),
        "insert",
        str(fresh(import_rows(ws)[1])),
        "connections",
        str(ws.connections(ws.rows, notes=False)),
        "--csv",
    ],
    verify=verify_import,
)

# The columns of Connections.csv that the journal indexes, as it does: the name, the
# profile URL (a handle: unique), the email, the company and the date connected on.
INDEXED = (("Last Name", "First Name"), ("Email Address",), ("Company",), ("Connected On",))
SEARCHED = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position")


def indexed_db(ws: Workspace) -> Path:
    return ws.path("import-sqlite-utils-indexed.db")


def indexed_table(path: Path) -> Path:
    """A new database whose `connections` table has the indexes and the full-text search
    the journal keeps for the same fields (sqlite-utils' own `create-index` and
    `enable-fts --create-triggers`), made before the timed insert."""
    import sqlite_utils

    db = sqlite_utils.Database(fresh(path))
    table = db["connections"]
    table.create(dict.fromkeys((*SEARCHED, "Connected On"), str))
    for columns in INDEXED:
        table.create_index(columns)
    table.create_index(["URL"], unique=True)
    table.enable_fts(SEARCHED, create_triggers=True)
    db.close()
    return path


def verify_indexed(ws: Workspace, journal_runs: list[Run], other_runs: list[Run]) -> None:
    checks = (
        (import_rows(ws)[0], "SELECT count(*) FROM people"),
        (indexed_db(ws), "SELECT count(*) FROM connections"),
        (
            indexed_db(ws),
            "SELECT count(*) FROM connections_fts WHERE connections_fts MATCH 'linkedin'",
        ),
    )
    for db, sql in checks:
        if (count := count_rows(db, sql)) != ws.rows:
            raise BenchmarkError(f"{db.name}: {count} rows for {sql!r}, expected {ws.rows}")


IMPORT_INDEXED = Commands(
    name="import-indexed",
    title="import linkedin",
    peer="sqlite-utils, indexed",
    goal=None,
    journal=IMPORT.journal,
    other=lambda ws, i: [
        sqlite_utils_exe(ws),
        "insert",
        str(indexed_table(indexed_db(ws))),
        "connections",
        str(ws.connections(ws.rows, notes=False)),
        "--csv",
    ],
    verify=verify_indexed,
)


# --- guest lists (issue 30) ----------------------------------------------------------------


def guest_dbs(ws: Workspace) -> tuple[Path, Path]:
    return ws.path("import-guests-journal.db"), ws.path("import-guests-sqlite-utils.db")


def verify_guest_import(ws: Workspace, journal_runs: list[Run], other_runs: list[Run]) -> None:
    for db, table in zip(guest_dbs(ws), ("guests", "guests"), strict=True):
        conn = sqlite3.connect(db)
        try:
            (count,) = conn.execute(f"select count(*) from {table}").fetchone()
        finally:
            conn.close()
        if count != ws.guests:
            raise BenchmarkError(f"{db.name}: {count} guests, expected {ws.guests}")


IMPORT_GUESTS = Commands(
    name="import-guests",
    title="import guests",
    peer="sqlite-utils",
    goal=1.0,
    journal=lambda ws, i: ws.journal_cmd(
        fresh(guest_dbs(ws)[0]), "import", "guests", str(ws.luma(ws.guests)), "--event", "Big"
    ),
    other=lambda ws, i: [
        sqlite_utils_exe(ws),
        *("insert", str(fresh(guest_dbs(ws)[1])), "guests", str(ws.luma(ws.guests)), "--csv"),
    ],
    verify=verify_guest_import,
)


def pristine(ws: Workspace, rows: int, side: str) -> Path:
    """A copy of the journal with `rows` guests, as it was before any `met`: each run
    meets the same guest in the same list."""
    copy = fresh(ws.path(f"met-guests-{side}.db"))
    shutil.copyfile(ws.guest_journal(rows), copy)
    return copy


def met_guest(ws: Workspace, rows: int, side: str, i: int) -> list[str]:
    sentence = f"Visitor{i % VISITORS} at Big Night"
    return ws.journal_cmd(pristine(ws, rows, side), "met", sentence, "--yes")


def verify_met_guest(ws: Workspace, journal_runs: list[Run], other_runs: list[Run]) -> None:
    for side, runs in (("big", journal_runs), ("small", other_runs)):
        last = len(runs) - 1
        filled = f"Added #1 Visitor{last % VISITORS} Example"
        if filled not in runs[-1].stdout or "filled in name, email" not in runs[-1].stdout:
            raise BenchmarkError(f"met at the {side} list did not find its guest")


MET_GUESTS = Commands(
    name="met-guests",
    title="met at 10,000 guests",
    peer="at 10 guests",
    goal=1.2,
    journal=lambda ws, i: met_guest(ws, ws.guests, "big", i),
    other=lambda ws, i: met_guest(ws, VISITORS, "small", i),
    verify=verify_met_guest,
)


Sizes = Callable[[Workspace], tuple[int, int]]
ImportArgs = Callable[[Workspace, int], list[str]]


@dataclass(frozen=True)
class ImportMemory:
    """journal's peak memory importing the most records against the fewest: the files are
    read as they go, so flat is the goal. The fewest are imported `runs` times (at most
    `most_runs`, after a warm-up), the most once: memory, unlike time, hardly varies."""

    name: str
    title: str  # "import memory", with the records' word: "rows", "posts", "cards"
    records: str
    sizes: Sizes
    args: ImportArgs  # `import ...` for a file of that many records
    most_runs: int = 10**6
    goal: float = 1.3

    def measure(self, ws: Workspace, runs: int) -> list[Row]:
        small, big = self.sizes(ws)
        peaks = {}
        for n, times in ((small, min(runs, self.most_runs) + 1), (big, 1)):
            db = ws.path(f"{self.name}-{n}.db")
            results = []
            for _ in range(times):
                result = run(ws.journal_cmd(fresh(db), *self.args(ws, n)), ws.env, ws.root)
                if result.returncode != 0:
                    raise fail_run("journal", result)
                results.append(result.max_rss_kib)
            peaks[n] = statistics.median(results[1:] if times > 1 else results)
        return [
            Row(
                name=f"{self.title}, {big:,} {self.records}",
                peer=f"{small:,} {self.records}",
                goal=self.goal,
                journal=peaks[big] / 1024,
                other=peaks[small] / 1024,
                unit="MiB",
            )
        ]


IMPORT_MEMORY = ImportMemory(
    name="import-memory",
    title="import memory",
    records="rows",
    sizes=lambda ws: (min(ws.memory_rows), max(ws.memory_rows)),
    args=lambda ws, n: ["import", "linkedin", str(ws.connections(n))],
)


# --- import twitter, against sqlite-utils insert --nl ------------------------------------


def verify_twitter(ws: Workspace, journal_runs: list[Run], other_runs: list[Run]) -> None:
    journal_db, other_db = ws.path("twitter-journal.db"), ws.path("twitter-sqlite-utils.db")
    for db, sql in (
        (journal_db, "select count(*) from interactions where url is not null"),
        (other_db, "select count(*) from tweets"),
    ):
        conn = sqlite3.connect(db)
        try:
            (count,) = conn.execute(sql).fetchone()
        finally:
            conn.close()
        # Two posts in three mention someone: each of those is logged.
        if count < ws.rows // 2 or count > ws.rows * 2:
            raise BenchmarkError(f"{db.name}: {count} rows, for {ws.rows} posts")


IMPORT_TWITTER = Commands(
    name="import-twitter",
    title="import twitter",
    peer="sqlite-utils --nl",
    goal=1.5,
    journal=lambda ws, i: ws.journal_cmd(
        fresh(ws.path("twitter-journal.db")), "import", "twitter", str(ws.twitter(ws.rows)[0])
    ),
    other=lambda ws, i: [
        sqlite_utils_exe(ws),
        "insert",
        str(fresh(ws.path("twitter-sqlite-utils.db"))),
        "tweets",
        str(ws.twitter(ws.rows)[1]),
        "--nl",
    ],
    verify=verify_twitter,
)


TWITTER_MEMORY = ImportMemory(
    name="import-twitter-memory",
    title="import twitter memory",
    records="posts",
    sizes=lambda ws: (min(ws.memory_rows), ws.rows),
    args=lambda ws, n: ["import", "twitter", str(ws.twitter(n)[0])],
)


# --- vCard: import against vobject's parsing alone; memory, most cards against fewest ------


def verify_vcard_import(ws: Workspace, journal_runs: list[Run], other_runs: list[Run]) -> None:
    conn = sqlite3.connect(ws.path("import-vcard.db"))
    try:
        (count, photos) = conn.execute(
            "select count(*), sum(vcard like '%PHOTO;ENCODING=b;TYPE=JPEG:%') from people"
        ).fetchone()
    finally:
        conn.close()
    if count != ws.cards or photos != ws.cards:
        raise BenchmarkError(f"{count} people, {photos} photos; expected {ws.cards} of each")
    if any(r.stdout.strip() != str(ws.cards) for r in other_runs):
        raise BenchmarkError("vobject did not read every card")


IMPORT_VCARD = Commands(
    name="import-vcard",
    title="import vcard, with photos",
    peer="vobject parse",
    goal=1.5,
    journal=lambda ws, i: ws.journal_cmd(
        fresh(ws.path("import-vcard.db")), "import", "vcard", str(ws.vcards(ws.cards))
    ),
    other=lambda ws, i: [
        str(ws.python),
        str(HERE / "vcards.py"),
        str(ws.vcards(ws.cards)),
        "--parse",
    ],
    verify=verify_vcard_import,
)


VCARD_MEMORY = ImportMemory(
    name="import-vcard-memory",
    title="import vcard memory",
    records="cards",
    sizes=lambda ws: (min(ws.memory_cards), max(ws.memory_cards)),
    args=lambda ws, n: ["import", "vcard", str(ws.vcards(n))],
    most_runs=3,
)


# --- Datasette pages, big journal against 100 people ----------------------------------------


@dataclass(frozen=True)
class Pages:
    """Datasette pages on the big journal against one of 100 people (benchmarks/pages.py)."""

    name: str = "pages"

    def measure(self, ws: Workspace, runs: int) -> list[Row]:
        rows = []
        # Against 100 people, the goals; against 2,000, whose pages are as full as the
        # big journal's (a page of 50 results, 50 due), what the journal's size costs.
        for small, peer, goals in ((ws.hundred, "100 people", True),
                                   (ws.two_thousand, "2,000 people", False)):  # fmt: skip
            args = [str(HERE / "pages.py"), str(ws.big), str(small), "--runs", str(runs)]
            rows += [
                Row(
                    name=page["page"],
                    peer=peer,
                    goal=page["goal"] if goals else None,
                    journal=page["big"],
                    other=page["small"],
                )
                for page in json.loads(helper(args))
            ]
        return rows


class Offline:
    """The pages in Chromium with the service worker against without it, and the add
    form offline from its cache against online (benchmarks/offline.py), on a journal
    of 2,000 people."""

    name: str = "offline"

    def measure(self, ws: Workspace, runs: int) -> list[Row]:
        args = [str(HERE / "offline.py"), str(ws.two_thousand), "--runs", str(runs)]
        return [
            Row(
                name=r["page"],
                peer=r["peer"],
                goal=r["goal"],
                journal=r["journal"],
                other=r["other"],
            )  # fmt: skip
            for r in json.loads(helper(args))
        ]


# --- all of them ----------------------------------------------------------------------------


def comparisons() -> list:
    return [
        Commands(
            name="add",
            peer="jrnl",
            goal=0.8,
            journal=lambda ws, i: ws.journal_cmd(
                ws.path("add.db"),
                "add",
                person(i),
                *("--company", "Acme", "--city", "London", "--tag", "meetup"),
                *("--story", f"{STORY}."),
            ),
            other=jrnl_entry,
            verify=verify_add,
        ),
        Commands(
            name="met",
            peer="jrnl",
            goal=0.8,
            journal=lambda ws, i: ws.journal_cmd(
                ws.path("met.db"), "met", f"{person(i)} (Acme, London) #meetup: {STORY}.", "--yes"
            ),
            other=jrnl_entry,
            verify=verify_met,
        ),
        Commands(
            name="help",
            peer="jrnl",
            goal=1.0,
            journal=lambda ws, i: [str(ws.journal), "--help"],
            other=lambda ws, i: ws.jrnl_cmd("--help"),
            verify=verify_help,
        ),
        at_scale("due", "due"),
        at_scale("show", "show", "{person}"),
        at_scale("search", "search", "muller"),
        at_scale("list", "list", "--limit", "20"),
        at_scale("trip", "trip", "London"),
        at_scale("chain", "chain", "{person}"),
        COMPLETE,
        IMPORT,
        IMPORT_INDEXED,
        IMPORT_MEMORY,
        IMPORT_VCARD,
        VCARD_MEMORY,
        IMPORT_TWITTER,
        TWITTER_MEMORY,
        IMPORT_GUESTS,
        MET_GUESTS,
        Pages(),
        Offline(),
        Offsite(sys.modules[__name__]),
    ]


def table(rows: list[Row]) -> str:
    """A Markdown table, so that it can go into the README as printed."""
    header = ("benchmark", "against", "journal", "peer", "ratio", "goal", "journal RSS", "peer RSS")

    def mib(kib: int | None) -> str:
        return "" if kib is None else f"{kib / 1024:.1f} MiB"

    lines = [
        (
            r.name,
            r.peer,
            f"{r.journal:,.1f} {r.unit}",
            f"{r.other:,.1f} {r.unit}",
            f"**{r.ratio:.2f}**",
            "" if r.goal is None else f"≤ {r.goal:.1f}" + ("" if r.met else " (missed)"),
            mib(r.journal_rss_kib),
            mib(r.other_rss_kib),
        )
        for r in rows
    ]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * 6) + "|"]
    out += ["| " + " | ".join(line) + " |" for line in lines]
    return "\n".join(out)


# --- setup ---------------------------------------------------------------------------


def find_executable(name: str) -> Path | None:
    """The one next to this Python (its venv's bin) first, then PATH."""
    here = Path(sys.executable).parent
    found = shutil.which(name, path=str(here)) or shutil.which(name)
    return Path(found) if found else None


def version_of(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    result = run([*argv, "--version"], env, cwd)
    first = result.stdout.strip().splitlines()[:1]
    if result.returncode != 0 or not first:
        return "unknown"
    return first[0]


def sizes(text: str) -> list[int]:
    return [int(n.replace("_", "")) for n in text.split(",")]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    names = [c.name for c in comparisons()]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="counted runs per side [10]")
    parser.add_argument(
        "--only", metavar="NAMES", help=f"comma-separated, out of: {','.join(names)}"
    )
    parser.add_argument(
        "--people", type=int, default=100_000, help="people in the big journal [100000]"
    )
    parser.add_argument("--rows", type=int, default=100_000, help="rows to import [100000]")
    parser.add_argument(
        "--memory-rows",
        type=sizes,
        default=[10_000, 1_000_000],
        help="import sizes whose peak memory is compared [10000,1000000]",
    )
    parser.add_argument("--cards", type=int, default=10_000, help="vCards to import [10000]")
    parser.add_argument(
        "--memory-cards",
        type=sizes,
        default=[10_000, 100_000],
        help="vCard import sizes whose peak memory is compared [10000,100000]",
    )
    parser.add_argument(
        "--guests", type=int, default=10_000, help="guests in a list to import or meet [10000]"
    )
    parser.add_argument("--journal", type=Path, metavar="PATH", help="the journal executable")
    parser.add_argument(
        "--jrnl", type=Path, metavar="PATH", help="the jrnl executable (may be in another venv)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 2 if any goal is missed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.people < 2 or args.rows < 1 or len(set(args.memory_rows)) < 2:
        parser.error("--people needs at least 2, --rows 1, --memory-rows two sizes")
    args.comparisons = comparisons()
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown: {','.join(unknown)}; choose from {','.join(names)}")
        args.comparisons = [c for c in args.comparisons if c.name in wanted]
    return args


def resolve(path: Path | None, name: str, hint: str) -> Path | None:
    exe = path or find_executable(name)
    if exe is None or not exe.is_file() or not os.access(exe, os.X_OK):
        where = f"{exe} is not an executable file" if exe else f"no `{name}` executable found"
        sys.exit(f"{where}. Install it with: {hint}  (or pass --{name} PATH)")
    return exe.absolute()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    journal = resolve(args.journal, "journal", "pip install -e .")
    needs_jrnl = any(c.name in ("add", "help") for c in args.comparisons)
    jrnl = resolve(args.jrnl, "jrnl", INSTALL_HINT) if needs_jrnl else None

    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        ws = Workspace(
            Path(tmp), journal, jrnl, "", args.people, args.rows, sorted(args.memory_rows),
            args.cards, tuple(sorted(args.memory_cards)), args.guests,
        )  # fmt: skip
        ws.create()
        journal_version = version_of([str(journal)], ws.env, ws.root)
        versions = f"{journal_version} ({journal})"
        if jrnl is not None:
            jrnl_version = version_of([str(jrnl)], ws.env, ws.root)
            match = re.search(r"(\d+(?:\.\d+)+\S*)", jrnl_version)
            if not match:
                sys.exit(f"cannot read jrnl's version from {jrnl_version!r}; is {jrnl} jrnl?")
            ws.jrnl_version = match.group(1)
            versions += f" | {jrnl_version} ({jrnl})"
        print(
            f"{platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs | {versions}"
        )
        print(
            f"medians of {args.runs} alternating runs after a warm-up; big journal:"
            f" {args.people:,} people; import: {args.rows:,} rows\n"
        )

        rows: list[Row] = []
        for comparison in args.comparisons:
            note(f"measuring {comparison.name} ...")
            try:
                rows += comparison.measure(ws, args.runs)
            except BenchmarkError as error:
                print(f"benchmark {comparison.name!r} FAILED: {error}", file=sys.stderr)
                return 1

    print(table(rows))
    if args.strict and not all(r.met for r in rows):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
