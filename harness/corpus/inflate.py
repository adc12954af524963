"""Reading a body under a size limit, inflating it as a stream (never whole, then measured).

HTTP `Content-Encoding` (gzip, deflate, br) is inflated piece by piece, each step asked for
no more than the room left under the limit, so a small body that inflates to gigabytes stops
at the limit with at most one block in memory. Used by fetches and by WARC records.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

BLOCK = 64 * 1024


class TooLarge(Exception):
    """The body is larger than the limit (after inflation)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than the limit of {limit} bytes after decompression")
        self.limit = limit


class BadEncoding(Exception):
    """The content encoding is unknown, or the bytes are not in it."""


class _Inflater(Protocol):
    def feed(self, data: bytes, room: int) -> Iterator[bytes]: ...


def _brotli() -> Any | None:
    """The brotli module, when installed and able to bound its output (brotli >= 1.2)."""
    try:
        import brotli
    except ImportError:
        return None
    return brotli if hasattr(brotli.Decompressor, "can_accept_more_data") else None


def accept_encoding() -> str:
    """The `Accept-Encoding` a fetch sends: only encodings inflated under the limit here."""
    return "gzip, deflate, br" if _brotli() is not None else "gzip, deflate"


class _Zlib:
    """gzip (several members too) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.inflater: Any = zlib.decompressobj(31) if gzip else None

    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        if self.inflater is None:  # deflate: the first two bytes say whether it is wrapped
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self.inflater = zlib.decompressobj(15 if wrapped else -15)
        while data:
            try:
                yield self.inflater.decompress(data, room + 1)
            except zlib.error as error:
                raise BadEncoding(f"the body is not valid {self._name} data ({error})") from None
            data = self.inflater.unconsumed_tail
            if not data and self.gzip and self.inflater.eof and self.inflater.unused_data:
                data = self.inflater.unused_data  # the next gzip member
                self.inflater = zlib.decompressobj(31)

    @property
    def _name(self) -> str:
        return "gzip" if self.gzip else "deflate"


class _Brotli:
    def __init__(self, module: Any) -> None:
        self.module = module
        self.inflater = module.Decompressor()

    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        try:
            yield self.inflater.process(data, output_buffer_limit=room + 1)
            while not self.inflater.can_accept_more_data():
                yield self.inflater.process(b"", output_buffer_limit=room + 1)
        except self.module.error as error:
            raise BadEncoding(f"the body is not valid br data ({error})") from None


class _Identity:
    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        yield data


def _inflater(encoding: str | None) -> _Inflater:
    names = [e.strip().lower() for e in (encoding or "").split(",")]
    names = [e for e in names if e and e != "identity"]
    if not names:
        return _Identity()
    if len(names) > 1:
        raise BadEncoding(f"content encoding {encoding!r} stacks encodings; not supported")
    name = names[0]
    if name in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    module = _brotli() if name == "br" else None
    if module is not None:
        return _Brotli(module)
    raise BadEncoding(f"content encoding {name!r} is not supported")


def read(chunks: Iterable[bytes], encoding: str | None, limit: int) -> bytes:
    """The body of `chunks` (raw bytes as sent), inflated; TooLarge past `limit` bytes."""
    inflater = _inflater(encoding)
    out = bytearray()
    for chunk in chunks:
        for piece in inflater.feed(chunk, limit - len(out)):
            out += piece
            if len(out) > limit:
                raise TooLarge(limit)
    return bytes(out)


def blocks(stream: Any, size: int = BLOCK) -> Iterator[bytes]:
    """A binary stream's bytes, a block at a time."""
    while block := stream.read(size):
        yield block
