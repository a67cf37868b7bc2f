"""vCard text as its exporters really write it, cut into properties, and written back.

Read without a validating library, so that nothing in a card can stop the others: every
exporter bends the standards somewhere (vCard 2.1 parameters without a name, a character
set per property, quoted-printable lines continued without a space, base64 photos whose
lines are not indented, `#` comments, a card inside a card). What cannot be read at all
is reported as a `Broken` card with its line, never raised.

A property is (group, name, params, value): the name in capitals, the params as
(NAME, value) pairs in their order (vCard 2.1's bare `WORK` becomes ("TYPE", "WORK")),
the value decoded from its transfer encoding and character set but with the vCard
escapes (`\\,` `\\;` `\\n`) still in it, as vCard 3.0 writes them; a base64 value is kept
as its base64 text.
"""

from __future__ import annotations

import binascii
import codecs
import quopri
import re
from collections.abc import Iterable, Iterator

# Codecs Python has that no file is written in: they fail on any byte, or read text as
# if it were a domain name.
NOT_CHARSETS = {"undefined", "punycode", "idna", "raw-unicode-escape", "unicode-escape"}
# vCard 2.1 writes these as bare parameters.
ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
BASE64 = re.compile(rb"[A-Za-z0-9+/=\s]+")
NAME = re.compile(r"[A-Za-z0-9\-_/]+")


class Prop:
    __slots__ = ("group", "name", "params", "value")

    def __init__(self, group: str | None, name: str, params: list[tuple[str, str]], value: str):
        self.group, self.name, self.params, self.value = group, name, params, value

    def param(self, name: str) -> list[str]:
        """The values of one parameter, split at commas (TYPE=work,voice)."""
        return [
            v.strip()
            for n, text in self.params
            if n == name
            for v in text.strip('"').split(",")
            if v.strip()
        ]

    def types(self) -> list[str]:
        """TYPE values in lower case, with PREF=1 (vCard 4.0) read as "pref"."""
        kinds = [t.lower() for t in self.param("TYPE")]
        if self.param("PREF") and "pref" not in kinds:
            kinds.append("pref")
        return kinds

    def line(self) -> str:
        return serialize(self)

    def __repr__(self) -> str:  # for test failures
        return f"Prop({self.line()!r})"


class Card:
    __slots__ = ("line", "version", "props")

    def __init__(self, line: int, version: str | None, props: list[Prop]):
        self.line, self.version, self.props = line, version, props


class Broken:
    """A card that cannot be read: where it starts and why."""

    __slots__ = ("line", "reason")

    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason


# -- reading ---------------------------------------------------------------------------


