"""The goldens folder as it was: what a run compares after its cells to catch writes."""

from __future__ import annotations

import os
from pathlib import Path

from harness.goldens.tree import Tree


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "goldens"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "alpha.json").write_text("{}\n")
    return root


def test_reading_changes_nothing(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = Tree.of(root)
    (root / "demo" / "alpha.json").read_text()
    assert not before.moved(root / "demo" / "alpha.json")
    assert before.changes(Tree.of(root)) == []


def test_a_created_file_is_seen_cheaply_and_named(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = Tree.of(root)
    (root / "demo" / "planted.json").write_text("{}\n")
    assert before.moved()  # the folder's times, without reading the tree again
    assert before.changes(Tree.of(root)) == [f"created {root / 'demo' / 'planted.json'}"]


def test_a_rewrite_in_place_that_keeps_size_and_times_is_seen(tmp_path: Path) -> None:
    root = folder(tmp_path)
    golden = root / "demo" / "alpha.json"
    stat = golden.stat()
    before = Tree.of(root)
    golden.write_text("[]\n")
    os.utime(golden, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert before.moved(golden)  # the change time cannot be set back
    assert before.changes(Tree.of(root)) == [f"changed {golden}"]


def test_a_file_created_and_removed_leaves_its_folder_changed(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = Tree.of(root)
    (root / "demo" / "temp.json").write_text("{}")
    (root / "demo" / "temp.json").unlink()
    assert before.changes(Tree.of(root)) == [
        f"changed {root / 'demo'} (an entry was created or removed there)"
    ]


def test_allowed_paths_are_left_out(tmp_path: Path) -> None:
    root = folder(tmp_path)
    before = Tree.of(root)
    (root / "demo" / "alpha.json").unlink()
    (root / "demo" / "beta.json").write_text("{}\n")
    found = before.changes(Tree.of(root), allowed=lambda path: path == "demo/alpha.json")
    assert found == [f"created {root / 'demo' / 'beta.json'}"]


def test_a_goldens_folder_made_during_the_run_is_seen(tmp_path: Path) -> None:
    root = tmp_path / "goldens"
    before = Tree.of(root)
    (root / "demo").mkdir(parents=True)
    assert before.moved()
    (root / "demo" / "alpha.json").write_text("{}\n")
    assert before.changes(Tree.of(root)) == [f"created {root / 'demo' / 'alpha.json'}"]
