"""Shared fixtures: a small project of the harness's own, made in a temporary folder."""

from __future__ import annotations

import os
import queue
import struct
import sys
import textwrap
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from harness.config import Config
from harness.corpus.capture import create, load_capture
from harness.extractor import Extractor
from harness.goldens import approval, pending, review
from harness.goldens.review import Tally
from harness.goldens.review_server import Session, serve
from harness.record import Record
from harness.running import runner

# No test races the clock: Hypothesis's per-example deadline and its "generation is slow"
# check are wall-clock limits that fail on a busy machine, not on a wrong harness.
settings.register_profile("harness", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("harness")

DEMO_EXTRACTOR = """
import re
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        html = capture.text()
        if "RAISE" in html:
            raise ValueError("demo cannot read this page")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        date = re.search(r'<time datetime="([^"]+)"', html)
        return Record(
            title=title.group(1) if title else None,
            published=date.group(1) if date else None,
            body=tuple(re.findall(r"<p>(.*?)</p>", html, re.S)),
        )
    return Extractor(name, "1.0", frozenset({"html"}), ("title", "published", "body"), extract)
"""

PAGES = {
    "alpha": '<html><head><title>Alpha news</title></head><body><time datetime="2020-12-01T17:26">'
    "</time><p>First alpha paragraph.</p><p>Second alpha paragraph.</p></body></html>",
    "beta": "<html><head><title>Beta story</title></head><body><p>Only beta paragraph.</p>"
    "</body></html>",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds the wheel and installs it (about a minute); -m 'not slow' skips"
    )


def make_project(root: Path, *, extra_config: str = "") -> Path:
    """A project with two HTML captures and a project-local extractor called `demo`."""
    (root / "demo_extractor.py").write_text(DEMO_EXTRACTOR)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.harness]
            captures = "captures"
            goldens = "goldens"
            enable = ["demo"]

            [tool.harness.extractors.demo]
            factory = "demo_extractor:extractor"
            """
        )
        + extra_config
    )
    for capture_id, page in PAGES.items():
        create(root / "captures", capture_id, page.encode(), kind="html")
    (root / "goldens").mkdir()
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The demo project, as the working folder, importable, with CI variables cleared."""
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    yield tmp_path
    os.chdir(tmp_path.parent)
    for name, module in list(sys.modules.items()):  # its demo_extractor is no other project's
        if Path(getattr(module, "__file__", None) or "/").is_relative_to(tmp_path):
            del sys.modules[name]


ARTICLE = (
    '<html><head><title>Local article</title></head><body><time datetime="2021-03-04T05:06">'
    "</time><p>Served from a local test server.</p><p>Second paragraph.</p></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    """Routes for fetch tests: a page, redirects, a loop, a slow page, a big page, an image."""

    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == "/article.html":
            self._send(200, "text/html; charset=utf-8", ARTICLE.encode())
        elif route == "/moved":
            self._redirect("/article.html")
        elif route == "/loop":
            self._redirect("/loop")
        elif route == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", b"<p>late</p>")
        elif route == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>")
        elif route == "/to-bad-ipv6":
            self._redirect("http://[::1")
        elif route == "/to-raw-bytes":
            self.send_response(302)
            self._headers_buffer.append(b"Location: /\xe9\xe9\r\n")  # type: ignore[attr-defined]
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n")
        else:
            self._send(404, "text/html", b"<p>not here</p>")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gives up early (size or time limit) is expected here


@pytest.fixture
def http_server() -> Iterator[str]:
    """A real HTTP server on the loopback address; yields its base URL."""
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


WarcWriter = Callable[[Path, list[tuple[str, str, bytes]]], Path]


def _write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> Path:
    """A gzipped WARC with a request and a response record per (url, content type, body)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, content_type, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            request = BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=request))
            response = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http
            )
            writer.write_record(response)
    return path


@pytest.fixture
def write_warc() -> WarcWriter:
    """Writes small real WARC files."""
    return _write_warc


_MISBEHAVING = """
import ctypes, os, sys, time
from harness import Extractor, Record

def extractor(name, options):
    mode = options["mode"]
    def extract(capture):
        if capture.id == "alpha":
            if mode == "hang":
                time.sleep(60)
            if mode == "raise":
                raise RuntimeError("broken on purpose")
            if mode == "segfault":
                ctypes.string_at(0)
            if mode == "exit":
                os._exit(3)
            if mode == "memory":
                hog = bytearray(2 * 1024 ** 3)
            if mode == "print":
                print("noise on stdout")
                os.write(1, b"more noise")
        return Record(title=capture.id)
    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)
"""


