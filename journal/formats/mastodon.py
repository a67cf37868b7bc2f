"""Your Mastodon archive: Preferences → Import and export → Request your archive (a
`.tar.gz`, a `.zip` on newer servers), and Data export → Follows (`following_accounts.csv`).

`outbox.json` is an ActivityPub OrderedCollection: `orderedItems` holds a `Create`
activity for each of your posts, whose `object` (a Note) has `published`, `url`,
`content` (HTML), `inReplyTo` and `tag`, where each entry of type `Mention` has the
account's `href` and its `name` (`@user@host`, or `@user` for someone on your own
server). Boosts (`Announce`) are someone else's words and are left out, counted, as are
posts naming no one and the items of `likes.json` and `bookmarks.json`. Mastodon 4.2
and 4.3 wrote `orderedItems` twice, the first time empty (mastodon/mastodon#31091): the
posts are read from the first list that is not empty.
`following_accounts.csv` has a header (Account address, Show boosts, ...) and one
`user@host` a line; older exports have the addresses alone.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from journal.errors import JournalError
from journal.files import bounded_lines
from journal.formats.archive import (
    Archive,
    Damaged,
    Sighting,
    Skipped,
    iso_day,
    json_array,
    json_document,
    opened,
)
from journal.text.handles import DOMAIN, USER, Handle

ITEMS = r'"orderedItems"\s*:\s*\['
# Mastodon writes the key twice, the first time empty (mastodon/mastodon#31091): the
# posts are in the first list that is not empty.
POSTS = ITEMS + r"(?=\s*[^\s\]])"
# Files of an archive that name posts, not people: counted, as left out, when there.
LEFT_OUT = {r"likes\.json": "likes", r"bookmarks\.json": "bookmarks"}
TOLD = {"likes.json": "likes", "bookmarks.json": "bookmarks"}
TAGS = re.compile(r"<[^>]*>")
BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p>", re.I)
MAX_LINE = 4096


def handle_of(name: str | None, href: str | None) -> Handle | None:
    """`@user@host` (or `@user` on the server `href` is on) as a Mastodon handle."""
    user, _, host = (name or "").lstrip("@").partition("@")
    if not host and href:
        host = urlsplit(href).hostname or ""
    host = host.lower()
    if not USER.fullmatch(user) or not DOMAIN.fullmatch(host):
        return None
    return Handle("mastodon", f"{user}@{host}", f"https://{host}/@{user}")


def text_of(content: str | None) -> str:
    """A post's HTML as plain text."""
    if not content:
        return ""
    return html.unescape(TAGS.sub("", BREAKS.sub("\n", content))).strip()


def read_mastodon(path: Path) -> Iterator[Sighting | Skipped]:
    """Mentions and replies from the outbox, then follows, from an archive, its folder,
    an `outbox.json` or a `following_accounts.csv`."""
    with opened(path) as archive:
        outboxes = archive.find(r"outbox\.json")
        follows = archive.find(r"following_accounts\.csv")
        if archive.plain and archive.find("|".join(LEFT_OUT)):
            raise JournalError(
                f"{path}: your {TOLD[path.name.lower()]} name posts, not people; give the"
                " whole archive, or its outbox.json"
            )
        if archive.plain and not outboxes and not follows:
            # One file, named otherwise: what it holds by what it is called.
            json_file = path.suffix.lower() == ".json"
            outboxes, follows = ([path.name], []) if json_file else ([], [path.name])
        if not outboxes and not follows:
            raise JournalError(
                f"{path}: not a Mastodon archive (no outbox.json or following_accounts.csv)"
            )
        me = _me(archive)
        for name in outboxes:
            yield from _outbox(archive, name, me)
        for name in follows:
            yield from _follows(archive, name)
        for pattern, what in LEFT_OUT.items():
            for name in archive.find(pattern):
                yield from _count(archive, name, what)


def _outbox(archive: Archive, name: str, me: str | None) -> Iterator[Sighting | Skipped]:
    """The posts of an outbox: the first `orderedItems` list that is not empty; when
    there is none, the first list (an empty outbox, or a file that is not one)."""
    for pattern in (POSTS, ITEMS):
        started = False
        with archive.open(name) as f:
            try:
                for item in json_array(f, pattern):
                    started = True
                    yield from _posts([item], me)
                return
            except Damaged as e:
                if pattern == POSTS and not started:
                    continue
                raise JournalError(f"{archive.where(name)}: {e}") from None
            except (AttributeError, LookupError, TypeError) as e:
                where = archive.where(name)
                raise JournalError(
                    f"{where}: an item is not as Mastodon writes it ({e!r})"
                ) from None


def _count(archive: Archive, name: str, what: str) -> Iterator[Skipped]:
    with archive.open(name) as f:
        try:
            for _ in json_array(f, ITEMS):
                yield Skipped(what)
        except Damaged as e:
            raise JournalError(f"{archive.where(name)}: {e}") from None


def _me(archive: Archive) -> str | None:
    """Your actor's id (`https://host/users/you`), to leave your own mentions out."""
    for name in archive.find(r"actor\.json"):
        with archive.open(name) as f:
            try:
                return json_document(f, most=1 << 20).get("id")
            except (Damaged, AttributeError) as e:
                raise JournalError(f"{archive.where(name)}: not a Mastodon actor ({e})") from None
    return None


def _posts(items, me: str | None) -> Iterator[Sighting | Skipped]:
    for activity in items:
        if activity.get("type") == "Announce":
            yield Skipped("boosts")  # someone else's words
            continue
        if activity.get("type") != "Create" or not isinstance(activity.get("object"), dict):
            yield Skipped("activities other than posts")
            continue
        post = activity["object"]
        mentions = [t for t in post.get("tag") or [] if t.get("type") == "Mention"]
        if not mentions:
            yield Skipped("posts naming no one")
            continue
        published = iso_day(post.get("published") or activity["published"])
        url = post.get("url") or post["id"]
        text = text_of(post.get("content"))
        reply_to = post.get("inReplyTo") or ""
        seen = set()
        for tag in mentions:
            href = tag.get("href")
            if href in (me, activity.get("actor")):
                continue
            handle = handle_of(tag.get("name"), href)
            if handle is None or handle.handle in seen:
                continue
            seen.add(handle.handle)
            kind = "reply" if href and reply_to.startswith(href + "/") else "mention"
            yield Sighting([handle], None, kind, published, url, text, "mastodon")


def _follows(archive: Archive, name: str) -> Iterator[Sighting]:
    where = archive.where(name)
    with archive.open(name) as f:
        try:
            for n, row in enumerate(csv.reader(bounded_lines(f, MAX_LINE, where)), 1):
                if not row or (n == 1 and row[0].strip() == "Account address"):
                    continue
                handle = handle_of(row[0].strip(), None)
                if handle is None and n == 1:
                    raise JournalError(
                        f"{where}: not a Mastodon follows export (it begins {row[0][:40]!r},"
                        " not Account address or user@host)"
                    )
                if handle is None:
                    # `bob` alone: someone on your own server, which the file does not
                    # name (Mastodon's own exports always write user@host).
                    yield Skipped("follows without a server")
                    continue
                said = "you follow them on Mastodon"
                yield Sighting([handle], None, "online", None, handle.url, said, "mastodon", False)
        except csv.Error as e:
            raise JournalError(f"{where}: not a Mastodon follows export ({e})") from None
