"""Recognising handles (@name, @name@host, profile URLs) and matching names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

HINT = "try @name, @name@host, @name.bsky.social, github:name or a profile URL"

TWITTER = re.compile(r"[A-Za-z0-9_]{1,15}")
USER = re.compile(r"[A-Za-z0-9_.\-]+")
# LinkedIn's profile addresses carry the letters of the name: /in/fran%C3%A7ois-dupont.
LINKEDIN = re.compile(r"[\w.\-]+")
# The shape nearly every profile URL of a LinkedIn export has; read without urlsplit.
LINKEDIN_PROFILE = re.compile(r"https://www\.linkedin\.com/in/([\w.\-%]+)/?")
DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")
PREFIXES = {
    "twitter": "twitter",
    "x": "twitter",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "linkedin": "linkedin",
    "github": "github",
    "gh": "github",
}
KNOWN_HOSTS = ("linkedin.com", "github.com", "twitter.com", "x.com", "bsky.app")
# Letters that carry no combining mark, so NFKD alone leaves them as they are.
FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                      "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i"})  # fmt: skip


# A Bluesky account's lasting id: did:plc:… (or did:web:host).
DID = re.compile(r"did:(?:plc|web):[A-Za-z0-9._:%-]{1,2048}")
# An X account known by its number alone: x.com/i/user/ID, intent/user?user_id=ID.
X_ACCOUNT_ID = re.compile(r"\d{1,20}")


class HandleError(ValueError):
    """A handle that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Handle:
    network: str
    handle: str
    url: str

    def display(self) -> str:
        if self.network == "twitter" and self.handle.startswith("id:"):
            return self.url  # an account known by its number: its link says more
        if self.network == "bluesky" and DID.fullmatch(self.handle):
            return self.handle
        if self.network in ("twitter", "mastodon", "bluesky"):
            return f"@{self.handle}"
        if self.network in ("linkedin", "github"):
            return f"{self.network}:{self.handle}"
        return self.url


def _profile(network: str, name: str, url: str | None = None) -> Handle:
    """The canonical handle for `name` on `network`, with its URL (or the one given)."""
    name = name.lstrip("@")
    if network == "twitter" and TWITTER.fullmatch(name):
        return Handle("twitter", name, url or f"https://x.com/{name}")
    if network == "mastodon" and "@" in name:
        user, _, host = name.partition("@")
        if USER.fullmatch(user) and DOMAIN.fullmatch(host):
            host = host.lower()
            return Handle("mastodon", f"{user}@{host}", url or f"https://{host}/@{user}")
    if network == "bluesky" and DOMAIN.fullmatch(name):
        name = name.lower()
        return Handle("bluesky", name, url or f"https://bsky.app/profile/{name}")
    if network == "bluesky" and DID.fullmatch(name):
        return Handle("bluesky", name, url or f"https://bsky.app/profile/{name}")
    if network == "linkedin" and LINKEDIN.fullmatch(name):
        name = name.lower()
        return Handle("linkedin", name, url or f"https://www.linkedin.com/in/{quote(name)}")
    if network == "github" and USER.fullmatch(name):
        return Handle("github", name, url or f"https://github.com/{name}")
    raise HandleError(f"cannot read {network} handle {name!r} ({HINT})")


def x_account(account_id: str) -> Handle:
    """An X account known by its number (a message, a follow, an `i/user/` link): the
    number is the account's for good, whatever its @name becomes."""
    url = f"https://x.com/i/user/{account_id}"
    return Handle("twitter", f"id:{account_id}", url)


def _x_profile(segments: list[str], query: str, url: str) -> Handle:
    """x.com/NAME, x.com/i/user/ID, x.com/intent/user?user_id=ID (or ?screen_name=NAME)."""
    from urllib.parse import parse_qs

    asked = parse_qs(query)
    if segments[:2] == ["i", "user"] and len(segments) >= 3:
        if X_ACCOUNT_ID.fullmatch(segments[2]):
            return x_account(segments[2])
    if segments[:2] == ["intent", "user"] or segments[:2] == ["intent", "follow"]:
        if X_ACCOUNT_ID.fullmatch((asked.get("user_id") or [""])[0]):
            return x_account(asked["user_id"][0])
        if asked.get("screen_name"):
            return _profile("twitter", asked["screen_name"][0])
    if segments[0] in ("i", "intent", "home", "search", "hashtag", "share", "messages"):
        raise HandleError("a page of X, not a profile")
    return _profile("twitter", segments[0], url)