def physical_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Lines without their ends, from a file opened in binary (which cuts at LF only):
    CRLF, LF and a lone CR (old Macs) all end a line."""
    for line in lines:
        line = line.rstrip(b"\n")
        if line.endswith(b"\r"):
            line = line[:-1]
        if b"\r" in line:
            yield from line.split(b"\r")
        else:
            yield line


def cards(
    lines: Iterable[bytes], charset: str = "utf-8", limit: int = 2**62
) -> Iterator[Card | Broken]:
    """Every card of the lines (see physical_lines), in order; what lies outside cards is
    ignored. `charset` is the file's, for values that do not name their own. A card
    larger than `limit` bytes is Broken, and never held whole."""
    it = _logical(lines, limit)
    for number, text in it:
        if _is(text, b"BEGIN:VCARD"):
            yield from _card(number, it, charset, limit)


def _is(text: bytes, word: bytes) -> bool:
    return text.strip().upper() == word


TOO_LONG = b"\x00too long"


def _logical(lines: Iterable[bytes], limit: int = 2**62) -> Iterator[tuple[int, bytes]]:
    """Unfolded lines with the number of their first physical line. A line that starts
    with a space or a tab continues the one before; so does every line after a
    quoted-printable value that ends with `=`, and the unindented base64 lines of a
    vCard 2.1 photo, up to the blank line that ends them. A line is built in a
    bytearray, so unfolding takes time in proportion to the size, not its square."""
    held: bytearray | None = None
    start = 0
    mode = None  # "qp" or "b64" while a value runs on over unindented lines
    for number, line in enumerate(lines, 1):
        if held is not None:
            if len(held) > limit:
                held = bytearray(TOO_LONG)
            if mode == "qp" and held.endswith(b"="):
                held[-1:] = line  # a soft line break: a space after it is data
                continue
            if line[:1] in (b" ", b"\t"):
                held += line[1:]
                continue
            if mode == "b64" and line.strip() and BASE64.fullmatch(line) and b":" not in line:
                held += line.strip()
                continue
            yield start, bytes(held)
        held, start = bytearray(line), number
        head = line.split(b":", 1)[0].upper()
        if b"QUOTED-PRINTABLE" in head:
            mode = "qp"
            if held.endswith(b"="):
                continue
        elif b"BASE64" in head or b"ENCODING=B" in head:
            mode = "b64"
        else:
            mode = None
    if held is not None:
        yield start, bytes(held)


# Cards inside cards read as such up to this depth; deeper, a BEGIN:VCARD is a line
# of the card it is in (1,000 unclosed ones nested the reader 1,000 calls deep).
DEEPEST = 8


def _card(
    start: int,
    lines: Iterator[tuple[int, bytes]],
    charset: str,
    limit: int = 2**62,
    depth: int = 0,
) -> list[Card | Broken]:
    """The card that starts at line `start`, then the cards found inside it: Android
    reads a card inside a card (vCard 2.1's AGENT, a forwarded contact) as one more
    contact; and so a card never closed does not swallow the cards after it. A line
    that cannot be read (a character set Python cannot decode with) makes its card
    Broken, with the reason, and the others are read."""
    props: list[Prop] = []
    inner: list[Card | Broken] = []
    version = None
    size = 0
    for number, text in lines:
        if _is(text, b"END:VCARD"):
            return [Card(start, version, props), *inner]
        if _is(text, b"BEGIN:VCARD") and depth < DEEPEST:
            inner += _card(number, lines, charset, limit, depth + 1)
            continue
        size += len(text)
        if size > limit or text == TOO_LONG:
            _skip_card(lines)
            return [Broken(start, f"the card is larger than {limit // 2**20} MiB"), *inner]
        if not text.strip() or text.lstrip().startswith(b"#"):
            continue
        try:
            prop = _prop(text, charset)
        except (UnicodeError, LookupError, ValueError) as e:
            _skip_card(lines)
            why = f"line {number} cannot be read ({type(e).__name__}: {str(e)[:80]})"
            return [Broken(start, why), *inner]
        if prop is None:
            continue  # a line without a name and a value: nothing a program wrote on purpose
        if prop.name == "VERSION":
            version = prop.value.strip()
            continue
        props.append(prop)
    return [Broken(start, "the card is never closed (no END:VCARD)"), *inner]


def _skip_card(lines: Iterator[tuple[int, bytes]]) -> None:
    for _, rest in lines:
        if _is(rest, b"END:VCARD"):
            break


def _prop(text: bytes, charset: str) -> Prop | None:
    colon = _colon(text)
    if colon < 0:
        return None
    head = decode(text[:colon], charset).strip()
    raw = text[colon + 1 :]
    parts = _split_quoted(head, ";")
    name = parts[0].strip()
    group = None
    if "." in name:
        group, _, name = name.rpartition(".")
    if not name or not NAME.fullmatch(name):
        return None
    params = []
    for part in parts[1:]:
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        if eq:
            params.append((key.strip().upper(), value.strip()))
        elif part.upper() in ENCODINGS:
            params.append(("ENCODING", part.upper()))
        else:
            params.append(("TYPE", part))
    encoding = next((v.upper() for k, v in params if k == "ENCODING"), None)
    if encoding in ("BASE64", "B"):
        value = re.sub(rb"\s+", b"", raw).decode("ascii", "replace")
        params = [(k, v) for k, v in params if k != "CHARSET"]
        return Prop(group, name.upper(), params, value)
    if encoding == "QUOTED-PRINTABLE":
        # Line breaks as the journal keeps them (and vCard 3.0's \n gives back).
        raw = quopri.decodestring(raw).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        params = [(k, v) for k, v in params if k != "ENCODING"]
    own = next((v.strip('"') for k, v in params if k == "CHARSET"), None)
    params = [(k, v) for k, v in params if k != "CHARSET"]
    return Prop(group, name.upper(), params, decode(raw, own or charset))


def _colon(text: bytes) -> int:
    """Where the value starts: the first colon outside a quoted parameter value."""
    quoted = False
    for i, c in enumerate(text):
        if c == 0x22:
            quoted = not quoted
        elif c == 0x3A and not quoted:
            return i
    return text.find(b":")


def _split_quoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts, current, quoted = [], [], False
    for c in text:
        if c == '"':
            quoted = not quoted
        if c == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    parts.append("".join(current))
    return parts


def decode(raw: bytes, charset: str) -> str:
    """Bytes in the character set given; what is not valid in it is read as Windows-1252
    (what a file saved again on Windows most often is), which never fails."""
    try:
        return raw.decode(_codec(charset))
    except (UnicodeError, LookupError, ValueError):
        # not valid in it, or a codec that is no character set (`undefined`, punycode)
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _codec(charset: str) -> str:
    name = charset.strip().lower()
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # unknown, or a NUL in its name
        return "utf-8"
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_CHARSETS:
        return "utf-8"
    return {"shift_jis": "cp932", "sjis": "cp932", "iso-8859-1": "cp1252"}.get(name, name)


def file_charset(head: bytes) -> str:
    """The character set of a whole file, from its start: UTF-16 by its byte order mark
    or its zero bytes, else UTF-8 (values that are not valid UTF-8 are read otherwise,
    see decode)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head[:2] == b"\x00B":
        return "utf-16-be"
    if head[1:2] == b"\x00":
        return "utf-16-le"
    return "utf-8"


# -- values ----------------------------------------------------------------------------


def unescape(text: str) -> str:
    r"""A text value as the user wrote it: `\n` a new line, `\,` `\;` `\\` themselves."""
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], text)


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def components(value: str) -> list[str]:
    """A structured value (N, ADR, ORG) cut at its unescaped semicolons, unescaped."""
    return [unescape(p) for p in re.split(r"(?<!\\);", value)]


