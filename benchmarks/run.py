"""Time `journal` side by side with the peer tool `jrnl`.

    python benchmarks/run.py [--runs 10] [--only add,help]
                             [--journal PATH] [--jrnl PATH] [--strict]

Each benchmark runs one warm-up call of each tool (not counted), then N calls
of each taken alternately (journal, jrnl, journal, jrnl, ...), and reports the
median wall time, the ratio journal/jrnl against a goal, and the peak RSS of
each tool's process. Both tools run with a temporary HOME and XDG folders, so
neither touches your real config, journals or database.

Standard library only. To add a benchmark, append a `Benchmark` to BENCHMARKS.
"""

from __future__ import annotations

import argparse
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
from pathlib import Path

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
    report journal's number. Output goes to temporary files, so no pipe can
    fill up and block the child.
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


def fail_run(tool: str, result: Run) -> BenchmarkError:
    return BenchmarkError(
        f"{tool} exited {result.returncode}: {' '.join(result.argv)}\n"
        f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )


# --- the sandbox both tools run in ---------------------------------------------


@dataclass
class Workspace:
    """A temporary home for one benchmark: both tools' files live here."""

    root: Path
    journal: Path  # the journal executable
    jrnl: Path  # the jrnl executable
    jrnl_version: str

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def journal_db(self) -> Path:
        return self.root / "journal.db"

    @property
    def jrnl_file(self) -> Path:
        return self.root / "jrnl.txt"

    @property
    def jrnl_config(self) -> Path:
        # jrnl reads $XDG_CONFIG_HOME/jrnl/jrnl.yaml (jrnl/path.py).
        return self.home / ".config" / "jrnl" / "jrnl.yaml"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JOURNAL_", "XDG_", "JRNL")) and key not in {"VISUAL", "EDITOR"}
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
        self.jrnl_file.touch()
        write_jrnl_config(self.jrnl_config, self.jrnl_file, self.jrnl_version)

    def journal_cmd(self, *args: str) -> list[str]:
        return [str(self.journal), "--db", str(self.journal_db), *args]

    def jrnl_cmd(self, *args: str) -> list[str]:
        return [str(self.jrnl), *args]


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


# --- benchmarks ------------------------------------------------------------------

Args = Callable[[Workspace, int], list[str]]
Verify = Callable[[Workspace, list[Run], list[Run]], None]


@dataclass(frozen=True)
class Benchmark:
    """journal(ws, i) and jrnl(ws, i) give the i-th call's argv (i = 0 is the
    warm-up). setup prepares the workspace once; verify checks afterwards that
    every call really did its work."""

    name: str
    goal: float  # the highest acceptable journal/jrnl ratio of medians
    journal: Args
    jrnl: Args
    setup: Callable[[Workspace], None] = lambda ws: None
    verify: Verify = lambda ws, journal_runs, jrnl_runs: None


STORY = "Talked about SQLite, Datasette and keeping one file of everyone you know"


def person(i: int) -> str:
    return f"Zoë Müller-{i}"


def verify_add(ws: Workspace, journal_runs: list[Run], jrnl_runs: list[Run]) -> None:
    db = sqlite3.connect(ws.journal_db)
    try:
        names = [name for (name,) in db.execute("select name from people")]
    finally:
        db.close()
    missing = [person(i) for i in range(len(journal_runs)) if person(i) not in names]
    if len(names) != len(journal_runs) or missing:
        raise BenchmarkError(
            f"journal: expected {len(journal_runs)} people in {ws.journal_db}, "
            f"found {len(names)}; missing {missing}"
        )
    text = ws.jrnl_file.read_text(encoding="utf-8")
    entries = re.findall(r"^\[\d{4}-\d\d-\d\d [^]]*\] ", text, flags=re.MULTILINE)
    missing = [person(i) for i in range(len(jrnl_runs)) if f"Met {person(i)} " not in text]
    if len(entries) != len(jrnl_runs) or missing:
        raise BenchmarkError(
            f"jrnl: expected {len(jrnl_runs)} entries in {ws.jrnl_file}, "
            f"found {len(entries)}; missing {missing}"
        )


def verify_help(ws: Workspace, journal_runs: list[Run], jrnl_runs: list[Run]) -> None:
    for tool, runs in (("journal", journal_runs), ("jrnl", jrnl_runs)):
        for result in runs:
            if "usage" not in result.stdout.lower():
                raise BenchmarkError(f"{tool} --help printed no usage:\n{result.stdout}")


BENCHMARKS: list[Benchmark] = [
    Benchmark(
        name="add",
        goal=0.8,
        journal=lambda ws, i: ws.journal_cmd(
            "add",
            person(i),
            *("--company", "Acme", "--city", "London", "--tag", "meetup"),
            *("--story", f"{STORY}."),
        ),
        # jrnl takes the entry from the command line; no colon, or jrnl would
        # read the words before it as a date.
        jrnl=lambda ws, i: ws.jrnl_cmd(
            f"Met {person(i)} at the meetup. Acme, London. {STORY}. @meetup"
        ),
        verify=verify_add,
    ),
    Benchmark(
        name="help",
        goal=1.0,
        journal=lambda ws, i: [str(ws.journal), "--help"],
        jrnl=lambda ws, i: ws.jrnl_cmd("--help"),
        verify=verify_help,
    ),
]