@pytest.fixture
def misbehaving_source() -> str:
    """A module of extractors that misbehave on the capture `alpha` as `options["mode"]` says:
    hang, raise, segfault, exit, memory, print."""
    return _MISBEHAVING


# `harness review --web`: a project with pending outputs, served (tests/test_review_server.py,
# tests/browser/test_review_web.py), and real PNGs (screenshots)

SCRIPT_TITLE = "<script>document.title='pwned';window.__pwned=1</script>"
REVIEW_PAGES = {
    "calm": "<html><head><title>Calm title</title></head><body><p>Calm.</p></body></html>",
    "evil": f"<html><head><title>{SCRIPT_TITLE}</title></head><body><p>Evil.</p></body></html>",
}


def make_png(width: int, height: int) -> bytes:
    """A real PNG of one grey colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _title(capture: Any) -> Record:
    html = capture.text()
    return Record(title=html[html.index("<title>") + 7 : html.index("</title>")])


TITLE = Extractor("titles", "1", frozenset({"html"}), ("title",), _title)


def make_pending(root: Path) -> Config:
    """Two captures with a new output each, pending review; `evil` has a screenshot."""
    for name in ("captures", "goldens"):
        (root / name).mkdir()
    config = Config(root, root / "captures", root / "goldens", root / "pending")
    for capture_id, page in REVIEW_PAGES.items():
        more = {"screenshot.png": make_png(40, 30)} if capture_id == "evil" else None
        create(config.captures, capture_id, page.encode(), kind="html", more=more)
        capture = load_capture(config.captures / capture_id)
        outcome = runner.check(TITLE, capture, config)
        pending.note(config.pending, outcome, capture.actual_sha256, config.captures)
    return config


CLUSTERED = {"one": ("One", "One | Daily"), "two": ("Two", "Two | Daily"), "three": ("Old", "New")}


def make_clustered(root: Path) -> Config:
    """Three approved titles drifted: `one` and `two` gained a site part (one cluster),
    `three` was rewritten (another)."""
    for name in ("captures", "goldens"):
        (root / name).mkdir()
    config = Config(root, root / "captures", root / "goldens", root / "pending")
    before = Extractor(
        "titles", "1", frozenset({"html"}), ("title",), lambda c: Record(title=CLUSTERED[c.id][0])
    )
    for capture_id, (_, title) in CLUSTERED.items():
        page = f"<html><head><title>{title}</title></head><body><p>x</p></body></html>"
        create(config.captures, capture_id, page.encode(), kind="html")
        capture = load_capture(config.captures / capture_id)
        pending.note(config.pending, runner.check(before, capture, config), capture.actual_sha256)
        (entry,) = pending.select(config.pending, None, [capture_id])
        approval.approve(config, entry)
        pending.note(config.pending, runner.check(TITLE, capture, config), capture.actual_sha256)
    return config


def start_review(config: Config) -> Served:
    lines: list[str] = []
    session = Session(
        config, review.changes(config, pending.entries(config.pending)), None, lines.append
    )
    ready: queue.Queue[str] = queue.Queue()
    tally: list[Tally] = []
    thread = threading.Thread(target=lambda: tally.append(serve(session, 0, ready.put)))
    thread.start()
    return Served(ready.get(timeout=30), config, lines, thread, tally)


def stop_review(found: Served) -> None:
    if found.thread.is_alive():
        quit_request = urllib.request.Request(
            found.url.replace("/?", "/quit?"), b"{}", {"Content-Type": "application/json"}
        )
        urllib.request.urlopen(quit_request).close()
        found.thread.join(timeout=60)


@dataclass
class Served:
    url: str
    config: Config
    lines: list[str]
    thread: threading.Thread
    tally: list[Tally]
    evil_title: str = SCRIPT_TITLE  # the title of capture `evil`: a script, shown as text

    def finished(self) -> Tally:
        self.thread.join(timeout=60)
        assert not self.thread.is_alive()
        return self.tally[0]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    found = start_review(make_pending(tmp_path))
    yield found
    stop_review(found)


@pytest.fixture
def served_clusters(tmp_path: Path) -> Iterator[Served]:
    found = start_review(make_clustered(tmp_path))
    yield found
    stop_review(found)


@pytest.fixture
def png() -> Callable[[int, int], bytes]:
    """Makes a real PNG of one grey colour, `width` by `height`."""
    return make_png
