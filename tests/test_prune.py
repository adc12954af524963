"""Unused goldens: found by missing capture or extractor, removed only when told."""

from __future__ import annotations

from pathlib import Path

from harness.prune import orphans, remove


def test_orphans_and_removal(tmp_path: Path) -> None:
    (tmp_path / "captures" / "kept").mkdir(parents=True)
    for extractor, capture in [("demo", "kept"), ("demo", "gone"), ("uninstalled", "kept")]:
        path = tmp_path / "goldens" / extractor / f"{capture}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    found = orphans(tmp_path / "goldens", tmp_path / "captures", ["demo"])
    assert [(o.path.parent.name, o.path.stem) for o in found] == [
        ("demo", "gone"),
        ("uninstalled", "kept"),
    ]
    assert "capture 'gone' is gone" in found[0].reason
    assert (tmp_path / "goldens/demo/gone.json").exists()
    assert remove(tmp_path / "goldens", found) == 2
    assert [
        p.relative_to(tmp_path / "goldens").as_posix()
        for p in (tmp_path / "goldens").rglob("*.json")
    ] == ["demo/kept.json"]
    assert not (tmp_path / "goldens" / "uninstalled").exists()
