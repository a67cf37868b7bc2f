"""What the social archives share: a zip, a .tar.gz or its unpacked folder, read file by
file, and JSON arrays read an item at a time, so that a 200 MB file is never held whole.

A `Sighting` is one time the archive shows you with someone: a post that mentions them, a
reply, a message, or a follow (`log=False`: no date, nothing said). The core
(journal.db.social) turns sightings into people, ways found and log entries.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import tarfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO

from journal.errors import JournalError
from journal.formats import zipped
from journal.text.handles import Handle

CHUNK = 1 << 16
# One post, message or follow of an archive is a few kilobytes; anything this large
# between two items is a damaged file, not an item.
MAX_ITEM = 16 << 20


class Sighting:
    """One time an archive shows you with someone. A plain class: there are millions."""

    __slots__ = ("handles", "name", "kind", "date", "url", "text", "log", "network")

    def __init__(
        self,
        handles: list[Handle],
        name: str | None,
        kind: str,
        date: str | None,
        url: str | None,
        text: str | None,
        network: str,
        log: bool = True,
    ):
        self.handles, self.name, self.kind, self.date = handles, name, kind, date
        self.url, self.text, self.network, self.log = url, text, network, log

    def __repr__(self) -> str:
        return f"Sighting({self.handles[0].display()}, {self.kind}, {self.date}, {self.url})"


class Skipped:
    """An item of an archive read and left out, with why ("reposts", "likes"): the
    import counts them, so what it did not take is said, not lost without a word."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def iso_day(text) -> str:
    """The day of an ISO timestamp (`2021-11-24T10:00:00.000Z` -> `2021-11-24`)."""
    day = text[:10] if isinstance(text, str) else ""
    try:
        date.fromisoformat(day)
    except ValueError:
        raise Damaged(f"has a date it cannot read ({str(text)[:40]!r})") from None
    return day


# The page cache of a reader's scratch file (below): all the memory its rows take.
SCRATCH_CACHE_KIB = 2048


def scratch(*tables: str) -> sqlite3.Connection:
    """A private temporary SQLite file for what a reader must keep until later (SQLite's
    own: named by no one, removed when closed), with `tables` made in it: its rows take
    disk, and memory only for SCRATCH_CACHE_KIB of pages, however many there are."""
    conn = sqlite3.connect("")
    conn.execute(f"PRAGMA cache_size = -{SCRATCH_CACHE_KIB}")
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    for table in tables:
        conn.execute(table)
    return conn


# The members an archive reader can want; the rest (photos, videos: most of an X
# archive) are not even listed, so an archive of a million of them is read in the memory
# of one of a hundred.
READ_SUFFIXES = (".js", ".json", ".csv")


def wanted(name: str) -> bool:
    return name.lower().endswith(READ_SUFFIXES)


class Archive:
    """The files of an archive by their path inside it, whichever way it was packed."""

    def __init__(self, path: Path):
        self.path = path
        self._zip: dict[str, zipped.Member] | None = None
        self._tar: tarfile.TarFile | None = None
        self._tar_members: dict[str, tarfile.TarInfo] = {}
        self.names: list[str] = []
        self.plain = False  # one file, not an archive
        try:
            if path.is_dir():
                self.names = sorted(
                    str(p.relative_to(path))
                    for p in path.rglob("*")
                    if wanted(p.name) and p.is_file()
                )
            elif zipfile.is_zipfile(path):
                self._zip = zipped.members(path, wanted)
                self.names = list(self._zip)
            elif tarfile.is_tarfile(path):
                # Streamed: a .tar.gz has no index, so its members are read in order;
                # tarfile keeps each it has read, which is let go but for those wanted.
                self._tar = tarfile.open(path, "r:*")
                while (member := self._tar.next()) is not None:
                    if member.isfile() and wanted(member.name):
                        self._tar_members[member.name] = member
                    self._tar.members.clear()
                self.names = list(self._tar_members)
            else:
                self.names, self.plain = [path.name], True
        except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as e:
            raise JournalError(f"{path}: cannot read this archive ({e})") from None

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()

    def find(self, pattern: str) -> list[str]:
        """The names whose last part matches `pattern` (a regex), in a natural order:
        `tweets.js` before `tweets-part1.js` before `tweets-part2.js`."""
        found = [n for n in self.names if re.fullmatch(pattern, n.rsplit("/", 1)[-1])]

        def order(name: str) -> tuple:
            part = re.search(r"part(\d+)\.\w+$", name)
            return (name.rsplit("/", 1)[0] if "/" in name else "", int(part[1]) if part else 0)

        return sorted(found, key=order)

    def where(self, name: str) -> str:
        return (
            str(self.path)
            if self.names == [self.path.name] and not self.path.is_dir()
            else (f"{self.path}/{name}" if self.path.is_dir() else f"{self.path}:{name}")
        )

    @contextmanager
    def open(self, name: str) -> Iterator[IO[str]]:
        """A member as text (UTF-8, a byte order mark skipped)."""
        try:
            if self._zip is not None:
                raw = zipped.open_member(self.path, self._zip[name])
            elif self._tar is not None:
                raw = self._tar.extractfile(self._tar_members[name])
            elif self.plain:
                raw = self.path.open("rb")
            else:
                raw = (self.path / name).open("rb")
        except (OSError, KeyError, zipfile.BadZipFile, tarfile.TarError) as e:
            raise JournalError(f"{self.where(name)}: cannot read it ({e})") from None
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            yield text
        except UnicodeDecodeError:
            raise JournalError(f"{self.where(name)}: not UTF-8 text") from None
        except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError) as e:
            raise JournalError(f"{self.where(name)}: cannot read it ({e})") from None
        finally:
            text.close()


