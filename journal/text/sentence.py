"""`journal met`'s sentence, read into the fields of a person (SPEC §1, "Capture in one
sentence"). A pure function of the text: finding the records it names is the core's.

    NAME [HANDLE|EMAIL|URL …] [(ROLE at COMPANY, CITY)] [HOW] [at EVENT] [via PERSON]
    [#TAG …] [: STORY] [; PLAN [DATE] [in CITY]]

Words that fit nowhere go to the story: nothing typed is dropped. The words read as
grammar (`at`, `via`, `in`…) are kept in `markers`, so that every word of the sentence
is in exactly one place (tests/test_sentence.py checks it on any text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from journal.text.dates import WEEKDAYS, DateError, parse_date
from journal.text.handles import parse_handle

PAREN = re.compile(r"\([^()]*\)")
TOKEN = re.compile(r"\([^()]*\)|\S+")
EMAIL = re.compile(r"[^@\s()]+@[^@\s()]+\.[A-Za-z]{2,}")
URL = re.compile(r"(https?://|www\.)\S+", re.I)
# Punctuation that ends a word of the sentence without being part of the value.
TRAILING = ",;"
STORY_MARKS = {"-", "--", "—", "–", ":"}
HOW_WORDS = {"mention": "mention", "mentioned": "mention", "online": "online"}
# Words a DATE phrase at the end of a plan may start with.
DATE_STARTS = {"in", "by", "on", "next", "this", "today", "tomorrow", *WEEKDAYS}


@dataclass
class Sentence:
    name: str | None = None
    handles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    role: str | None = None
    company: str | None = None
    city: str | None = None
    how: str | None = None
    event: str | None = None
    via: str | None = None
    tags: list[str] = field(default_factory=list)
    story: str | None = None
    plan: str | None = None
    due: str | None = None
    plan_city: str | None = None
    markers: list[str] = field(default_factory=list)


def _is_handle(word: str) -> bool:
    if not (word.startswith("@") or URL.match(word)) or len(word) < 2:
        return False
    try:
        parse_handle(word)
    except ValueError:  # HandleError, or an address urlsplit cannot read
        return False
    return True


class _Reader:
    """Reads the part before `;`, word by word; a phrase (`at EVENT`, `via PERSON`, the
    name, the story) runs until the next marker."""

    def __init__(self, sentence: Sentence):
        self.s = sentence
        self.zone = "name"
        self.words: list[str] = []
        self.marker: str | None = None  # the word that opened the phrase
        self.story: list[str] = []

    def close(self, then: str = "free", marker: str | None = None) -> None:
        text = " ".join(self.words).strip(TRAILING + " ") or None
        zone, opened = self.zone, self.marker
        if zone == "name" and text:
            self.s.name = text
        elif zone in ("at", "via") and (text is None or getattr(self.s, _FIELD[zone])):
            # `at` with nothing after it, or a second one: words of the story.
            self.story += [w for w in (opened, *self.words) if w]
            if opened:
                self.s.markers.remove(opened)
        elif zone in ("at", "via"):
            setattr(self.s, _FIELD[zone], text)
        elif self.words:
            self.story += self.words
        self.zone, self.words, self.marker = then, [], marker

    def open(self, zone: str, marker: str) -> None:
        self.close(zone, marker)
        self.s.markers.append(marker)

    def read(self, tokens: list[str]) -> None:
        n = 0
        while n < len(tokens):
            word = tokens[n]
            low = word.lower()
            following = tokens[n + 1].lower() if n + 1 < len(tokens) else None
            bare = word.rstrip(TRAILING)
            n += 1
            if PAREN.fullmatch(word) and self.s.role is None and self.s.company is None:
                self.close()
                self._parenthesis(word[1:-1])
            elif word.startswith("#") and word.strip("#").rstrip(TRAILING + "."):
                self.close()
                self.s.tags.append(word.strip("#").rstrip(TRAILING + "."))
            elif _is_handle(bare) or EMAIL.fullmatch(bare):
                is_email = not _is_handle(bare)
                if self.zone == "via" and not self.words and not is_email:
                    self.words.append(bare)
                    self.close()
                else:
                    self.close()
                    (self.s.emails if is_email else self.s.handles).append(bare)
            elif low == "at" and following is not None:
                self.open("at", word)
            elif low == "via" and following is not None:
                self.open("via", word)
            elif low in ("introduced", "mentioned") and following == "by" and n < len(tokens):
                self.open("via", tokens[n])
                self.s.markers.append(word)
                self.s.how = "introduction" if low == "introduced" else "mention"
                n += 1
            elif self.zone in ("name", "free") and (low, following) == ("job", "lead"):
                self.close()
                self.s.markers += [word, tokens[n]]
                self.s.how = "job-lead"
                n += 1
            elif self.zone in ("name", "free") and low in HOW_WORDS:
                self.close()
                self.s.markers.append(word)
                self.s.how = HOW_WORDS[low]
            elif word in STORY_MARKS:
                self.open("story", word)
            else:
                self.words.append(word)
        self.close()
        self.s.story = " ".join(self.story) or None

    def _parenthesis(self, inside: str) -> None:
        """`(ROLE at COMPANY, CITY)`, `(COMPANY, CITY)` or `(COMPANY)`."""
        work, _, city = inside.partition(",")
        words = work.split()
        at = next((n for n, w in enumerate(words) if w.lower() == "at"), None)
        if at is None:
            self.s.company = " ".join(words) or None
        else:
            self.s.role = " ".join(words[:at]) or None
            self.s.company = " ".join(words[at + 1 :]) or None
            self.s.markers.append(words[at])
        self.s.city = city.strip(" ,") or None


_FIELD = {"at": "event", "via": "via"}


def _date_suffix(words: list[str], today: dt.date | None) -> tuple[list[str], str, str] | None:
    """The longest DATE phrase ending the plan: (words before it, the date, its marker)."""
    for start, word in enumerate(words):
        low = word.lower()
        if low not in DATE_STARTS and not re.fullmatch(r"\d{4}-\d{2}-\d{2}\W?", word):
            continue
        phrase = words[start:]
        marker = ""
        if low in ("by", "on") and len(phrase) > 1:
            marker, phrase = word, phrase[1:]
        text = " ".join(phrase).rstrip(TRAILING + ".")
        try:
            parse_date(text, prefer="future", today=today)
        except DateError:
            continue
        return words[:start], " ".join(phrase), marker
    return None


def _city_suffix(words: list[str]) -> tuple[list[str], str, str] | None:
    """`in City` ending the plan, the city written with a capital."""
    for start in range(len(words) - 2, -1, -1):
        if words[start].lower() == "in" and words[start + 1][:1].isupper():
            return words[:start], " ".join(words[start + 1 :]), words[start]
    return None


def _plan(s: Sentence, text: str, today: dt.date | None) -> None:
    words = text.split()
    for _ in range(2):
        if s.due is None and (found := _date_suffix(words, today)):
            words, s.due, marker = found
        elif s.plan_city is None and (found := _city_suffix(words)):
            words, s.plan_city, marker = found
        else:
            break
        if marker:
            s.markers.append(marker)
    s.plan = " ".join(words).strip(TRAILING + " ") or None
    if s.plan_city:
        s.plan_city = s.plan_city.rstrip(TRAILING + ".")


def _tokens(head: str) -> list[str]:
    """The words, a parenthesis as one; `word:` is the word, then the story's mark."""
    tokens = []
    for token in TOKEN.findall(head):
        if token.endswith(":") and len(token) > 1 and not URL.match(token):
            tokens += [token[:-1], ":"]
        else:
            tokens.append(token)
    return tokens


def parse_sentence(text: str, *, today: dt.date | None = None) -> Sentence:
    """Read `journal met`'s sentence into its fields; words that fit nowhere make the
    story. `today` anchors the plan's date phrase (`in 3 weeks`)."""
    head, semicolon, plan = text.partition(";")
    s = Sentence()
    _Reader(s).read(_tokens(head))
    if semicolon:
        _plan(s, plan, today)
    return s