def _from_url(text: str) -> Handle:
    url = text if re.match(r"https?://", text, re.I) else f"https://{text}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not DOMAIN.fullmatch(host):
        raise HandleError(f"cannot read handle {text!r} ({HINT})")
    site = host.removeprefix("www.").removeprefix("mobile.")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    try:
        if site.endswith("linkedin.com") and len(segments) >= 2 and segments[0] == "in":
            return _profile("linkedin", segments[1], url)
        if site == "github.com" and segments:
            return _profile("github", segments[0], url)
        if site in ("twitter.com", "x.com") and segments:
            return _x_profile(segments, parts.query, url)
        if site == "bsky.app" and len(segments) >= 2 and segments[0] == "profile":
            return _profile("bluesky", segments[1], url)
        if len(segments) == 1 and segments[0].startswith("@") and "@" not in segments[0][1:]:
            return _profile("mastodon", f"{segments[0][1:]}@{host}", url)
        if len(segments) == 2 and segments[0] == "users" and USER.fullmatch(segments[1]):
            # ActivityPub's actor address, https://host/users/name: Mastodon's @name.
            return _profile("mastodon", f"{segments[1]}@{host}")
    except HandleError:
        pass  # a page on a known site that is not a profile: keep it as a web link
    canonical = parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower())
    return Handle("web", canonical.geturl().rstrip("/"), url)


def parse_handle(text: str) -> Handle:
    """@name (X), @name@host (Mastodon), @name.domain (Bluesky), net:name, or a URL."""
    text = text.strip()
    if profile := LINKEDIN_PROFILE.fullmatch(text):
        # What _from_url makes of it, for a fraction of the time (an import reads
        # thousands); anything else goes the general way.
        name = profile[1]
        name = unquote(name) if "%" in name else name
        if LINKEDIN.fullmatch(name):
            return Handle("linkedin", name.lower(), text)
    if not text or re.search(r"\s", text):
        raise HandleError(f"cannot read handle {text!r} ({HINT})")
    site = text.lower().split("/")[0].removeprefix("www.")
    if re.match(r"https?://", text, re.I) or site in KNOWN_HOSTS:
        return _from_url(text)
    if DID.fullmatch(text):
        return _profile("bluesky", text)
    prefix, colon, rest = text.partition(":")
    if colon and prefix.lower() in PREFIXES and rest:
        return _profile(PREFIXES[prefix.lower()], rest)
    if text.startswith("@"):
        name = text[1:]
        if "@" in name:
            return _profile("mastodon", name)
        if "." in name:
            return _profile("bluesky", name)
        return _profile("twitter", name)
    raise HandleError(f"cannot read handle {text!r} ({HINT})")


def name_key(name: str) -> str:
    """A name without case, accents or extra spaces: "Zoë  MÜLLER" -> "zoe muller"."""
    if name.isascii():
        # No accents to take off, and casefold() is lower() (most names, in an import).
        return " ".join(name.lower().split())
    return " ".join(name.translate(_BARE).split())


def _bare(text: str) -> str:
    """`text` without case or accents."""
    # Case is folded first too: folding can turn a mark into a letter (U+0345 -> iota).
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _BareLetters(dict):
    """What _bare makes of each character, worked out when it is first met. _bare goes
    character by character (NFKD reorders only marks, and drops them all), so a name
    is made bare with one str.translate."""

    def __missing__(self, code: int) -> str:
        bare = _bare(chr(code))
        if len(self) < 65536:  # names use a few alphabets; never more than this held
            self[code] = bare
        return bare


_BARE = _BareLetters()


def name_words(text: str) -> list[str]:
    """The words of a name as typed for a search: bare, without the dots of "Anne C."."""
    return [w for w in (word.strip(".") for word in name_key(text).split()) if w]


def abbreviates(part: str, name: str) -> bool:
    """Whether `part` names `name` word by word, each word the start of one of the name's,
    in order: "Anne C." and "a chabot" name "Anne Chabot"."""
    words = iter(name_key(name).split())
    return all(any(w.startswith(typed) for w in words) for typed in name_words(part))
