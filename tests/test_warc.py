"""WARC files: page response records are found; other records are passed over."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from harness.warc import iter_pages, read_at


def write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> Path:
    """A gzipped WARC with a request and a response record per (url, content type, body)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, content_type, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )
            writer.write_record(
                writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http)
            )
    return path


def test_pages_are_the_html_and_text_responses(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://a.example/1", "text/html; charset=utf-8", b"<title>One</title>"),
            ("https://a.example/logo.png", "image/png", b"\x89PNG"),
            ("https://a.example/2.txt", "text/plain", b"Two"),
        ],
    )
    pages = list(iter_pages(path))
    assert [(p.url, p.kind, p.body) for p in pages] == [
        ("https://a.example/1", "html", b"<title>One</title>"),
        ("https://a.example/2.txt", "text", b"Two"),
    ]
    assert pages[0].status == 200 and pages[0].date
    assert read_at(path, pages[1].offset) == b"Two"
