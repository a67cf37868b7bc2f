"""Handles as people write them, and the names people are found by."""

from __future__ import annotations

import pytest

from journal.handles import HandleError, name_key, parse_handle


@pytest.mark.parametrize(
    ("text", "network", "handle", "url", "shown"),
    [
        ("@benji", "twitter", "benji", "https://x.com/benji", "@benji"),
        (" @Ben_J ", "twitter", "Ben_J", "https://x.com/Ben_J", "@Ben_J"),
        ("x:benji", "twitter", "benji", "https://x.com/benji", "@benji"),
        ("https://twitter.com/benji", "twitter", "benji", "https://twitter.com/benji", "@benji"),
        ("x.com/benji", "twitter", "benji", "https://x.com/benji", "@benji"),
        ("@benji@Mastodon.Social", "mastodon", "benji@mastodon.social",
         "https://mastodon.social/@benji", "@benji@mastodon.social"),
        ("mastodon:benji@chaos.social", "mastodon", "benji@chaos.social",
         "https://chaos.social/@benji", "@benji@chaos.social"),
        ("https://chaos.social/@benji/", "mastodon", "benji@chaos.social",
         "https://chaos.social/@benji/", "@benji@chaos.social"),
        ("@benji.bsky.social", "bluesky", "benji.bsky.social",
         "https://bsky.app/profile/benji.bsky.social", "@benji.bsky.social"),
        ("https://bsky.app/profile/benji.bsky.social", "bluesky", "benji.bsky.social",
         "https://bsky.app/profile/benji.bsky.social", "@benji.bsky.social"),
        ("linkedin:Benji-Weber", "linkedin", "benji-weber",
         "https://www.linkedin.com/in/benji-weber", "linkedin:benji-weber"),
        ("https://www.linkedin.com/in/benji-weber/?trk=x", "linkedin", "benji-weber",
         "https://www.linkedin.com/in/benji-weber/?trk=x", "linkedin:benji-weber"),
        ("linkedin.com/in/benji-weber", "linkedin", "benji-weber",
         "https://linkedin.com/in/benji-weber", "linkedin:benji-weber"),
        ("https://www.linkedin.com/in/fran%C3%A7ois-dupont-1a2b", "linkedin",
         "françois-dupont-1a2b",
         "https://www.linkedin.com/in/fran%C3%A7ois-dupont-1a2b", "linkedin:françois-dupont-1a2b"),
        ("linkedin:Zoë-Müller", "linkedin", "zoë-müller",
         "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller", "linkedin:zoë-müller"),
        ("github.com/benjiw", "github", "benjiw", "https://github.com/benjiw", "github:benjiw"),
        ("gh:benjiw", "github", "benjiw", "https://github.com/benjiw", "github:benjiw"),
        ("HTTPS://Benji.Example/About/", "web", "https://benji.example/About",
         "HTTPS://Benji.Example/About/", "HTTPS://Benji.Example/About/"),
        ("https://github.com/", "web", "https://github.com", "https://github.com/",
         "https://github.com/"),
    ],
)  # fmt: skip
def test_handles(text, network, handle, url, shown):
    h = parse_handle(text)
    assert (h.network, h.handle, h.url) == (network, handle, url)
    assert h.display() == shown


@pytest.mark.parametrize(
    "text",
    ["benji", "", "@", "@@x", "foo bar", "@this_name_is_far_too_long", "@bad-char",
     "ftp://example.com", "github:", "mastodon:nohost", "https://nohost/"],
)  # fmt: skip
def test_unreadable_handles(text):
    with pytest.raises(HandleError):
        parse_handle(text)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("  Zoë  Müller-Lüdenscheidt ", "zoe muller-ludenscheidt"),
        ("François d'Alembert", "francois d'alembert"),
        ("STRAßE", "strasse"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Æsa Œuvre", "aesa oeuvre"),
        ("José\tÁlvarez", "jose alvarez"),
    ],
)
def test_name_key(name, key):
    assert name_key(name) == key
