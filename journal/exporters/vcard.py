"""Everyone as vCard 3.0, which Google Contacts, Apple Contacts and khard read.

What vCard has no property for goes into X-JOURNAL-* properties, which `import vcard`
reads back; the properties an imported card had and the journal has no column for
(kept in `people.vcard`) are written back as they were.
"""

from __future__ import annotations

from collections.abc import Iterator

from journal.importers.vcard import JOURNAL_PROPERTIES

PRODID = "-//journal//networking journal//EN"


def vcard(person: dict) -> str:
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("prodid").value = PRODID
    card.add("fn").value = person["name"]
    given, _, family = person["name"].rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    kept = _kept(person.get("vcard"))
    if not any(line.name == "UID" for line in kept):
        # khard and CardDAV need one; stable, so a re-export updates instead of adding.
        card.add("uid").value = f"journal-person-{person['id']}"
    if person["company"] and not _update(kept, "org", lambda v: [person["company"], *v[1:]]):
        card.add("org").value = [person["company"]]
    if person["role"]:
        card.add("title").value = person["role"]
    for email in person["emails"]:
        line = card.add("email")
        line.value = email
        line.type_param = "INTERNET"
    if person["phone"]:
        card.add("tel").value = person["phone"]
    if person["city"] and not _update(kept, "adr", lambda v: _with_city(v, person["city"])):
        card.add("adr").value = vobject.vcard.Address(city=person["city"])
    if person["notes"]:
        card.add("note").value = person["notes"]
    if person["tags"]:
        card.add("categories").value = person["tags"]
    for h in person["handles"]:
        line = card.add("x-socialprofile")
        line.value = h["url"]
        line.type_param = h["network"]
    for prop, field in JOURNAL_PROPERTIES.items():
        if person.get(field):
            card.add(prop.lower()).value = str(person[field])
    for line in kept:
        card.add(line)
    return card.serialize()


def vcards(people: Iterator[dict]) -> Iterator[str]:
    for person in people:
        yield vcard(person)


def _kept(text: str | None) -> list:
    if not text:
        return []
    import vobject

    card = vobject.readOne(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{text}END:VCARD\r\n", allowQP=True)
    return [line for line in card.getChildren() if line.name != "VERSION"]


def _update(lines: list, name: str, change) -> bool:
    """Apply `change` to the kept `name` property, if the card had one."""
    for line in lines:
        if line.name.lower() == name:
            line.value = change(line.value)
            return True
    return False


def _with_city(address, city: str):
    address.city = city
    return address
