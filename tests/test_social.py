"""Your own social archives: X (Twitter), Mastodon and Bluesky, read in their own formats
and imported as people, ways found and the log; again changes nothing; damaged, nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from archives import MY_DID, POSTS, tweet, twitter_files, write_folder, write_zip, ytd

import journal.formats.archive as archive
from journal.formats.archive import Damaged, json_array
from journal.formats.twitter import YTD, read_twitter


def sightings(read) -> list[archive.Sighting]:
    """What a reader yields, without the items it counts as left out (issue 29)."""
    return [s for s in read if isinstance(s, archive.Sighting)]


DATA = Path(__file__).parent / "data"


# -- reading, a pure function ------------------------------------------------------------


@pytest.mark.parametrize("chunk", [3, 64, 1 << 16])
def test_json_array_reads_items_across_chunks(monkeypatch, chunk):
    monkeypatch.setattr(archive, "CHUNK", chunk)
    text = ytd("tweets", [{"tweet": p} for p in POSTS])
    items = list(json_array(io.StringIO(text), YTD, anchored=True))
    assert [i["tweet"]["id_str"] for i in items] == [p["id_str"] for p in POSTS]
    assert items[0]["tweet"]["full_text"].endswith("🇬🇧")


class Counted(io.StringIO):
    """A text stream that counts what was read from it."""

    taken = 0

    def read(self, size=-1):
        text = super().read(size)
        self.taken += len(text)
        return text


def test_json_array_reads_as_it_goes():
    """The first post of a file of 20,000 is had after reading a chunk or two, not all."""
    text = ytd("tweets", [{"tweet": POSTS[n % len(POSTS)]} for n in range(20_000)])
    stream = Counted(text)
    items = json_array(stream, YTD, anchored=True)
    assert next(items)["tweet"]["id_str"] == "1500"
    assert stream.taken <= 2 * archive.CHUNK < len(text) / 100
    assert sum(1 for _ in items) == 19_999 and stream.taken == len(text)


@pytest.mark.parametrize(
    "text, message",
    [
        ('window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1"', "cut short"),
        ('window.YTD.tweets.part0 = [ {"tweet": {}}', "cut short"),
        ('window.YTD.tweets.part0 = [ {"tweet": {}} {"tweet": {}} ]', "damaged"),
        ("<html>Rate limit exceeded</html>", "does not hold"),
        ("window.YTD.tweets.part0 = [" + "[" * 100_000 + "]" * 100_000 + "]", "nested"),
        ("", "does not hold"),
    ],
)
def test_json_array_refuses_damaged_text(monkeypatch, text, message):
    monkeypatch.setattr(archive, "CHUNK", 8)
    with pytest.raises(Damaged, match=message):
        list(json_array(io.StringIO(text), YTD, anchored=True))


def test_read_twitter_finds_mentions_replies_and_messages(tmp_path):
    path = write_zip(tmp_path / "x.zip", twitter_files())
    seen = [(s.handles[0].display(), s.kind, s.date, s.url) for s in sightings(read_twitter(path))]
    assert ("@benji", "reply", "2022-03-14", "https://x.com/you_there/status/1500") in seen
    assert ("@zoe_m", "mention", "2022-01-01", "https://x.com/you_there/status/1400") not in seen
    assert ("@maria_k", "message", "2021-11-25", "https://x.com/messages/1001-2002#9002") in seen
    stranger = ("https://x.com/i/user/3003", "message", "2022-02-02")
    assert stranger in [s[:3] for s in seen]
    assert not any(s.log is False for s in sightings(read_twitter(path)))  # follows only when asked
    follows = [s for s in sightings(read_twitter(path, follows=True)) if not s.log]
    assert {(s.handles[0].handle, s.date) for s in follows} == {
        ("benji", None),  # its account id was in a mention
        ("id:4004", None),  # known by its number, which stays its own (issue 29)
    }


def test_the_older_layout_reads_the_same_posts(tmp_path):
    new = write_zip(tmp_path / "new.zip", twitter_files())
    old = write_folder(tmp_path / "old", twitter_files(old_layout=True))
    posts = [(s.handles[0].handle, s.kind, s.date) for s in sightings(read_twitter(old))]
    assert posts == [
        ("benji", "reply", "2022-03-14"),
        ("benji", "mention", "2021-11-24"),
        ("maria_k", "mention", "2021-11-24"),
        ("zoe_m", "mention", "2021-10-01"),
    ]
    newer = [(s.handles[0].handle, s.kind, s.date) for s in sightings(read_twitter(new))]
    assert newer[:3] == posts[:3]  # tweets.js, then tweets-part1.js


# -- importing ----------------------------------------------------------------------------


def test_import_twitter_adds_people_found_through_a_mention(journal, tmp_path):
    path = write_zip(tmp_path / "twitter-2026-11-24.zip", twitter_files())
    journal.ok("add", "Maria Kovač", "--handle", "@maria_k", "--event", "PyData Berlin")
    out = journal.ok("import", "twitter", str(path))
    assert "3 people added, 1 already in the journal" in out
    benji = journal.json("show", "@benji")
    assert benji["name"] == "Benji Weber" and benji["found_via"] == "mention"
    assert benji["met_on"] == "2021-11-24"
    assert benji["source_url"] == "https://x.com/you_there/status/1300"
    # The post that mentions him, and the reply: a reply is meeting online (issue 29).
    way, reply = benji["ways_found"]
    assert (reply["kind"], reply["date"]) == ("online", "2022-03-14")
    assert reply["url"] == "https://x.com/you_there/status/1500"
    assert (way["kind"], way["network"], way["date"]) == ("mention", "twitter", "2021-11-24")
    assert "live posts from the march" in way["note"]
    log = [(i["date"], i["kind"], i["url"]) for i in benji["interactions"]]
    assert log == [
        ("2022-03-14", "message", "https://x.com/you_there/status/1500"),
        ("2021-11-24", "message", "https://x.com/you_there/status/1300"),
    ]
    assert benji["last_contact"] == "2022-03-14"
    maria = journal.json("show", "@maria_k")
    assert maria["found_via"] == "event"  # still her first way
    # oldest first; the message is meeting online (issue 29)
    assert [w["kind"] for w in maria["ways_found"]] == ["mention", "online", "event"]
    assert {i["url"] for i in maria["interactions"]} >= {"https://x.com/messages/1001-2002#9002"}
    zoe = journal.json("show", "@zoe_m")
    assert zoe["name"] == "Zoë Müller ✨" and zoe["met_on"] == "2021-10-01"  # not the repost
    stranger = journal.json("show", "X account 3003")
    assert stranger["handles"][0]["url"] == "https://x.com/i/user/3003"
    card = journal.ok("show", "@benji")
    assert "2021-11-24  mention on twitter: https://x.com/you_there/status/1300" in card
    assert journal.ok("check")


def test_importing_again_changes_nothing(journal, tmp_path):
    path = write_zip(tmp_path / "x.zip", twitter_files())
    journal.ok("import", "twitter", str(path), "--follows")
    before = journal.fingerprint()
    out = journal.ok("import", "twitter", str(path), "--follows")
    assert "0 people added" in out and "0 ways found recorded" in out
    assert journal.fingerprint() == before


def test_dry_run_writes_nothing(journal, tmp_path):
    journal.ok("add", "Someone")
    before = journal.fingerprint()
    path = write_zip(tmp_path / "x.zip", twitter_files())
    result = journal.json("import", "twitter", str(path), "--dry-run")
    assert result["dry_run"] and result["people_added"] == 4
    assert journal.fingerprint() == before


def test_follows_are_found_online_without_dates_or_names(journal):
    """Three files of a real archive (from twitter-to-sqlite's tests): account ids only."""
    out = journal.ok("import", "twitter", str(DATA / "twitter-to-sqlite"), "--follows")
    assert "4 people added" in out and "0 posts and messages logged" in out
    people = journal.json("list", "--how", "online")
    assert {p["name"] for p in people} == {
        "X account 547842573", "X account 12158", "X account 73747798", "X account 386025404",
    }  # fmt: skip
    card = journal.json("show", "X account 12158")
    assert card["met_on"] is None and card["ways_found"][0]["date"] is None
    assert card["ways_found"][0]["note"] == "you follow them on X"


def damaged_archives(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    files = twitter_files()
    cut = dict(files, **{"data/tweets-part1.js": files["data/tweets-part1.js"][:-200]})
    bad_date = dict(files, **{"data/tweets.js": ytd("tweets", [{"tweet": tweet(
        "1", "yesterday-ish", "@benji hi", [("benji", "B", "2")])}])})  # fmt: skip
    garbled = dict(files, **{"data/direct-messages.js": "window.YTD.direct_messages.part0 = [ {"})
    not_js = dict(files, **{"data/account.js": "\x00\x01binary"})
    zipped = write_zip(tmp_path / "ok.zip", files)
    return {
        "cut short": (write_zip(tmp_path / "cut.zip", cut), "tweets-part1.js"),
        "bad date": (write_zip(tmp_path / "date.zip", bad_date), "tweets.js"),
        "garbled": (write_folder(tmp_path / "garbled", garbled), "direct-messages.js"),
        "not an account": (write_zip(tmp_path / "acc.zip", not_js), "account.js"),
        "zip cut short": (
            Path(shutil.copy(zipped, tmp_path / "half.zip")).parent / "half.zip",
            "half.zip",
        ),
        "not an archive": (write_folder(tmp_path / "empty", {"notes.txt": "hello"}), "empty"),
        "missing": (tmp_path / "nowhere.zip", "nowhere.zip"),
    }


@pytest.mark.parametrize(
    "kind",
    ["cut short", "bad date", "garbled", "not an account", "zip cut short", "not an archive",
     "missing"],
)  # fmt: skip
def test_a_damaged_archive_is_one_error_naming_the_file(journal, tmp_path, kind):
    journal.ok("add", "Benji", "--handle", "@benji")
    path, name = damaged_archives(tmp_path)[kind]
    if kind == "zip cut short":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    error = journal.fails(1, "import", "twitter", str(path))
    assert name in error and "nothing was imported" in error


# -- Mastodon -----------------------------------------------------------------------------


def test_import_mastodon_from_the_tar_gz(journal, tmp_path):
    from archives import FOLLOWS_CSV, mastodon_files, write_tar

    path = write_tar(tmp_path / "archive-20261124.tar.gz", mastodon_files())
    out = journal.ok("import", "mastodon", str(path))
    assert "2 people added" in out and "3 posts and messages logged" in out
    ana = journal.json("show", "@ana@hachyderm.example")
    assert ana["handles"][0]["url"] == "https://hachyderm.example/@ana"
    way, reply = ana["ways_found"]  # a mention, then a reply: online (issue 29)
    assert (reply["kind"], reply["date"]) == ("online", "2022-12-01")
    assert (way["kind"], way["date"], way["url"]) == (
        "mention", "2022-11-05", "https://social.example/@you/1",
    )  # fmt: skip
    assert way["note"] == "@ana merci pour l'invitation ! 🎉"  # the HTML as text
    leo = journal.json("show", "@leo@social.example")  # on your own server: @leo
    assert leo["interactions"][0]["note"] == "Replying to @ana and @léo\nsee you at the meetup"
    assert journal.json("list", "--how", "mention") and not journal("show", "@you").exit_code == 0
    follows = tmp_path / "following_accounts.csv"
    follows.write_text(FOLLOWS_CSV, encoding="utf-8")
    out = journal.ok("import", "mastodon", str(follows))
    # Ana was met online on Mastodon already (the reply): the follow adds no way.
    assert "1 person added, 1 already in the journal, 1 way found recorded" in out
    ana = journal.json("show", "@ana@hachyderm.example")
    assert [(w["kind"], w["date"]) for w in ana["ways_found"]] == [
        ("mention", "2022-11-05"), ("online", "2022-12-01"),
    ]  # fmt: skip
    before = journal.fingerprint()
    journal.ok("import", "mastodon", str(path))
    journal.ok("import", "mastodon", str(follows))
    assert journal.fingerprint() == before


def test_import_mastodon_from_outbox_json_and_mastodons_own_fixtures(journal, tmp_path):
    from archives import mastodon_files

    outbox = write_folder(tmp_path / "unpacked", mastodon_files()) / "outbox.json"
    assert "2 people added" in journal.ok("import", "mastodon", str(outbox))
    zipped = write_zip(tmp_path / "archive.zip", mastodon_files())  # as newer servers pack it
    again = journal.json("import", "mastodon", str(zipped))
    assert (again["people_matched"], again["logged"], again["already_logged"]) == (2, 0, 3)
    out = journal.ok("import", "mastodon", str(DATA / "mastodon" / "new-following-imports.txt"))
    assert "1 person added" in out  # eve@example.com; `bob` names no server
    out = journal.ok("import", "mastodon", str(DATA / "mastodon" / "imports.txt"))
    assert "2 people added" in out  # user@example.com, user@test.com
    assert "not a Mastodon archive" in journal.fails(1, "import", "mastodon", str(DATA / "csv"))


def test_a_damaged_mastodon_archive_is_one_error(journal, tmp_path):
    from archives import mastodon_files, write_tar

    files = mastodon_files()
    cut = dict(files, **{"outbox.json": files["outbox.json"][:-500]})
    bad = dict(files, **{"outbox.json": files["outbox.json"].replace('"2022-12-01T19', '"soon')})
    for name, damaged in [("cut.tar.gz", cut), ("bad.tar.gz", bad)]:
        path = write_tar(tmp_path / name, damaged)
        error = journal.fails(1, "import", "mastodon", str(path))
        assert f"{name}:outbox.json" in error and "nothing was imported" in error
    assert "not a Mastodon archive" in journal.fails(1, "import", "mastodon", str(tmp_path))


# -- Bluesky ------------------------------------------------------------------------------


def test_read_bluesky_reads_a_repository_a_pds_exported():
    from journal.formats.bluesky import read_bluesky

    [seen] = sightings(read_bluesky(DATA / "atcute" / "repo.car"))
    assert [h.handle for h in seen.handles] == ["mary.my.id", "did:plc:ia76kvnndjutgedggx2ibrem"]
    assert (seen.kind, seen.date, seen.text) == ("mention", "2024-02-24", "beep boop @mary.my.id")
    assert seen.url == (
        "https://bsky.app/profile/did:plc:srcqou2m7uquogyd5xk4b5y5/post/3km5ymk4hhk2z"
    )


def test_import_bluesky_mentions_by_byte_offsets_and_follows_by_did(journal, tmp_path):
    from archives import write_car

    path = write_car(tmp_path / "repo.car")
    out = journal.ok("import", "bluesky", str(path))
    assert "3 people added" in out and "3 posts and messages logged" in out
    ana = journal.json("show", "@ana.bsky.social")
    assert {h["handle"] for h in ana["handles"]} == {"ana.bsky.social", "did:plc:ana"}
    assert [(w["kind"], w["date"]) for w in ana["ways_found"]] == [
        ("online", "2024-03-01"), ("mention", "2024-03-02"),
    ]  # fmt: skip
    assert ana["found_via"] == "online"  # followed the day before the first mention
    mention = ana["ways_found"][1]
    assert mention["url"] == f"https://bsky.app/profile/{MY_DID}/post/3kb1"
    assert mention["note"].startswith("Ünïcödé first")
    leo = journal.json("show", "@leo.example")  # the handle at the facet's bytes
    assert leo["interactions"][0]["url"].endswith("/post/3kb2")
    kim = journal.json("show", "did:plc:kim")
    assert kim["name"] == "Bluesky account did:plc:kim" and kim["interactions"] == []
    before = journal.fingerprint()
    journal.ok("import", "bluesky", str(path))
    assert journal.fingerprint() == before


@pytest.mark.parametrize("cut", [5, 200, -10])
def test_a_damaged_repository_is_one_error(journal, tmp_path, cut):
    from archives import write_car

    data = write_car(tmp_path / "full.car").read_bytes()
    path = tmp_path / "repo.car"
    path.write_bytes(data[:cut])
    error = journal.fails(1, "import", "bluesky", str(path))
    assert "repo.car" in error and "nothing was imported" in error
    path.write_bytes(b"{not a car}")
    assert "repo.car" in journal.fails(1, "import", "bluesky", str(path))
    nested = b"\x81" * 50_000 + b"\x00"  # arrays in arrays: a hostile block
    block = b"\x01\x71\x12\x20" + bytes(32) + nested
    header = data[: data[0] + 1]
    path.write_bytes(header + bytes([0x80 | (len(block) & 0x7F)]) + _rest(len(block)) + block)
    assert "repo.car" in journal.fails(1, "import", "bluesky", str(path))


def _rest(n: int) -> bytes:
    """The varint bytes after the first, for a length of `n`."""
    out, n = b"", n >> 7
    while n:
        out += bytes([(n & 0x7F) | (0x80 if n >> 7 else 0)])
        n >>= 7
    return out


def test_a_hostile_archive_writes_no_odd_values(journal, tmp_path):
    odd = twitter_files()
    odd["data/direct-messages.js"] = ytd("direct_messages", [{"dmConversation": {
        "conversationId": "1001-5005", "messages": [{"messageCreate": {
            "recipientId": "1001", "senderId": "5005", "id": "1", "text": {"<b>": ["x"]},
            "createdAt": "2022-02-02T10:00:00.000Z"}}]}}])  # fmt: skip
    odd["data/tweets.js"] = ytd("tweets", [{"tweet": tweet(
        "9", "Wed Nov 24 10:00:00 +0000 2021", "@benji hi", [("benji", ["not", "a name"], "2")])}])  # fmt: skip  # noqa: E501
    journal.ok("import", "twitter", str(write_zip(tmp_path / "odd.zip", odd)))
    assert journal.json("show", "@benji")["name"] == "@benji"
    assert journal.json("show", "X account 5005")["interactions"][0]["note"] is None
    bad = dict(odd, **{"data/tweets-part1.js": ytd("tweets", [{"tweet": {"entities": 5}}], 1)})
    assert "tweets-part1.js" in journal.fails(
        1, "import", "twitter", str(write_zip(tmp_path / "b.zip", bad))
    )  # noqa: E501


def test_a_post_with_a_nul_character_is_logged_whole(journal, tmp_path):
    """Posts are logged a batch at a time through SQLite's JSON functions, which end a
    string at a NUL character: such a batch is written row by row instead, text whole."""
    files = twitter_files()
    files["data/tweets.js"] = ytd("tweets", [{"tweet": tweet(
        "9", "Wed Nov 24 10:00:00 +0000 2021", "@benji before\x00after", [("benji", "Benji", "2")]
    )}])  # fmt: skip
    journal.ok("import", "twitter", str(write_zip(tmp_path / "nul.zip", files)))
    notes = [i["note"] for i in journal.json("show", "@benji")["interactions"]]
    assert "@benji before\x00after" in notes
    assert journal.ok("check")
