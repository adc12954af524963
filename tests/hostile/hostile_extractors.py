"""Extractors for the hostile corpus: one that behaves (an lxml parser), and one per misbehaviour.

The misbehaving ones take only `text` captures, so they meet only the capture `victim`.
"""

from __future__ import annotations

import ctypes
import math
import time
from collections.abc import Mapping
from typing import Any

import lxml.html

from harness import Capture, Extractor, Record


def parser(name: str, options: Mapping[str, Any]) -> Extractor:
    """Title and paragraphs with a real HTML parser."""

    def extract(capture: Capture) -> Record:
        tree = lxml.html.document_fromstring(capture.text())
        title = tree.findtext(".//title")
        body = tuple(p.text_content() for p in tree.iter("p"))
        return Record(title=title, body=body)

    return Extractor(name, "1", frozenset({"html"}), ("title", "body"), extract)


def _misbehave(mode: str, capture: Capture) -> Any:
    if mode == "raises":
        raise ValueError("cannot parse this page")
    if mode == "wrong-type":
        return {"title": 42}
    if mode == "nan-date":
        return {"published": math.nan}
    if mode == "bytes-body":
        return {"body": [b"raw bytes"]}
    if mode == "not-json":
        return {"authors": {"a set", "of names"}}
    if mode == "not-a-record":
        return ["a", "list"]
    if mode == "hangs":
        time.sleep(600)
    if mode == "kills":
        ctypes.string_at(0)
    if mode == "prints":
        print("extractor chatter on stdout")
        return {"title": "Printed but fine", "body": ["Fine."]}
    if mode == "mutates":
        object.__setattr__(capture, "url", "https://changed.example/")
        return {"title": "x"}
    raise AssertionError(mode)


def misbehaving(name: str, options: Mapping[str, Any]) -> Extractor:
    mode = str(options["mode"])
    fields = ("title", "published", "authors", "body")
    return Extractor(name, "1", frozenset({"text"}), fields, lambda c: _misbehave(mode, c))
