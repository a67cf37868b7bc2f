"""vCard: files of 2.1, 3.0 and 4.0 as phones, Outlook, Apple, Google, Evolution, KDE,
Lotus Notes, CardDAV servers and khard write them; everyone written back as vCard 3.0,
which Google Contacts, Apple Contacts and khard read.

Nothing of a card is lost. The journal's columns hold what it has a column for (the name,
the first phone, every email, the company, …); every property those columns cannot give
back exactly (an email's TYPE and PREF, the structured name N, ORG units, the whole ADR,
LABEL, URL, PHOTO, BDAY, X-* and the groups of Apple's labelled items) is kept in
`people.vcard` as vCard 3.0 lines, and `export vcard` writes the columns and those lines
together again. What vCard has no property for goes into X-JOURNAL-* properties, which
`read_vcards` reads back.

A card that cannot be read (never closed, larger than MAX_CARD) is skipped with its line
and the reason; `strict` refuses the whole file instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from journal.errors import JournalError
from journal.files import open_input
from journal.formats import vcard_text as vt
from journal.formats.contact import Contact
from journal.formats.vcard_dates import read_dates, write_dates
from journal.text.dates import when_from_iso
from journal.text.handles import HandleError, parse_handle
from journal.text.values import clean

# Written by `export vcard` for what vCard has no property for; read back here.
JOURNAL_PROPERTIES = {
    "X-JOURNAL-FOUND-VIA": "found_via",
    "X-JOURNAL-MET-ON": "met_on",
    "X-JOURNAL-SOURCE-URL": "source_url",
    "X-JOURNAL-STORY": "story",
}
# Not kept: they describe the file, not the person.
DROPPED = {"VERSION", "PRODID", "REV"}
PRODID = "-//journal//networking journal//EN"
# A card with a large photo is a few MiB; past this, a card is no address book's.
MAX_CARD = 10 * 2**20
SOCIAL = ("X-SOCIALPROFILE", "X-TWITTER", "IMPP", "URL")
OWN_UID = "journal-person-"
# The properties that give the journal's columns.
COLUMNS = {"FN", "N", "ORG", "TITLE", "NOTE", "TEL", "EMAIL", "ADR"}
# Written beside a name the card did not give (see _name), with what it was made from.
NAME_FROM = "X-JOURNAL-NAME-FROM"
# Another name the person goes by (journal.db.other_names), one property each.
OTHER_NAME = "X-JOURNAL-OTHER-NAME"


# -- reading ---------------------------------------------------------------------------


def read_vcards(paths: list[Path], *, strict: bool = False) -> Iterator[Contact]:
    """Every card of the files, in order. A card that cannot be read comes as a Contact
    with `skip` set (its reason), or, with `strict`, refuses the whole file."""
    for path in paths:
        where = f"{path.name}, line" if len(paths) > 1 else "line"
        read, broken = 0, []
        with open_input(path, "rb") as f:
            lines = _lines(f, vt.file_charset(f.peek(4)[:4]), path)
            for card in vt.cards(lines, "utf-8", limit=MAX_CARD):
                if isinstance(card, vt.Broken):
                    if strict:
                        raise JournalError(f"{path}, line {card.line}: {card.reason}")
                    broken.append(card)
                    continue
                # Held until a card is read: a file of nothing but broken cards is
                # not an address book, and is refused.
                for skipped in broken:
                    yield _skipped(skipped, where)
                broken = []
                read += 1
                yield read_card(card, f"{where} {card.line}")
        if broken and not read:
            first = broken[0]
            raise JournalError(f"{path}, line {first.line}: {first.reason}; no card can be read")
        yield from (_skipped(card, where) for card in broken)
        if not read:
            raise JournalError(f"{path}: not a vCard file (no BEGIN:VCARD in it)")


def _skipped(card: vt.Broken, where: str) -> Contact:
    return Contact(name="", where=f"{where} {card.line}", skip=card.reason)


def _lines(f, charset: str, path: Path) -> Iterator[bytes]:
    """The file's lines as bytes (UTF-16 files as UTF-8); a line longer than MAX_CARD
    (no card is) refuses the file before it is held."""
    if charset == "utf-8":
        read = f.readline
    else:
        import io

        text = io.TextIOWrapper(f, encoding=charset, errors="replace", newline="")

        def read(size: int) -> bytes:
            return text.readline(size).encode("utf-8")

    number = 0
    while line := read(MAX_CARD + 1):
        number += 1
        if len(line) > MAX_CARD and not line.endswith(b"\n"):
            size = f"{MAX_CARD // 2**20} MiB"
            raise JournalError(f"{path}: line {number} is longer than {size}; not a vCard file")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        yield from vt.physical_lines([line])


def read_card(card: vt.Card, where: str) -> Contact:
    """One card as a Contact: the columns, and in `vcard` what they cannot give back."""
    props = [vt.to_v3(p, card.version) for p in card.props]
    name, derived = _name(props)
    contact = Contact(name=name or "", where=where, name_derived=bool(derived))
    kept: list[vt.Prop] = []
    if derived and not any(p.name == NAME_FROM for p in props):
        # So that the name stays a made-up one when the exported card comes back.
        kept.append(vt.Prop(None, NAME_FROM, [], derived))
    first: dict[str, vt.Prop] = {}
    # A property the columns give back is left out of `vcard` only when it is the one
    # of its kind: else the writer could not tell which of them the column was.
    count = Counter(p.name for p in props if p.value.strip(" ;,"))
    many = {key for key, n in count.items() if n > 1}
    keep_fn = False
    contact.dates = read_dates(props)
    for prop in props:
        key = prop.name
        if key in DROPPED or (key == "UID" and prop.value.startswith(OWN_UID)):
            continue
        if key in COLUMNS and not prop.value.strip(" ;,"):
            continue  # "TITLE:" or "ORG:;" says nothing, and would take the column's place
        text = vt.unescape(prop.value).strip()
        if key in JOURNAL_PROPERTIES or key == OTHER_NAME:
            _journal_property(contact, key, text, where)
            continue
        if key == "CATEGORIES":
            contact.tags += [t.strip() for t in vt.unescape_list(prop.value) if t.strip()]
            continue
        is_first = key not in first
        if is_first:
            first[key] = prop
        if key == "FN":
            if key in many or not (_bare(prop) and text == contact.name):
                kept.append(prop)
            continue
        if key == "N":
            if not (is_first and _bare(prop) and _parts(prop) == _parts(n_prop(contact.name))):
                kept.append(prop)
                # The writer gives the kept N back when the name is still the one
                # the card had: from its N, or else its FN.
                keep_fn = keep_fn or (is_first and name_from_n(prop) != contact.name)
            continue
        if key in COLUMNS:  # the rest of them: EMAIL, TEL, ORG, TITLE, NOTE, ADR
            if _fill_column(contact, prop, text, first, is_first=is_first, repeated=key in many):
                kept.append(prop)
            continue
        if key in SOCIAL:
            handle = _handle(key, text)
            if handle is not None:
                contact.handles.append(handle)
                if _bare_social(prop, handle):
                    continue
        kept.append(prop)
    if keep_fn and not any(p.name == "FN" for p in kept) and "FN" in first:
        kept.insert(0, first["FN"])
    contact.vcard = "".join(p.line() + "\r\n" for p in kept) or None
    return contact


def _fill_column(
    contact: Contact, prop: vt.Prop, text: str, first: dict, *, is_first: bool, repeated: bool
) -> bool:
    """Fill the column an EMAIL, TEL, ORG, TITLE, NOTE or ADR gives (`first`: the first
    property of each kind, and ADR_CITY the first address with a city); True when the
    property is also kept in `vcard`, as the column cannot give it back exactly."""
    key = prop.name
    if key == "EMAIL":
        address = text.removeprefix("mailto:").strip()
        if address:
            contact.emails.append(address)
            return bool(prop.group or set(prop.types()) - {"internet"} or _others(prop))
        return False
    if key == "TEL" and is_first and text:
        contact.phone = phone_of(prop)
        return repeated or not _bare(prop) or prop.value != vt.escape(contact.phone)
    if key == "ORG" and is_first:
        parts = [p.strip() for p in vt.components(prop.value)]
        contact.company = clean(parts[0]) if parts else None
        return repeated or not _bare(prop) or _parts(prop) != [contact.company or ""]
    if key in ("TITLE", "NOTE") and is_first and text:
        setattr(contact, "role" if key == "TITLE" else "notes", text)
        return repeated or not _bare(prop)
    if key == "ADR" and "ADR_CITY" not in first:
        city = clean(_component(prop, 3))
        if city:
            first["ADR_CITY"] = prop
            contact.city = city
            plain = _bare(prop) and _parts(prop) == _parts(adr_prop(city))
            return repeated or not plain
    return True


def _name(props: list[vt.Prop]) -> tuple[str | None, str | None]:
    """The person's name, and what it was made from when the card gave none (ORG,
    EMAIL, …): such a name is nobody's, and is never matched against the journal's."""
    made_from = next((p.value.strip() for p in props if p.name == NAME_FROM), None)
    if made_from is None and any(
        p.name == "X-ABSHOWAS" and p.value.strip().upper() == "COMPANY" for p in props
    ):
        made_from = "ORG"  # Apple's card of a company
    for prop in props:
        if prop.name == "FN" and vt.unescape(prop.value).strip():
            return " ".join(vt.unescape(prop.value).split()), made_from
    for prop in props:
        if prop.name == "N" and (name := name_from_n(prop)):
            return name, made_from
    # A card without a name is still someone: named by what else it has.
    for key in ("NICKNAME", "ORG", "EMAIL", "IMPP", "X-GOOGLE-TALK", "X-JABBER", "X-SKYPE",
                "X-AIM", "X-MSN", "X-YAHOO", "X-ICQ", "TEL", "URL"):  # fmt: skip
        for prop in props:
            if prop.name == key and (text := vt.unescape(vt.components(prop.value)[0]).strip()):
                return text.removeprefix("mailto:").removeprefix("tel:"), key
    return None, None


def name_from_n(prop: vt.Prop) -> str | None:
    parts = [p.strip() for p in vt.components(prop.value)] + [""] * 5
    family, given, additional, prefix, suffix = parts[:5]
    return clean(" ".join(p for p in (prefix, given, additional, family, suffix) if p))


def phone_of(prop: vt.Prop) -> str:
    return vt.unescape(prop.value).strip().removeprefix("tel:")


def _journal_property(contact: Contact, key: str, text: str, where: str) -> None:
    if not text:
        return
    if key == OTHER_NAME:
        contact.other_names.append(text)
        return
    field = JOURNAL_PROPERTIES[key]
    if field == "met_on":
        try:
            contact.met_on = when_from_iso(text)
        except ValueError:
            contact.skip = f"cannot read {key} {text!r}"
        return
    setattr(contact, field, text)


def _bare(prop: vt.Prop) -> bool:
    return not prop.group and not prop.params


def _others(prop: vt.Prop) -> bool:
    return any(k != "TYPE" for k, _ in prop.params)


def _parts(prop: vt.Prop) -> list[str]:
    parts = [p.strip() for p in vt.components(prop.value)]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _component(prop: vt.Prop, n: int) -> str | None:
    parts = vt.components(prop.value)
    return parts[n] if len(parts) > n else None


def _handle(key: str, text: str):
    """The handle in a social property; None when it is not one we can read."""
    text = clean(text)
    if text is None:
        return None
    if key == "X-TWITTER" and not text.startswith(("@", "http")):
        text = "@" + text
    if key in ("URL", "IMPP") and not text.lower().startswith(("http://", "https://")):
        return None
    try:
        return parse_handle(text)
    except HandleError:
        return None


def _bare_social(prop: vt.Prop, handle) -> bool:
    """Whether `prop` is exactly what the writer makes of the handle."""
    return vt.serialize(prop) == vt.serialize(social_prop(handle.network, handle.url))


# -- writing ---------------------------------------------------------------------------


def n_prop(name: str) -> vt.Prop:
    given, _, family = name.rpartition(" ")
    return vt.Prop(None, "N", [], vt.join_components([family, given, "", "", ""]))


def adr_prop(city: str) -> vt.Prop:
    return vt.Prop(None, "ADR", [], vt.join_components(["", "", "", city, "", "", ""]))


def social_prop(network: str, url: str) -> vt.Prop:
    return vt.Prop(None, "X-SOCIALPROFILE", [("TYPE", network)], url)


def text_prop(name: str, value: str) -> vt.Prop:
    return vt.Prop(None, name, [], vt.escape(value))


def write_vcard(person: dict) -> str:
    """One person as a vCard 3.0: the journal's columns, with the properties kept from
    the cards they came from; what vCard has no property for in X-JOURNAL-* properties."""
    name = person["name"]
    dated, kept = write_dates(person.get("dates") or [], vt.parse_kept(person.get("vcard")))
    by: dict[str, list[vt.Prop]] = {}
    for prop in kept:
        by.setdefault(prop.name, []).append(prop)
    out: list[vt.Prop] = []
    fns = [p for p in by.pop("FN", []) if vt.unescape(p.value).strip() == name]
    out.append(fns[0] if fns else text_prop("FN", name))
    ns = by.pop("N", [])
    same = fns or any(name_from_n(p) == name for p in ns)
    out += ns if ns and same else [n_prop(name)]
    out += by.pop("UID", []) or [vt.Prop(None, "UID", [], f"{OWN_UID}{person['id']}")]
    out += _first_is(by.pop("ORG", []), person["company"], _with_company)
    out += _first_is(by.pop("TITLE", []), person["role"], _with_text("TITLE"))
    emails = {e.casefold(): e for e in person["emails"]}
    for prop in by.pop("EMAIL", []):
        address = vt.unescape(prop.value).strip().removeprefix("mailto:").casefold()
        if emails.pop(address, None) is not None:
            out.append(prop)
    out += [vt.Prop(None, "EMAIL", [("TYPE", "INTERNET")], e) for e in emails.values()]
    out += _tels(by.pop("TEL", []), person["phone"])
    out += _adrs(by.pop("ADR", []), person["city"])
    out += _first_is(by.pop("NOTE", []), person["notes"], _with_text("NOTE"))
    if person["tags"]:
        out.append(vt.Prop(None, "CATEGORIES", [], ",".join(vt.escape(t) for t in person["tags"])))
    out += _socials(by, person["handles"])
    for prop, field in JOURNAL_PROPERTIES.items():
        if person.get(field):
            out.append(text_prop(prop, str(person[field])))
    out += [text_prop(OTHER_NAME, other) for other in person.get("other_names") or []]
    out += dated
    for props in by.values():
        out += props
    lines = ["BEGIN:VCARD\r\n", "VERSION:3.0\r\n", f"PRODID:{PRODID}\r\n"]
    lines += [vt.fold(p.line()) for p in out]
    lines.append("END:VCARD\r\n")
    return "".join(lines)


def write_vcards(people: Iterator[dict]) -> Iterator[str]:
    for person in people:
        yield write_vcard(person)


def _first_is(props: list[vt.Prop], value: str | None, change) -> list[vt.Prop]:
    """The kept properties of one kind whose first gave a column its `value`: the first
    takes the column's value now (edited since, or cleared), the others stay."""
    if not props:
        return [change(None, value)] if value else []
    if value:
        return [change(props[0], value), *props[1:]]
    if vt.components(props[0].value)[0].strip():
        return props[1:]  # the column was emptied: so is the property it came from
    return props  # "ORG:;Sales" gave the column nothing


