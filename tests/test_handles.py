"""Handles as people write them, and the names people are found by."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.text.handles import HandleError, _bare, _from_url, name_key, parse_handle


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


def _general(text: str):
    """What the general URL reading makes of `text`: a handle, or the error it raises."""
    try:
        return _from_url(text.strip())
    except HandleError as e:
        return str(e)


def _parsed(text: str):
    try:
        return parse_handle(text)
    except HandleError as e:
        return str(e)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/benji-weber",
        "https://www.linkedin.com/in/benji-weber/",
        "https://www.linkedin.com/in/benji-weber//",
        "https://www.linkedin.com/in/Benji-Weber-1A2B",
        "https://www.linkedin.com/in/fran%C3%A7ois-dupont-1a2b",
        "https://www.linkedin.com/in/FRAN%C3%87OIS-DUPONT",
        "https://www.linkedin.com/in/zoë-müller",
        "https://www.linkedin.com/in/%40benji",
        "https://www.linkedin.com/in/a%2Fb",
        "https://www.linkedin.com/in/a%20b",
        "https://www.linkedin.com/in/%ZZbad",
        "https://www.linkedin.com/in/%C3",
        "https://www.linkedin.com/in/.",
        "https://www.linkedin.com/in/..",
        "https://www.linkedin.com/in/%",
        "https://www.linkedin.com/in/benji-weber?trk=people",
        "https://www.linkedin.com/in/benji-weber/?trk=x#top",
        "https://www.linkedin.com/in/benji-weber/details",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/company/acme",
        "http://www.linkedin.com/in/benji-weber",
        "https://linkedin.com/in/benji-weber",
        "https://uk.linkedin.com/in/benji-weber",
        "HTTPS://WWW.LINKEDIN.COM/IN/BENJI",
        "https://www.linkedin.com/IN/benji",
        "  https://www.linkedin.com/in/benji-weber  ",
        "https://www.linkedin.com/in/benji_weber.1",
        "https://www.linkedin.com/in/Ⅻ-roman",
        "https://www.linkedin.com/in/İstanbul",
    ],
)
def test_linkedin_profile_urls_read_as_the_general_way_reads_them(url):
    assert _parsed(url) == _general(url)


# Pieces of profile URLs: letters, accented ones, percent-encoded bytes (some not UTF-8).
SLUG = st.lists(
    st.sampled_from([*"aZ09-_.%@/?#;+~é", "%C3%A7", "%c3%A7", "%2F", "%40", "%E2%82", "Ü", "ß"]),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(
        [
            "https://www.linkedin.com/in/",
            "http://www.linkedin.com/in/",
            "https://linkedin.com/in/",
            "https://WWW.LinkedIn.com/in/",
            "www.linkedin.com/in/",
            "linkedin.com/in/",
            "https://www.linkedin.com/",
        ]
    ),
    SLUG,
    st.sampled_from(["", "/", "//", "?trk=x", "/?trk=x", "#x", "/details"]),
)
def test_any_linkedin_url_reads_as_the_general_way_reads_it(prefix, slug, tail):
    url = prefix + slug + tail
    assert _parsed(url) == _general(url)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(st.characters(max_codepoint=127), max_size=30),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
        # Letters with several marks each, in any order, and marks with no letter.
        st.lists(st.sampled_from([*"aeiouzAZ ", "\u0301", "\u0308", "\u0327", "\u0345", "ǖ"])).map(
            "".join
        ),
    )
)
def test_name_keys_are_those_of_the_whole_name_made_bare(name):
    assert name_key(name) == " ".join(_bare(name).split())
