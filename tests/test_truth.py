"""Truths written by reviewers: merged, validated by the schema, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.corpus import truth
from harness.corpus.capture import load_capture
from harness.errors import HarnessError


def test_update_merges_and_unsets(project: Path) -> None:
    folder = project / "captures" / "alpha"
    truth.update(folder, {"title": "Alpha news", "published": "2020-12-01"})
    data = truth.update(folder, {"published": None, "body": "One.\n\nTwo."})
    assert data == {"title": "Alpha news", "body": "One.\n\nTwo."}
    capture = load_capture(folder)
    assert capture.truth is not None and capture.truth.body == ("One.", "Two.")
    assert capture.truth_fields == {"title", "body"}


def test_invalid_truth_is_refused_and_nothing_written(project: Path) -> None:
    folder = project / "captures" / "alpha"
    truth.update(folder, {"title": "Kept"})
    with pytest.raises(HarnessError) as caught:
        truth.update(folder, {"published": "last Tuesday"})
    assert caught.value.field == "$.published"
    assert json.loads((folder / "truth.json").read_text()) == {"title": "Kept"}
    with pytest.raises(HarnessError, match="unknown truth field"):
        truth.update(folder, {"headline": "x"})
