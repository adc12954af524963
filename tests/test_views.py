"""A capture seen several ways: each extractor reads the view of its kind, goldens follow it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.config import Config
from harness.corpus.capture import create, load_capture
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.goldens import approval, pending
from harness.record import Record
from harness.running import runner

HTML = b"<html><head><title>Built</title></head><body><p>From the DOM.</p></body></html>"
TEXT = b"Built\n\nFrom the text the browser showed."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _reader(capture: Any) -> Record:
    return Record(title=capture.payload, body=(capture.text(),))


HTML_ONLY = Extractor("markup", "1", frozenset({"html"}), ("title", "body"), _reader)
BOTH = Extractor("words", "1", frozenset({"html", "text"}), ("title", "body"), _reader)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    for name in ("captures", "goldens"):
        (tmp_path / name).mkdir()
    return Config(tmp_path, tmp_path / "captures", tmp_path / "goldens", tmp_path / "pending")


def _shown(config: Config) -> Path:
    create(
        config.captures,
        "shown",
        HTML,
        kind="html",
        more={"page.txt": TEXT, "screenshot.png": PNG},
    )
    return config.captures / "shown"


def test_each_extractor_reads_the_view_of_its_kind(config: Config) -> None:
    folder = _shown(config)
    capture = load_capture(folder)
    assert [v.name for v in capture.views] == ["page.html", "page.txt", "screenshot.png"]
    markup = runner.check(HTML_ONLY, capture, config)
    words = runner.check(BOTH, capture, config)
    assert markup.record is not None and markup.record.title == "page.html"
    assert words.record is not None and words.record.title == "page.txt"
    assert "From the text the browser showed." in words.record.body[0]
    assert words.read_sha256 == load_capture(folder).viewed(BOTH.kinds).actual_sha256
    assert words.read_sha256 != capture.actual_sha256


def test_a_golden_of_a_view_is_approved_and_passes_then_a_changed_view_is_changed(
    config: Config,
) -> None:
    folder = _shown(config)
    capture = load_capture(folder)
    for extractor in (HTML_ONLY, BOTH):
        found = runner.check(extractor, capture, config)
        pending.note(config.pending, found, capture.actual_sha256, config.captures)
    for entry in pending.entries(config.pending):
        approval.approve(config, entry)
    golden = json.loads((config.goldens / "words" / "shown.json").read_text())
    assert golden["capture"]["sha256"] == capture.viewed(BOTH.kinds).actual_sha256
    assert {runner.check(e, capture, config).status for e in (HTML_ONLY, BOTH)} == {"pass"}
    (folder / "page.txt").write_bytes(TEXT + b" More.")
    again = load_capture(folder)
    assert runner.check(HTML_ONLY, again, config).status == "pass"
    assert runner.check(BOTH, again, config).status == "changed"


def test_a_captures_without_views_reads_as_before(config: Config) -> None:
    create(config.captures, "plain", HTML, kind="html")
    capture = load_capture(config.captures / "plain")
    assert capture.views == () and capture.viewed(BOTH.kinds) is capture
    manifest = json.loads((config.captures / "plain" / "capture.json").read_text())
    assert "views" not in manifest


def test_a_view_named_but_missing_is_an_error_naming_it(config: Config) -> None:
    folder = _shown(config)
    (folder / "page.txt").unlink()
    with pytest.raises(HarnessError) as caught:
        load_capture(folder)
    assert caught.value.field == "$.views.page.txt" and "missing" in caught.value.message


def test_a_view_outside_the_known_names_is_refused_by_the_schema(config: Config) -> None:
    folder = _shown(config)
    manifest = json.loads((folder / "capture.json").read_text())
    manifest["views"]["../escape.txt"] = {"kind": "text", "sha256": "0" * 64}
    (folder / "capture.json").write_text(json.dumps(manifest))
    with pytest.raises(HarnessError) as caught:
        load_capture(folder)
    assert "escape" in caught.value.message


def test_the_golden_a_cell_proposes_is_for_the_view_it_read(config: Config) -> None:
    capture = load_capture(_shown(config))
    found = runner.check(BOTH, capture, config)
    golden = runner.golden_of(found, capture)  # as `pytest --snapshot-update` writes it
    assert golden is not None
    assert golden.capture_sha256 == capture.viewed(BOTH.kinds).actual_sha256
    assert golden.capture_sha256 != capture.actual_sha256
