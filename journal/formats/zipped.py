"""The members of a zip file that an archive reader can want, found without zipfile's
index of every member: `zipfile.ZipFile` makes an object for each (about 600 bytes), so
an X archive of a million photos took 600 MiB before a post was read. Here the central
directory is read entry by entry and only the members `wanted` names are kept.

What is read is what APPNOTE.TXT (PKWARE's specification) describes and zipfile reads:
the end record (and its Zip64 form), central directory entries with their Zip64 extra
field, local headers; members stored or deflated, their CRC-32 checked at their end.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO
from zipfile import BadZipFile

END = struct.Struct("<4s4H2LH")  # the end of central directory record
END64_LOCATOR = struct.Struct("<4sLQL")
END64 = struct.Struct("<4sQ2H2L4Q")
ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # a central directory entry, before its name
LOCAL = struct.Struct("<4s2B4HL2L2H")  # a local file header, before its name
MOST_COMMENT = 0xFFFF
CHUNK = 1 << 16


class Member:
    """One member: where its data is and how it is packed."""

    __slots__ = ("name", "method", "flags", "crc", "packed", "size", "offset")

    def __init__(self, name: str, method: int, flags: int, crc: int, packed: int, size: int,
                 offset: int):  # fmt: skip
        self.name, self.method, self.flags, self.crc = name, method, flags, crc
        self.packed, self.size, self.offset = packed, size, offset


def members(path: Path, wanted: Callable[[str], bool]) -> dict[str, Member]:
    """The members of the zip at `path` whose name `wanted` accepts, by name."""
    with path.open("rb") as f:
        count, size, start, shift = _directory(f)
        f.seek(start + shift)
        directory = io.BufferedReader(_Window(f, size), CHUNK)
        found: dict[str, Member] = {}
        for _ in range(count):
            fixed = directory.read(ENTRY.size)
            if len(fixed) != ENTRY.size or fixed[:4] != b"PK\x01\x02":
                raise BadZipFile("its central directory is damaged")
            (_, _, _, _, _, flags, method, _, _, crc, packed, unpacked, name_size, extra_size,
             comment_size, _, _, _, offset) = ENTRY.unpack(fixed)  # fmt: skip
            rest = directory.read(name_size + extra_size + comment_size)
            if len(rest) != name_size + extra_size + comment_size:
                raise BadZipFile("its central directory is cut short")
            raw, extra = rest[:name_size], rest[name_size : name_size + extra_size]
            name = raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")
            if name.endswith("/") or not wanted(name):
                continue
            packed, unpacked, offset = _zip64(extra, packed, unpacked, offset)
            found[name] = Member(name, method, flags, crc, packed, unpacked, offset + shift)
    return found


def open_member(path: Path, member: Member) -> IO[bytes]:
    """The member's bytes, unpacked as they are read; BadZipFile if they are not right."""
    if member.flags & 0x1:
        raise BadZipFile(f"{member.name} is encrypted")
    if member.method not in (0, 8):
        raise BadZipFile(f"{member.name} is packed in a way not read here ({member.method})")
    f = path.open("rb")
    try:
        f.seek(member.offset)
        local = f.read(LOCAL.size)
        if len(local) != LOCAL.size or local[:4] != b"PK\x03\x04":
            raise BadZipFile(f"{member.name}: no local header where the directory says")
        name_size, extra_size = LOCAL.unpack(local)[-2:]
        f.seek(name_size + extra_size, io.SEEK_CUR)
        return io.BufferedReader(_Unpacked(f, member), CHUNK)
    except BaseException:
        f.close()
        raise


def _directory(f: IO[bytes]) -> tuple[int, int, int, int]:
    """(members, size and offset of the central directory, bytes before the zip)."""
    f.seek(0, io.SEEK_END)
    end_of_file = f.tell()
    tail_start = max(0, end_of_file - END.size - MOST_COMMENT)
    f.seek(tail_start)
    tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < END.size:
        raise BadZipFile("no end of central directory")
    _, _, _, _, count, size, start, _ = END.unpack_from(tail, at)
    end_at = tail_start + at
    if count == 0xFFFF or size == 0xFFFFFFFF or start == 0xFFFFFFFF:
        if at < END64_LOCATOR.size:
            raise BadZipFile("its Zip64 end record is missing")
        locator = END64_LOCATOR.unpack_from(tail, at - END64_LOCATOR.size)
        if locator[0] != b"PK\x06\x07":
            raise BadZipFile("its Zip64 end record is missing")
        end64_at = end_at - END64_LOCATOR.size - END64.size
        f.seek(end64_at)
        record = f.read(END64.size)
        if len(record) != END64.size or record[:4] != b"PK\x06\x06":
            raise BadZipFile("its Zip64 end record is damaged")
        _, _, _, _, _, _, _, count, size, start = END64.unpack(record)
        end_at = end64_at
    # Bytes before the zip (a self-extracting archive) move every offset by as many.
    shift = end_at - size - start
    if shift < 0:
        raise BadZipFile("its central directory is not where it says")
    return count, size, start, shift


def _zip64(extra: bytes, packed: int, unpacked: int, offset: int) -> tuple[int, int, int]:
    """The sizes and offset, from the Zip64 extra field where the entry says 0xFFFFFFFF."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        if kind == 0x0001:
            values = iter(struct.unpack_from(f"<{length // 8}Q", extra, at + 4))
            try:
                if unpacked == 0xFFFFFFFF:
                    unpacked = next(values)
                if packed == 0xFFFFFFFF:
                    packed = next(values)
                if offset == 0xFFFFFFFF:
                    offset = next(values)
            except StopIteration:
                raise BadZipFile("a Zip64 extra field is too short") from None
            break
        at += 4 + length
    return packed, unpacked, offset


class _Window(io.RawIOBase):
    """`size` bytes of `f` from where it is."""

    def __init__(self, f: IO[bytes], size: int):
        self.f, self.left = f, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.f.read(min(len(buffer), self.left))
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class _Unpacked(io.RawIOBase):
    """A member's data, inflated when it is deflated, never more at once than asked."""

    def __init__(self, f: IO[bytes], member: Member):
        self.f, self.member = f, member
        self.left = member.packed
        self.inflate = zlib.decompressobj(-15) if member.method == 8 else None
        self.pending = b""
        self.crc, self.out = 0, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        want = len(buffer)
        data = b""
        while not data:
            if self.inflate is None:
                data = self.f.read(min(want, self.left))
                self.left -= len(data)
                if not data:
                    break
                continue
            if not self.pending and self.left:
                self.pending = self.f.read(min(CHUNK, self.left))
                self.left -= len(self.pending)
            try:
                data = self.inflate.decompress(self.pending, want)
            except zlib.error as e:
                raise BadZipFile(f"{self.member.name} is damaged ({e})") from None
            self.pending = self.inflate.unconsumed_tail
            if not data and not self.pending and (not self.left or self.inflate.eof):
                break
        if not data:
            self._check()
            return 0
        self.crc = zlib.crc32(data, self.crc)
        self.out += len(data)
        buffer[: len(data)] = data
        return len(data)

    def _check(self) -> None:
        if self.out != self.member.size or self.crc != self.member.crc:
            raise BadZipFile(f"{self.member.name} is damaged (its size or CRC-32 is wrong)")

    def close(self) -> None:
        try:
            self.f.close()
        finally:
            super().close()
