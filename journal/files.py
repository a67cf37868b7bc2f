"""Files the journal reads and writes besides itself: opened as text with one clear error,
and written atomically, so a reader never sees half of one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from journal.errors import JournalError


def open_text(path: Path):
    """The file as text; a missing or unreadable file is one clear error."""
    return open_input(path, encoding="utf-8-sig", newline="")


def open_input(path: Path, mode: str = "r", **how):
    """A file given to read (as bytes with mode "rb"); missing or unreadable is one clear
    error naming it."""
    try:
        return path.open(mode, **how)
    except FileNotFoundError:
        raise JournalError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise JournalError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise JournalError(f"{path}: permission denied") from None


def bounded_lines(f, limit: int, where: str) -> Iterator[str]:
    """The lines of `f`, refusing one longer than `limit` characters as soon as it is
    met, before it is held whole: a file of one endless line is not a file to import."""
    number = 0
    while line := f.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            size = f"{limit / 2**20:g} MiB"
            raise JournalError(f"{where}: line {number} is longer than {size}; not an export")
        yield line


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """A new file beside `target`, to be written, that takes its name once complete: a
    reader (a calendar app subscribed to an export) never sees half of it, and a failed
    export or backup leaves the old file as it was."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as e:
        raise JournalError(f"cannot write in {target.parent}: {e.strerror}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
