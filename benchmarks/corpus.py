"""The corpus of real address-book files (tests/data/vcards, see its MANIFEST): each one
imported into an empty journal, exported, the export compared with the file property
by property, and imported again (which must change nothing).

    python benchmarks/corpus.py            # the table, one row per file
    python benchmarks/corpus.py --lost     # and what was lost, property by property

Used by tests/test_corpus.py; the table is what the README's corpus row reports.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from journal.db import dump, imports, social
from journal.errors import JournalError
from journal.formats import vcard_text as vt

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "vcards"
# They describe the file or the program, not the person; the journal writes its own.
IGNORED = {"VERSION", "PRODID", "REV", "X-JOURNAL-FOUND-VIA", "X-JOURNAL-MET-ON"}
IGNORED_PARAMS = {"ENCODING", "CHARSET", "VALUE"}
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
STRUCTURED = {"N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP"}
LISTS = {"CATEGORIES", "NICKNAME"}


def manifest() -> list[dict]:
    rows = []
    lines = [ln for ln in (CORPUS / "MANIFEST").read_text().splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        rows.append(dict(zip(header, line.split("\t"), strict=True)))
    return rows


def properties(data: bytes) -> tuple[list[str], int, set]:
    """The versions, the number of cards, and every property of a vCard file in a form
    that two ways of writing the same thing share."""
    charset = vt.file_charset(data[:4])
    if charset != "utf-8":
        data = data.decode(charset).encode("utf-8")
    versions, count, props = [], 0, set()
    for card in vt.cards(vt.physical_lines(data.splitlines(keepends=True))):
        if not isinstance(card, vt.Card):
            continue
        count += 1
        versions.append(card.version or "2.1")
        for prop in card.props:
            props.update(_normal(vt.to_v3(prop, card.version)))
    return sorted(set(versions)), count, props


def _normal(prop: vt.Prop) -> list[tuple]:
    name = prop.name
    if name in IGNORED:
        return []
    group = (prop.group or "").lower()
    if name in BINARY:
        return [(name, group, "binary", _binary(prop))]
    kinds = tuple(sorted(set(prop.types()) - {"internet"} if name == "EMAIL" else prop.types()))
    others = tuple(
        sorted(
            (k.lower(), v.strip('"'))
            for k, v in prop.params
            if k not in IGNORED_PARAMS and k not in ("TYPE", "PREF")
        )
    )
    if name in STRUCTURED:
        parts = [p.strip() for p in vt.components(prop.value)]
        while parts and not parts[-1]:
            parts.pop()
        if not parts:
            return []
        value: object = tuple(parts)
    elif name in LISTS:
        return [(name, "", (), (), v.strip()) for v in vt.unescape_list(prop.value) if v.strip()]
    else:
        value = vt.unescape(prop.value).strip().replace("\r\n", "\n")
        if not value:
            return []
    return [(name, group, kinds, others, value)]


def _binary(prop: vt.Prop) -> object:
    value = prop.value.strip()
    if value.startswith("data:") and ";base64," in value:
        return vt.base64_bytes(value.partition(";base64,")[2])
    if any(k == "ENCODING" for k, _ in prop.params):
        return vt.base64_bytes(value)
    return value


def round_trip(path: Path) -> dict:
    """Import `path` into an empty journal, export it, compare, import the export again."""
    from journal.db import Connection
    from journal.formats.vcard import read_vcards, write_vcards

    result: dict = {"skipped": 0}
    versions, cards, before = properties(path.read_bytes())
    result["versions"], result["cards"] = versions, cards
    with tempfile.TemporaryDirectory() as tmp:
        store = Connection(Path(tmp) / "journal.db")
        try:
            try:
                report = imports.import_contacts(store, read_vcards([path]))
            except JournalError as e:
                result["result"] = f"refused: {str(e).replace(str(CORPUS) + '/', '')[:70]}"
                return result
            except Exception as e:  # what the corpus is here to find
                result["result"] = f"crash: {type(e).__name__}: {str(e)[:60]}"
                return result
            result["skipped"] = report.counts["skipped"]
            result["people"] = report.counts["added"]
            if not report.counts["added"]:
                why = "; ".join(report.reasons)
                result["result"] = f"{result['skipped']} skipped ({why})"
                return result
            exported = Path(tmp) / "export.vcf"
            exported.write_text("".join(write_vcards(dump.contacts(store))), encoding="utf-8")
            _, _, after = properties(exported.read_bytes())
            # A value the journal cannot hold (an email with a space) is kept as typed
            # in the notes (issue 29): not lost.
            notes = "\n".join(str(p[4]) for p in after if p[0] == "NOTE")
            kept = {p for p in before - after if f"Kept as typed: email {p[4]}" in notes}
            # A card merged into another (a shared email or phone) gives its name as
            # another name of the person.
            other_names = {p[4] for p in after if p[0] == "X-JOURNAL-OTHER-NAME"}
            kept |= {p for p in before - after if p[0] in ("FN", "N") and p[4] in other_names}
            result["kept_as_typed"] = len(kept)
            lost = before - after - kept
            result["lost"] = Counter(p[0] for p in lost)
            result["lost_props"] = sorted(lost, key=repr)
            try:
                again = imports.import_contacts(store, read_vcards([exported]))
                changed = again.counts["added"] + again.counts["merged"]
            except Exception as e:
                result["result"] = f"re-import fails: {type(e).__name__}: {str(e)[:50]}"
                return result
        finally:
            store.close()
    parts = []
    if result["lost"]:
        parts.append("lost " + ", ".join(f"{n}×{k}" for k, n in result["lost"].most_common(4)))
    if changed:
        parts.append(f"2nd import changed {changed}")
    if result["skipped"]:
        parts.append(f"{result['skipped']} skipped")
    result["result"] = "; ".join(parts) or "whole"
    return result


CSV_CORPUS = ROOT / "tests" / "data" / "csv"
# Cells that are not kept as they are written: the day is read, Google's own labels
# ("* myContacts") name no group of the user's.
NOT_CELLS = {"Connected On"}


def csv_manifest() -> list[dict]:
    lines = [ln for ln in (CSV_CORPUS / "MANIFEST").read_text().splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"), strict=True)) for ln in lines[1:]]


def csv_round_trip(path: Path, kind: str) -> dict:
    """Import a LinkedIn or Google CSV file, export vCard, and look for every cell of the
    file in the export; then import the export again, which must change nothing."""
    import csv as csvlib

    from journal.db import Connection
    from journal.formats.google import SEPARATOR, SYSTEM_LABELS, read_google
    from journal.formats.linkedin import read_linkedin
    from journal.formats.vcard import read_vcards, write_vcards

    read = read_linkedin if kind == "linkedin" else read_google
    result: dict = {"versions": [kind]}
    with tempfile.TemporaryDirectory() as tmp:
        store = Connection(Path(tmp) / "journal.db")
        try:
            try:
                report = imports.import_contacts(store, read(path))
            except JournalError as e:
                result.update(cards=0, result=f"refused: {str(e)[:70]}")
                return result
            except Exception as e:
                result.update(cards=0, result=f"crash: {type(e).__name__}: {str(e)[:60]}")
                return result
            result["cards"] = sum(report.counts.values())
            exported = Path(tmp) / "export.vcf"
            exported.write_text("".join(write_vcards(dump.contacts(store))), encoding="utf-8")
            again = imports.import_contacts(store, read_vcards([exported]))
            changed = again.counts["added"] + again.counts["merged"]
        finally:
            store.close()
        text = _all_values(exported.read_bytes())
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252")
    lines = content.splitlines(keepends=True)
    start = next(n for n, ln in enumerate(lines) if "First Name" in ln or ln.startswith("Name"))
    delimiter = ";" if lines[start].count(";") > lines[start].count(",") else ","
    rows = list(csvlib.reader(lines[start:], delimiter=delimiter))
    lost = []
    for row in rows[1:]:
        if len([c for c in row if c.strip()]) <= 1:
            continue  # a closed account: nothing but the day
        for column, cell in zip(rows[0], row, strict=False):
            for value in cell.split(SEPARATOR):
                value = value.strip()
                if not value or column in NOT_CELLS or value in SYSTEM_LABELS:
                    continue
                value = value.lstrip("*").strip()
                if value and " ".join(value.casefold().split()) not in text:
                    lost.append((column, value))
    result["lost"] = Counter(c for c, _ in lost)
    result["lost_props"] = lost
    parts = []
    if lost:
        parts.append("lost " + ", ".join(f"{n}×{k}" for k, n in result["lost"].most_common(4)))
    if changed:
        parts.append(f"2nd import changed {changed}")
    if report.counts["skipped"]:
        parts.append(f"{report.counts['skipped']} skipped ({'; '.join(report.reasons)})")
    result["result"] = "; ".join(parts) or "whole"
    return result


def _all_values(data: bytes) -> str:
    """Every value and parameter of a vCard file, unescaped, in lower case, one text."""
    values = []
    for card in vt.cards(vt.physical_lines(data.splitlines(keepends=True))):
        for prop in card.props:
            values += [prop.name, *(v for _, v in prop.params)]
            values += [vt.unescape(prop.value), *vt.components(prop.value)]
            values += vt.unescape_list(prop.value)
    return " ".join(" ".join(v.casefold().split()) for v in values)


def backups(load) -> str:
    """Every backup restores (issue 29). `load(store)` fills an empty journal from a file
    of the corpus; then `export json` restored into an empty journal gives the same rows,
    `export vcard` imported into an empty journal gives the same people (none merged),
    and imported into the same journal changes nothing. "ok", or what went wrong."""
    import io
    import json

    from journal.db import Connection
    from journal.formats.json import write_json
    from journal.formats.vcard import read_vcards, write_vcards

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        stores = [Connection(":memory:") for _ in "abc"]
        mine, restored, fresh = stores
        try:
            try:
                load(mine)
            except JournalError as e:
                # The error, without the file's path (as long as the folder it is in).
                return f"not loaded: {str(e).rpartition(': ')[2][:50]}"
            rows = _rows(mine)
            text = io.StringIO()
            write_json(mine.schema_version(), dump.export_tables(mine), text)
            try:
                dump.restore(restored, json.loads(text.getvalue()), source="export.json")
                if _rows(restored) != rows:
                    problems.append("json restore differs")
            except JournalError as e:
                problems.append(f"json refused: {str(e)[:60]}")
            if not _people(mine):
                return "; ".join(problems) or "ok (no one to export)"
            exported = Path(tmp) / "export.vcf"
            exported.write_text("".join(write_vcards(dump.contacts(mine))), encoding="utf-8")
            report = imports.import_contacts(fresh, read_vcards([exported]))
            if report.counts["merged"] or _people(fresh) != _people(mine):
                problems.append(
                    f"vcard into empty: {len(_people(mine))} people became"
                    f" {len(_people(fresh))} ({report.counts['merged']} merged)"
                )
            imports.import_contacts(mine, read_vcards([exported]))
            if _rows(mine) != rows:
                changed = [t for t in rows if _rows(mine)[t] != rows[t]]
                problems.append(f"vcard into the same journal changed {', '.join(changed)}")
        finally:
            for store in stores:
                store.close()
    return "; ".join(problems) or "ok"


def _rows(store) -> dict:
    return {table: list(rows) for table, rows in dump.export_tables(store)}


def _people(store) -> list[tuple]:
    """Who is in the journal, each by name, emails, handles and phone."""
    return sorted(
        (
            p["name"],
            tuple(sorted(e.casefold() for e in p["emails"])),
            tuple(sorted((h["network"], h["handle"].casefold()) for h in p["handles"])),
            p["phone"] or "",
        )
        for p in dump.contacts(store)
    )


def _kind(result: str) -> str:
    word = result.split(":")[0].split(" ")[0]
    if word in ("whole", "crash", "refused"):
        return word
    if word.isdigit() and "skipped" in result and ";" not in result:
        return "whole but for cards skipped (no name, never closed)"
    return "lossy or partial"


SOCIAL = ROOT / "tests" / "data"
# The social archives of the corpus (see tests/data/MANIFEST): folder or file, importer.
ARCHIVES = {
    "twitter-to-sqlite": "twitter",
    "social/grailbird": "twitter",
    "social/mastodon-4.2": "mastodon",
    "atcute/repo.car": "bluesky",
}


def vcard_loader(path: Path):
    from journal.formats.vcard import read_vcards

    return lambda store: imports.import_contacts(store, read_vcards([path]))


def csv_loader(path: Path, kind: str):
    from journal.formats.google import read_google
    from journal.formats.linkedin import read_linkedin

    read = read_linkedin if kind == "linkedin" else read_google
    return lambda store: imports.import_contacts(store, read(path))


def archive_loader(path: Path, kind: str):
    def load(store) -> None:
        if kind == "twitter":
            from journal.formats.twitter import read_twitter

            social.save_sightings(store, read_twitter(path, follows=True))
        elif kind == "mastodon":
            from journal.formats.mastodon import read_mastodon

            social.save_sightings(store, read_mastodon(path))
        else:
            from journal.formats.bluesky import read_bluesky

            social.save_sightings(store, read_bluesky(path))

    return load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lost", action="store_true", help="list what was lost")
    parser.add_argument("only", nargs="*", help="files (as in MANIFEST) to run")
    args = parser.parse_args(argv)
    tally: Counter = Counter()
    restored: Counter = Counter()
    print("| file | exporter | version | cards | result | backups |")
    print("|---|---|---|---|---|---|")
    for row in manifest():
        if args.only and row["file"] not in args.only:
            continue
        r = round_trip(CORPUS / row["file"])
        tally[_kind(r["result"])] += 1
        backup = backups(vcard_loader(CORPUS / row["file"]))
        restored[backup.startswith("ok")] += 1
        versions = ", ".join(r.get("versions", []))
        print(
            f"| {row['file']} | {row['exporter']} | {versions} | {r['cards']} | {r['result']}"
            f" | {backup} |"
        )
        if args.lost:
            for prop in r.get("lost_props", []):
                print(f"    lost: {prop!r}"[:200])
    for row in csv_manifest():
        if args.only and row["file"] not in args.only:
            continue
        r = csv_round_trip(CSV_CORPUS / row["file"], row["kind"])
        tally[_kind(r["result"])] += 1
        backup = backups(csv_loader(CSV_CORPUS / row["file"], row["kind"]))
        restored[backup.startswith("ok")] += 1
        print(
            f"| csv/{row['file']} | {row['kind']}: {row['layout'][:50]} | csv | {r['cards']} "
            f"| {r['result']} | {backup} |"
        )
        if args.lost:
            for prop in r.get("lost_props", []):
                print(f"    lost: {prop!r}"[:200])
    for name, kind in ARCHIVES.items():
        if args.only and name not in args.only:
            continue
        backup = backups(archive_loader(SOCIAL / name, kind))
        restored[backup.startswith("ok")] += 1
        print(f"| {name} | {kind} archive | | | | {backup} |")
    print()
    print(", ".join(f"{n} {k}" for k, n in tally.most_common()))
    print(f"backups: {restored[True]} restore whole, {restored[False]} do not")
    return 0


if __name__ == "__main__":
    sys.exit(main())
