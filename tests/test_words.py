"""How many, said as a reader expects: one thing in the singular, any other count in the
plural (journal.text.words), whichever summary says it."""

import pytest

from journal.text.words import counted, counted_plural


@pytest.mark.parametrize(
    ("n", "what", "said"),
    [
        (1, "person", "1 person"),
        (0, "person", "0 people"),
        (3, "way found", "3 ways found"),
        (1, "post or message", "1 post or message"),
        (2, "post or message", "2 posts and messages"),
        (2, "log entry", "2 log entries"),
        (2, "event", "2 events"),
    ],
)
def test_counted(n, what, said):
    assert counted(n, what) == said


@pytest.mark.parametrize(
    ("n", "why", "said"),
    [
        (1, "reposts", "1 repost"),
        (2, "reposts", "2 reposts"),
        (1, "posts naming no one", "1 post naming no one"),
        (0, "posts naming no one", "0 posts naming no one"),
        (1, "activities other than posts", "1 activity other than posts"),
        (1, "follows without a server", "1 follow without a server"),
    ],
)
def test_counted_plural(n, why, said):
    assert counted_plural(n, why) == said
