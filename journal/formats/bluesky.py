"""Your Bluesky repository: Settings → Account → Export my data (a `.car` file).

A CAR v1 file: a header naming the root (your repository's signed commit, with your
`did`), then blocks, each a CID and its DAG-CBOR bytes (decoded with libipld). Records
carry `$type`: a post (`app.bsky.feed.post`) has `text`, `createdAt`, `reply` and
`facets`, where a facet's `index` gives `byteStart` and `byteEnd` in the UTF-8 bytes of
the text and a feature `app.bsky.richtext.facet#mention` the `did` mentioned; a follow
(`app.bsky.graph.follow`) has the `subject`'s DID and `createdAt`. Where a record sits
(`app.bsky.feed.post/<rkey>`, and so its link) is told by the Merkle search tree's
nodes (`e`: entries with a shared prefix length `p`, the rest of the key `k` and the
record's CID `v`).

The file is read block by block. A record's key (and so its link) may come after the
record, so what is kept until the end (one small entry per post that mentions someone
and per follow, and the key of each of those records) goes to a private temporary SQLite
file, deleted when read (archive.scratch): the reader's memory is its page cache and
one block, whatever the number of records.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from journal.errors import JournalError
from journal.formats.archive import Damaged, Sighting, Skipped, iso_day, scratch
from journal.text.handles import DOMAIN, Handle

POST = "app.bsky.feed.post"
FOLLOW = "app.bsky.graph.follow"
MENTION = "app.bsky.richtext.facet#mention"
DAG_CBOR = 0x71
# As the DID specification spells one; a file may hold anything where a DID should be.
DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}")
# A block of a repository is a record or a tree node: kilobytes. Larger is damage.
MAX_BLOCK = 8 << 20
SPILL_BATCH = 1000


def _varint(f: IO[bytes], *, at_end_ok: bool = False) -> int | None:
    value, shift = 0, 0
    while True:
        byte = f.read(1)
        if not byte:
            if at_end_ok and shift == 0:
                return None
            raise Damaged("is cut short")
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value
        shift += 7
        if shift > 63:
            raise Damaged("is damaged (a length too long)")


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if pos >= len(data):
            raise Damaged("is damaged (a block's CID is cut short)")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise Damaged("is damaged (a CID too long)")


def split_cid(block: bytes) -> tuple[bytes, int, bytes]:
    """(CID bytes, codec, data) of a CAR section."""
    if block[:2] == b"\x12\x20":  # CIDv0: a bare sha-256 multihash, DAG-PB
        return block[:34], 0x70, block[34:]
    version, pos = _read_varint(block, 0)
    if version != 1:
        raise Damaged(f"is damaged (a CID of version {version})")
    codec, pos = _read_varint(block, pos)
    _, pos = _read_varint(block, pos)  # the hash function
    size, pos = _read_varint(block, pos)
    end = pos + size
    if end > len(block):
        raise Damaged("is damaged (a block's CID is cut short)")
    return block[:end], codec, block[end:]


def blocks(f: IO[bytes]) -> Iterator[tuple[bytes, object]]:
    """(CID bytes, decoded DAG-CBOR) of every block, after the header, in file order."""
    from libipld import decode_dag_cbor

    size = _varint(f)
    if size > MAX_BLOCK:  # checked before reading: a 7-byte file asked for exabytes
        raise Damaged("is not a CAR file (its header would be larger than any)")
    header = f.read(size)
    if len(header) != size:
        raise Damaged("is cut short in its header")
    try:
        head = decode_dag_cbor(header)
    except (ValueError, RecursionError, MemoryError) as e:  # a length no file has
        raise Damaged(f"is not a CAR file ({e})") from None
    if not isinstance(head, dict) or head.get("version") != 1:
        raise Damaged("is not a CAR file of version 1")
    while (size := _varint(f, at_end_ok=True)) is not None:
        if size > MAX_BLOCK:
            raise Damaged("is damaged (a block larger than any record)")
        block = f.read(size)
        if len(block) != size:
            raise Damaged("is cut short")
        cid, codec, data = split_cid(block)
        if codec != DAG_CBOR:
            continue  # a blob, not a record
        try:
            value = decode_dag_cbor(data)
        except (ValueError, RecursionError, MemoryError) as e:
            raise Damaged(f"is damaged ({e})") from None
        yield cid, value


def mentions(post: dict) -> Iterator[tuple[str, str | None]]:
    """(DID, handle as the text writes it, or None) of each mention facet of a post."""
    text = post["text"].encode("utf-8") if isinstance(post.get("text"), str) else b""
    for facet in post.get("facets") or []:
        index = facet.get("index") or {}
        for feature in facet.get("features") or []:
            if feature.get("$type") != MENTION or not _is_did(feature.get("did")):
                continue
            start, end = index.get("byteStart"), index.get("byteEnd")
            handle = None
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
                written = text[start:end].decode("utf-8", "replace").lstrip("@").lower()
                handle = written if DOMAIN.fullmatch(written) else None
            yield feature["did"], handle


def profile(did: str, handle: str | None) -> list[Handle]:
    """Someone's Bluesky handle (when known) and their DID, each a handle of the journal:
    the handle can change, the DID stays."""
    found = [Handle("bluesky", handle, f"https://bsky.app/profile/{handle}")] if handle else []
    return [*found, Handle("bluesky", did, f"https://bsky.app/profile/{did}")]


def read_bluesky(path: Path) -> Iterator[Sighting | Skipped]:
    """The people your posts mention (a reply when the post answers theirs), then whom
    you follow, from a repository export. Raises JournalError naming the file."""
    spill = _spill()
    try:
        try:
            with path.open("rb") as f:
                me, left_out = _scan(f, spill)
        except Damaged as e:
            raise JournalError(f"{path}: {e}") from None
        except (AttributeError, KeyError, TypeError) as e:
            raise JournalError(f"{path}: a record is not as Bluesky writes it ({e!r})") from None
        except OSError as e:
            raise JournalError(f"{path}: cannot read it ({e.strerror})") from None
        if me is None:
            raise JournalError(f"{path}: not a Bluesky repository (no commit with a DID)")
        kept = """SELECT r.date, r.text, r.found, r.reply_to, k.key
            FROM records r LEFT JOIN keys k ON k.cid = r.cid WHERE r.post = ? ORDER BY r.rowid"""
        for date, text, found, reply_to, key in spill.execute(kept, [1]):
            url = f"https://bsky.app/profile/{me}/post/{key.rsplit('/', 1)[1]}" if key else None
            for did, handle in json.loads(found):
                if did == me:
                    continue
                kind = "reply" if reply_to == did else "mention"
                yield Sighting(profile(did, handle), handle, kind, date, url, text, "bluesky")
        for date, _, did, _, _ in spill.execute(kept, [0]):
            said = "you follow them on Bluesky"
            url = f"https://bsky.app/profile/{did}"
            name = f"Bluesky account {did}"
            yield Sighting(
                profile(did, None), name, "online", date, url, said, "bluesky", log=False
            )
        for why, n in left_out.items():
            yield from (Skipped(why) for _ in range(n))
    finally:
        spill.close()


def _spill() -> sqlite3.Connection:
    """The scratch file for what the scan keeps until the end."""
    return scratch(
        """CREATE TABLE records (cid BLOB UNIQUE, post INTEGER, date TEXT, text TEXT,
            found TEXT, reply_to TEXT)""",
        "CREATE TABLE keys (cid BLOB PRIMARY KEY, key TEXT) WITHOUT ROWID",
    )


# Records that name posts, not people; counted as left out.
LEFT_OUT = {
    "app.bsky.feed.repost": "reposts",
    "app.bsky.feed.like": "likes",
    "app.bsky.graph.block": "blocks",
}


def _follow_subject(value) -> str | None:
    """Whom a follow record follows: a DID, or (2022 records) {"did": ..., ...}."""
    subject = value.get("subject")
    if isinstance(subject, dict):
        subject = subject.get("did")
    return subject if _is_did(subject) else None


def _scan(f: IO[bytes], spill: sqlite3.Connection) -> tuple[str | None, dict]:
    """Your DID and the counts of what was left out; posts that mention someone, follows
    (a follow's DID in `found`) and the keys of both go to `spill`."""
    me = None
    left_out: dict[str, int] = {}
    records: list[tuple] = []
    keys: list[tuple[bytes, str]] = []

    def write() -> None:
        spill.executemany("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?, ?)", records)
        spill.executemany("INSERT OR REPLACE INTO keys VALUES (?, ?)", keys)
        records.clear()
        keys.clear()

    for cid, value in blocks(f):
        if not isinstance(value, dict):
            continue
        kind = value.get("$type")
        if kind == POST:
            found = list(mentions(value))
            if found:
                parent = ((value.get("reply") or {}).get("parent") or {}).get("uri") or ""
                reply_to = parent.removeprefix("at://").split("/", 1)[0] or None
                date = iso_day(value.get("createdAt"))
                text = value.get("text") if isinstance(value.get("text"), str) else None
                records.append((cid, 1, date, text, json.dumps(found), reply_to))
            else:
                left_out["posts naming no one"] = left_out.get("posts naming no one", 0) + 1
        elif kind == FOLLOW and (subject := _follow_subject(value)):
            records.append((cid, 0, iso_day(value.get("createdAt")), None, subject, None))
        elif kind in LEFT_OUT:
            left_out[LEFT_OUT[kind]] = left_out.get(LEFT_OUT[kind], 0) + 1
        elif "e" in value and "l" in value and isinstance(value["e"], list):
            _tree_keys(value["e"], keys)
        elif isinstance(value.get("did"), str) and "data" in value and "version" in value:
            me = value["did"]
        if len(records) + len(keys) >= SPILL_BATCH:
            write()
    write()
    return me, left_out


def _tree_keys(entries: list, keys: list[tuple[bytes, str]]) -> None:
    """The record keys of one tree node: each entry's key is the first `p` bytes of the
    one before it and then its own `k`. Only posts' and follows' are kept."""
    previous = b""
    for entry in entries:
        try:
            key = previous[: entry["p"]] + entry["k"]
            previous = key
            if key.startswith((b"app.bsky.feed.post/", b"app.bsky.graph.follow/")):
                if not isinstance(entry["v"], bytes):
                    raise TypeError("a record's CID is not a link")
                keys.append((entry["v"], key.decode("ascii")))
        except (KeyError, TypeError, UnicodeDecodeError):
            raise Damaged("is damaged (a tree node not as atproto writes it)") from None


def _is_did(value) -> bool:
    return isinstance(value, str) and DID.fullmatch(value) is not None
