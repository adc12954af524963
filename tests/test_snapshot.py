"""The goldens site and what the golden tests hand syrupy."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.data import Snapshot, SnapshotCollection

from harness.config import Config
from harness.corpus.capture import Capture, create
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.goldens.snapshot import GoldenExtension, GoldenSite, approval, golden_files
from harness.record import Record
from harness.running import runner

RECORD = Record(title="A title", published="2024-01-02", body=("One.", "Two."))


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}")


def test_golden_files_are_extractor_folders_of_capture_json(tmp_path: Path) -> None:
    touch(tmp_path, "demo/a.json", "demo/b.json", "other/a.json", "README.md", "demo/notes.txt")
    touch(tmp_path, "demo/.a.json.123.tmp", ".hidden/a.json", "demo/bad name.json")

    found = [(f.name, f.path.relative_to(tmp_path).as_posix()) for f in golden_files(tmp_path)]

    assert found == [
        ("demo[a]", "demo/a.json"),
        ("demo[b]", "demo/b.json"),
        ("other[a]", "other/a.json"),
    ]


def test_no_goldens_folder_has_no_golden_files(tmp_path: Path) -> None:
    assert list(golden_files(tmp_path / "missing")) == []


def test_orphans_are_goldens_of_no_live_case_within_scope(tmp_path: Path) -> None:
    touch(tmp_path, "demo/a.json", "demo/gone.json", "retired/a.json")
    live = frozenset({"demo[a]", "demo[b]"})

    every = GoldenSite(tmp_path, live)
    demo_only = GoldenSite(tmp_path, live, scope=frozenset({"demo"}))
    hidden = GoldenSite(tmp_path, live, show_orphans=False)

    assert [o.name for o in every.orphans()] == ["demo[gone]", "retired[a]"]
    assert [o.name for o in demo_only.orphans()] == ["demo[gone]"]
    assert [o.name for o in hidden.orphans()] == ["demo[gone]", "retired[a]"]
    assert hidden.shown() == []


@pytest.fixture
def capture(tmp_path: Path) -> Capture:
    return create(tmp_path / "captures", "page", b"A title\n\nOne.\n\nTwo.\n", kind="text")


def outcome(
    status: runner.Status, config: Config, record: Record | None = RECORD
) -> runner.Outcome:
    path = golden.path_for(config.goldens, "demo", "page")
    return runner.Outcome("demo", "page", status, record=record, golden_path=path, version="2.0")


@pytest.mark.parametrize("status", ["new", "drift", "changed"])
def test_approval_is_byte_for_byte_what_runner_approve_writes(
    tmp_path: Path, capture: Capture, status: runner.Status
) -> None:
    config = Config(
        root=tmp_path, captures=tmp_path / "captures", goldens=tmp_path / "g", pending=tmp_path
    )
    cell = outcome(status, config)

    proposed = approval(cell, capture)
    written = runner.approve(cell, capture)

    assert proposed is not None
    assert GoldenExtension().serialize(proposed) == written.read_text("utf-8")


@pytest.mark.parametrize(("status", "record"), [("pass", RECORD), ("error", None), ("new", None)])
def test_nothing_to_approve_unless_new_drift_or_changed_with_a_record(
    tmp_path: Path, capture: Capture, status: runner.Status, record: Record | None
) -> None:
    config = Config(root=tmp_path, captures=tmp_path, goldens=tmp_path, pending=tmp_path)

    assert approval(outcome(status, config, record), capture) is None


def test_the_extension_keeps_text_as_is_and_writes_goldens_atomically(tmp_path: Path) -> None:
    extension = GoldenExtension()
    text = golden.dumps(Golden("demo", "1", "page", "0" * 64, RECORD))
    target = tmp_path / "demo" / "page.json"
    target.parent.mkdir()
    target.write_text("old")
    collection = extension.read_snapshot_collection(snapshot_location=str(target))
    (snapshot,) = list(collection)

    update = SnapshotCollection(location=str(target))
    update.add(Snapshot(name=snapshot.name, data=extension.serialize(text)))
    GoldenExtension.write_snapshot_collection(snapshot_collection=update)

    assert snapshot.name == "demo[page]"
    assert target.read_bytes() == text.encode()
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.json"]


def test_the_extension_deletes_nothing_it_did_not_discover_as_an_orphan(tmp_path: Path) -> None:
    touch(tmp_path, "demo/a.json")

    GoldenExtension().delete_snapshots(
        snapshot_location=str(tmp_path / "demo" / "a.json"), snapshot_names={"demo[a]"}
    )

    assert (tmp_path / "demo" / "a.json").exists()


def test_the_extension_refuses_what_is_not_a_golden() -> None:
    with pytest.raises(TypeError, match="a Golden or its text, not dict"):
        GoldenExtension().serialize({"title": "x"})
