"""`harness review --web`: the pending outputs reviewed in a browser, served on the loopback.

The server listens on 127.0.0.1 only and answers only requests that carry its random token
(`?token=`) and name it by that address (a page of another site, or a DNS name rebound to
127.0.0.1, gets 403); a decision must also come from its own page (Origin) as JSON. What it
serves is its own page, the items as JSON and the screenshots as PNG: captured HTML is never
served. Decisions are written by the same code as the terminal review (`approval`), one at
a time; the server stops when every item is decided, on `q`, or on Ctrl-C.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from harness import output
from harness.config import Config
from harness.corpus import views
from harness.corpus.capture import find
from harness.errors import HarnessError
from harness.goldens.approval import approve, reject
from harness.goldens.review import Change, Tally, truth_verdicts
from harness.running.runner import empty_note

HOST = "127.0.0.1"
MAX_VALUE = 4000  # characters of a golden or new value shown (the diff shows the body)
MAX_BODY = 4096  # bytes of a decision request


@dataclass
class Session:
    """The review in progress: its items, what was decided, and how to say it."""

    config: Config
    changes: list[Change]
    reason: str | None
    write: Callable[[str], None]
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    decided: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def left(self) -> int:
        return len(self.changes) - len(self.decided)

    def tally(self) -> Tally:
        found = list(self.decided.values())
        return Tally(found.count("accept"), found.count("reject"), self.left + found.count("skip"))

    def decide(self, index: int, action: str) -> str:
        """Accept, reject or skip item `index`: what happened, as the terminal says it."""
        with self.lock:
            if index in self.decided:
                raise HarnessError("is decided already", where=f"item {index}", fix="reload")
            change = self.changes[index]
            if action == "accept":
                done = approve(self.config, change.entry, reason=self.reason)
                said = f"accepted {change.entry.key} -> {done.path}"
            elif action == "reject":
                reject(self.config, change.entry)
                said = f"rejected {change.entry.key}: the golden stays as it is"
            else:
                said = f"skipped {change.entry.key}"
            self.decided[index] = action
            self.write(said + "\n")
            return said


def item(index: int, change: Change, screenshot: bool) -> dict[str, Any]:
    """One pending cell as the page shows it, with the drift cluster it belongs to (as
    `harness run` names it; None for a new cell)."""
    entry = change.entry
    return {
        "index": index,
        "key": entry.key,
        "extractor": entry.extractor,
        "capture": entry.capture,
        "cluster": change.cluster,
        "status": entry.status,
        "message": entry.message,
        "made_by": f"{output.name(entry.extractor)} {entry.version}",
        "title": entry.record.title,
        "fields": _fields(change),
        "warnings": [f"warning: {empty_note(entry.empty)}: look before accepting"]
        if entry.empty
        else [],
        "truth": truth_verdicts(change),
        "screenshot": screenshot,
    }


def grouped(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items with each drift cluster's cells together, the largest cluster first; cells
    in no cluster (new, changed) after them, in their own order."""
    sizes = Counter(i["cluster"] for i in items if i["cluster"] is not None)
    return sorted(
        items,
        key=lambda i: (
            i["cluster"] is None,
            -sizes[i["cluster"]] if i["cluster"] is not None else 0,
            i["cluster"] or "",
            i["index"],
        ),
    )


def _fields(change: Change) -> list[dict[str, Any]]:
    if change.comparison is None:
        return [
            {"name": name, "how": "new", "golden": None, "new": _bounded(value), "diff": []}
            for name, value in change.entry.record.to_json().items()
        ]
    out = []
    for result in change.comparison.fields:
        if not result.drifted:
            continue
        score = f", similarity {result.score:.3f}" if result.score is not None else ""
        diff = list(result.diff) if result.name == "body" else []
        out.append(
            {
                "name": result.name,
                "how": f"{result.how}{score}",
                "golden": None if diff else _bounded(result.expected),
                "new": None if diff else _bounded(result.actual),
                "diff": diff,
            }
        )
    return out


