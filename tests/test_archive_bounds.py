"""Archives within bounds (issue 31, point 8): a damaged CAR is one `Error:` line (a
7-byte file asked for exabytes: "unexpected MemoryError"), and the long posts of an X
archive are held in a temporary file, not in memory (a 0.9 MB zip's note-tweet.js took
957 MiB). The bound: the reader's own memory stays under 48 MiB, whatever the number of
notes (one item is at most archive.MAX_ITEM)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import tarfile
import tracemalloc
import zipfile
from collections.abc import Iterator

from archives import tweet, twitter_files, write_folder, write_many_follows, write_zip, ytd

from journal.db import Connection, social
from journal.formats.archive import Sighting, opened
from journal.formats.bluesky import profile
from journal.formats.twitter import Names, read_twitter

NOTES = 60_000
START = dt.datetime(2020, 1, 1)
NOTE_TEXT = "a long post, written out at length. " * 50  # 1,800 characters


def test_a_damaged_car_is_one_error_line(journal, tmp_path):
    for name, data in {
        "huge-header.car": b"\xff\xff\xff\xff\xff\xff\x7f",
        "huge-array.car": b"\x0a\xa1\x67version\x9b\xff\xff\xff\xff\xff\xff\xff\x7f",
        "empty.car": b"",
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        line = journal.fails(1, "import", "bluesky", str(path))
        assert name in line and "unexpected" not in line


def note(n: int, second: str, text: str) -> dict:
    core = {"text": text, "urls": [], "hashtags": [], "mentions": []}
    return {"noteTweet": {"noteTweetId": str(n), "createdAt": second, "core": core}}


def bomb(path) -> None:
    """A zip whose note-tweet.js unpacks to ~110 MB of notes (written a note at a time,
    never held whole), and one post whose note is the last of them."""
    post = tweet("1", "Fri Oct 01 18:45:00 +0000 2021", "To @maria_k: the first 280…",
                 [("maria_k", "Maria", "42")])  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data/tweets.js", ytd("tweets", [{"tweet": post}]))
        with z.open("data/note-tweet.js", "w") as f:
            f.write(b"window.YTD.note_tweet.part0 = [")
            for n in range(NOTES):
                second = (START + dt.timedelta(seconds=n)).isoformat() + ".000Z"
                f.write(json.dumps(note(n, second, NOTE_TEXT)).encode() + b",\n")
            last = note(NOTES, "2021-10-01T18:45:00.000Z", "The whole long post, @maria_k")
            f.write(json.dumps(last).encode() + b"]")


def test_the_notes_of_an_archive_are_not_held_in_memory(tmp_path):
    path = tmp_path / "twitter.zip"
    bomb(path)
    assert path.stat().st_size < 2 << 20
    tracemalloc.start()
    try:
        found = list(read_twitter(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [s.text for s in found] == ["The whole long post, @maria_k"]
    assert peak < 48 << 20, f"{peak / 2**20:.0f} MiB to read {NOTES:,} notes"


READ_CAR = """
import sys
from pathlib import Path
from journal.formats.bluesky import read_bluesky
n = sum(1 for s in read_bluesky(Path(sys.argv[1])) if s.url)
peak = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
print(n, int(peak.split()[1]))
"""


def read_car_peak(path) -> tuple[int, int]:
    """(follows read, with their links; the reading process's peak memory in KiB)."""
    out = subprocess.run(
        [sys.executable, "-c", READ_CAR, str(path)], capture_output=True, text=True, check=True
    )
    read, peak = out.stdout.split()
    return int(read), int(peak)


def test_a_repository_of_many_follows_is_read_within_a_bound(tmp_path):
    """What the reader keeps until the tree gives each record its key is spilled to a
    temporary SQLite file: ten times the follows, less than 8 MiB more memory (in
    memory, 100,000 follows took about 50 MiB more than 10,000)."""
    few = read_car_peak(write_many_follows(tmp_path / "few.car", 10_000))
    many = read_car_peak(write_many_follows(tmp_path / "many.car", 100_000))
    assert (few[0], many[0]) == (10_000, 100_000)
    grew = many[1] - few[1]
    assert grew < 8 * 1024, f"{grew / 1024:.0f} MiB more for ten times the follows"


def follows(n: int) -> Iterator[Sighting]:
    for i in range(n):
        did = f"did:plc:{i:024d}"
        yield Sighting(profile(did, None), f"Bluesky account {did}", "online", "2024-04-01",
                       f"https://bsky.app/profile/{did}", "you follow them", "bluesky",
                       log=False)  # fmt: skip


def import_peak(db_path, n: int) -> int:
    """The most Python memory, in bytes, that saving `n` people took."""
    db = Connection(db_path)
    tracemalloc.start()
    try:
        social.save_sightings(db, follows(n))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        db.close()


def test_an_archive_of_many_people_is_imported_within_a_bound(tmp_path, monkeypatch):
    """The import keeps the first sighting of each way found in a temporary table, not in
    memory, and remembers at most PEOPLE_REMEMBERED handles (here 500, to see it
    within a test): twelve times the people, less than 3 MiB more. Held in memory,
    12,000 people took about 12 MiB more than 1,000."""
    monkeypatch.setattr(social, "PEOPLE_REMEMBERED", 500)
    few = import_peak(tmp_path / "few.db", 1_000)
    many = import_peak(tmp_path / "many.db", 12_000)
    conn = sqlite3.connect(tmp_path / "many.db")
    try:
        assert conn.execute("SELECT count(*) FROM ways_found").fetchone() == (12_000,)
    finally:
        conn.close()
    assert many - few < 3 << 20, f"{(many - few) / 2**20:.1f} MiB more for 12 times the people"


PHOTOS = 70_000  # past 65,535: the zip needs its Zip64 end record


def listed_peak(path) -> tuple[list[str], int]:
    """The archive's members a reader may open, and the most memory listing them took."""
    tracemalloc.start()
    try:
        with opened(path) as archive:
            names = archive.names
        return names, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def seen(path) -> list[str]:
    return [repr(s) if isinstance(s, Sighting) else s.reason for s in read_twitter(path)]


def test_an_archive_of_many_photos_is_listed_within_a_bound(tmp_path):
    """zipfile and tarfile keep an object per member (a zip of 70,000 photos took 42 MiB
    to open, a million 600 MiB); only the members a reader can want are kept now."""
    files = twitter_files()
    path = tmp_path / "twitter.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
        for n in range(PHOTOS):
            z.writestr(f"data/tweets_media/{n:019d}-AbCdEfGhIjKl.jpg", b"")
    names, peak = listed_peak(path)
    assert sorted(names) == sorted(files)
    assert peak < 2 << 20, f"{peak / 2**20:.0f} MiB to list {PHOTOS:,} photos"
    folder = write_folder(tmp_path / "folder", files)
    assert seen(path) == seen(folder)
    # The same in a .tar.gz, and with bytes before the zip (a self-extracting archive).
    tar = tmp_path / "twitter.tar.gz"
    with tarfile.open(tar, "w:gz") as packed:
        for n in range(PHOTOS // 7):
            packed.addfile(tarfile.TarInfo(f"data/tweets_media/{n:019d}.jpg"))
    names, peak = listed_peak(tar)
    assert names == [] and peak < 2 << 20, f"{peak / 2**20:.0f} MiB for {PHOTOS // 7:,}"
    prefixed = tmp_path / "prefixed.zip"
    prefixed.write_bytes(
        b"#!/bin/sh\nexit 0\n" + write_zip(tmp_path / "small.zip", files).read_bytes()
    )
    assert len(list(read_twitter(prefixed))) == len(list(read_twitter(tmp_path / "small.zip")))


def test_a_member_whose_bytes_are_wrong_is_one_error_line(journal, tmp_path):
    path = write_zip(tmp_path / "twitter.zip", twitter_files())
    data = bytearray(path.read_bytes())
    at = data.find(b"window.YTD.tweets")  # stored, if small; else in the deflated bytes
    if at < 0:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("data/tweets.js")
        at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    line = journal.fails(1, "import", "twitter", str(path))
    assert "twitter.zip" in line and "Traceback" not in line


def names_peak(tmp_path, accounts: int) -> int:
    """The most Python memory reading an X archive whose posts name `accounts` accounts
    took, as the posts' names are kept for the messages and follows read after them."""
    posts = [
        {"tweet": tweet(str(n), "Fri Oct 01 18:45:00 +0000 2021", f"hi @u{n}",
                        [(f"u{n}", f"U {n}", str(10**9 + n))])}
        for n in range(accounts)
    ]  # fmt: skip
    folder = write_folder(tmp_path / f"x{accounts}", {"data/tweets.js": ytd("tweets", posts)})
    del posts
    tracemalloc.start()
    try:
        read = sum(1 for _ in read_twitter(folder))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert read == accounts


def test_the_names_an_x_archive_gives_accounts_are_not_held_in_memory(tmp_path, monkeypatch):
    """Ten times the accounts named, less than 1 MiB more (here at most 200 names held at
    once; held in memory, 20,000 names and post ids took about 3.2 MiB more than 2,000).
    Without account.js the posts' ids, read to find you, are not held either."""
    monkeypatch.setattr(Names, "HELD", 200)
    grew = names_peak(tmp_path, 20_000) - names_peak(tmp_path, 2_000)
    assert grew < 1 << 20, f"{grew / 2**20:.1f} MiB more for ten times the accounts"
