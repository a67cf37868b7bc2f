"""An X (Twitter) archive of any size, deterministic, for the import benchmark.

    python benchmarks/twitter.py OUT_FOLDER --posts 100000 [--seed 1] [--ndjson OUT.ndjson]

As X writes it: `data/account.js` and `data/tweets.js` (`window.YTD.tweets.part0 = [`,
each post in a `tweet` wrapper, indented), accented text, two in three posts mentioning
one or two of 5,000 accounts, some of them replies. `--ndjson` also writes the same
posts one JSON object a line, for `sqlite-utils insert --nl`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import FIRST, LAST  # noqa: E402

ACCOUNTS = 5000
WORDS = "merci pour la conférence über das Treffen great talk see you à bientôt café 🎉".split()


def posts(count: int, seed: int = 1):
    rng = random.Random(seed)
    first, last = FIRST.split(), LAST.split()
    people = [
        (f"user_{n}", f"{rng.choice(first)} {rng.choice(last)}", str(10_000 + n))
        for n in range(ACCOUNTS)
    ]
    start = dt.datetime(2010, 1, 1, tzinfo=dt.timezone.utc)
    for i in range(count):
        when = start + dt.timedelta(seconds=rng.randrange(14 * 365 * 86400))
        mentioned = rng.sample(people, rng.choice((0, 1, 1, 2, 2, 0)))
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        text = " ".join(f"@{m[0]}" for m in mentioned) + " " + words
        mentions = []
        for screen_name, name, user_id in mentioned:
            at = text.find("@" + screen_name)
            mentions.append(
                {
                    "name": name,
                    "screen_name": screen_name,
                    "indices": [str(at), str(at + len(screen_name) + 1)],
                    "id_str": user_id,
                    "id": user_id,
                }
            )
        post = {
            "edit_info": {"initial": {"editTweetIds": [str(i)], "editsRemaining": "5"}},
            "retweeted": False,
            "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
            "entities": {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": []},
            "display_text_range": ["0", str(len(text))],
            "favorite_count": str(rng.randrange(50)),
            "id_str": str(1_000_000 + i),
            "truncated": False,
            "retweet_count": "0",
            "id": str(1_000_000 + i),
            "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "favorited": False,
            "full_text": text.strip(),
            "lang": "fr",
        }
        if mentioned and rng.random() < 0.3:
            post["in_reply_to_screen_name"] = mentioned[0][0]
            post["in_reply_to_user_id_str"] = mentioned[0][2]
        yield post


def write_archive(folder: Path, count: int, *, seed: int = 1, ndjson: Path | None = None) -> None:
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    account = {"accountId": "1", "username": "you_there", "accountDisplayName": "You"}
    (data / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([{"account": account}], indent=2),
        encoding="utf-8",
    )
    lines = ndjson.open("w", encoding="utf-8") if ndjson else None
    with (data / "tweets.js").open("w", encoding="utf-8") as out:
        out.write("window.YTD.tweets.part0 = [ ")
        for i, post in enumerate(posts(count, seed)):
            if i:
                out.write(", ")
            out.write(json.dumps({"tweet": post}, indent=2, ensure_ascii=False))
            if lines:
                lines.write(json.dumps(post, ensure_ascii=False) + "\n")
        out.write(" ]")
    if lines:
        lines.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ndjson", type=Path)
    args = parser.parse_args(argv)
    write_archive(args.out, args.posts, seed=args.seed, ndjson=args.ndjson)
    return 0


if __name__ == "__main__":
    sys.exit(main())
