"""WARC files: every HTTP response record holding a page is a capture (warcio)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from harness.errors import HarnessError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


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
        from harness.decode import content_type_charset

        found = {k.lower(): v for k, v in self.headers.items()}.get("content-type")
        return content_type_charset(found)


def iter_pages(path: Path) -> Iterator[WarcPage]:
    """The page responses of a WARC (gzipped or not), in file order, one at a time."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                page = _page(record)
                if page is not None:  # the offset is known once the record is read
                    yield replace(page, offset=records.get_record_offset())
    except FileNotFoundError:
        raise HarnessError(
            "does not exist", where=path, fix="give the path of a .warc or .warc.gz file"
        ) from None
    except ArchiveLoadFailed as error:
        raise HarnessError(
            f"is not a readable WARC file ({error})",
            where=path,
            fix="give a .warc or .warc.gz file",
        ) from None


def _page(record: object) -> WarcPage | None:
    if getattr(record, "rec_type", None) != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    http = record.http_headers  # type: ignore[attr-defined]
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in PAGE_TYPES:
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    return WarcPage(
        url=headers.get_header("WARC-Target-URI") or "",
        date=headers.get_header("WARC-Date"),
        status=int(http.get_statuscode() or 0),
        content_type=content_type,
        body=record.content_stream().read(),  # type: ignore[attr-defined]
        offset=-1,
        headers=dict(http.headers),
    )


def read_at(path: Path, offset: int) -> bytes:
    """The page bytes of the response record at `offset` (for captures read lazily)."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            return bytes(record.content_stream().read())
    raise HarnessError(f"has no record at offset {offset}", where=path, fix="re-read the WARC")
