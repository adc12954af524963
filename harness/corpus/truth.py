"""A capture's truth: what the page really says, independent of any extractor, kept by people."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness import confine, schema
from harness.corpus.capture import TRUTH, load_capture
from harness.errors import HarnessError


def read(folder: Path) -> dict[str, Any]:
    """The truth of the capture in `folder` as stored (empty when it has none)."""
    load_capture(folder)  # the folder must be a loadable capture, truth included
    path = folder / TRUTH
    if confine.kind(folder.parent, path) is None:
        return {}
    data: dict[str, Any] = json.loads(confine.read_text(folder.parent, path))
    return data


def update(folder: Path, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `changes` into the truth, validate it, and write it atomically.

    A value of None makes the field unknown again.
    """
    unknown = sorted(set(changes) - set(schema.TRUTH_FIELDS))
    if unknown:
        raise HarnessError(
            f"unknown truth field(s) {', '.join(unknown)}",
            where=folder / TRUTH,
            fix=f"use {', '.join(schema.TRUTH_FIELDS)}",
        )
    data = {**read(folder), **changes}
    data = {k: v for k, v in data.items() if v is not None or k not in changes}
    schema.validate("truth", data, where=folder / TRUTH, fix="correct the value given")
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    confine.write_atomic(folder.parent, folder / TRUTH, text)
    load_capture(folder)  # proves the written truth loads
    return data
