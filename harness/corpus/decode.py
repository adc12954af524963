"""Bytes to text, the same way for every extractor: a declared charset is checked, not trusted.

A charset is declared by the HTTP `Content-Type` header (of a fetch, or of a WARC record) or by
the page's `<meta>`; its label resolves as a browser resolves it (the WHATWG labels, through
w3lib: "latin1" and "us-ascii" are windows-1252, "gb2312" is gb18030). A label that is unknown,
or names a codec that is no text encoding of web pages ("rot13", "base64", "idna"...), is
ignored with a note, and the page decodes by the next step.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE | re.DOTALL
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Plain ASCII a page encoding must give back unchanged: no codec that escapes, transforms
# or reinterprets ASCII (unicode-escape, idna, punycode, utf-7, EBCDIC, UTF-16) passes.
_PROBE = b"<meta charset=Probe> A\\u0041 b.xn--ls8h.C +AGE- 0~\n"


@dataclass(frozen=True)
class Decoded:
    """The text, the charset the page declares (if any) and the one that really decoded it;
    `notes` say what was ignored on the way (a declared charset that is no text encoding)."""

    text: str
    declared: str | None
    detected: str
    notes: tuple[str, ...] = ()


def resolve(label: str | None) -> str | None:
    """The codec a browser uses for a charset label, or None when the label is unknown or
    names no text encoding of web pages."""
    if not label:
        return None
    from w3lib.encoding import resolve_encoding

    name = resolve_encoding(label.strip())
    if name is None:
        return None
    try:
        same = _PROBE.decode(name) == _PROBE.decode("ascii")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None
    return name if same else None


def content_type_charset(value: str | None) -> str | None:
    """The charset label of a `Content-Type` header value, as given (lower case), or None."""
    for part in (value or "").split(";")[1:]:
        key, _, label = part.strip().partition("=")
        if key.strip().lower() == "charset":
            return label.strip().strip("\"' ").lower() or None
    return None


def declared_charset(data: bytes, *, header: str | None = None, html: bool = True) -> str | None:
    """The charset a page declares: the HTTP header's, else the `<meta>` in its first 4 KiB.

    A label that resolves gives the browser's codec name; when none resolves, the first
    label as given (decoding ignores it, with a note).
    """
    labels = [header]
    if html and (m := _META.search(data[:4096])):
        labels.append(m.group(1).decode("ascii", "replace").lower())
    for label in labels:
        if name := resolve(label):
            return name
    return next((label for label in labels if label), None)


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode page bytes.

    Order: a byte-order mark; valid UTF-8 (pages often declare a legacy charset but are
    UTF-8); the declared charset if it is a text encoding and the bytes decode under it; a
    statistical guess; and last windows-1252's superset Latin-1, which decodes anything.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, "replace"), declared, name)
    codec = resolve(declared)
    notes: tuple[str, ...] = ()
    if declared and codec is None:
        notes = (f"declared charset {declared!r} is not a text encoding of web pages; ignored",)
    try:
        return Decoded(data.decode("utf-8"), declared, "utf-8", notes)
    except UnicodeDecodeError:
        pass
    if codec:
        try:
            return Decoded(data.decode(codec), declared, codec, notes)
        except (UnicodeError, LookupError):
            pass
    guess = _guess(data)
    if guess:
        try:
            return Decoded(data.decode(guess, "replace"), declared, guess, notes)
        except (LookupError, UnicodeError):
            pass
    return Decoded(data.decode("latin-1"), declared, "latin-1", notes)


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None


_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a page are not text: many control bytes, and no BOM.

    UTF-16 and UTF-32 pages are text (their byte-order mark says so); a few stray NUL
    bytes in an HTML page are not enough either.
    """
    if not head or any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(head) > 0.10