def _with_company(prop: vt.Prop | None, company: str) -> vt.Prop:
    if prop is None:
        return text_prop("ORG", company)
    parts = vt.components(prop.value)
    if parts[0].strip() == company:
        return prop
    return vt.Prop(prop.group, prop.name, prop.params, vt.join_components([company, *parts[1:]]))


def _with_text(name: str):
    def change(prop: vt.Prop | None, value: str) -> vt.Prop:
        if prop is None:
            return text_prop(name, value)
        if vt.unescape(prop.value).strip() == value:
            return prop
        return vt.Prop(prop.group, prop.name, prop.params, vt.escape(value))

    return change


def _tels(props: list[vt.Prop], phone: str | None) -> list[vt.Prop]:
    if any(phone_of(p) == phone for p in props):
        return props
    if not props:
        return [vt.Prop(None, "TEL", [], vt.escape(phone))] if phone else []
    if not phone:
        return props[1:]
    head = props[0]
    value = f"tel:{phone}" if head.value.startswith("tel:") else vt.escape(phone)
    return [vt.Prop(head.group, "TEL", head.params, value), *props[1:]]


def _adrs(props: list[vt.Prop], city: str | None) -> list[vt.Prop]:
    for n, prop in enumerate(props):
        parts = vt.components(prop.value) + [""] * 7
        if parts[3].strip():
            if city and parts[3].strip() != city:
                parts[3] = city
                props[n] = vt.Prop(prop.group, prop.name, prop.params, vt.join_components(parts))
            return props
    return [*props, adr_prop(city)] if city else props