@contextmanager
def opened(path: Path) -> Iterator[Archive]:
    archive = Archive(path)
    try:
        yield archive
    finally:
        archive.close()


class Damaged(ValueError):
    """A file that is not what the archive should hold; the message says where."""


class _Reader:
    """A text stream read CHUNK characters at a time, with the place reached in it."""

    def __init__(self, stream: IO[str]):
        self.stream, self.buf, self.pos, self.eof = stream, "", 0, False

    def more(self) -> bool:
        """Read on, keeping what is left from the place reached; False at the end."""
        chunk = self.stream.read(CHUNK)
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        self.eof = not chunk
        return bool(chunk)

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos : self.pos + 1]

    def start(self, pattern: re.Pattern, *, anchored: bool) -> None:
        """Go past `pattern`: at the very start (`anchored`) or its first match."""
        self.more()
        while True:
            found = pattern.match(self.buf) if anchored else pattern.search(self.buf)
            if found or self.eof or len(self.buf) > MAX_ITEM or (anchored and len(self.buf) > 4096):
                break
            chunk = self.stream.read(CHUNK)
            self.buf, self.eof = self.buf + chunk, not chunk
        if found is None:
            raise Damaged(f"does not hold what it should (it begins {self.buf[:40]!r})")
        self.pos = found.end()

    def decode(self, decoder: json.JSONDecoder):
        while True:
            try:
                item, self.pos = decoder.raw_decode(self.buf, self.pos)
                return item
            except RecursionError:
                raise Damaged("is damaged (nested deeper than any post)") from None
            except json.JSONDecodeError as e:
                if self.eof or len(self.buf) - self.pos > MAX_ITEM:
                    cut = self.eof and e.pos >= len(self.buf) - 2
                    raise Damaged(f"{'is cut short' if cut else 'is damaged'} ({e.msg})") from None
                self.more()


def json_array(stream: IO[str], start: str, *, anchored: bool = False) -> Iterator:
    """The items of the JSON array whose `[` ends the first match of `start` (a regex; at
    the very start of the text when `anchored`, as `window.YTD.tweets.part0 = [`), one at
    a time. Raises Damaged for anything else, a file cut short included."""
    reader, decoder = _Reader(stream), json.JSONDecoder()
    reader.start(re.compile(start), anchored=anchored)
    if reader.peek() == "]":
        return
    while True:
        if not reader.peek():
            raise Damaged("is cut short (the list never ends)")
        yield reader.decode(decoder)
        following = reader.peek()
        if following == "]":
            return
        if following != ",":
            where = reader.buf[reader.pos : reader.pos + 30]
            raise Damaged(
                "is cut short (the list never ends)"
                if not following
                else f"is damaged near {where!r}"
            )
        reader.pos += 1
        if reader.pos > CHUNK:
            reader.buf, reader.pos = reader.buf[reader.pos :], 0


def json_document(stream: IO[str], *, prefix: str = "", most: int = MAX_ITEM):
    """A whole small JSON document (a manifest, an account), after `prefix` (a regex)."""
    text = stream.read(most + 1)
    if len(text) > most:
        raise Damaged("is far larger than such a file can be")
    found = re.match(prefix, text)
    if found is None:
        raise Damaged(f"does not begin as expected ({text[:40]!r})")
    try:
        value, end = json.JSONDecoder().raw_decode(text, found.end())
    except json.JSONDecodeError as e:
        raise Damaged(f"is damaged or cut short ({e.msg})") from None
    except RecursionError:
        raise Damaged("is damaged (nested deeper than such a file is)") from None
    if text[end:].strip(" \t\r\n;"):
        raise Damaged("has more after its end")
    return value
