"""Offline answers for a render: every request is answered from what was captured, or refused.

A page file answers its own URL and nothing else. A WARC answers every URL it holds a
response record for (the page, its scripts, styles and pictures), read by offset when asked,
each under the size limit; a record that breaks a rule is not an answer (the request is
refused). Nothing here opens a socket.
"""

from __future__ import annotations

from pathlib import Path

from harness.corpus.render import Answer, Answers

PAGE_URL = "https://page.invalid/"  # a page with no URL of its own is rendered at this one
_KEEP = ("content-type", "location", "content-language")


def page_answers(url: str, data: bytes, charset: str | None = None) -> Answers:
    """The page at `url`, and no other answer."""
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    page = Answer(200, data, {"content-type": content_type})
    wanted = _bare(url)

    def answer(asked: str) -> Answer | None:
        return page if _bare(asked) == wanted else None

    return answer


def _bare(url: str) -> str:
    """A URL without its fragment (the browser never sends one)."""
    return url.split("#", 1)[0]


def warc_answers(path: Path, max_bytes: int) -> Answers:
    """Each URL's first response record in the WARC, read when the page asks for it."""
    index = _index(path)

    def answer(asked: str) -> Answer | None:
        offset = index.get(_bare(asked))
        return None if offset is None else _read(path, offset, max_bytes)

    return answer


def _index(path: Path) -> dict[str, int]:
    from warcio.archiveiterator import ArchiveIterator

    from harness.corpus.warc import _unreadable

    found: dict[str, int] = {}
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                is_response = record.rec_type == "response" and record.http_headers is not None
                offset = records.get_record_offset()
                if is_response and url and _bare(url) not in found:
                    found[_bare(url)] = offset
        except _unreadable():
            pass  # a broken tail answers nothing more
    return found


def _read(path: Path, offset: int, max_bytes: int) -> Answer | None:
    from warcio.archiveiterator import ArchiveIterator

    from harness.corpus import inflate
    from harness.corpus.warc import _body, _unreadable

    with path.open("rb") as stream:
        stream.seek(offset)
        try:
            record = next(iter(ArchiveIterator(stream)))
            http = record.http_headers
            status = int(str(http.get_statuscode() or "0").strip() or 0)
            body = _body(record, max_bytes)
        except (StopIteration, inflate.TooLarge, inflate.BadEncoding):
            return None
        except _unreadable():
            return None
    if not 100 <= status <= 599:
        return None
    headers = {k.lower(): v for k, v in http.headers if k.lower() in _KEEP}
    return Answer(status, body, headers)
