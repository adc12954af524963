"""`harness review --web`'s server: the token, the loopback and its own page, or 403."""

from __future__ import annotations

import json
import queue
import struct
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.config import Config
from harness.corpus.capture import create, load_capture
from harness.extractor import Extractor
from harness.goldens import pending, review
from harness.goldens.review import Tally
from harness.goldens.review_server import Session, serve
from harness.record import Record
from harness.running import runner

SCRIPT_TITLE = "<script>document.title='pwned';window.__pwned=1</script>"
PAGES = {
    "calm": "<html><head><title>Calm title</title></head><body><p>Calm.</p></body></html>",
    "evil": f"<html><head><title>{SCRIPT_TITLE}</title></head><body><p>Evil.</p></body></html>",
}


def png(width: int, height: int) -> bytes:
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
    for capture_id, page in PAGES.items():
        more = {"screenshot.png": png(40, 30)} if capture_id == "evil" else None
        create(config.captures, capture_id, page.encode(), kind="html", more=more)
        capture = load_capture(config.captures / capture_id)
        outcome = runner.check(TITLE, capture, config)
        pending.note(config.pending, outcome, capture.actual_sha256, config.captures)
    return config


@dataclass
class Served:
    url: str
    config: Config
    lines: list[str]
    thread: threading.Thread
    tally: list[Tally]

    def finished(self) -> Tally:
        self.thread.join(timeout=60)
        assert not self.thread.is_alive()
        return self.tally[0]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    config = make_pending(tmp_path)
    lines: list[str] = []
    session = Session(
        config, review.changes(config, pending.entries(config.pending)), None, lines.append
    )
    ready: queue.Queue[str] = queue.Queue()
    tally: list[Tally] = []
    thread = threading.Thread(target=lambda: tally.append(serve(session, 0, ready.put)))
    thread.start()
    found = Served(ready.get(timeout=30), config, lines, thread, tally)
    yield found
    if thread.is_alive():
        _post(found.url.replace("/?", "/quit?"), {})
        thread.join(timeout=60)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as got:
            return got.status, got.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _post(url: str, data: object, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    sent = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, json.dumps(data).encode(), sent, method="POST")
    try:
        with urllib.request.urlopen(request) as got:
            return got.status, json.loads(got.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_every_request_without_the_token_is_forbidden(served: Served) -> None:
    base = served.url.split("?")[0]
    assert _get(served.url)[0] == 200
    assert _get(base)[0] == 403
    assert _get(base + "items?token=wrong")[0] == 403
    assert _get(served.url.replace("/?", "/items?"), {"Host": "evil.example"})[0] == 403
    decide = served.url.replace("/?", "/decide?")
    assert _post(base + "decide", {"index": 0, "action": "accept"})[0] == 403
    origin = {"Origin": "http://evil.example"}
    assert _post(decide, {"index": 0, "action": "accept"}, origin)[0] == 403
    assert _post(decide, {"index": 0, "action": "explode"})[0] == 400
    assert list((served.config.goldens).iterdir()) == []  # nothing was decided


def test_the_page_holds_no_captured_text_and_a_strict_policy(served: Served) -> None:
    with urllib.request.urlopen(served.url) as got:
        page = got.read().decode()
        policy = got.headers["Content-Security-Policy"]
    assert "<script>document.title" not in page and "Calm title" not in page
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    _, items = _get(served.url.replace("/?", "/items?"))
    found = json.loads(items)["items"]
    assert [i["capture"] for i in found] == ["calm", "evil"]
    assert found[1]["title"] == SCRIPT_TITLE and found[1]["screenshot"] is True
    assert "cluster" in found[0]  # where grouping goes
    shot, data = _get(served.url.replace("/?", "/screenshot/1?"))
    assert shot == 200 and data == png(40, 30)


def test_decisions_go_through_approval_and_the_server_stops_when_none_are_left(
    served: Served,
) -> None:
    decide = served.url.replace("/?", "/decide?")
    assert _post(decide, {"index": 0, "action": "accept"})[0] == 200
    assert _post(decide, {"index": 0, "action": "accept"})[0] == 409  # decided already
    assert _post(decide, {"index": 1, "action": "reject"})[0] == 200
    assert served.finished() == Tally(accepted=1, rejected=1, skipped=0)
    golden = json.loads((served.config.goldens / "titles" / "calm.json").read_text())
    assert golden["record"]["title"] == "Calm title"
    assert not (served.config.goldens / "titles" / "evil.json").exists()
    assert pending.entries(served.config.pending) == []
    assert any(line.startswith("accepted titles[calm]") for line in served.lines)


def test_quit_leaves_the_rest_pending(served: Served) -> None:
    assert _post(served.url.replace("/?", "/quit?"), {})[0] == 200
    assert served.finished() == Tally(accepted=0, rejected=0, skipped=2)
    assert len(pending.entries(served.config.pending)) == 2


def test_the_web_review_is_refused_on_ci_like_the_terminal_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    monkeypatch.setenv("CI", "true")
    assert main(["review", "--web"]) == 2
    assert "refuses to review goldens on a CI machine" in capsys.readouterr().err