def unescape_list(value: str) -> list[str]:
    """A list value (CATEGORIES, NICKNAME) cut at its unescaped commas, unescaped."""
    return [unescape(p) for p in re.split(r"(?<!\\),", value)]


def join_components(parts: Iterable[str]) -> str:
    return ";".join(escape(p) for p in parts)


def base64_bytes(text: str) -> bytes | None:
    """What a base64 value holds, forgiving missing padding; None if it is not base64."""
    text = re.sub(r"\s+", "", text)
    try:
        return binascii.a2b_base64(text + "=" * (-len(text) % 4))
    except binascii.Error:
        return None


# Values that are not text: no vCard escapes in them.
NOT_TEXT = {
    "URL", "PHOTO", "LOGO", "SOUND", "KEY", "TEL", "EMAIL", "UID", "BDAY", "ANNIVERSARY",
    "GEO", "TZ", "REV", "IMPP", "X-SOCIALPROFILE", "MEMBER", "RELATED", "SOURCE", "FBURL",
    "CALURI", "CALADRURI", "X-ABDATE", "X-ABRELATEDNAMES", "AGENT",
}  # fmt: skip
STRUCTURED = {"N", "ADR", "ORG"}
MEDIA = {"PHOTO", "LOGO", "SOUND", "KEY"}


def to_v3(prop: Prop, version: str | None) -> Prop:
    """The property as vCard 3.0 writes it: vCard 2.1's text (where only `\\;` is an
    escape) escaped as 3.0 escapes it, and a data: URI photo as base64 with its type."""
    name, value, params = prop.name, prop.value, prop.params
    if name in MEDIA and value.startswith("data:") and ";base64," in value[:100]:
        media, _, data = value[5:].partition(";base64,")
        kind = media.rpartition("/")[2].upper()
        params = [(k, v) for k, v in params if k not in ("VALUE", "MEDIATYPE")]
        params += [("ENCODING", "b")] + ([("TYPE", kind)] if kind else [])
        return Prop(prop.group, name, params, re.sub(r"\s+", "", data))
    if name in MEDIA and version == "4.0" and not any(k == "ENCODING" for k, _ in params):
        if not any(k == "VALUE" for k, _ in params):
            return Prop(prop.group, name, [*params, ("VALUE", "uri")], value)
    if (version or "2.1").startswith("2") and name not in NOT_TEXT and "\\" in value:
        if name in STRUCTURED:
            parts = re.split(r"(?<!\\);", value)
            value = ";".join(escape(p.replace("\\;", ";")) for p in parts)
        else:
            value = escape(value)
        return Prop(prop.group, name, params, value)
    return prop


# -- writing ---------------------------------------------------------------------------


def serialize(prop: Prop) -> str:
    """One property as an unfolded vCard 3.0 line (without its line end)."""
    head = f"{prop.group}.{prop.name}" if prop.group else prop.name
    for key, value in prop.params:
        if key == "ENCODING" and value.upper() in ("BASE64", "B"):
            value = "b"
        head += f";{key}={value}"
    value = prop.value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f"{head}:{value}"


def fold(line: str) -> str:
    """A line folded at 75 octets (never inside a UTF-8 character), with CRLF ends."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    out, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(out) + "\r\n"


def parse_kept(text: str | None) -> list[Prop]:
    """The properties kept in `people.vcard` (vCard 3.0 lines, folded or not)."""
    if not text:
        return []
    lines = physical_lines([*text.encode("utf-8").splitlines(keepends=True), b"END:VCARD"])
    card = _card(0, _logical(lines), "utf-8")[0]
    return card.props if isinstance(card, Card) else []
