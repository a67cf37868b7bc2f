"""`journal met`'s grammar, a pure function (SPEC §1, "Capture in one sentence"); today
is 2026-11-25 (conftest)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import JOURNALIST
from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal.text.sentence import Sentence, parse_sentence

TABLE = [
    (
        JOURNALIST,
        {
            "name": "Benji Weber",
            "handles": ["@benji"],
            "role": "journalist",
            "company": "The Guardian",
            "city": "London",
            "event": "Mastodon meetup Berlin",
            "via": "@maria",
            "tags": ["press"],
            "story": "followed his live posts",
            "plan": "meet again",
            "due": "in 3 weeks",
            "plan_city": "London",
        },
    ),
    (
        "Anne Chabot introduced by Anne C. at Twestival #ai #press; coffee by friday",
        {
            "name": "Anne Chabot",
            "how": "introduction",
            "via": "Anne C.",
            "event": "Twestival",
            "tags": ["ai", "press"],
            "plan": "coffee",
            "due": "friday",
        },
    ),
    ("@benji online", {"name": None, "handles": ["@benji"], "how": "online"}),
    (
        "Sam Roe sam@roe.io https://github.com/samroe job lead (Acme) via Kim Ode",
        {
            "name": "Sam Roe",
            "emails": ["sam@roe.io"],
            "handles": ["https://github.com/samroe"],
            "how": "job-lead",
            "company": "Acme",
            "via": "Kim Ode",
        },
    ),
    # A lone part before the city is a role (issue 28), unless the journal knows the company.
    ("Zoë mention (Foo, Bar)", {"name": "Zoë", "how": "mention", "role": "Foo", "city": "Bar"}),
    ("Lu mentioned by @kim", {"name": "Lu", "how": "mention", "via": "@kim"}),
    ("Lu (at Acme)", {"name": "Lu", "role": None, "company": "Acme"}),
    ("Lu (, Paris)", {"name": "Lu", "company": None, "city": "Paris"}),
    # A phrase runs to the next marker; what is left over is the story.
    (
        "Lu at PyData via Kim - great talk on Rust",
        {"event": "PyData", "via": "Kim", "story": "great talk on Rust"},
    ),
    ("Lu at PyData at the bar", {"event": "PyData", "story": "at the bar"}),
    ("Lu via @kim nice chat", {"via": "@kim", "story": "nice chat"}),
    ("Lu via Kim Ode @lu", {"via": "Kim Ode", "handles": ["@lu"]}),
    ("Lu (CTO at Acme) (ex-Google)", {"company": "Acme", "story": "(ex-Google)"}),
    ("Lu at", {"name": "Lu at", "event": None}),
    ("Lu #", {"name": "Lu #", "tags": []}),
    # The plan: a date phrase and a city at its end, in either order.
    (
        "Lu; call in 3 weeks in New York",
        {"plan": "call", "due": "in 3 weeks", "plan_city": "New York"},
    ),
    (
        "Lu; call in Paris in three weeks",
        {"plan": "call", "due": "in three weeks", "plan_city": "Paris"},
    ),
    ("Lu; send CV on 2026-12-01", {"plan": "send CV", "due": "2026-12-01"}),
    ("Lu; send CV next month", {"plan": "send CV", "due": "next month"}),
    ("Lu; lunch tomorrow", {"plan": "lunch", "due": "tomorrow"}),
    ("Lu; talk in person", {"plan": "talk in person", "due": None, "plan_city": None}),
    ("Lu; in 2 days", {"plan": None, "due": "in 2 days"}),
    ("Lu; visit; then more", {"plan": "visit; then more"}),
    # Issue 28: when you met, anywhere; names of things; nothing typed dropped.
    (
        "Benji @benomad (journalist, Marseille) yesterday at Twestival Marseille via Anne",
        {"name": "Benji", "role": "journalist", "company": None, "city": "Marseille",
         "event": "Twestival Marseille", "via": "Anne", "met": "yesterday", "story": None},
    ),
    (
        "Benji @benomad at Twestival Marseille yesterday via Anne",
        {"event": "Twestival Marseille", "met": "yesterday", "via": "Anne"},
    ),
    ("Lu at PyData 3 days ago", {"event": "PyData", "met": "3 days ago", "story": None}),
    ("Lu last friday at X", {"event": "X", "met": "last friday", "name": "Lu"}),
    ("Lu on 26 Nov at PyData", {"event": "PyData", "met": "26 Nov"}),
    ("Lu at X on 26 novembre 2026", {"event": "X", "met": "26 novembre 2026"}),
    ("Lu on the train", {"name": "Lu on the train", "met": None}),
    ("Émilie (photographer, Marseille) at apero",
     {"role": "photographer", "company": None, "city": "Marseille", "event": "apero"}),
    ("Lu (photographer at Le Monde, Paris)", {"role": "photographer", "company": "Le Monde"}),
    ("Lu (Acme)", {"role": None, "company": "Acme"}),
    (
        "Zoe Test, photographer in Marseille, at twestival",
        {"name": "Zoe Test", "role": "photographer", "city": "Marseille", "event": "twestival"},
    ),
    ("Zoe Test, photographer", {"name": "Zoe Test", "role": "photographer", "city": None}),
    (
        "Lu; coffee when I'm in London in 2 weeks",
        {"plan": "coffee when I'm in London", "due": "in 2 weeks", "plan_city": "London"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t for t, _ in TABLE])
def test_grammar(text, expected):
    read = parse_sentence(text)
    assert {k: getattr(read, k) for k in expected} == expected
    assert _words_of(read) == Counter(_words(text))


def test_a_known_company_is_a_company():
    read = parse_sentence("Lu (Acme, Paris)", companies=frozenset({"acme"}))
    assert (read.role, read.company, read.city) == (None, "Acme", "Paris")


def test_the_journalist_fits_in_200_keystrokes():
    command = f'journal met "{JOURNALIST}"'
    assert len(command) <= 200


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _words_of(s: Sentence) -> Counter:
    # A city kept in the plan's words ("when I'm in London") is counted there.
    city = None if s.plan and s.plan_city and s.plan.endswith(s.plan_city) else s.plan_city
    parts = [s.name, s.role, s.company, s.city, s.event, s.via, s.story, s.plan, s.due,
             city, s.met, *s.handles, *s.emails, *s.tags, *s.markers]  # fmt: skip
    return Counter(w for part in parts if part for w in _words(part))


GRAMMAR = ["at", "via", "introduced", "by", "mentioned", "job", "lead", "online", "in",
           "on", "next", "(", ")", ",", ";", ":", "-", "#x", "@ada", "a@b.io", "3", "weeks",
           "friday", "London", "https://x.com/ada", "(CTO at Acme, Paris)", "tomorrow",
           "yesterday", "last", "ago", "days", "26", "Nov", "when", "I'm", ","]  # fmt: skip
WORDS = st.one_of(st.sampled_from(GRAMMAR), st.text(min_size=1, max_size=12))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25).map(" ".join))
@example("0,0 (CTO at Acme, Paris)")  # the comma's "role" was overwritten by the parenthesis
def test_no_sentence_crashes_or_loses_words(text):
    read = parse_sentence(text)
    assert _words_of(read) == Counter(_words(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_at_all(text):
    read = parse_sentence(text)
    assert _words_of(read) == Counter(_words(text))
