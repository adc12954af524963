"""The record cache: entries trusted only when every check holds, bounded, cleared in place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.extractor import Extractor
from harness.record import Record
from harness.running import fingerprint
from harness.running.cache import Cache, entry_text

RECORD = Record(title="A title", body=("One.", "Two."))
DEMO = Extractor("demo", "1.0", frozenset({"html"}), ("title", "body"), lambda c: RECORD)


def inputs(**more: object) -> dict[str, object]:
    return {"capture": {"bytes": "a" * 64}, "extractor": {"name": "demo"}, **more}


def cache(folder: Path, limit_mb: float = 512) -> Cache:
    return Cache.of(folder, limit_mb)


def stored(folder: Path) -> tuple[Cache, str, dict[str, object]]:
    found = cache(folder)
    given = inputs()
    key = fingerprint.digest(given)
    assert found.put(key, given, DEMO, RECORD)
    return found, key, given


def test_an_entry_gives_back_its_record_and_the_extractor_as_described(tmp_path: Path) -> None:
    found, key, given = stored(tmp_path / "cache")
    hit = found.get(key, given)
    assert hit is not None and hit.record == RECORD
    assert (hit.extractor.name, hit.extractor.version) == ("demo", "1.0")
    assert hit.extractor.kinds == {"html"} and hit.extractor.fields == ("title", "body")
    assert hit.extractor.extract(None) == RECORD  # type: ignore[arg-type]


def test_a_skipped_cell_is_kept_without_a_record(tmp_path: Path) -> None:
    found = cache(tmp_path)
    given = inputs()
    key = fingerprint.digest(given)
    absent = Extractor("demo", "", frozenset({"html"}), (), DEMO.extract, False, "not installed")
    found.put(key, given, absent, None)
    hit = found.get(key, given)
    assert hit is not None and hit.record is None and hit.extractor.reason == "not installed"


def test_other_inputs_are_a_miss(tmp_path: Path) -> None:
    found, key, given = stored(tmp_path)
    assert found.get(key, given) is not None
    assert found.get(key, inputs(more=1)) is None
    assert found.get(fingerprint.digest(inputs(more=1)), inputs(more=1)) is None


def _rewrite(path: Path, change: object) -> None:
    entry = json.loads(path.read_text())
    change(entry)  # type: ignore[operator]
    path.write_text(json.dumps(entry))


def _bad_record(entry: dict[str, object]) -> None:
    entry["record"] = {"title": 5, "body": []}
    entry["record_sha256"] = fingerprint.digest(entry["record"])


def _unnormalised(entry: dict[str, object]) -> None:
    entry["record"] = dict(RECORD.to_json(), title="  spaced   out ")
    entry["record_sha256"] = fingerprint.digest(entry["record"])


def _other_inputs(entry: dict[str, object]) -> None:
    entry["inputs"] = inputs(more=2)


def _other_key(entry: dict[str, object]) -> None:
    entry["key"] = "0" * 64


def _record_changed(entry: dict[str, object]) -> None:
    entry["record"] = dict(RECORD.to_json(), title="Another title")  # sha256 left as it was


def _bad_description(entry: dict[str, object]) -> None:
    entry["extractor"] = {"name": "demo", "version": 1}


@pytest.mark.parametrize(
    "corrupt",
    [_bad_record, _unnormalised, _other_inputs, _other_key, _record_changed, _bad_description],
)
def test_an_entry_that_does_not_check_out_is_a_miss_and_is_rewritten(
    tmp_path: Path, corrupt: object
) -> None:
    found, key, given = stored(tmp_path)
    _rewrite(found.path(key), corrupt)
    assert found.get(key, given) is None
    assert found.put(key, given, DEMO, RECORD)
    hit = found.get(key, given)
    assert hit is not None and hit.record == RECORD


@pytest.mark.parametrize("text", ["", "{", '{"key": ', "\xff\xfe", "[]", "null"])
def test_an_entry_that_does_not_parse_is_a_miss(tmp_path: Path, text: str) -> None:
    found, key, given = stored(tmp_path)
    found.path(key).write_bytes(text.encode("latin-1"))
    assert found.get(key, given) is None


def test_a_truncated_entry_is_a_miss(tmp_path: Path) -> None:
    found, key, given = stored(tmp_path)
    path = found.path(key)
    path.write_bytes(path.read_bytes()[:-20])
    assert found.get(key, given) is None


def test_an_entry_that_is_a_link_is_never_followed_and_is_replaced(tmp_path: Path) -> None:
    elsewhere, key, given = stored(tmp_path / "elsewhere")
    found = cache(tmp_path / "cache")
    found.folder.mkdir()
    found.path(key).symlink_to(elsewhere.path(key))
    target = elsewhere.path(key).read_bytes()
    assert found.get(key, given) is None  # a valid entry, but through a link
    assert found.put(key, given, DEMO, RECORD)
    assert not found.path(key).is_symlink() and found.get(key, given) is not None
    assert elsewhere.path(key).read_bytes() == target


def test_a_folder_where_an_entry_belongs_is_a_miss_and_not_an_error(tmp_path: Path) -> None:
    found = cache(tmp_path)
    given = inputs()
    key = fingerprint.digest(given)
    found.path(key).mkdir()
    assert found.get(key, given) is None
    assert not found.put(key, given, DEMO, RECORD)


def _fill(found: Cache, count: int) -> list[str]:
    keys = []
    for number in range(count):
        given = inputs(number=number)
        key = fingerprint.digest(given)
        found.put(key, given, DEMO, RECORD)
        os.utime(found.path(key), ns=(number * 10**9, number * 10**9))  # older first
        keys.append(key)
    return keys


def test_the_size_bound_removes_the_entries_used_longest_ago(tmp_path: Path) -> None:
    found = cache(tmp_path)
    keys = _fill(found, 6)
    size = found.path(keys[0]).stat().st_size
    assert found.get(keys[0], inputs(number=0)) is not None  # a hit: now the newest
    found.limit = 3 * size
    assert found.trim() == 3
    left = {p.name.removesuffix(".json") for p in tmp_path.glob("*.json")}
    assert left == {keys[0], keys[4], keys[5]}
    assert found.info().entries == 3 and found.info().size <= found.limit


def test_clear_removes_entries_only_and_follows_no_link(tmp_path: Path) -> None:
    found = cache(tmp_path / "cache")
    _fill(found, 3)
    (found.folder / "notes.txt").write_text("mine")
    outside = tmp_path / ("f" * 64 + ".json")
    outside.write_text("not the cache's")
    (found.folder / outside.name).symlink_to(outside)
    assert found.clear() == 3
    assert sorted(p.name for p in found.folder.iterdir()) == [outside.name, "notes.txt"]
    assert outside.read_text() == "not the cache's"
    assert found.info().entries == 0


def test_a_missing_folder_is_an_empty_cache(tmp_path: Path) -> None:
    found = cache(tmp_path / "nowhere")
    assert found.info().entries == 0 and found.clear() == 0 and found.trim() == 0
    assert found.get("0" * 64, inputs()) is None
    assert not (tmp_path / "nowhere").exists()


def test_entries_are_written_whole(tmp_path: Path) -> None:
    found, key, given = stored(tmp_path)
    text = entry_text(key, given, DEMO, RECORD)
    assert found.path(key).read_text() == text
    assert [p.name for p in tmp_path.iterdir()] == [f"{key}.json"]