# --- measuring and reporting ---------------------------------------------------------


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    journal_ms: float
    jrnl_ms: float
    journal_rss_kib: int
    jrnl_rss_kib: int

    @property
    def ratio(self) -> float:
        return self.journal_ms / self.jrnl_ms

    @property
    def met(self) -> bool:
        return self.ratio <= self.benchmark.goal


def measure(bench: Benchmark, ws: Workspace, runs: int) -> Result:
    bench.setup(ws)
    env = ws.env
    journal_runs: list[Run] = []
    jrnl_runs: list[Run] = []
    for i in range(runs + 1):  # call 0 is the warm-up
        for tool, args, results in (
            ("journal", bench.journal, journal_runs),
            ("jrnl", bench.jrnl, jrnl_runs),
        ):
            result = run(args(ws, i), env, ws.root)
            if result.returncode != 0:
                raise fail_run(tool, result)
            results.append(result)
    bench.verify(ws, journal_runs, jrnl_runs)
    counted_journal, counted_jrnl = journal_runs[1:], jrnl_runs[1:]
    return Result(
        benchmark=bench,
        journal_ms=statistics.median(r.seconds for r in counted_journal) * 1000,
        jrnl_ms=statistics.median(r.seconds for r in counted_jrnl) * 1000,
        journal_rss_kib=max(r.max_rss_kib for r in counted_journal),
        jrnl_rss_kib=max(r.max_rss_kib for r in counted_jrnl),
    )


def table(results: list[Result]) -> str:
    header = (
        "benchmark",
        "journal ms",
        "jrnl ms",
        "ratio",
        "goal",
        "",
        "journal RSS MiB",
        "jrnl RSS MiB",
    )
    rows = [
        (
            r.benchmark.name,
            f"{r.journal_ms:.1f}",
            f"{r.jrnl_ms:.1f}",
            f"{r.ratio:.2f}",
            f"<= {r.benchmark.goal:.2f}",
            "ok" if r.met else "MISSED",
            f"{r.journal_rss_kib / 1024:.1f}",
            f"{r.jrnl_rss_kib / 1024:.1f}",
        )
        for r in results
    ]
    widths = [max(len(row[col]) for row in [header, *rows]) for col in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.ljust(width) if col in (0, 5) else cell.rjust(width)
            for col, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *map(line, rows)])


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


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    names = [b.name for b in BENCHMARKS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="counted runs per tool [10]")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help=f"comma-separated benchmarks to run, out of: {','.join(names)}",
    )
    parser.add_argument("--journal", type=Path, metavar="PATH", help="the journal executable")
    parser.add_argument(
        "--jrnl",
        type=Path,
        metavar="PATH",
        help="the jrnl executable (may be in another venv)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 2 if any benchmark misses its goal"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown: {','.join(unknown)}; choose from {','.join(names)}")
        args.benchmarks = [b for b in BENCHMARKS if b.name in wanted]
    else:
        args.benchmarks = list(BENCHMARKS)
    return args


def resolve(path: Path | None, name: str, hint: str) -> Path:
    exe = path or find_executable(name)
    if exe is None or not exe.is_file() or not os.access(exe, os.X_OK):
        where = f"{exe} is not an executable file" if exe else f"no `{name}` executable found"
        sys.exit(f"{where}. Install it with: {hint}  (or pass --{name} PATH)")
    return exe.absolute()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    journal = resolve(args.journal, "journal", "pip install -e .")
    jrnl = resolve(args.jrnl, "jrnl", INSTALL_HINT)

    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        probe = Workspace(Path(tmp) / "probe", journal, jrnl, jrnl_version="")
        probe.home.mkdir(parents=True)
        journal_version = version_of([str(journal)], probe.env, probe.root)
        jrnl_version = version_of([str(jrnl)], probe.env, probe.root)
        match = re.search(r"(\d+(?:\.\d+)+\S*)", jrnl_version)
        if not match:
            sys.exit(f"cannot read jrnl's version from {jrnl_version!r}; is {jrnl} jrnl?")

        print(
            f"{platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs | {journal_version} ({journal}) | "
            f"{jrnl_version} ({jrnl})"
        )
        print(f"medians of {args.runs} alternating runs each, after 1 warm-up run each\n")

        results = []
        for bench in args.benchmarks:
            ws = Workspace(Path(tmp) / bench.name, journal, jrnl, match.group(1))
            ws.create()
            try:
                results.append(measure(bench, ws, args.runs))
            except BenchmarkError as error:
                print(f"benchmark {bench.name!r} FAILED: {error}", file=sys.stderr)
                return 1

    print(table(results))
    if args.strict and not all(r.met for r in results):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
