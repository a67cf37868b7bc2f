"""Your X (Twitter) archive: Settings → Your account → Download an archive of your data.

A zip (or its unpacked folder) whose `data/` folder holds JavaScript files, each one
array assigned to a global: `window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`.
Archives before 2020 name the file `tweet.js`, without the `tweet` wrapper round each
post, and some have no `data/` folder. What is read:

- `account.js` (or `manifest.js`): your account id and screen name;
- `tweets.js`, `tweets-part1.js`, ... : posts; `entities.user_mentions[].screen_name`
  (with `name` and `id_str`) are the people a post mentions, `in_reply_to_screen_name`
  the one it answers; `created_at` is "Wed Nov 24 10:00:00 +0000 2021";
- `note-tweet.js`: the whole text of long posts (tweets.js has the first 280 characters);
- `direct-messages.js` (and `-group`): `dmConversation.messages[].messageCreate` with
  `senderId`, `recipientId`, `text`, `createdAt`; messages carry account ids only;
- `following.js`, `follower.js`: account ids and `userLink`, nothing else;
- the older layout ("Grailbird", before 2018): `data/js/tweets/YYYY_MM.js`, each
  `Grailbird.data.tweets_YYYY_MM = [ {...} ]` with the post's `user` in it, and
  `data/js/user_details.js` (`var user_details = {"screen_name": ..., "id": ...}`).

Reposts, likes and bookmarks name someone else's words, not someone you met: they are
counted, as left out. Without `account.js`, your own account is the one your posts
answer when they answer a post of yours (a thread), or the `user` of a Grailbird post.

Everything is streamed an item at a time (journal.formats.archive).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from journal.errors import JournalError
from journal.formats.archive import (
    Archive,
    Damaged,
    Sighting,
    Skipped,
    iso_day,
    json_array,
    json_document,
    opened,
    scratch,
)
from journal.text.handles import TWITTER, Handle, x_account

YTD = r"\s*(?:window\.YTD\.\w+\.part\d+|Grailbird\.data\.\w+)\s*=\s*\["
MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTHS = {m: f"{n:02d}" for n, m in enumerate(MONTH_NAMES, 1)}

TWEETS = r"tweets?(-part\d+)?\.js"
GRAILBIRD = r"\d{4}_\d{2}\.js"  # data/js/tweets/2013_01.js
LEFT_OUT = {r"like(-part\d+)?\.js": "likes", r"bookmarks?(-part\d+)?\.js": "bookmarks"}
NOTES = r"note-tweet(-part\d+)?\.js"
MESSAGES = r"direct-messages?(-group)?(-part\d+)?\.js"
FOLLOWS = {"following": r"following(-part\d+)?\.js", "follower": r"follower(-part\d+)?\.js"}


def day_of(created_at: str) -> str:
    """`Wed Nov 24 10:00:00 +0000 2021` (or ISO `2021-11-24T10:00:00.000Z`) as 2021-11-24."""
    parts = created_at.split()
    if len(parts) == 6 and parts[1] in MONTHS and parts[2].isdigit() and parts[5].isdigit():
        return iso_day(f"{parts[5]}-{MONTHS[parts[1]]}-{int(parts[2]):02d}")
    return iso_day(created_at)


def profile(screen_name: str) -> Handle | None:
    name = screen_name.lstrip("@")
    return Handle("twitter", name, f"https://x.com/{name}") if TWITTER.fullmatch(name) else None


def account_link(account_id: str) -> Handle:
    """Someone known by account id alone (a message, a follow): the account's number,
    which stays theirs, with their profile's link."""
    return x_account(account_id)


def unnamed(account_id: str) -> str:
    """What to call someone the archive knows by account id alone: it says no more."""
    return f"X account {account_id}"


class Me:
    def __init__(self, account_id: str | None, screen_name: str | None):
        self.id, self.screen_name = account_id, screen_name


def read_twitter(path: Path, *, follows: bool = False) -> Iterator[Sighting]:
    """Every mention, reply and message of the archive at `path`, then (with `follows`)
    whom you follow and who follows you. Raises JournalError naming the damaged file."""
    with opened(path) as archive:
        me = _me(archive)
        posts = _post_files(archive)
        if me.id is None and me.screen_name is None:
            me = _me_from_posts(archive, posts)
        names = Names()
        try:
            notes = _notes(archive) if posts else Notes()
            try:
                yield from _read(archive, posts, lambda items: _posts(items, me, names, notes))
            finally:
                notes.conn.close()
            yield from _read(
                archive, archive.find(MESSAGES), lambda items: _messages(items, me, names)
            )
            if follows:
                for kind, pattern in FOLLOWS.items():
                    yield from _read(
                        archive,
                        archive.find(pattern),
                        lambda items, k=kind: _follows(items, k, names),
                    )
        finally:
            names.conn.close()
        for pattern, what in LEFT_OUT.items():
            yield from _read(archive, archive.find(pattern), lambda items, w=what: _count(items, w))


def _count(items, what: str) -> Iterator[Skipped]:
    for _ in items:
        yield Skipped(what)


