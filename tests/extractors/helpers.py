"""The built-in adapters under test, the test pages, and a socket guard."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from harness.corpus.capture import Capture, load_capture
from harness.extractor import Extractor
from harness.extractors import (
    boilerpy,
    goose,
    htmldate,
    inscriptis,
    justext,
    newspaper,
    readability,
    resiliparse,
)

PAGES = Path(__file__).parent / "pages"
ARTICLE = ("title", "published", "authors", "language", "body")
READABILITY = ("title", "authors", "body")


@dataclass(frozen=True)
class Adapter:
    """One adapter module: its entry-point name, distribution, extra and declared fields."""

    name: str
    module: ModuleType
    distribution: str
    extra: str
    fields: tuple[str, ...]

    def make(self, **options: Any) -> Extractor:
        made: Extractor = self.module.extractor(self.name, options)
        return made


ADAPTERS = {
    a.name: a
    for a in (
        Adapter(
            "readability",
            readability,
            "readability-lxml",
            "readability",
            ("title", "authors", "body"),
        ),
        Adapter("newspaper4k", newspaper, "newspaper4k", "newspaper4k", ARTICLE),
        Adapter("goose3", goose, "goose3", "goose3", ARTICLE),
        Adapter("justext", justext, "jusText", "justext", ("body",)),
        Adapter("resiliparse", resiliparse, "Resiliparse", "resiliparse", ("title", "body")),
        Adapter("boilerpy3", boilerpy, "boilerpy3", "boilerpy3", ("title", "body")),
        Adapter("htmldate", htmldate, "htmldate", "htmldate", ("published", "updated")),
        Adapter("inscriptis", inscriptis, "inscriptis", "inscriptis", ("body",)),
    )
}


def make(name: str, **options: Any) -> Extractor:
    return ADAPTERS[name].make(**options)


def page(capture_id: str) -> Capture:
    return load_capture(PAGES / capture_id)


def all_pages() -> list[Capture]:
    return [load_capture(folder) for folder in sorted(PAGES.iterdir()) if folder.is_dir()]


@dataclass
class NetworkGuard:
    """Sockets that refuse to connect or resolve, remembering every attempt."""

    attempts: list[str] = field(default_factory=list)

    def refuse(self, what: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            shown = [a for a in args if not isinstance(a, socket.socket)]
            self.attempts.append(f"{what}{tuple(shown)!r}")
            raise OSError(f"network blocked in tests: {what}")

        return refused

    def install(self, monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
        monkeypatch.setattr(socket.socket, "connect", self.refuse("socket.connect"))
        monkeypatch.setattr(socket.socket, "connect_ex", self.refuse("socket.connect_ex"))
        monkeypatch.setattr(socket, "create_connection", self.refuse("socket.create_connection"))
        monkeypatch.setattr(socket, "getaddrinfo", self.refuse("socket.getaddrinfo"))
        return self
