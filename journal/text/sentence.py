"""`journal met`'s sentence, read into the fields of a person (SPEC §1, "Capture in one
sentence"). A pure function of the text: finding the records it names is the core's.

    NAME[, ROLE in CITY] [HANDLE|EMAIL|URL …] [(ROLE at COMPANY, CITY)] [HOW] [at EVENT]
    [via PERSON] [#TAG …] [: STORY] [; PLAN [DATE] [in CITY]]

and, anywhere before the plan, when you met: `yesterday`, `last friday`, `on 26 Nov`,
`3 days ago`.

Words that fit nowhere go to the story: nothing typed is dropped. The words read as
grammar (`at`, `via`, `in`…) are kept in `markers`, so that every word of the sentence
is in exactly one place (tests/test_sentence.py checks it on any text).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from journal.text.dates import MONTHS_ABROAD, NUMBER_WORDS, UNITS, WEEKDAYS, DateError, parse_date
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
MONTHS = {m.lower() for m in calendar.month_name[1:] + calendar.month_abbr[1:]} | set(MONTHS_ABROAD)
# Words that make the rest of a plan one clause: "coffee when I'm in London" keeps its city.
CLAUSE_WORDS = {"when", "while", "if", "once", "whenever", "until", "next", "time"}


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
    met: str | None = None
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

    def __init__(self, sentence: Sentence, companies: frozenset[str] = frozenset()):
        self.s = sentence
        self.companies = companies
        self.zone = "name"
        self.words: list[str] = []
        self.marker: str | None = None  # the word that opened the phrase
        self.story: list[str] = []

    def close(self, then: str = "free", marker: str | None = None, *, whole: bool = False) -> None:
        """End the phrase being read; `whole`: a name is kept as typed, commas and all."""
        text = " ".join(self.words).strip(TRAILING + " ") or None
        zone, opened = self.zone, self.marker
        if zone == "name" and text and whole:
            self.s.name = text
        elif zone == "name" and text:
            self._name(text)
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
            if self.s.met is None and (found := _when(tokens, n - 1)):
                self.close(self.zone if self.zone in ("story",) else "free")
                length, phrase, marker = found
                self.s.met = phrase
                if marker:
                    self.s.markers.append(marker)
                n += length - 1
            elif PAREN.fullmatch(word) and self.s.role is None and self.s.company is None:
                # `NAME (ROLE at COMPANY, CITY)`: the parenthesis says the role, so a comma
                # in the name is the name's (else `A, B (CTO …)` lost B to the role).
                self.close(whole=True)
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

    def _name(self, text: str) -> None:
        """`NAME`, or `NAME, ROLE in CITY` (`Zoe Test, photographer in Marseille`)."""
        name, comma, rest = text.partition(",")
        words = rest.split()
        if not comma or not name.strip() or not words or self.s.role or self.s.city:
            self.s.name = text
            return
        self.s.name = name.strip()
        at = next((n for n in range(len(words) - 1, 0, -1) if words[n].lower() == "in"), None)
        if at is None:
            self.s.role = " ".join(words)
            return
        self.s.markers.append(words[at])
        self.s.role = " ".join(words[:at])
        self.s.city = " ".join(words[at + 1 :]).strip(TRAILING + " ") or None

    def _parenthesis(self, inside: str) -> None:
        """`(ROLE at COMPANY, CITY)`, `(ROLE, CITY)`, `(COMPANY, CITY)` when the journal
        knows the company, or `(COMPANY)`."""
        work, comma, city = inside.partition(",")
        words = work.split()
        at = next((n for n, w in enumerate(words) if w.lower() == "at"), None)
        lone = " ".join(words) or None
        if at is None and comma and lone and lone.casefold() not in self.companies:
            self.s.role = lone
        elif at is None:
            self.s.company = lone
        else:
            self.s.role = " ".join(words[:at]) or None
            self.s.company = " ".join(words[at + 1 :]) or None
            self.s.markers.append(words[at])
        self.s.city = city.strip(" ,") or None


_FIELD = {"at": "event", "via": "via"}


def _plain(word: str) -> str:
    return word.rstrip(TRAILING + ".").lower()


def _datelike(word: str) -> bool:
    """A word a date is written with: `26`, `26th`, `26/11`, `Nov`, `novembre`, `friday`."""
    low = _plain(word)
    return low in MONTHS or low in WEEKDAYS or bool(re.fullmatch(r"\d[\d/.-]*(st|nd|rd|th)?", low))


def _when(tokens: list[str], n: int) -> tuple[int, str, str] | None:
    """A phrase at `n` that says unambiguously when you met: (its length in tokens, the
    date phrase, the marker word before it or ""). `yesterday`, `last friday`,
    `on 26 Nov`, `3 days ago`, `2026-11-20`."""
    word = _plain(tokens[n])
    after = [_plain(t) for t in tokens[n + 1 : n + 4]]
    if word in ("yesterday", "today") or re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        return 1, tokens[n].rstrip(TRAILING + "."), ""
    if word == "last" and after and (after[0] in WEEKDAYS or after[0] in ("week", "month")):
        return 2, " ".join(t.rstrip(TRAILING + ".") for t in tokens[n : n + 2]), ""
    if (word.isdigit() or word in NUMBER_WORDS) and after[:2] and after[0] in UNITS:
        if len(after) > 1 and after[1] == "ago" and len(after[0]) > 1:
            return 3, " ".join(t.rstrip(TRAILING + ".") for t in tokens[n : n + 3]), ""
    if (
        word == "on"
        and after
        and (after[0][:1].isdigit() or after[0] in WEEKDAYS or after[0] in MONTHS)
    ):
        for length in (3, 2, 1):
            phrase = [t.rstrip(TRAILING) for t in tokens[n + 1 : n + 1 + length]]
            if len(phrase) < length or not all(_datelike(t) for t in phrase):
                continue
            try:
                parse_date(" ".join(phrase).rstrip("."), prefer="past")
            except DateError:
                continue
            return length + 1, " ".join(phrase).rstrip("."), tokens[n]
    return None


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
            before, s.plan_city, marker = found
            if {w.lower().strip(TRAILING) for w in before} & CLAUSE_WORDS:
                # "coffee when I'm in London": the city is part of what to do; kept in it.
                marker = ""
            else:
                words = before
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


def parse_sentence(
    text: str, *, today: dt.date | None = None, companies: frozenset[str] = frozenset()
) -> Sentence:
    """Read `journal met`'s sentence into its fields; words that fit nowhere make the
    story. `today` anchors the plan's date phrase (`in 3 weeks`); `companies` (casefolded)
    are those the journal knows, read as a company in `(Acme, Paris)`, not a role."""
    head, semicolon, plan = text.partition(";")
    s = Sentence()
    _Reader(s, companies).read(_tokens(head))
    if semicolon:
        _plan(s, plan, today)
    return s