def _post_files(archive: Archive) -> list[str]:
    """tweets.js and its parts, or the Grailbird months, oldest first."""
    months = [n for n in archive.find(GRAILBIRD) if "tweets/" in n]
    return archive.find(TWEETS) + months


def _read(archive: Archive, files: list[str], read) -> Iterator[Sighting]:
    for name in files:
        with archive.open(name) as f:
            try:
                yield from read(json_array(f, YTD, anchored=True))
            except Damaged as e:
                raise JournalError(f"{archive.where(name)}: {e}") from None
            except (AttributeError, KeyError, TypeError, ValueError) as e:
                raise JournalError(
                    f"{archive.where(name)}: an item is not as X writes it ({e!r})"
                ) from None


def _me(archive: Archive) -> Me:
    for name in archive.find(r"account\.js"):
        with archive.open(name) as f:
            try:
                items = json_document(f, prefix=YTD[:-2])
                account = items[0]["account"]
                return Me(str(account["accountId"]), account["username"])
            except (Damaged, LookupError, TypeError) as e:
                raise JournalError(f"{archive.where(name)}: not an X account file ({e})") from None
    for name in archive.find(r"manifest\.js"):
        with archive.open(name) as f:
            try:
                info = json_document(f, prefix=r"\s*window\.__THAR_CONFIG\s*=\s*")["userInfo"]
                return Me(str(info["accountId"]), info["userName"])
            except (Damaged, LookupError, TypeError) as e:
                raise JournalError(f"{archive.where(name)}: not an X manifest ({e})") from None
    for name in archive.find(r"user_details\.js"):
        with archive.open(name) as f:
            try:
                user = json_document(f, prefix=r"\s*var\s+user_details\s*=\s*")
                return Me(str(user["id"]), user["screen_name"])
            except (Damaged, LookupError, TypeError) as e:
                raise JournalError(f"{archive.where(name)}: not an X user_details ({e})") from None
    if not _post_files(archive):
        raise JournalError(
            f"{archive.path}: not an X archive (no account.js, manifest.js, tweets.js"
            " or data/js/tweets)"
        )
    return Me(None, None)


def _each_post(archive: Archive, files: list[str]) -> Iterator[dict]:
    for name in files:
        with archive.open(name) as f:
            for item in json_array(f, YTD, anchored=True):
                yield item.get("tweet", item)


def _me_from_posts(archive: Archive, files: list[str]) -> Me:
    """Without account.js: the `user` a Grailbird post carries, else the account your
    posts answer when they answer one of your own posts (a thread), read in two passes
    over the posts. Your own account is never a contact."""
    # Your posts' ids, in a temporary SQLite file: a million posts take no memory.
    ids = scratch("CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID")
    answered: dict[tuple, int] = {}
    try:
        held: list[tuple[str]] = []
        for post in _each_post(archive, files):
            user = post.get("user")
            if isinstance(user, dict) and user.get("screen_name"):
                return Me(str(user.get("id_str") or user.get("id")), user["screen_name"])
            held.append((str(post.get("id_str")),))
            if len(held) >= Names.HELD:
                ids.executemany("INSERT OR IGNORE INTO ids VALUES (?)", held)
                held = []
        ids.executemany("INSERT OR IGNORE INTO ids VALUES (?)", held)
        mine = "SELECT 1 FROM ids WHERE id = ?"
        for post in _each_post(archive, files):
            answers = post.get("in_reply_to_status_id_str")
            if answers is not None and ids.execute(mine, (str(answers),)).fetchone():
                key = (post.get("in_reply_to_user_id_str"), post.get("in_reply_to_screen_name"))
                answered[key] = answered.get(key, 0) + 1
    except (Damaged, AttributeError):
        return Me(None, None)  # the import itself says what is wrong
    finally:
        ids.close()
    if not answered:
        return Me(None, None)
    account_id, screen_name = max(answered, key=answered.__getitem__)
    return Me(account_id, screen_name)


# X's long posts hold 25,000 characters at most; past this in all, the file is damage
# (a small zip can unpack to a gigabyte of notes).
MOST_NOTE_TEXT = 256 << 20


class Notes:
    """Long posts' whole text and mentions by the second they were posted (the one thing
    a note shares with its post), in a temporary SQLite file of their own: memory holds
    none of them, however many the archive has."""

    def __init__(self):
        self.conn = scratch("CREATE TABLE notes (second TEXT PRIMARY KEY, text, mentions)")
        self.count = self.size = 0

    def add(self, second: str, text: str, mentions: list[str]) -> None:
        self.size += len(text)
        if self.size > MOST_NOTE_TEXT:
            raise Damaged(f"holds more text of long posts than X writes ({self.size:,}+)")
        self.conn.execute(
            "INSERT OR REPLACE INTO notes VALUES (?, ?, ?)", (second, text, json.dumps(mentions))
        )
        self.count += 1

    def get(self, second: str) -> tuple[str, list[str]] | None:
        row = self.conn.execute(
            "SELECT text, mentions FROM notes WHERE second = ?", (second,)
        ).fetchone()
        return None if row is None else (row[0], json.loads(row[1]))

    def __len__(self) -> int:
        return self.count


