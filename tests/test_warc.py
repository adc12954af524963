"""WARC files: page response records are found; other records are passed over."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.corpus.warc import WarcPage, WarcProblem, iter_pages, read_at


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
    from harness.corpus.capture import Capture, find, iter_captures

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


def _warc(path: Path, records: list[tuple[str, bytes, list[tuple[str, str]]]]) -> Path:
    """A WARC (gzipped when the name says so) of response records: (status, body, headers)."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for number, (status, body, headers) in enumerate(records):
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://x.example/{number}",
                    "response",
                    payload=BytesIO(body),
                    http_headers=http,
                    length=len(body),
                )
            )
    return path


def _raw_warc(path: Path, block: bytes) -> Path:
    """A WARC whose one response record holds `block` as its HTTP message, unparsed."""
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        record = writer.create_warc_record(  # not an http URI: warcio keeps `block` as it is
            "urn:x-raw",
            "response",
            payload=BytesIO(block),
            length=len(block),
            warc_content_type="application/http; msgtype=response",
        )
        record.rec_headers.replace_header("WARC-Target-URI", "https://x.example/raw")
        writer.write_record(record)
    return path


HTML = [("Content-Type", "text/html")]


def test_a_record_inflating_past_the_limit_is_refused_as_a_stream(tmp_path: Path) -> None:
    import tracemalloc

    huge = b"<p>" + b"\0" * (64 * 1024 * 1024)  # about 64 KB in the WARC's gzip
    path = _warc(tmp_path / "bomb.warc.gz", [("200 OK", huge, HTML), ("200 OK", b"<p>ok", HTML)])
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        found = list(iter_pages(path, max_bytes=1024 * 1024))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(found[0], WarcProblem) and "larger than the limit of 1048576" in (
        found[0].message
    )
    assert isinstance(found[1], WarcPage) and found[1].body == b"<p>ok"
    assert peak < 24 * 1024 * 1024  # a block at a time, never the 64 MiB record


def test_a_content_encoding_is_inflated_under_the_limit(tmp_path: Path) -> None:
    import gzip

    page = b"<title>Zipped</title><p>" + b"word " * 1000
    gz = [("Content-Type", "text/html; charset=koi8-r"), ("Content-Encoding", "gzip")]
    path = _warc(tmp_path / "c.warc", [("200 OK", gzip.compress(page), gz)])
    [got] = iter_pages(path)
    assert isinstance(got, WarcPage) and got.body == page and got.charset == "koi8-r"
    [refused] = iter_pages(path, max_bytes=1000)
    assert isinstance(refused, WarcProblem) and "after decompression" in refused.message
    broken = _warc(tmp_path / "b.warc", [("200 OK", b"not gzip", gz)])
    [bad] = iter_pages(broken)
    assert isinstance(bad, WarcProblem) and "not valid gzip" in bad.message


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_a_cut_record_is_refused(tmp_path: Path, name: str, keep: float) -> None:
    body = bytes(range(256)) * 200  # does not compress away
    whole = _warc(tmp_path / name, [("200 OK", b"<p>" + body, HTML)] * 2)
    data = whole.read_bytes()
    whole.write_bytes(data[: int(len(data) * keep)])
    found = list(iter_pages(whole))
    assert isinstance(found[-1], WarcProblem) and "cut short" in found[-1].message
    assert all(p.body == b"<p>" + body for p in found if isinstance(p, WarcPage))


@pytest.mark.parametrize("status", ["abc", "", "-1 X", "99999999999999999999 x", "2000 OK"])
def test_a_bad_status_line_is_a_problem_not_a_traceback(tmp_path: Path, status: str) -> None:
    path = _warc(tmp_path / "s.warc.gz", [(status, b"<p>x", HTML), ("200 OK", b"<p>y", HTML)])
    first, second = iter_pages(path)
    assert isinstance(first, WarcProblem) and "bad HTTP status line" in first.message
    assert isinstance(second, WarcPage) and second.status == 200


@pytest.mark.parametrize(
    "block",
    [b"garbage\r\nContent-Type: text/html\r\n\r\n<p>x</p>", b"\x00\xff\r\n\r\n", b""],
)
def test_malformed_http_headers_are_a_problem(tmp_path: Path, block: bytes) -> None:
    path = _raw_warc(tmp_path / "m.warc", block)
    found = list(iter_pages(path))
    assert found and isinstance(found[-1], WarcProblem)
    assert found[-1].message.startswith("https://x.example/raw: ")
    assert "bad HTTP status line" in found[-1].message or "no HTTP headers" in found[-1].message


def test_add_refuses_a_bad_warc_with_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    bad = _warc(project / "bad.warc.gz", [("abc", b"<p>x", HTML)])
    assert main(["add", str(bad)]) == 2
    garbled = _raw_warc(project / "garbled.warc", b"garbage\r\n\r\n<p>x</p>")
    assert main(["add", str(garbled)]) == 2
    big = _warc(project / "big.warc.gz", [("200 OK", b"<p>" + b"a" * 5000, HTML)])
    assert main(["add", str(big), "--max-bytes", "1000"]) == 2
    err = capsys.readouterr().err
    assert "bad HTTP status line 'HTTP/1.1 abc'" in err and "line 'garbage'" in err
    assert "larger than the limit of 1000" in err and "Traceback" not in err
    assert sorted(p.name for p in (project / "captures").iterdir()) == ["alpha", "beta"]


def test_run_over_a_bad_warc_shows_error_cells(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    path = _warc(
        project / "mixed.warc.gz",
        [("abc", b"<p>x", HTML), ("200 OK", b"<title>T</title><p>y</p>", HTML)],
    )
    assert main(["run", "--captures", str(path), "--format", "json"]) == 1
    cells = json.loads(capsys.readouterr().out)["results"]
    assert [c["status"] for c in cells] == ["error", "new"]
    assert "bad HTTP status line" in cells[0]["message"]


def test_a_record_over_max_page_mb_is_an_error_cell(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(
        text.replace('enable = ["demo"]', 'enable = ["demo"]\nmax_page_mb = 0.001')
    )
    path = _warc(project / "big.warc.gz", [("200 OK", b"<p>" + b"a" * 5000, HTML)])
    assert main(["run", "--captures", str(path), "--format", "json"]) == 1
    [cell] = json.loads(capsys.readouterr().out)["results"]
    assert cell["status"] == "error" and "larger than the limit of 1048" in cell["message"]


def test_the_record_header_charset_is_the_declared_one(tmp_path: Path) -> None:
    from harness.corpus.capture import Capture, iter_captures

    page = "<title>Привет</title><p>мир</p>".encode("cp1251")
    headers = [("Content-Type", "text/html; charset=windows-1251")]
    path = _warc(tmp_path / "ru.warc", [("200 OK", page, headers)])
    [capture] = iter_captures(path)
    assert isinstance(capture, Capture) and capture.declared_encoding == "cp1251"
    assert "Привет" in capture.text()


def test_max_page_mb_applies_to_records_when_approving_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(
        text.replace('enable = ["demo"]', 'enable = ["demo"]\nmax_page_mb = 30')
    )
    page = b"<title>Long</title><p>" + b"a" * (21 * 1024 * 1024) + b"</p>"  # over the default
    path = _warc(project / "long.warc.gz", [("200 OK", page, HTML)])
    assert main(["run", "--captures", str(path), "--format", "json"]) == 1
    [cell] = json.loads(capsys.readouterr().out)["results"]
    assert cell["status"] == "new", cell["message"]
    assert main(["approve", "--all"]) == 0
    assert (project / "goldens/demo/x-example-0.json").is_file()
