"""How the faces say how many: `1 person`, `3 people`, `1 repost`, `2 reposts`."""

from __future__ import annotations

PLURAL = {
    "person": "people",
    "way found": "ways found",
    "log entry": "log entries",
    "post or message": "posts and messages",
}


def counted(n: int, what: str) -> str:
    """`n` of `what`, said in the singular: `1 person`, `3 people`, `2 log entries`."""
    return f"{n} {what if n == 1 else PLURAL.get(what, what + 's')}"


def counted_plural(n: int, what: str) -> str:
    """`n` of `what`, said in the plural, whose first word is the noun (the reasons an
    archive's items were left out): `2 posts naming no one`, `1 post naming no one`,
    `1 activity other than posts`."""
    if n != 1:
        return f"{n} {what}"
    noun, _, rest = what.partition(" ")
    noun = noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")
    return f"{n} {noun} {rest}".rstrip()
