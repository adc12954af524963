"""Unused goldens: found by missing capture or extractor, removed only when told."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import WarcWriter

from harness.corpus.capture import ids as capture_ids
from harness.errors import HarnessError
from harness.goldens.prune import orphans, remove


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


def _warc_goldens(tmp_path: Path, write_warc: WarcWriter) -> Path:
    archive = write_warc(
        tmp_path / "corpus.warc.gz",
        [(f"https://example.org/{name}", "text/html", b"<p>x</p>") for name in ("a", "b")],
    )
    for capture in capture_ids(archive):
        path = tmp_path / "goldens" / "demo" / f"{capture}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    return archive


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[:300],  # cut short inside the gzip stream
        lambda data: b"garbage " * 100,
        lambda data: data[: len(data) // 2 + 7],
        lambda data: gzip.decompress(data)[:300],  # `head -c 300` of a plain .warc
        lambda data: gzip.decompress(data)[:-60],
    ],
    ids=["cut-300", "garbage", "cut-half", "plain-300", "plain-cut-end"],
)
def test_a_warc_read_in_part_is_refused(
    tmp_path: Path, write_warc: WarcWriter, spoil: Callable[[bytes], bytes]
) -> None:
    """A corpus read in part would make every golden past the break look gone."""
    archive = _warc_goldens(tmp_path, write_warc)
    assert len(orphans(tmp_path / "goldens", archive, ["demo"])) == 0
    archive.write_bytes(spoil(archive.read_bytes()))
    with pytest.raises(HarnessError, match="cannot be read whole"):
        orphans(tmp_path / "goldens", archive, ["demo"])
    assert len(list((tmp_path / "goldens" / "demo").glob("*.json"))) == 2


def test_the_snapshot_site_keeps_goldens_of_a_warc_read_in_part(
    tmp_path: Path, write_warc: WarcWriter
) -> None:
    from harness.goldens.snapshot import _capture_ids

    archive = _warc_goldens(tmp_path, write_warc)
    assert len(_capture_ids(archive)) == 2
    archive.write_bytes(archive.read_bytes()[:300])
    assert _capture_ids(archive) == set()  # no cell live: GoldenSite.orphans() is empty
