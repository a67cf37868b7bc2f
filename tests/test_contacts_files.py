"""Issue 21: real address books. The corpus of real files (tests/data/vcards, from the
test suites of the programs that write them) and the CSV layouts (tests/data/csv), each
imported, exported and imported again; then what a user checks on a card."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.formats import vcard_text as vt
from journal.formats.vcard import read_card, read_vcards, write_vcard

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

VCARDS = corpus.manifest()
CSVS = corpus.csv_manifest()
# Cards that cannot be imported, and why: a card with no name nor anything to name it
# by, and one cut short. They are reported and skipped, never a crash.
SKIPPED = {"without a name", "the card is never closed (no END:VCARD)"}


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- the corpus ----------------------------------------------------------------------


def test_the_corpus_is_real_files_from_many_exporters_each_attributed():
    listed = {row["file"] for row in VCARDS}
    on_disk = {str(p.relative_to(corpus.CORPUS)) for p in corpus.CORPUS.glob("*/*.vcf")}
    assert listed == on_disk
    assert len(listed) >= 60
    assert len({row["repository"] for row in VCARDS}) >= 10
    assert len({row["exporter"].split(" (")[0] for row in VCARDS}) >= 10
    for row in VCARDS:
        assert len(row["commit"]) == 40 and row["licence"] and row["path"].endswith(".vcf")
    assert {row["file"] for row in CSVS} == {p.name for p in corpus.CSV_CORPUS.glob("*.csv")}


@pytest.mark.parametrize("row", VCARDS, ids=[row["file"] for row in VCARDS])
def test_every_vcard_file_comes_back_whole(row):
    """Import, export, compare property by property, import the export again."""
    result = corpus.round_trip(corpus.CORPUS / row["file"])
    outcome = result["result"]
    assert not outcome.startswith(("crash", "re-import")), outcome
    if outcome.startswith("refused"):
        # Only a file of nothing but a card cut short is refused, and says so.
        assert "never closed" in outcome and result["cards"] == 0
        return
    assert not result.get("lost_props"), result["lost_props"]
    assert "2nd import changed" not in outcome
    if result["skipped"]:
        assert set(outcome.split("(", 1)[1].rstrip(")").split("; ")) <= SKIPPED, outcome


@pytest.mark.parametrize("row", CSVS, ids=[row["file"] for row in CSVS])
def test_every_csv_layout_comes_back_whole(row):
    result = corpus.csv_round_trip(corpus.CSV_CORPUS / row["file"], row["kind"])
    assert not result["lost_props"], result["lost_props"]
    assert result["result"] in ("whole", "1 skipped (without a name)"), result["result"]


# -- reading vCard as exporters write it -----------------------------------------------


def contacts(path: Path, **kwargs) -> list:
    return list(read_vcards([path], **kwargs))


def test_vcard_2_1_in_its_own_character_set():
    [card] = contacts(corpus.CORPUS / "android" / "v21_japanese_1.vcf")
    assert card.name == "安藤ロイド"  # Shift_JIS, declared by CHARSET on the property
    [card] = contacts(corpus.CORPUS / "evolution" / "12.vcf")
    assert card.name == "Michael Brüning" and card.city == "Ulm"  # quoted-printable UTF-8


def test_a_windows_1252_file_and_a_utf_16_file(tmp_path):
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nORG:Bäckerei\r\nEND:VCARD\r\n"
    [card] = contacts(write(tmp_path, "w.vcf", text.encode("cp1252")))
    assert (card.name, card.company) == ("Zoë Müller", "Bäckerei")
    [card] = contacts(write(tmp_path, "u.vcf", text.encode("utf-16")))
    assert (card.name, card.company) == ("Zoë Müller", "Bäckerei")


def test_a_base64_photo_without_indented_lines_is_kept_and_shown(journal):
    # Android's test of a BlackBerry-style photo: base64 lines not indented.
    path = corpus.CORPUS / "android" / "v21_base64_no_2_crlf.vcf"
    journal.ok("import", "vcard", str(path))
    person = journal.json("show", "1")
    assert person["photo"]["type"] == "image/jpeg"
    data = base64.b64decode(person["photo"]["url"].partition(",")[2])
    assert data.startswith(b"\xff\xd8")  # a JPEG
    assert "photo: JPEG" in journal.ok("show", "1")
    exported = journal.ok("export", "vcard")
    assert "PHOTO;ENCODING=b;TYPE=JPEG:/9j/" in exported.replace("\r\n ", "")


def test_a_data_uri_photo_with_odd_padding(journal):
    journal.ok(
        "import", "vcard", str(corpus.CORPUS / "radicale" / "contact_photo_with_data_uri.vcf")
    )
    assert journal.json("show", "1")["photo"]["type"].startswith("image/")


def test_a_card_that_cannot_be_read_is_skipped_with_its_line_or_refused_with_strict(
    journal, tmp_path
):
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Example\nEND:VCARD\n"
        "# a comment\nBEGIN:VCARD\nVERSION:2.1\nN:Cut;Short\n"  # never closed
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ben Sample\nX-messaging/aim-All:ben\nEND:VCARD\n"
    )
    path = str(write(tmp_path, "c.vcf", text))
    error = journal.fails(1, "import", "vcard", path, "--strict")
    assert "c.vcf, line 6: the card is never closed (no END:VCARD)" in error
    out = journal.ok("import", "vcard", path)
    assert "line 6: skipped (the card is never closed (no END:VCARD))" in out
    assert out.strip().endswith(
        "2 added, 0 merged, 0 unchanged, 1 skipped (1 the card is never closed (no END:VCARD))."
    )
    assert journal.json("show", "ben")["name"] == "Ben Sample"


def test_a_file_of_garbage_never_ends_in_an_unexpected_error(journal, tmp_path):
    for n, text in enumerate(
        [
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;ENCODING=BASE64:@@@@\r\nFN:A\r\nEND:VCARD",
            b"BEGIN:VCARD\nN;CHARSET=NO-SUCH-CHARSET;ENCODING=QUOTED-PRINTABLE:=FF=FE=\nEND:VCARD",
            b"BEGIN:VCARD\n;;;:\n:\nFN;\x00:\xff\xfe\nEND:VCARD\nEND:VCARD\nBEGIN:VCARD",
            b"\xff\xfeB\x00E\x00G\x00",
        ]
    ):
        result = journal("import", "vcard", str(write(tmp_path, f"g{n}.vcf", text)))
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


# -- lossless --------------------------------------------------------------------------

APPLE = """\
BEGIN:VCARD
VERSION:3.0
N:Doe;John;;Mr.;
FN:John Doe
ORG:IBM;Accounting
item1.EMAIL;type=INTERNET;type=pref:john.doe@ibm.com
item1.X-ABLabel:_$!<Other>!$_
TEL;type=CELL;type=VOICE;type=pref:905-555-1234
TEL;type=HOME;type=VOICE:905-666-1234
URL:https://example.com/john
item2.ADR;type=WORK:;;Silicon Alley 5,;New York;NY;12345;USA
item2.X-ABADR:us
LABEL;TYPE=WORK:Silicon Alley 5\\, New York
END:VCARD
"""


def test_every_property_comes_back_and_the_kinds_are_on_the_card(journal, tmp_path):
    journal.ok("import", "vcard", str(write(tmp_path, "a.vcf", APPLE)))
    shown = journal.ok("show", "john")
    assert "john.doe@ibm.com (preferred, other)" in shown
    assert "905-555-1234 (cell, preferred) · 905-666-1234 (home)" in shown
    exported = journal.ok("export", "vcard").replace("\r\n ", "")
    for line in (
        "N:Doe;John;;Mr.;",
        "ORG:IBM;Accounting",
        "item1.EMAIL;TYPE=INTERNET;TYPE=pref:john.doe@ibm.com",
        "item1.X-ABLABEL:_$!<Other>!$_",
        "TEL;TYPE=CELL;TYPE=VOICE;TYPE=pref:905-555-1234",
        "URL:https://example.com/john",  # a plain URL stays a URL
        "item2.ADR;TYPE=WORK:;;Silicon Alley 5,;New York;NY;12345;USA",
        "LABEL;TYPE=WORK:Silicon Alley 5\\, New York",  # not cut at its comma
    ):
        assert line in exported, line
    assert "X-SOCIALPROFILE" not in exported
    again = tmp_path / "again.db"
    journal.ok("--db", str(again), "import", "vcard", str(write(tmp_path, "e.vcf", exported)))
    assert journal.ok("--db", str(again), "export", "vcard").replace("\r\n ", "") == exported


def test_an_edited_company_keeps_its_units_and_a_new_phone_keeps_its_kind(journal, tmp_path):
    journal.ok("import", "vcard", str(write(tmp_path, "a.vcf", APPLE)))
    journal.ok("edit", "john", "--company", "Lenovo", "--phone", "905-000-0000")
    exported = journal.ok("export", "vcard").replace("\r\n ", "")
    assert "ORG:Lenovo;Accounting" in exported
    assert "TEL;TYPE=CELL;TYPE=VOICE;TYPE=pref:905-000-0000" in exported
    assert "TEL;TYPE=HOME;TYPE=VOICE:905-666-1234" in exported
    assert "905-555-1234" not in exported


def test_the_kinds_and_the_photo_on_the_browser_card(journal, tmp_path, db_path):
    from helpers import Site

    journal.ok("import", "vcard", str(write(tmp_path, "a.vcf", APPLE)))
    journal.ok("import", "vcard", str(corpus.CORPUS / "android" / "v21_base64_no_2_crlf.vcf"))
    site = Site(db_path)
    html = site.get("/people/1").text
    assert 'john.doe@ibm.com</a> <span class="journal-kind">preferred, other</span>' in html
    assert '905-666-1234</a> <span class="journal-kind">home</span>' in html
    assert (
        '<img class="journal-photo" src="data:image/jpeg;base64,/9j/' in site.get("/people/2").text
    )


# -- matching -------------------------------------------------------------------------


def test_different_people_are_not_merged_for_a_company_or_a_shared_site(journal, tmp_path):
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nORG:Acme\nTEL:1\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Acme\nTEL:2\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann One\nURL:https://acme.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Two\nURL:https://acme.example\nEND:VCARD\n"
    )
    out = journal.ok("import", "vcard", str(write(tmp_path, "c.vcf", text)))
    assert out.strip().endswith("4 added, 0 merged, 0 unchanged.")
    exported = journal.ok("export", "vcard")
    assert exported.count("URL:https://acme.example") == 2  # each card keeps its page
    again = journal.ok("import", "vcard", str(write(tmp_path, "e.vcf", exported)))
    assert again.strip().endswith("0 added, 0 merged, 4 unchanged.")


# -- Google and LinkedIn ---------------------------------------------------------------


def test_import_google_contacts_current_layout(journal):
    out = journal.ok("import", "google", str(corpus.CSV_CORPUS / "google-contacts.csv"))
    assert out.strip().endswith("4 added, 0 merged, 0 unchanged.")
    grace = journal.json("show", "grace")
    assert (grace["company"], grace["role"], grace["city"]) == (
        "US Navy",
        "Computer Scientist",
        "Arlington",
    )
    assert grace["emails"] == ["grace@navy.example", "grace@example.com"]
    assert grace["email_kinds"]["grace@navy.example"] == ["work", "preferred"]
    assert [p["number"] for p in grace["phones"]] == ["+1 555 0199", "+1 555 0100", "+1 555 0101"]
    assert grace["tags"] == ["Navy", "starred"]  # Google's own "myContacts" is no tag
    assert grace["notes"] == "First compiler.\nLoved clocks."
    assert [h["handle"] for h in grace["handles"]] == ["gracehopper"]
    exported = journal.ok("export", "vcard").replace("\r\n ", "")
    assert "ANNIVERSARY:1930-06-15" in exported
    assert "X-ABRELATEDNAMES:Vincent Hopper" in exported


def test_import_google_csv_of_old_and_outlook_csv(journal):
    journal.ok("import", "google", str(corpus.CSV_CORPUS / "google-csv-legacy.csv"))
    linus = journal.json("show", "linus")
    assert (linus["company"], linus["role"], linus["tags"]) == (
        "Linux Foundation",
        "Fellow",
        ["Friends"],
    )
    journal.ok("import", "google", str(corpus.CSV_CORPUS / "outlook.csv"))
    ada = journal.json("show", "lovelace")
    assert ada["emails"] == ["ada@example.org", "ada@engines.example"]
    assert ada["phones"][0] == {"number": "+44 20 7946 0000", "kinds": ["business"]}
    assert ada["city"] == "London"


def test_a_file_that_is_not_a_contacts_csv_is_refused(journal, tmp_path):
    path = write(tmp_path, "x.csv", "a,b,c\n1,2,3\n")
    assert "not a Google or Outlook contacts CSV" in journal.fails(1, "import", "google", str(path))


@pytest.mark.parametrize(
    ("file", "who", "met_on"),
    [
        ("linkedin-2018.csv", "claus", "2018-01-08"),
        ("linkedin-excel-cp1252.csv", "zoë", "2026-01-05"),
        ("linkedin-excel-semicolon.csv", "tatsiana", "2021-09-16"),
        ("linkedin-excel-french.csv", "adnane", "2025-07-27"),
        ("linkedin-excel-french.csv", "élodie", "2023-02-14"),
        ("linkedin-2024.csv", "ben sample", "2023-12-08"),
    ],
)
def test_linkedin_exports_of_every_generation(journal, file, who, met_on):
    journal.ok("import", "linkedin", str(corpus.CSV_CORPUS / file))
    person = journal.json("show", who)
    assert (person["met_on"], person["found_via"]) == (met_on, "online")


def test_vcard_reader_keeps_params_it_does_not_know():
    lines = [b"BEGIN:VCARD", b'TEL;TYPE="a,b";X-Y=1:2', b"END:VCARD"]
    [card] = vt.cards(vt.physical_lines(lines))
    [prop] = card.props
    assert prop.types() == ["a", "b"] and ("X-Y", "1") in prop.params


def test_a_card_inside_a_card_is_one_more_person(journal):
    # Android's reading of vCard 2.1's nested cards (AGENT, a forwarded contact).
    out = journal.ok("import", "vcard", str(corpus.CORPUS / "android" / "v21_nest.vcf"))
    assert out.strip().endswith("3 added, 0 merged, 0 unchanged.")
    assert sorted(p["name"] for p in journal.json("list")) == ["nest1", "nest2", "parent"]


def test_an_org_of_only_a_unit_and_an_emptied_title(journal, tmp_path):
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Una Unit\nORG:;Sales\nTITLE;LANGUAGE=en:Boss\nEND:VCARD\n"
    journal.ok("import", "vcard", str(write(tmp_path, "u.vcf", text)))
    journal.ok("edit", "una", "--clear", "role")
    exported = journal.ok("export", "vcard")
    assert "ORG:;Sales" in exported
    assert "TITLE" not in exported


def test_properties_kept_by_an_earlier_release_are_not_kept_twice(journal, tmp_path, db_path):
    import sqlite3

    long = "x" * 120
    journal.ok("add", "Old Card", "--email", "old@example.org")
    # What the earlier release kept: vobject's lines, folded at 75 characters.
    folded = vt.fold(f"X-LONG:{long}") + "BDAY:1990-01-02\r\n"
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE people SET vcard = ?", [folded])
    text = f"BEGIN:VCARD\nVERSION:3.0\nFN:Old Card\nEMAIL:old@example.org\nX-LONG:{long}\n"
    text += "BDAY:1990-01-02\nEND:VCARD\n"
    out = journal.ok("import", "vcard", str(write(tmp_path, "o.vcf", text)))
    # The birthday goes into the journal's dates (schema 9): that merge is the only change.
    assert out.strip().endswith("0 added, 1 merged, 0 unchanged.")
    out = journal.ok("import", "vcard", str(write(tmp_path, "o.vcf", text)))
    assert out.strip().endswith("0 added, 0 merged, 1 unchanged.")
    assert journal.ok("export", "vcard").count("BDAY:1990-01-02") == 1


def test_linkedin_saved_by_excel_as_unicode_text(journal, tmp_path):
    text = "First Name\tLast Name\tURL\tEmail Address\tCompany\tPosition\tConnected On\r\n"
    text += "Zoë\tMüller\thttps://www.linkedin.com/in/zoe-m\t\tAcme\tCTO\t05/01/2026\r\n"
    path = write(tmp_path, "Connections.txt", text.encode("utf-16"))
    journal.ok("import", "linkedin", str(path))
    zoe = journal.json("show", "zoë")
    assert (zoe["company"], zoe["met_on"]) == ("Acme", "2026-05-01")


# -- whatever the bytes ------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        b"BEGIN:VCARD", b"END:VCARD", b"VERSION:2.1", b"VERSION:4.0", b"FN:A", b"N:B;C",
        b"EMAIL;TYPE=work:a@b.c", b"TEL;CELL:1", b"ORG:X;Y", b"ADR:;;s;c;;;",
        b"PHOTO;ENCODING=BASE64:", b"  /9j/4A", b"NOTE;ENCODING=QUOTED-PRINTABLE:a=",
        b"=C3=A9", b"item1.X-ABLabel:L", b"URL:https://x.example", b" folded", b"#", b"",
        b";;:", b"\xff\xfe", b"N;CHARSET=SHIFT_JIS:\x88\xc0", b'TEL;TYPE="a,b:c":2',
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.binary(max_size=12)), max_size=30))
def test_any_bytes_are_cards_or_broken_never_an_error(pieces):
    for card in vt.cards(vt.physical_lines(b"\r\n".join(pieces).splitlines(keepends=True))):
        if isinstance(card, vt.Card):
            contact = read_card(card, f"line {card.line}")
            person = {
                "id": 1, "name": contact.name or "x", "company": contact.company,
                "role": contact.role, "emails": contact.emails, "phone": contact.phone,
                "city": contact.city, "notes": contact.notes, "tags": contact.tags,
                "handles": [vars(h) for h in contact.handles], "vcard": contact.vcard,
            }  # fmt: skip
            again = next(
                iter(vt.cards(vt.physical_lines(write_vcard(person).encode().splitlines(True))))
            )
            assert isinstance(again, vt.Card)
