"""Captures: manifests, bare corpus folders, changed bytes, and bad folders as problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.corpus.capture import (
    Capture,
    CaptureProblem,
    check_id,
    create,
    iter_captures,
    load_capture,
)
from harness.errors import HarnessError

PAGE = b"<html><head><title>T</title></head><body><p>Hello</p></body></html>"


def test_create_writes_page_and_manifest(tmp_path: Path) -> None:
    capture = create(tmp_path, "demo", PAGE, kind="html", url="https://example.org/a")
    manifest = json.loads((tmp_path / "demo" / "capture.json").read_text())
    assert manifest["sha256"] == capture.sha256 == capture.actual_sha256
    assert manifest["kind"] == "html" and manifest["url"] == "https://example.org/a"
    assert (tmp_path / "demo" / "page.html").read_bytes() == PAGE
    assert not capture.changed
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_create_refuses_an_existing_id(tmp_path: Path) -> None:
    create(tmp_path, "demo", PAGE, kind="html")
    with pytest.raises(HarnessError, match="exists already"):
        create(tmp_path, "demo", b"other", kind="html")


def test_bare_corpus_folder_loads_with_computed_manifest_and_truth(tmp_path: Path) -> None:
    folder = tmp_path / "case1"
    folder.mkdir()
    (folder / "page.html").write_bytes(PAGE)
    truth = {
        "source": "x",
        "url": "https://e.org/",
        "title": "T",
        "published": None,
        "body": "A\n\nB",
    }
    (folder / "truth.json").write_text(json.dumps(truth))
    capture = load_capture(folder)
    assert capture.kind == "html" and not capture.has_manifest
    assert capture.url == "https://e.org/"
    assert capture.truth is not None and capture.truth.body == ("A", "B")
    assert capture.truth_fields == {"title", "body"}


def test_changed_bytes_are_detected(tmp_path: Path) -> None:
    create(tmp_path, "demo", PAGE, kind="html")
    (tmp_path / "demo" / "page.html").write_bytes(PAGE + b"<!-- edited -->")
    assert load_capture(tmp_path / "demo").changed


def test_bad_folders_become_problems_and_the_rest_load(tmp_path: Path) -> None:
    create(tmp_path, "good", PAGE, kind="html")
    (tmp_path / "empty").mkdir()
    (tmp_path / "badjson").mkdir()
    (tmp_path / "badjson" / "page.txt").write_text("x")
    (tmp_path / "badjson" / "capture.json").write_text("{nope")
    loaded = {c.id: c for c in iter_captures(tmp_path)}
    assert isinstance(loaded["good"], Capture)
    empty, badjson = loaded["empty"], loaded["badjson"]
    assert isinstance(empty, CaptureProblem) and "no page.html or page.txt" in empty.message
    assert isinstance(badjson, CaptureProblem) and "not valid JSON" in badjson.message


def test_manifest_id_must_match_folder(tmp_path: Path) -> None:
    create(tmp_path, "demo", PAGE, kind="html")
    path = tmp_path / "demo" / "capture.json"
    path.write_text(path.read_text().replace('"id": "demo"', '"id": "other"'))
    with pytest.raises(HarnessError, match="folder is 'demo'"):
        load_capture(tmp_path / "demo")


@pytest.mark.parametrize("bad", ["../up", "a/b", "/abs", "..", "x" * 101, "", ".hidden", "ünï"])
def test_bad_ids_are_refused(bad: str) -> None:
    with pytest.raises(HarnessError, match="not a valid capture id"):
        check_id(bad)


def test_text_is_decoded_once_the_same_way(tmp_path: Path) -> None:
    page = '<meta charset="windows-1252"><p>Grüße</p>'.encode("cp1252")
    capture = create(tmp_path, "de", page, kind="html")
    assert "Grüße" in capture.text()
    assert capture.declared_encoding == "cp1252"
