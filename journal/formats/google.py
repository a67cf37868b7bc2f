"""Google Contacts' CSV export (contacts.google.com → Export → Google CSV), both layouts:
the current one (First Name, Last Name, Organization Name, Labels joined by " ::: ",
"E-mail 1 - Label" / "E-mail 1 - Value", Phone, Address, Website, Relation, Event, IM,
Custom Field) and the older one (Name, Given Name, Family Name, Group Membership,
"E-mail 1 - Type", "Organization 1 - Name"); and Outlook's CSV (E-mail Address, Business
Phone, Job Title, Categories), which Google also exports.

Each row is read as the vCard it describes (journal.formats.vcard reads it), so what the
journal has no column for (every phone and its label, addresses, birthdays and other
events, relations, custom fields) is kept and comes back with `export vcard`; a column
that has no vCard property is kept as X-CSV-FIELD;X-COLUMN="its name".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from journal.errors import JournalError
from journal.files import open_input
from journal.formats import vcard_text as vt
from journal.formats.contact import Contact
from journal.formats.vcard import read_card

MAX_LINE = 2**20
# "E-mail 2 - Value", "Organization 1 - Name": a numbered item and one of its parts.
ITEM = re.compile(r"(?P<kind>[A-Za-z\- ]+?) (?P<n>\d+) - (?P<part>.+)")
SEPARATOR = " ::: "  # Google joins several values of one item, and labels, with it
SYSTEM_LABELS = {"* myContacts", "* My Contacts", "* Other Contacts"}
NAME_PARTS = {
    # column: index in N (family, given, additional, prefix, suffix)
    "Last Name": 0, "Family Name": 0,
    "First Name": 1, "Given Name": 1,
    "Middle Name": 2, "Additional Name": 2,
    "Name Prefix": 3, "Title": 3,
    "Name Suffix": 4, "Suffix": 4,
}  # fmt: skip
SIMPLE = {
    "Nickname": "NICKNAME",
    "Birthday": "BDAY",
    "Notes": "NOTE",
    "Photo": "PHOTO",
    "Phonetic First Name": "X-PHONETIC-FIRST-NAME",
    "Given Name Yomi": "X-PHONETIC-FIRST-NAME",
    "Phonetic Middle Name": "X-PHONETIC-MIDDLE-NAME",
    "Additional Name Yomi": "X-PHONETIC-MIDDLE-NAME",
    "Phonetic Last Name": "X-PHONETIC-LAST-NAME",
    "Family Name Yomi": "X-PHONETIC-LAST-NAME",
    "Gender": "X-GENDER",
    "Web Page": "URL",
    "Personal Web Page": "URL",
    "Spouse": "X-SPOUSE",
    "Anniversary": "ANNIVERSARY",
}
# Outlook's columns: one item each, named by what they hold.
OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
OUTLOOK_PHONE = re.compile(r"(?P<label>.*?) ?(Phone|Fax)( 2)?$")
OUTLOOK_ADDRESS = re.compile(r"(?P<label>Business|Home|Other) (?P<part>.+)")
OUTLOOK_ADR_PARTS = {
    "PO Box": 0, "Street 2": 1, "Street": 2, "City": 3, "State": 4, "Postal Code": 5,
    "Country/Region": 6, "Country": 6,
}  # fmt: skip
ADR_PARTS = {
    "PO Box": 0, "Extended Address": 1, "Street": 2, "City": 3, "Region": 4,
    "Postal Code": 5, "Country": 6,
}  # fmt: skip


def read_google(path: Path, *, strict: bool = False) -> Iterator[Contact]:
    """Every contact of the file. A row that cannot be read comes as a Contact with
    `skip` set, or, with `strict`, refuses the whole file."""
    with open_input(path, "rb") as f:
        text = _text(f)
        reader = csv.reader(_bounded(text, path))
        try:
            header = [c.strip() for c in next(reader, [])]
            if not _is_contacts_csv(header):
                raise JournalError(
                    f"{path}: not a Google or Outlook contacts CSV (no header with "
                    "First Name and Last Name, or Name and Given Name)"
                )
            end = reader.line_num
            for row in reader:
                where, end = f"line {end + 1}", reader.line_num
                if not "".join(row).strip():
                    continue
                if len(row) > len(header) and "".join(row[len(header) :]).strip():
                    problem = f"{len(row)} columns where the header has {len(header)}"
                    if strict:
                        raise JournalError(f"{path}, {where}: {problem}")
                    yield Contact(name="", where=where, skip=problem)
                    continue
                card = vt.Card(end, "3.0", _properties(header, row))
                contact = read_card(card, where)
                if contact.skip and strict:
                    raise JournalError(f"{path}, {where}: {contact.skip}")
                yield contact
        except csv.Error as e:
            raise JournalError(f"{path}: not a contacts CSV ({e})") from None


def _text(f) -> io.TextIOBase:
    """The file as text: UTF-16 by its byte order mark (older Google exports), else
    UTF-8, else Windows-1252 (Outlook on Windows)."""
    head = f.peek(4)[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return io.TextIOWrapper(f, encoding="utf-16", newline="")
    sample = f.peek(2**16)[: 2**16]
    try:
        sample.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as e:
        encoding = "utf-8-sig" if e.start > len(sample) - 4 else "cp1252"
    return io.TextIOWrapper(f, encoding=encoding, errors="replace", newline="")


def _bounded(text, path: Path) -> Iterator[str]:
    number = 0
    while line := text.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE and not line.endswith("\n"):
            raise JournalError(f"{path}: line {number} is longer than 1 MiB; not an export")
        yield line


def _is_contacts_csv(header: list[str]) -> bool:
    names = set(header)
    return {"First Name", "Last Name"} <= names or {"Name", "Given Name"} <= names


def _properties(header: list[str], row: list[str]) -> list[vt.Prop]:
    """The vCard properties a row describes."""
    props: list[vt.Prop] = []
    n = [""] * 5
    items: dict[tuple[str, str], dict[str, str]] = {}
    outlook_adr: dict[str, list[str]] = {}
    for column, value in zip(header, row, strict=False):
        value = value.strip()
        if not value:
            continue
        if column in NAME_PARTS:
            n[NAME_PARTS[column]] = value
        elif column == "Name":
            props.append(vt.Prop(None, "FN", [], vt.escape(value)))
        elif column in ("Labels", "Group Membership", "Categories"):
            sep = SEPARATOR if column != "Categories" else ";"
            labels = [
                label.strip().removeprefix("* ")
                for label in value.split(sep)
                if label.strip() and label.strip() not in SYSTEM_LABELS
            ]
            if labels:
                props.append(vt.Prop(None, "CATEGORIES", [], ",".join(map(vt.escape, labels))))
        elif column in ("Organization Name", "Company"):
            items.setdefault(("Organization", "0"), {})["Name"] = value
        elif column in ("Organization Title", "Job Title"):
            items.setdefault(("Organization", "0"), {})["Title"] = value
        elif column in ("Organization Department", "Department"):
            items.setdefault(("Organization", "0"), {})["Department"] = value
        elif column in SIMPLE:
            name = SIMPLE[column]
            params = [("VALUE", "uri")] if name == "PHOTO" else []
            text = value if name in vt.NOT_TEXT else vt.escape(value)
            props.append(vt.Prop(None, name, params, text))
        elif column in OUTLOOK_EMAILS:
            props.append(vt.Prop(None, "EMAIL", [("TYPE", "INTERNET")], value))
        elif (found := ITEM.fullmatch(column)) is not None:
            items.setdefault((found["kind"], found["n"]), {})[found["part"]] = value
        elif (found := OUTLOOK_ADDRESS.fullmatch(column)) and found["part"] in OUTLOOK_ADR_PARTS:
            parts = outlook_adr.setdefault(found["label"], [""] * 7)
            parts[OUTLOOK_ADR_PARTS[found["part"]]] = value
        elif (found := OUTLOOK_PHONE.fullmatch(column)) is not None:
            kinds = [found["label"].lower() or "voice"]
            kinds += ["fax"] if column.endswith(("Fax", "Fax 2")) else []
            props.append(vt.Prop(None, "TEL", [("TYPE", ",".join(kinds))], vt.escape(value)))
        else:
            props.append(_other(column, value))
    if any(n):
        props.insert(0, vt.Prop(None, "N", [], vt.join_components(n)))
        if not any(p.name == "FN" for p in props):
            name = " ".join(p for p in (n[3], n[1], n[2], n[0], n[4]) if p)
            props.insert(0, vt.Prop(None, "FN", [], vt.escape(name)))
    for label, parts in outlook_adr.items():
        props.append(vt.Prop(None, "ADR", [("TYPE", label.lower())], vt.join_components(parts)))
    group = 0
    for (kind, _), parts in items.items():
        new, group = _item(kind, parts, group)
        props += new
    return props


def _item(kind: str, parts: dict[str, str], group: int) -> tuple[list[vt.Prop], int]:
    """The properties of one numbered item ("Phone 2 - Label", "Phone 2 - Value")."""
    label = (parts.pop("Label", "") or parts.pop("Type", "")).strip()
    # "* Work", or "*" alone: the one Google shows first.
    starred, label = label.startswith("*"), label.lstrip("*").strip()
    kinds = [label.lower()] if label else []
    kinds += ["pref"] if starred else []
    params = [("TYPE", k) for k in kinds] if kind != "Custom Field" else []
    values = [v.strip() for v in parts.get("Value", "").split(SEPARATOR) if v.strip()]
    if kind == "E-mail":
        return [vt.Prop(None, "EMAIL", [("TYPE", "INTERNET"), *params], v) for v in values], group
    if kind == "Phone":
        return [vt.Prop(None, "TEL", params, vt.escape(v)) for v in values], group
    if kind == "Website":
        return [vt.Prop(None, "URL", params, v) for v in values], group
    if kind == "Organization":
        org = [parts.pop("Name", ""), parts.pop("Department", "")]
        props = [vt.Prop(None, "ORG", [], vt.join_components(org if org[1] else org[:1]))]
        if title := parts.pop("Title", ""):
            props.append(vt.Prop(None, "TITLE", [], vt.escape(title)))
        props += [_other(f"Organization - {k}", v) for k, v in parts.items() if k != "Type"]
        return props, group
    if kind == "Address":
        adr = [""] * 7
        for part, n in ADR_PARTS.items():
            adr[n] = parts.get(part, "")
        props = [vt.Prop(None, "ADR", params, vt.join_components(adr))]
        if formatted := parts.get("Formatted"):
            props.append(vt.Prop(None, "LABEL", params, vt.escape(formatted)))
        return props, group
    if kind in ("Event", "Relation", "Custom Field", "IM"):
        # Apple's way: a grouped property with its label beside it.
        name = {
            "Event": "X-ABDATE",
            "Relation": "X-ABRELATEDNAMES",
            "Custom Field": "X-CUSTOM",
            "IM": "IMPP",
        }[kind]
        if kind == "Event" and label.lower() == "anniversary":
            return [vt.Prop(None, "ANNIVERSARY", [], v) for v in values], group
        if kind == "IM" and (service := parts.get("Service", "").removeprefix("* ")):
            params = [("X-SERVICE-TYPE", service), *params]
        props = []
        for value in values:
            group += 1
            text = value if name in vt.NOT_TEXT else vt.escape(value)
            props.append(vt.Prop(f"item{group}", name, [] if label else params, text))
            if label:
                props.append(vt.Prop(f"item{group}", "X-ABLABEL", [], vt.escape(label)))
        return props, group
    return [_other(f"{kind} - {k}", v) for k, v in parts.items()], group


def _other(column: str, value: str) -> vt.Prop:
    name = column.replace('"', "'")
    return vt.Prop(None, "X-CSV-FIELD", [("X-COLUMN", f'"{name}"')], vt.escape(value))
