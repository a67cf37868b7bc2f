"""The vCard reader within bounds (issue 31, point 8): a card with a character set
Python cannot read with, or a thousand cards never closed, no longer stop the whole
file ("unexpected ..."); and unfolding takes time in proportion to the size (8 MB of
folded lines took 165 s, growing with the square of the lines)."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from journal.formats.vcard_text import Broken, Card, cards, physical_lines

GOOD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good One\r\nN:One;Good;;;\r\nEND:VCARD\r\n"
LAST = GOOD.replace(b"Good One", b"Last One").replace(b"One;Good", b"One;Last")
V21 = b"BEGIN:VCARD\r\nVERSION:2.1\r\n%bEND:VCARD\r\n"
HOSTILE = {
    "undefined charset": V21 % b"FN;CHARSET=undefined:Ann\r\n",
    "punycode charset": V21 % b"FN;CHARSET=punycode:\xff\xfeAnn\r\n",
    "NUL in a charset": V21 % b"FN;CHARSET=utf\x00-8:Ann\r\n",
    "unclosed cards": b"BEGIN:VCARD\r\n" * 1000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_card_stops_no_other(journal, tmp_path, name):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(GOOD + HOSTILE[name] + (LAST if name != "unclosed cards" else b""))
    out = journal.ok("import", "vcard", str(path))
    assert "unexpected" not in out
    names = {p["name"] for p in journal.json("list")}
    assert "Good One" in names
    if name != "unclosed cards":
        assert "Last One" in names


def test_a_thousand_unclosed_cards_are_each_skipped_with_their_reason():
    found = list(cards(physical_lines((GOOD + HOSTILE["unclosed cards"]).splitlines(True))))
    assert isinstance(found[0], Card)
    broken = [c for c in found if isinstance(c, Broken)]
    assert broken and all("never closed" in c.reason for c in broken)


def folded_card(size: int) -> list[bytes]:
    """One card whose NOTE is `size` bytes, folded at 75 octets as vCard 3.0 writes."""
    lines = [b"BEGIN:VCARD\r\n", b"VERSION:3.0\r\n", b"FN:Long Note\r\n", b"NOTE:x\r\n"]
    lines += [b" " + b"y" * 74 + b"\r\n"] * (size // 75)
    return [*lines, b"END:VCARD\r\n"]


def read_cost(size: int) -> tuple[float, int]:
    """CPU seconds and peak bytes allocated to read the card of `size` bytes."""
    lines = folded_card(size)
    tracemalloc.start()
    started = time.process_time()
    (card,) = cards(physical_lines(lines))
    spent = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(card, Card) and len(card.props[-1].value) > size * 0.98
    return spent, peak


def test_unfolding_grows_with_the_size_not_its_square():
    small, _ = read_cost(2**20)
    large, peak = read_cost(8 * 2**20)
    # Linear: 8 times the size, about 8 times the time (the square: 64 times).
    assert large < 20 * max(small, 0.01), (small, large)
    assert peak < 8 * 8 * 2**20, f"{peak / 2**20:.0f} MiB to read 8 MiB"
