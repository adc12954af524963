"""WARC files: every HTTP response record holding a page is a capture (warcio).

Records are read as streams under a size limit: a record whose page inflates past it (the
WARC's gzip or the response's `Content-Encoding`) is refused without holding it whole, as is
a record cut short, one with a bad HTTP status line, and a WARC whose records cannot be
parsed. A refused record is a `WarcProblem`: `harness add` stops on it, a run shows it as an
error cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harness.corpus import inflate
from harness.errors import HarnessError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_STATUS = re.compile(r"^[1-5][0-9]{2}$")
# compressed bytes read at a time: gzip inflates at most about 1000-fold, so a block is
# at most ~2 MB once inflated, whatever the record holds
_BLOCK = 2048


@dataclass(frozen=True)
class WarcPage:
    """One response record: the page bytes and what the archive says of them."""

    url: str
    date: str | None
    status: int
    content_type: str
    body: bytes
    offset: int
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "text" if self.content_type == "text/plain" else "html"

    @property
    def charset(self) -> str | None:
        """The charset the record's HTTP `Content-Type` header declares."""
        from harness.corpus.decode import content_type_charset

        found = {k.lower(): v for k, v in self.headers.items()}.get("content-type")
        return content_type_charset(found)


@dataclass(frozen=True)
class WarcProblem:
    """A record that cannot become a capture, and why."""

    url: str
    offset: int
    message: str


def iter_pages(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[WarcPage | WarcProblem]:
    """The page responses of a WARC (gzipped or not), in file order, one at a time.

    A record that breaks a rule is a WarcProblem; a WARC that cannot be parsed further
    ends with one.
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        raise HarnessError(
            f"cannot be read ({error.strerror})",
            where=path,
            fix="give the path of a .warc or .warc.gz file",
        ) from None
    with stream:
        yield from iter_stream(stream, path.stat().st_size, max_bytes=max_bytes)


def iter_stream(
    stream: Any, size: int | None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[WarcPage | WarcProblem]:
    """The page responses of a WARC read from `stream` (`size` bytes long, when known),
    front to back: a WARC in object storage or over HTTP is read the same way as a file."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, block_size=_BLOCK)
    try:
        yield from _pages(records, max_bytes)
    except _unreadable() as error:
        offset = records.offset
        yield WarcProblem(
            "", offset, f"record at offset {offset} is cut short or malformed: {_why(error)}"
        )
        return
    if size is not None and records.offset < size:  # warcio ends quietly on a cut header
        yield WarcProblem("", records.offset, f"record at offset {records.offset} is cut short")


def _pages(records: Any, max_bytes: int) -> Iterator[WarcPage | WarcProblem]:
    """Every page, and a problem for any record that is not whole: a WARC read in part
    must say so, as `harness prune` decides from it what is gone."""
    for record in records:
        found = _whole(record) or _page(record, max_bytes)
        offset = records.get_record_offset()  # reads the record to its end
        if _cut(record, records.reader) and not isinstance(found, WarcProblem):
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            found = WarcProblem(
                url, -1, f"a {record.rec_type} record is cut short (the file ends inside it)"
            )
        if found is not None:
            yield replace(found, offset=offset)


def _whole(record: Any) -> WarcProblem | None:
    """A record that is not a WARC record (warcio reads other bytes as an ARC record)."""
    if not str(record.format).startswith("warc"):
        return WarcProblem("", -1, f"holds a record that is not a WARC record ({record.format})")
    missing = [name for name in _MANDATORY if record.rec_headers.get_header(name) is None]
    if missing:  # a header cut short, as warcio parses what there is
        return WarcProblem("", -1, f"a record header is cut short: no {', '.join(missing)}")
    return None


_MANDATORY = ("WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Length")


def _cut(record: Any, reader: Any) -> bool:
    """Whether the file ended inside `record` (read to its end): its block is short of its
    length, or its gzip member ends before its end-of-stream marker."""
    if getattr(record.raw_stream, "limit", 0) > 0:
        return True
    decompressor = getattr(reader, "decompressor", None)
    return decompressor is not None and not getattr(decompressor, "eof", True)


def _unreadable() -> tuple[type[BaseException], ...]:
    """What reading a broken archive raises (warcio is imported when a WARC is read)."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (
        ArchiveLoadFailed,
        StatusAndHeadersParserException,
        EOFError,
        ValueError,
        OSError,
        IndexError,
        KeyError,
        AttributeError,  # warcio's parser, on a header cut in the middle
        TypeError,
    )


def _why(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text if len(text) < 200 else text[:197] + "..."


def _page(record: Any, max_bytes: int) -> WarcPage | WarcProblem | None:
    if record.rec_type != "response":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    if http is None:
        if url.lower().startswith(("http:", "https:")):
            return WarcProblem(url, -1, f"{url}: the response record has no HTTP headers")
        return None  # dns:, whois: ... responses hold no page
    status = str(http.get_statuscode() or "").strip()
    if not _STATUS.match(status):
        line = f"{http.protocol or ''} {http.statusline or ''}".strip()
        return WarcProblem(url, -1, f"{url}: bad HTTP status line {line!r}")
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in PAGE_TYPES:
        return None
    try:
        body = _body(record, max_bytes)
    except inflate.TooLarge as error:
        return WarcProblem(url, -1, f"{url}: the page is {error}")
    except inflate.BadEncoding as error:
        return WarcProblem(url, -1, f"{url}: {error}")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return WarcProblem(url, -1, f"{url}: the record is cut short (the file ends inside it)")
    return WarcPage(
        url=url,
        date=record.rec_headers.get_header("WARC-Date"),
        status=int(status),
        content_type=content_type,
        body=body,
        offset=-1,
        headers=dict(http.headers),
    )


def _body(record: Any, max_bytes: int) -> bytes:
    """The record's page: de-chunked, its content encoding inflated under `max_bytes`."""
    from warcio.bufferedreaders import ChunkedDataReader

    http = record.http_headers
    stream = record.raw_stream
    if (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
        stream = ChunkedDataReader(stream)
    return inflate.read(inflate.blocks(stream), http.get_header("Content-Encoding"), max_bytes)


def read_at(path: Path, offset: int, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The page bytes of the response record at `offset` (for captures read lazily)."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        stream.seek(offset)
        try:
            for record in ArchiveIterator(stream, block_size=_BLOCK):
                found = _page(record, max_bytes)
                if isinstance(found, WarcPage):
                    return found.body
                if isinstance(found, WarcProblem):
                    raise HarnessError(found.message, where=path, fix="re-read the WARC")
                break
        except _unreadable() as error:
            raise HarnessError(
                f"record at offset {offset} is cut short or malformed: {_why(error)}",
                where=path,
                fix="re-read the WARC",
            ) from None
    raise HarnessError(f"has no record at offset {offset}", where=path, fix="re-read the WARC")
