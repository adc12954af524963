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


def test_a_warc_is_a_folder_of_captures(tmp_path: Path, write_warc: Callable[..., Path]) -> None:
    from harness.capture import Capture, find, iter_captures

    path = write_warc(
        tmp_path / "sample.warc.gz",
        [
            ("https://news.example/a/story", "text/html", b"<title>A</title><p>a</p>"),
            ("https://news.example/a/story", "text/html", b"<title>A2</title><p>a2</p>"),
            ("https://news.example/b.txt", "text/plain", b"Plain"),
        ],
    )
    found = list(iter_captures(path))
    assert all(isinstance(c, Capture) for c in found)
    ids = [c.id for c in found]
    assert ids[0] == "news-example-a-story" and ids[1].startswith("news-example-a-story-")
    assert ids[2] == "news-example-b"
    assert [c.read_bytes() for c in found] == [
        b"<title>A</title><p>a</p>",
        b"<title>A2</title><p>a2</p>",
        b"Plain",
    ]
    assert found[0].url == "https://news.example/a/story" and found[2].kind == "text"
    assert find(path, ids[1]).read_bytes() == b"<title>A2</title><p>a2</p>"


def test_run_and_approve_over_a_warc(
    project: Path, write_warc: Callable[..., Path], capsys: object
) -> None:
    import json

    from harness.cli import main

    warc = write_warc(
        project / "crawl.warc.gz",
        [("https://w.example/one", "text/html", b"<title>One</title><p>First.</p>")],
    )
    assert main(["run", "--captures", str(warc), "--format", "json"]) == 1
    assert main(["approve", "--all"]) == 0
    assert (
        json.loads((project / "goldens/demo/w-example-one.json").read_text())["record"]["title"]
        == "One"
    )
    assert main(["run", "--captures", str(warc)]) == 0
