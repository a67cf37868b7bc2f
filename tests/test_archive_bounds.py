"""Archives within bounds (issue 31, point 8): a damaged CAR is one `Error:` line (a
7-byte file asked for exabytes: "unexpected MemoryError"), and the long posts of an X
archive are held in a temporary file, not in memory (a 0.9 MB zip's note-tweet.js took
957 MiB). The bound: the reader's own memory stays under 48 MiB, whatever the number of
notes (one item is at most archive.MAX_ITEM)."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
import zipfile

from archives import tweet, ytd

from journal.formats.twitter import read_twitter

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
