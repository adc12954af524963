"""`harness add --render` and `harness render` in a real headless Chromium (Playwright).

Online, the article a page builds with JavaScript is kept (a plain `harness add` has it not);
offline, a page's scripts reach nothing: every request is answered from the capture or
refused, checked on a listening socket the test owns.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ARTICLE = "The article arrived by script after the page loaded."
SCRIPTED = """<html><head><title>Scripted story</title></head>
<body><div id="main"><p>Loading...</p></div>
<script>
fetch('/article.json').then(r => r.json()).then(data => {
  const p = document.createElement('p');
  p.textContent = data.text;
  document.getElementById('main').replaceChildren(p);
});
</script></body></html>"""


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/article.json":
            self._send("application/json", json.dumps({"text": ARTICLE}).encode())
        else:
            self._send("text/html; charset=utf-8", SCRIPTED.encode())

    def _send(self, content_type: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/story"
    finally:
        server.shutdown()
        server.server_close()


def harness(project: Path, *args: str, browser: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(project), *sys.path])
    environ["HARNESS_CHROMIUM"] = str(browser)
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_a_rendered_capture_keeps_the_article_a_script_built(
    project: Path, site: str, renderer: Path
) -> None:
    rendered = harness(project, "add", site, "--render", "--id", "shown", browser=renderer)
    assert rendered.returncode == 0, rendered.stderr
    folder = project / "captures" / "shown"
    assert ARTICLE in (folder / "page.txt").read_text()
    assert ARTICLE in (folder / "page.html").read_text()
    assert (folder / "screenshot.png").read_bytes().startswith(b"\x89PNG")
    manifest = json.loads((folder / "capture.json").read_text())
    assert set(manifest["views"]) == {"page.html", "page.txt", "screenshot.png"}
    render = manifest["render"]
    assert render["browser"]["name"] == renderer.name and render["browser"]["version"]
    assert render["viewport"] == {"width": 1280, "height": 800}
    assert "Chrome" in render["user_agent"] and render["wait"]["quiet"] is True
    assert render["offline"] is False and render["requests"]["answered"] >= 2
    plain = harness(project, "add", site, "--id", "plain", browser=renderer)
    assert plain.returncode == 0, plain.stderr
    assert ARTICLE not in (project / "captures" / "plain" / "page.html").read_text()


def _page_reaching(port: int) -> str:
    """A page whose every way of making a request aims at the test's socket."""
    base = f"http://127.0.0.1:{port}"
    return f"""<html><head><title>Offline page</title>
<link rel="stylesheet" href="{base}/style.css"><script src="{base}/lib.js"></script></head>
<body><p>Kept offline.</p><img src="{base}/pixel.png"><iframe src="{base}/frame"></iframe>
<script>
fetch('{base}/fetch').catch(() => {{}});
const x = new XMLHttpRequest(); x.open('GET', '{base}/xhr'); x.send();
try {{ new WebSocket('ws://127.0.0.1:{port}/socket'); }} catch (e) {{}}
navigator.sendBeacon('{base}/beacon', 'x');
document.body.append('Script ran.');
</script></body></html>"""


def test_an_offline_render_makes_no_request(project: Path, tmp_path: Path, renderer: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.setblocking(False)
    page = tmp_path / "offline.html"
    page.write_text(_page_reaching(listener.getsockname()[1]))
    try:
        result = harness(project, "add", str(page), "--render", "--id", "off", browser=renderer)
        # the render is over and its browser gone: any connection it made waits in the backlog
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    folder = project / "captures" / "off"
    assert "Script ran." in (folder / "page.txt").read_text()
    render = json.loads((folder / "capture.json").read_text())["render"]
    assert render["offline"] is True and render["requests"]["refused"] >= 4
    assert any(url.startswith("ws://") for url in render["refused"])  # never connected


def test_render_adds_views_to_a_capture_and_keeps_its_page(project: Path, renderer: Path) -> None:
    folder = project / "captures" / "alpha"
    before = (folder / "page.html").read_bytes()
    result = harness(project, "render", "alpha", browser=renderer)
    assert result.returncode == 0, result.stderr
    assert (folder / "page.html").read_bytes() == before
    assert "First alpha paragraph." in (folder / "page.txt").read_text()
    manifest = json.loads((folder / "capture.json").read_text())
    assert set(manifest["views"]) == {"page.html", "page.txt", "rendered.html", "screenshot.png"}
    assert manifest["render"]["offline"] is True
    run = harness(project, "run", "--format", "json", browser=renderer)
    statuses = {r["capture"]: r["status"] for r in json.loads(run.stdout)["results"]}
    assert statuses["alpha"] == "new", run.stdout  # the HTML extractor still reads page.html


def test_a_warc_record_renders_from_the_archive(
    project: Path, write_warc: Callable[..., Path], renderer: Path
) -> None:
    script = b"document.getElementById('m').textContent = 'Built from the archived script.';"
    page = b"<html><head><title>Archived</title></head><body><p id=m>empty</p>"
    page += b'<script src="https://w.example/app.js"></script></body></html>'
    warc = write_warc(
        project / "crawl.warc.gz",
        [
            ("https://w.example/a", "text/html", page),
            ("https://w.example/app.js", "application/javascript", script),
        ],
    )
    result = harness(
        project, "add", str(warc), "--record", "https://w.example/a", "--render", browser=renderer
    )
    assert result.returncode == 0, result.stderr
    (folder,) = [p for p in (project / "captures").iterdir() if (p / "page.txt").exists()]
    assert "Built from the archived script." in (folder / "page.txt").read_text()


class _Hanging(BaseHTTPRequestHandler):
    """A page whose picture never comes: its request stays open until the test ends."""

    release = threading.Event()

    def do_GET(self) -> None:
        if self.path == "/never.png":
            self.release.wait(timeout=300)
            return
        body = b'<html><body><p>Shown before the picture.</p><img src="/never.png"></body></html>'
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_request_that_never_ends_is_bounded_and_the_page_kept(
    project: Path, renderer: Path
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hanging)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        result = harness(
            project, "add", url, "--render", "--timeout", "4", "--id", "slow", browser=renderer
        )
    finally:
        _Hanging.release.set()
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    folder = project / "captures" / "slow"
    assert "Shown before the picture." in (folder / "page.txt").read_text()
    wait = json.loads((folder / "capture.json").read_text())["render"]["wait"]
    assert wait == {"quiet_ms": 500, "timeout_s": 4.0, "quiet": False}