class Names:
    """Account ids and the screen names the posts give them, for the messages and follows
    read after the posts, which name only ids. In a temporary SQLite file of their own,
    HELD at a time in memory: an archive naming a million accounts takes no more."""

    HELD = 5000

    def __init__(self):
        self.conn = scratch("CREATE TABLE names (id TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID")
        self.held: dict[str, str] = {}

    def __setitem__(self, account_id: str, name: str) -> None:
        if not (isinstance(account_id, str) and isinstance(name, str)):
            return  # what a damaged file has where an id should be names no one
        self.held[account_id] = name
        if len(self.held) >= self.HELD:
            self.conn.executemany("INSERT OR REPLACE INTO names VALUES (?, ?)", self.held.items())
            self.held = {}

    def get(self, account_id: str) -> str | None:
        if not isinstance(account_id, str):
            return None
        if account_id in self.held:
            return self.held[account_id]
        row = self.conn.execute("SELECT name FROM names WHERE id = ?", (account_id,)).fetchone()
        return None if row is None else row[0]


def _notes(archive: Archive) -> Notes:
    """The archive's notes (see Notes)."""
    notes = Notes()
    for name in archive.find(NOTES):
        with archive.open(name) as f:
            try:
                for item in json_array(f, YTD, anchored=True):
                    note = item["noteTweet"]
                    core = note["core"]
                    mentions = [m["screenName"] for m in core.get("mentions") or []]
                    notes.add(note["createdAt"][:19], core["text"], mentions)
            except Damaged as e:
                raise JournalError(f"{archive.where(name)}: {e}") from None
            except (LookupError, TypeError) as e:
                raise JournalError(
                    f"{archive.where(name)}: a note is not as X writes it ({e!r})"
                ) from None
    return notes


def _iso_second(created_at: str) -> str:
    """`Wed Nov 24 10:00:00 +0000 2021` as `2021-11-24T10:00:00`."""
    parts = created_at.split()
    return f"{day_of(created_at)}T{parts[3]}" if len(parts) == 6 else created_at[:19]


def _posts(items, me: Me, names: Names, notes: Notes) -> Iterator[Sighting | Skipped]:
    mine = (me.screen_name or "").casefold()
    for item in items:
        post = item.get("tweet", item)
        text = post.get("full_text") or post.get("text") or ""
        if text.startswith("RT @") or post.get("retweeted_status"):
            yield Skipped("reposts")  # their words, not a mention of yours
            continue
        entities = post.get("entities") or {}
        mentioned = {}
        for m in entities.get("user_mentions") or []:
            mentioned[m["screen_name"].casefold()] = m
            if m.get("id_str"):
                names[m["id_str"]] = m["screen_name"]
        replied = post.get("in_reply_to_screen_name")
        if replied and replied.casefold() not in mentioned:
            mentioned[replied.casefold()] = {"screen_name": replied, "name": None}
            if post.get("in_reply_to_user_id_str"):
                names[post["in_reply_to_user_id_str"]] = replied
        if not mentioned or set(mentioned) == {mine}:
            yield Skipped("posts naming no one")
            continue
        created = post["created_at"]
        if notes:
            note = notes.get(_iso_second(created))
            if note is not None:
                text = note[0]
                for screen_name in note[1]:
                    mentioned.setdefault(screen_name.casefold(), {"screen_name": screen_name})
        day = day_of(created)
        url = f"https://x.com/{me.screen_name or 'i/web'}/status/{post['id_str']}"
        for key, m in mentioned.items():
            if key == mine:
                continue
            handle = profile(m["screen_name"])
            if handle is None:
                continue
            kind = "reply" if replied and key == replied.casefold() else "mention"
            yield Sighting([handle], m.get("name"), kind, day, url, text, "twitter")


def _messages(items, me: Me, names: Names) -> Iterator[Sighting]:
    for item in items:
        conversation = item["dmConversation"]
        for message in conversation.get("messages") or []:
            sent = message.get("messageCreate")
            if sent is None:
                continue  # someone joined or left a group, a reaction
            other = sent.get("recipientId") if sent["senderId"] == me.id else sent["senderId"]
            if other is None or other == me.id:
                continue  # what you sent to a group: no one person it was to
            screen_name = names.get(other)
            handle = (profile(screen_name) if screen_name else None) or account_link(other)
            url = f"https://x.com/messages/{conversation['conversationId']}#{sent['id']}"
            day = day_of(sent["createdAt"])
            name = screen_name or unnamed(other)
            yield Sighting([handle], name, "message", day, url, sent.get("text"), "twitter")


def _follows(items, kind: str, names: Names) -> Iterator[Sighting]:
    said = {"following": "you follow them on X", "follower": "they follow you on X"}[kind]
    for item in items:
        account = item[kind]
        account_id = str(account["accountId"])
        screen_name = names.get(account_id)
        handle = (profile(screen_name) if screen_name else None) or account_link(account_id)
        link = account.get("userLink") or handle.url
        name = screen_name or unnamed(account_id)
        yield Sighting([handle], name, "online", None, link, said, "twitter", log=False)