def _socials(by: dict[str, list[vt.Prop]], handles: list[dict]) -> list[vt.Prop]:
    """The kept social properties of the handles the person still has (a URL stays a
    URL), then the handles no property gave."""
    left = {(h["network"], h["handle"].casefold()): h for h in handles}
    out = []
    for key in SOCIAL:
        for prop in by.pop(key, []):
            handle = _handle(key, vt.unescape(prop.value).strip())
            if handle is None:
                out.append(prop)  # not a profile: an IMPP of Skype, a URL of another kind
            elif left.pop((handle.network, handle.handle.casefold()), None) is not None:
                out.append(prop)
            elif handle.network == "web":
                # A web page (a company's site) may be another person's handle too; it
                # is the card's all the same.
                out.append(prop)
    out += [social_prop(h["network"], h["url"]) for h in left.values()]
    return out


# -- on the card -------------------------------------------------------------------------

# Shown on the card when a card carries them; a photo only when it is in the card (a
# photo's address is never fetched) and of a kind every browser shows as a plain image.
PHOTO_TYPES = {"jpeg", "jpg", "png", "gif", "webp", "bmp"}
NOT_SHOWN_TYPES = {"internet", "x400", "voice", "pref"}


def card_details(vcard: str | None, emails: list[str], phone: str | None) -> dict:
    """What the kept properties add to a person's card: each email's kinds (work,
    home, preferred), every phone with its kinds, and the photo as a data: URI."""
    kept = vt.parse_kept(vcard)
    # Apple's labels: item1.EMAIL with item1.X-ABLabel:_$!<Other>!$_ beside it.
    labels = {
        p.group: vt.unescape(p.value).removeprefix("_$!<").removesuffix(">!$_").strip()
        for p in kept
        if p.name == "X-ABLABEL" and p.group
    }
    email_kinds = {e.casefold(): [] for e in emails}
    phones: list[dict] = []
    photo = None
    for prop in kept:
        if prop.name == "EMAIL":
            address = vt.unescape(prop.value).strip().removeprefix("mailto:").casefold()
            if address in email_kinds and not email_kinds[address]:
                email_kinds[address] = _kinds(prop, labels)
        elif prop.name == "TEL" and (number := phone_of(prop)):
            if number not in (p["number"] for p in phones):
                phones.append({"number": number, "kinds": _kinds(prop, labels)})
        elif prop.name == "PHOTO" and photo is None:
            photo = _photo(prop)
    if phone and phone not in (p["number"] for p in phones):
        phones.insert(0, {"number": phone, "kinds": []})
    return {
        "email_kinds": {e: email_kinds[e.casefold()] for e in emails},
        "phones": phones,
        "photo": photo,
    }


def _kinds(prop: vt.Prop, labels: dict) -> list[str]:
    types = prop.types()
    kinds = [t for t in types if t not in NOT_SHOWN_TYPES]
    if "pref" in types:
        kinds.append("preferred")
    label = labels.get(prop.group)
    return [*kinds, label.lower()] if label and label.lower() not in kinds else kinds


def _photo(prop: vt.Prop) -> dict | None:
    if not any(k == "ENCODING" for k, _ in prop.params):
        return None
    kind = next((t for t in prop.param("TYPE")), "jpeg").lower().removeprefix("image/")
    data = vt.base64_bytes(prop.value)
    if kind not in PHOTO_TYPES or not data:
        return None
    kind = "jpeg" if kind == "jpg" else kind
    value = re.sub(r"\s+", "", prop.value)
    return {"type": f"image/{kind}", "size": len(data), "url": f"data:image/{kind};base64,{value}"}
