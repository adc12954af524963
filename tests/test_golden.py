"""Golden files: the reviewable format, validation on load, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import confine
from harness.errors import HarnessError
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.record import Record

SHA = "a" * 64
GOLDEN = Golden(
    extractor="text",
    extractor_version="0.1.0",
    capture_id="seed",
    capture_sha256=SHA,
    record=Record(title="Größe", published="2020-12-01", body=("One.", "Two.")),
)


def test_format_is_for_people() -> None:
    text = golden.dumps(GOLDEN)
    assert text.endswith("}\n")
    assert "Größe" in text  # UTF-8, not \u escapes
    assert '\n      "One.",\n      "Two."\n' in text  # one paragraph a line
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["schema_version"] == 1
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_round_trip(tmp_path: Path) -> None:
    path = golden.path_for(tmp_path, "text", "seed")
    golden.write(path, GOLDEN)
    assert golden.read(path) == GOLDEN
    assert golden.read(tmp_path / "missing.json") is None


def test_reason_is_kept() -> None:
    text = golden.dumps(Golden("t", "1", "c", SHA, Record(), reason="site redesign"))
    assert golden.loads(text, Path("g.json")).reason == "site redesign"


def test_malformed_json_names_file_and_line() -> None:
    with pytest.raises(HarnessError) as caught:
        golden.loads('{"schema_version": 1,\n  "record": }', Path("goldens/t/c.json"))
    assert "goldens/t/c.json" in caught.value.message and "line 2" in caught.value.message


def test_schema_invalid_golden_names_json_path() -> None:
    data = json.loads(golden.dumps(GOLDEN))
    data["record"]["published"] = "1st of May"
    with pytest.raises(HarnessError) as caught:
        golden.loads(json.dumps(data), Path("g.json"))
    assert caught.value.field == "$.record.published"


def test_newer_schema_version_asks_for_an_upgrade() -> None:
    data = json.loads(golden.dumps(GOLDEN)) | {"schema_version": 2}
    with pytest.raises(HarnessError, match="upgrade capture-harness"):
        golden.loads(json.dumps(data), Path("g.json"))


def test_merge_conflict_marker_is_named() -> None:
    text = golden.dumps(GOLDEN).replace('  "record"', '<<<<<<< HEAD\n  "record"', 1)
    with pytest.raises(HarnessError, match="merge-conflict marker at line"):
        golden.loads(text, Path("g.json"))


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "x" / "g.json"
    golden.atomic_write(path, "one\n")
    golden.atomic_write(path, "two\n")
    assert path.read_text() == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["g.json"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    golden.atomic_write(path, "old\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(confine.os, "replace", boom)
    with pytest.raises(OSError):
        golden.atomic_write(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


@pytest.mark.parametrize("bad", ["../x", "a/b"])
def test_paths_stay_inside_the_goldens_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(HarnessError):
        golden.path_for(tmp_path, "text", bad)
