"""A vCard file of any size, deterministic, shaped as phones export address books, for
the vCard import benchmark; and the peer it is measured against.

    python benchmarks/vcards.py OUT.vcf --cards 10000 [--seed 1]
    python benchmarks/vcards.py --parse FILE.vcf      # vobject alone reads every card

Each card is an Apple Contacts (iOS) card as its test files in tests/data/vcards show
them: N and FN, ORG with a unit, grouped emails with their X-ABLabel, typed phones, an
address, a URL, a social profile, a birthday, a note, categories, and a real photo (one
of the JPEGs of the corpus, about 2 KB) as base64 folded at 75 characters.
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import CITIES, COMPANIES, FIRST, LAST  # noqa: E402
from journal.formats import vcard_text as vt  # noqa: E402

# Real photos from the corpus: BlackBerry's and Outlook 2007's.
PHOTOS = ("ez-vcard/John_Doe_BLACK_BERRY.vcf", "ez-vcard/outlook-2007.vcf")


def photos() -> list[str]:
    found = []
    for name in PHOTOS:
        data = (ROOT / "tests" / "data" / "vcards" / name).read_bytes()
        for card in vt.cards(vt.physical_lines(data.splitlines(keepends=True))):
            for prop in getattr(card, "props", []):
                if prop.name == "PHOTO":
                    found.append(base64.b64encode(vt.base64_bytes(prop.value)).decode())
    return found


def folded(text: str) -> str:
    return "\r\n ".join(text[i : i + 74] for i in range(0, len(text), 74))


def write_vcards(path: Path, cards: int, *, seed: int = 1) -> None:
    rng = random.Random(seed)
    first, last = FIRST.split(), LAST.split()
    companies, cities = COMPANIES.split("|"), CITIES.split("|")
    pictures = [folded(p) for p in photos()]
    with path.open("w", encoding="utf-8", newline="") as f:
        for i in range(cards):
            given, family = rng.choice(first), f"{rng.choice(last)}-{i}"
            company, city = rng.choice(companies), rng.choice(cities)
            slug = f"{given.lower()}-{i}"
            f.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iOS 17.1//EN\r\n"
                f"N:{family};{given};;;\r\nFN:{given} {family}\r\n"
                f"ORG:{vt.escape(company)};Engineering\r\nTITLE:Engineer\r\n"
                f"item1.EMAIL;type=INTERNET;type=pref:{slug}@example.org\r\n"
                "item1.X-ABLabel:_$!<Other>!$_\r\n"
                f"item2.EMAIL;type=INTERNET;type=WORK:{slug}@work.example\r\n"
                f"TEL;type=CELL;type=VOICE;type=pref:+49 30 {i:07d}\r\n"
                f"TEL;type=WORK;type=VOICE:+49 40 {i:07d}\r\n"
                f"item3.ADR;type=HOME;type=pref:;;Hauptstr. {i % 200};{vt.escape(city)};;"
                f"{10000 + i % 90000};Germany\r\nitem3.X-ABADR:de\r\n"
                f"item4.URL;type=pref:https://example.org/~{slug}\r\n"
                "item4.X-ABLabel:_$!<HomePage>!$_\r\n"
                f"X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/{slug}\r\n"
                f"BDAY:{1950 + rng.randrange(50)}-{1 + rng.randrange(12):02d}-"
                f"{1 + rng.randrange(28):02d}\r\n"
                f"NOTE:Met at the {vt.escape(city)} meetup\\, talked about SQLite.\r\n"
                "CATEGORIES:meetup,friends\r\n"
                f"PHOTO;ENCODING=b;TYPE=JPEG:{pictures[i % len(pictures)]}\r\n"
                "END:VCARD\r\n"
            )


def parse_with_vobject(path: Path) -> int:
    """vobject alone, reading every card: the peer of `journal import vcard`."""
    import vobject

    count = 0
    with path.open(encoding="utf-8") as f:
        for _card in vobject.readComponents(f):
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--cards", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parse", action="store_true", help="read OUT with vobject alone")
    args = parser.parse_args(argv)
    if args.parse:
        print(parse_with_vobject(args.out))
        return 0
    write_vcards(args.out, args.cards, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
