"""Bytes to text, the same way for every extractor: a declared charset is checked, not trusted."""

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


@dataclass(frozen=True)
class Decoded:
    """The text, the charset the page declares (if any) and the one that really decoded it."""

    text: str
    declared: str | None
    detected: str


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB (`<meta charset>` or http-equiv)."""
    if m := _META.search(data[:4096]):
        name = m.group(1).decode("ascii", "replace").lower()
        return _canonical(name) or name
    return None


def _canonical(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode page bytes.

    Order: a byte-order mark; valid UTF-8 (pages often declare a legacy charset but are
    UTF-8); the declared charset if the bytes decode under it; a statistical guess; and
    last Latin-1, which decodes anything.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(name, "replace"), declared, name)
    canonical = _canonical(declared) if declared else None
    try:
        return Decoded(data.decode("utf-8"), declared, "utf-8")
    except UnicodeDecodeError:
        pass
    if canonical:
        try:
            return Decoded(data.decode(_superset(canonical)), declared, _superset(canonical))
        except UnicodeDecodeError:
            pass
    guess = _guess(data)
    if guess:
        return Decoded(data.decode(guess, "replace"), declared, guess)
    return Decoded(data.decode("latin-1"), declared, "latin-1")


def _superset(name: str) -> str:
    """What browsers use for a declared charset (WHATWG): Latin-1 means windows-1252."""
    return {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030"}.get(
        name, name
    )


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return _canonical(best.encoding) if best is not None else None


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
