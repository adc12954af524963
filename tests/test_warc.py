"""WARC files: page response records are found; other records are passed over."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.warc import iter_pages, read_at


def test_pages_are_the_html_and_text_responses(
    tmp_path: Path, write_warc: Callable[..., Path]
) -> None:
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
