"""Social archives built in the services' own formats, for the import tests: field names,
wrappers, dates and file names as X, Mastodon and Bluesky write them."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path


def ytd(name: str, items: list, part: int = 0) -> str:
    """A `window.YTD.<name>.partN = [...]` file, indented as X writes it."""
    return f"window.YTD.{name}.part{part} = " + json.dumps(items, indent=2, ensure_ascii=False)


def tweet(
    id_str: str,
    created_at: str,
    text: str,
    mentions: list[tuple[str, str, str]] = (),
    reply_to: tuple[str, str] | None = None,
) -> dict:
    """One post as tweets.js holds it. `mentions`: (screen_name, name, id_str)."""
    user_mentions = []
    for screen_name, name, user_id in mentions:
        at = text.find("@" + screen_name)
        user_mentions.append(
            {
                "name": name,
                "screen_name": screen_name,
                "indices": [str(at), str(at + len(screen_name) + 1)],
                "id_str": user_id,
                "id": user_id,
            }
        )
    post = {
        "edit_info": {
            "initial": {
                "editTweetIds": [id_str],
                "editableUntil": "",
                "editsRemaining": "5",
                "isEditEligible": False,
            }
        },  # noqa: E501
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": user_mentions, "urls": []},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "3",
        "id_str": id_str,
        "truncated": False,
        "retweet_count": "0",
        "id": id_str,
        "created_at": created_at,
        "favorited": False,
        "full_text": text,
        "lang": "en",
    }
    if reply_to:
        post |= {
            "in_reply_to_status_id_str": "1",
            "in_reply_to_status_id": "1",
            "in_reply_to_screen_name": reply_to[0],
            "in_reply_to_user_id": reply_to[1],
            "in_reply_to_user_id_str": reply_to[1],
        }
    return post


ME = {"accountId": "1001", "username": "you_there", "accountDisplayName": "You There"}
MARIA = ("maria_k", "Maria Kovač", "2002")
BENJI = ("benji", "Benji Weber", "2003")
ZOE = ("zoe_m", "Zoë Müller ✨", "2004")

POSTS = [
    # newest first, as the archive lists them
    tweet("1500", "Mon Mar 14 09:00:00 +0000 2022", "@benji see you in London? 🇬🇧", [BENJI],
          reply_to=("benji", "2003")),
    tweet("1400", "Sat Jan 01 12:00:00 +0000 2022", "RT @zoe_m: something she said", [ZOE]),
    tweet("1300", "Wed Nov 24 10:00:00 +0000 2021",
          "Following @benji's live posts from the march, thanks to @maria_k", [BENJI, MARIA]),
    tweet("1200", "Tue Nov 23 08:30:00 +0000 2021", "no one mentioned here"),
    tweet("1100", "Fri Oct 01 18:45:00 +0000 2021", "Great talk by @zoe_m at the meetup — merci!",
          [ZOE]),
]  # fmt: skip


def twitter_files(*, old_layout: bool = False, posts: list | None = None) -> dict[str, str]:
    """An X archive's files by path; `old_layout`: `tweet.js`, no `tweet` wrapper, no
    `data/` folder, as archives were until 2019."""
    posts = POSTS if posts is None else posts
    if old_layout:
        return {
            "account.js": ytd("account", [{"account": ME}]),
            "tweet.js": ytd("tweet", posts),
        }
    manifest = {"userInfo": {"accountId": ME["accountId"], "userName": ME["username"],
                             "displayName": ME["accountDisplayName"]},
                "archiveInfo": {"sizeBytes": "1000", "generationDate": "2026-11-24T10:00:00.000Z"},
                "dataTypes": {"tweets": {"files": [
                    {"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0", "count": "3"},
                    {"fileName": "data/tweets-part1.js", "globalName": "YTD.tweets.part1", "count": "2"}]}}}  # fmt: skip  # noqa: E501
    long_text = "A long post for @maria_k: " + "ünïcödé " * 60
    return {
        "data/manifest.js": "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2),
        "data/account.js": ytd("account", [{"account": ME}]),
        "data/tweets.js": ytd("tweets", [{"tweet": p} for p in posts[:3]]),
        "data/tweets-part1.js": ytd("tweets", [{"tweet": p} for p in posts[3:]], part=1),
        "data/note-tweet.js": ytd(
            "note_tweet",
            [
                {
                    "noteTweet": {
                        "noteTweetId": "77",
                        "createdAt": "2021-10-01T18:45:00.000Z",
                        "core": {
                            "text": long_text,
                            "urls": [],
                            "hashtags": [],
                            "mentions": [
                                {"screenName": "maria_k", "fromIndex": "16", "toIndex": "24"}
                            ],
                        },
                    }
                }
            ],
        ),  # fmt: skip
        "data/direct-messages.js": ytd(
            "direct_messages",
            [
                {
                    "dmConversation": {
                        "conversationId": "1001-2002",
                        "messages": [
                            {
                                "messageCreate": {
                                    "recipientId": "1001",
                                    "reactions": [],
                                    "urls": [],
                                    "text": "Someone is looking for you — Benji!",
                                    "mediaUrls": [],
                                    "senderId": "2002",
                                    "id": "9002",
                                    "createdAt": "2021-11-25T09:00:00.000Z",
                                }
                            },
                            {
                                "messageCreate": {
                                    "recipientId": "2002",
                                    "reactions": [],
                                    "urls": [],
                                    "text": "Thanks Maria!",
                                    "mediaUrls": [],
                                    "senderId": "1001",
                                    "id": "9001",
                                    "createdAt": "2021-11-24T21:00:00.000Z",
                                }
                            },
                        ],
                    }
                },
                {
                    "dmConversation": {
                        "conversationId": "1001-3003",
                        "messages": [
                            {
                                "messageCreate": {
                                    "recipientId": "1001",
                                    "text": "Hello from a stranger",
                                    "senderId": "3003",
                                    "id": "9100",
                                    "createdAt": "2022-02-02T10:00:00.000Z",
                                }
                            }
                        ],
                    }
                },
            ],
        ),  # fmt: skip
        "data/following.js": ytd(
            "following",
            [
                {
                    "following": {
                        "accountId": "2003",
                        "userLink": "https://twitter.com/intent/user?user_id=2003",
                    }
                },
                {
                    "following": {
                        "accountId": "4004",
                        "userLink": "https://twitter.com/intent/user?user_id=4004",
                    }
                },
            ],
        ),  # fmt: skip  # noqa: E501
        "data/follower.js": ytd(
            "follower",
            [
                {
                    "follower": {
                        "accountId": "4004",
                        "userLink": "https://twitter.com/intent/user?user_id=4004",
                    }
                }
            ],
        ),  # fmt: skip  # noqa: E501
    }


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def write_folder(path: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return path


def write_tar(path: Path, files: dict[str, str | bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


# -- Mastodon -------------------------------------------------------------------------

ACTOR = "https://social.example/users/you"


def toot(
    n: int,
    published: str,
    html: str,
    mentions: list[tuple[str, str]] = (),
    reply_to: str | None = None,
) -> dict:
    """A Create activity of outbox.json. `mentions`: (name as written, actor href)."""
    status = f"{ACTOR}/statuses/{n}"
    return {
        "id": f"{status}/activity",
        "type": "Create",
        "actor": ACTOR,
        "published": published,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [f"{ACTOR}/followers"],
        "object": {
            "id": status,
            "type": "Note",
            "summary": None,
            "inReplyTo": reply_to,
            "published": published,
            "url": f"https://social.example/@you/{n}",
            "attributedTo": ACTOR,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": [f"{ACTOR}/followers"],
            "sensitive": False,
            "atomUri": status,
            "content": html,
            "contentMap": {"en": html},
            "attachment": [],
            "tag": [{"type": "Mention", "href": href, "name": name} for name, href in mentions]
            + [{"type": "Hashtag", "href": "https://social.example/tags/py", "name": "#py"}],
        },
    }  # fmt: skip


TOOTS = [
    toot(1, "2022-11-05T08:00:00Z",
         '<p><span class="h-card"><a href="https://hachyderm.example/@ana" class="u-url mention">@<span>ana</span></a></span> merci pour l&#39;invitation ! 🎉</p>',  # noqa: E501
         [("@ana@hachyderm.example", "https://hachyderm.example/users/ana")]),
    toot(2, "2022-12-01T19:30:00Z",
         "<p>Replying to <a>@ana</a> and <a>@léo</a><br>see you at the meetup</p>",
         [("@ana@hachyderm.example", "https://hachyderm.example/users/ana"),
          ("@leo", "https://social.example/users/leo")],
         reply_to="https://hachyderm.example/users/ana/statuses/99"),
    toot(3, "2022-12-02T10:00:00Z", "<p>A post about nothing, mentioning me: @you</p>",
         [("@you", ACTOR)]),
    {"id": f"{ACTOR}/statuses/4/activity", "type": "Announce", "actor": ACTOR,
     "published": "2022-12-03T10:00:00Z", "object": "https://elsewhere.example/statuses/5"},
]  # fmt: skip


def outbox(items: list) -> str:
    """outbox.json as Mastodon writes it: the collection, with orderedItems last."""
    head = {
        "@context": [
            "https://www.w3.org/ns/activitystreams",
            {"toot": "http://joinmastodon.org/ns#"},
        ],  # noqa: E501
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
    }
    body = json.dumps(head, ensure_ascii=False)[:-1]
    return (
        body
        + ',"orderedItems":['
        + ",".join(json.dumps(i, ensure_ascii=False) for i in items)
        + "]}"
    )  # noqa: E501


def mastodon_files(items: list | None = None) -> dict[str, str]:
    actor = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": ACTOR,
        "type": "Person",
        "preferredUsername": "you",
        "name": "You There",
        "outbox": "outbox.json",
    }
    return {
        "actor.json": json.dumps(actor),
        "outbox.json": outbox(TOOTS if items is None else items),
        "likes.json": json.dumps({"type": "OrderedCollection", "orderedItems": []}),
    }


FOLLOWS_CSV = (
    "Account address,Show boosts,Notify on new posts,Languages\n"
    "ana@hachyderm.example,true,false,\n"
    "zoé@fosstodon.example,true,false,\n"
    "kim@fosstodon.example,false,false,en\n"
)


# -- Bluesky --------------------------------------------------------------------------

MY_DID = "did:plc:you000000000000000000000"


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def bsky_post(
    created_at: str, text: str, mentions: list[tuple[str, str]] = (), reply_to: str | None = None
) -> dict:
    """A post record; `mentions`: (the handle as written in `text`, its DID), indexed
    by byte offsets in the UTF-8 text as Bluesky writes them."""
    raw, facets = text.encode("utf-8"), []
    for handle, did in mentions:
        start = raw.find(("@" + handle).encode("utf-8"))
        facets.append(
            {
                "$type": "app.bsky.richtext.facet",
                "index": {"byteStart": start, "byteEnd": start + len(handle.encode("utf-8")) + 1},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
            }
        )
    post = {"$type": "app.bsky.feed.post", "text": text, "langs": ["en"], "createdAt": created_at}
    if facets:
        post["facets"] = facets
    if reply_to:
        uri = f"at://{reply_to}/app.bsky.feed.post/3kaaaaaaaaaaa"
        ref = {"uri": uri, "cid": "bafyreid"}
        post["reply"] = {"root": ref, "parent": ref}
    return post


def bsky_follow(did: str, created_at: str) -> dict:
    return {"$type": "app.bsky.graph.follow", "subject": did, "createdAt": created_at}


SKEETS = {
    "app.bsky.feed.post/3kb1": bsky_post(
        "2024-03-02T10:00:00.000Z", "Ünïcödé first: thanks @ana.bsky.social for the invite ✨",
        [("ana.bsky.social", "did:plc:ana")]),
    "app.bsky.feed.post/3kb2": bsky_post(
        "2024-03-05T10:00:00.000Z", "@ana.bsky.social yes! and @léo.example? no, @leo.example",
        [("ana.bsky.social", "did:plc:ana"), ("leo.example", "did:plc:leo")],
        reply_to="did:plc:ana"),
    "app.bsky.feed.post/3kb3": bsky_post("2024-03-06T10:00:00.000Z", "no one here"),
    "app.bsky.graph.follow/3kc1": bsky_follow("did:plc:ana", "2024-03-01T09:00:00.000Z"),
    "app.bsky.graph.follow/3kc2": bsky_follow("did:plc:kim", "2024-04-01T09:00:00.000Z"),
}  # fmt: skip


def write_car(path: Path, records: dict[str, dict] | None = None) -> Path:
    """A repository export: header, commit, one tree node (keys prefix-compressed), then
    the records, each block a CIDv1 (DAG-CBOR, sha-256) and its bytes."""
    import hashlib

    from libipld import encode_dag_cbor

    def block(value) -> tuple[bytes, bytes]:
        data = encode_dag_cbor(value)
        cid = b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()
        return cid, data

    records = SKEETS if records is None else records
    stored = {key: block(value) for key, value in sorted(records.items())}
    entries, previous = [], b""
    for key, (cid, _) in stored.items():
        k = key.encode()
        shared = 0
        while shared < min(len(k), len(previous)) and k[shared] == previous[shared]:
            shared += 1
        entries.append({"k": k[shared:], "p": shared, "t": None, "v": cid})
        previous = k
    node_cid, node = block({"e": entries, "l": None})
    commit = {"did": MY_DID, "version": 3, "data": node_cid, "rev": "3kz", "prev": None,
              "sig": b"\x00" * 64}  # fmt: skip
    commit_cid, commit_data = block(commit)
    header = encode_dag_cbor({"version": 1, "roots": [commit_cid]})
    out = _varint(len(header)) + header
    for cid, data in [(commit_cid, commit_data), (node_cid, node), *stored.values()]:
        out += _varint(len(cid) + len(data)) + cid + data
    path.write_bytes(out)
    return path


def write_many_follows(path: Path, follows: int) -> Path:
    """A repository export of `follows` follows, its tree nodes (of 500 entries each) after
    every record, as a reader must take them: each record is kept until its key comes.
    Written block by block, never held whole."""
    import hashlib

    from libipld import encode_dag_cbor

    def block(value) -> tuple[bytes, bytes]:
        data = encode_dag_cbor(value)
        return b"\x01\x71\x12\x20" + hashlib.sha256(data).digest(), data

    def put(f, cid: bytes, data: bytes) -> None:
        f.write(_varint(len(cid) + len(data)) + cid + data)

    commit_cid, commit = block({"did": MY_DID, "version": 3, "data": b"", "rev": "3kz",
                                "prev": None, "sig": b"\x00" * 64})  # fmt: skip
    header = encode_dag_cbor({"version": 1, "roots": [commit_cid]})
    with path.open("wb") as f:
        f.write(_varint(len(header)) + header)
        put(f, commit_cid, commit)
        entries: list[dict] = []
        for n in range(follows):
            did = f"did:plc:{n:024d}"
            cid, data = block(bsky_follow(did, "2024-04-01T09:00:00.000Z"))
            put(f, cid, data)
            entries.append({"k": f"app.bsky.graph.follow/{n:013d}".encode(), "p": 0,
                            "t": None, "v": cid})  # fmt: skip
        for start in range(0, len(entries), 500):
            put(f, *block({"e": entries[start : start + 500], "l": None}))
    return path