def _bounded(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False, default=list)
    return value if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    session: Session
    items: list[dict[str, Any]]
    shots: dict[int, bytes]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        from harness.reports.review_page import page

        path = self._allowed()
        if path is None:
            return
        if path == "/":
            self._send(200, "text/html; charset=utf-8", page(self.server.session.token).encode())
        elif path == "/items":
            self._json(200, {"items": self.server.items})
        elif path.startswith("/screenshot/") and path[12:].isdigit():
            shot = self.server.shots.get(int(path[12:]))
            if shot is None:
                self._json(404, {"message": "no screenshot"})
            else:
                self._send(200, "image/png", shot)
        else:
            self._json(404, {"message": "not here"})

    def do_POST(self) -> None:
        path = self._allowed()
        if path is None:
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin != self._origin():
            self._json(403, {"message": "refused: not this review's page"})
            return
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            self._json(415, {"message": "send JSON"})
            return
        if path == "/quit":
            self._json(200, {"message": "stopped", "left": self.server.session.left})
            threading.Thread(target=self.server.shutdown, daemon=True).start()
        elif path == "/decide":
            self._decide()
        else:
            self._json(404, {"message": "not here"})

    def _decide(self) -> None:
        session = self.server.session
        try:
            length = int(self.headers.get("Content-Length") or 0)
            asked = json.loads(self.rfile.read(min(max(length, 0), MAX_BODY)))
            index, action = int(asked["index"]), str(asked["action"])
            if action not in ("accept", "reject", "skip") or not 0 <= index < len(session.changes):
                raise ValueError(action)
        except (ValueError, KeyError, TypeError):
            self._json(400, {"message": "not a decision", "left": session.left})
            return
        try:
            said = session.decide(index, action)
        except HarnessError as error:
            self._json(409, {"message": error.message, "left": session.left})
            return
        self._json(200, {"message": said, "left": session.left})
        if session.left == 0:
            threading.Thread(target=self.server.shutdown, daemon=True).start()

    def _origin(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}"

    def _allowed(self) -> str | None:
        """The path asked for, when the request carries the token and names this server."""
        parts = urlsplit(self.path)
        given = parse_qs(parts.query).get("token", [""])[0]
        host_ok = self.headers.get("Host") == self._origin()[len("http://") :]
        if not (host_ok and secrets.compare_digest(given, self.server.session.token)):
            self._json(403, {"message": "forbidden: open the URL `harness review --web` printed"})
            return None
        return parts.path

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, "application/json", output.dumps(data).encode("utf-8"))

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        from harness.reports.review_page import policy

        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", policy())
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(session: Session, port: int = 0, ready: Callable[[str], None] | None = None) -> Tally:
    """Serve the review until every item is decided, `q`, or Ctrl-C: what was decided."""
    server = _Server((HOST, port), _Handler)
    server.session = session
    server.shots = _screenshots(session)
    server.items = grouped([item(i, c, i in server.shots) for i, c in enumerate(session.changes)])
    url = f"http://{HOST}:{server.server_address[1]}/?token={session.token}"
    (ready or (lambda found: session.write(f"review at {found}\n")))(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        session.write("\nstopped\n")
    finally:
        server.server_close()
    return session.tally()


def _screenshots(session: Session) -> dict[int, bytes]:
    """Each item's capture's screenshot, when it has one (read once, bounded, checked)."""
    by_capture: dict[str, bytes | None] = {}
    for change in session.changes:
        if change.entry.capture not in by_capture:
            by_capture[change.entry.capture] = _screenshot(session.config, change)
    found = {i: by_capture[c.entry.capture] for i, c in enumerate(session.changes)}
    return {i: shot for i, shot in found.items() if shot is not None}


def _screenshot(config: Config, change: Change) -> bytes | None:
    captures, _ = change.entry.roots(config)
    try:
        capture = find(captures, change.entry.capture, max_bytes=config.max_page_bytes)
    except (HarnessError, OSError):
        return None
    return views.screenshot(capture.folder, capture.views)
