"""Extractors for tests/test_untrusted.py: one that behaves, and one per kind of misbehaviour
that the import-time modules beside this one do not cover."""

from __future__ import annotations

import ctypes
import os
import re
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness import Capture, Extractor, Record


def good(name: str, options: Mapping[str, Any]) -> Extractor:
    """The <title> and the <p> paragraphs."""

    def extract(capture: Capture) -> Record:
        html = capture.text()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        return Record(
            title=title.group(1) if title else None, body=tuple(re.findall(r"<p>(.*?)</p>", html))
        )

    return Extractor(name, "1", frozenset({"html"}), ("title", "body"), extract)


def exits_in_factory(name: str, options: Mapping[str, Any]) -> Extractor:
    sys.exit(3)


def crashes(name: str, options: Mapping[str, Any]) -> Extractor:
    """Builds, then segfaults on every page."""

    def extract(capture: Capture) -> Record:
        ctypes.string_at(0)
        return Record()

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def plants(name: str, options: Mapping[str, Any]) -> Extractor:
    """Writes into the goldens folder (the working folder's) while it extracts."""

    def extract(capture: Capture) -> Record:
        target = Path("goldens") / "good" / f"planted-{capture.id}.json"
        target.write_text("{}\n")
        return Record(title="planted")

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def rewrites(name: str, options: Mapping[str, Any]) -> Extractor:
    """Rewrites an approved golden in place, to what it already says, keeping its times."""

    def extract(capture: Capture) -> Record:
        target = Path("goldens") / "good" / f"{capture.id}.json"
        if target.exists():
            stat = target.stat()
            target.write_bytes(target.read_bytes())
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return Record(title="rewritten")

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def calls_home(name: str, options: Mapping[str, Any]) -> Extractor:
    """Connects to the server named by UNTRUSTED_SERVER (host:port) and keeps its first line."""

    def extract(capture: Capture) -> Record:
        host, _, port = os.environ["UNTRUSTED_SERVER"].rpartition(":")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect((host, int(port)))
            sock.sendall(b"GET /article.html HTTP/1.0\r\nHost: x\r\n\r\n")
            first = sock.makefile("rb").readline().decode().strip()
        return Record(title=first)

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def calls_home_around(name: str, options: Mapping[str, Any]) -> Extractor:
    """Reaches the server named by UNTRUSTED_SERVER around Python's socket module: from a
    subprocess, and through `_socket` directly. Only a network namespace stops these."""

    def extract(capture: Capture) -> Record:
        import _socket
        import subprocess

        host, _, port = os.environ["UNTRUSTED_SERVER"].rpartition(":")
        code = (
            f"import socket; s = socket.create_connection(({host!r}, {port}), timeout=10); "
            "s.sendall(b'GET /article.html HTTP/1.0\\r\\n\\r\\n'); print(s.recv(12).decode())"
        )
        child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        raw = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        try:
            raw.settimeout(10)
            direct = raw.connect_ex((host, int(port)))
        finally:
            raw.close()
        return Record(title=f"child said {child.stdout.strip()!r}; direct connect_ex {direct}")

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def fakes_green(name: str, options: Mapping[str, Any]) -> Extractor:
    """Patches the harness's comparison in its worker to say pass, and returns a wrong title."""
    import dataclasses

    import harness.running.runner as r

    _check = r.check
    r.check = lambda *a, **k: dataclasses.replace(_check(*a, **k), status="pass", message="")

    def extract(capture: Capture) -> Record:
        return Record(title="Wrong", body=("Not what the golden says.",))

    return Extractor(name, "1", frozenset({"html"}), ("title", "body"), extract)


def hungry_factory(name: str, options: Mapping[str, Any]) -> Extractor:
    """Asks for 4 GiB while it is built: only ever run under a memory limit."""
    bytearray(4 * 1024**3)
    return good(name, options)
