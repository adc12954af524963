"""Confinement: reads, writes and deletes stay under their root and never follow a link."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import confine
from harness.confine import Escape

SECRET = "runner-secret-token-4f1c"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the root, holding a secret file: what must never be touched."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "plain.txt").write_text("plain")
    return folder


@pytest.fixture
def umask() -> Iterator[None]:
    saved = os.umask(0o022)
    yield
    os.umask(saved)


def test_reads_a_plain_file_under_the_root(root: Path) -> None:
    assert confine.read_text(root, root / "sub" / "plain.txt") == "plain"
    assert confine.read_bytes(root, "sub/plain.txt") == b"plain"


@pytest.mark.parametrize("bad", ["../outside/secret.txt", "sub/../../outside/secret.txt", "."])
def test_a_path_leaving_the_root_is_refused(root: Path, outside: Path, bad: str) -> None:
    with pytest.raises(Escape, match="does not name a file under"):
        confine.read_bytes(root, bad)


def test_an_absolute_path_elsewhere_is_refused(root: Path, outside: Path) -> None:
    with pytest.raises(Escape, match="is outside"):
        confine.read_bytes(root, outside / "secret.txt")


def test_a_file_link_is_refused_naming_it(root: Path, outside: Path) -> None:
    link = root / "sub" / "page.html"
    link.symlink_to(outside / "secret.txt")
    with pytest.raises(Escape) as refused:
        confine.read_bytes(root, link)
    assert str(link) in refused.value.message
    assert str(outside / "secret.txt") in refused.value.message
    assert SECRET not in refused.value.message


def test_a_folder_link_at_any_depth_is_refused(root: Path, outside: Path) -> None:
    (root / "sub" / "deeper").symlink_to(outside)
    with pytest.raises(Escape, match="symbolic link"):
        confine.read_bytes(root, root / "sub" / "deeper" / "secret.txt")
    assert confine.kind(root, root / "sub" / "deeper") == "link"


def test_a_link_staying_inside_the_root_is_refused_too(root: Path) -> None:
    (root / "alias.txt").symlink_to(root / "sub" / "plain.txt")
    with pytest.raises(Escape, match="symbolic link"):
        confine.read_bytes(root, "alias.txt")


def test_a_fifo_is_not_read(root: Path) -> None:
    os.mkfifo(root / "sub" / "pipe")
    with pytest.raises(OSError, match="not a regular file"):
        confine.read_bytes(root, "sub/pipe")


def test_kind_tells_links_files_folders_and_absence(root: Path, outside: Path) -> None:
    (root / "link").symlink_to(outside)
    assert confine.kind(root, "sub") == "dir"
    assert confine.kind(root, "sub/plain.txt") == "file"
    assert confine.kind(root, "link") == "link"
    assert confine.kind(root, "missing/x.json") is None
    assert [(e.name, e.kind) for e in confine.listdir(root)] == [("link", "link"), ("sub", "dir")]


def test_write_never_goes_through_a_link(root: Path, outside: Path) -> None:
    (root / "g.json").symlink_to(outside / "secret.txt")
    (root / "linked").symlink_to(outside)
    with pytest.raises(Escape):
        confine.write_atomic(root, root / "g.json", "new")
    with pytest.raises(Escape):
        confine.write_atomic(root, root / "linked" / "x.json", "new")
    assert (outside / "secret.txt").read_text() == SECRET
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]


def test_write_is_atomic_and_leaves_no_temporary_file(root: Path, umask: None) -> None:
    written = confine.write_atomic(root, root / "new" / "deep" / "a.json", "one")
    confine.write_atomic(root, written, b"two")
    assert written.read_text() == "two"
    assert sorted(p.name for p in written.parent.iterdir()) == ["a.json"]


@pytest.mark.parametrize(("mask", "file", "folder"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_written_files_and_folders_get_the_umask(
    root: Path, mask: int, file: int, folder: int
) -> None:
    saved = os.umask(mask)
    try:
        written = confine.write_atomic(root, root / "made" / "a.json", "x")
        made = confine.make_dir(root, root / "other")
    finally:
        os.umask(saved)
    assert stat.S_IMODE(written.stat().st_mode) == file
    assert stat.S_IMODE(written.parent.stat().st_mode) == folder
    assert stat.S_IMODE(made.stat().st_mode) == folder


def test_remove_deletes_a_file_but_never_a_link_or_through_one(root: Path, outside: Path) -> None:
    (root / "file-link.json").symlink_to(outside / "secret.txt")
    (root / "dir-link").symlink_to(outside)
    assert confine.remove(root, "sub/plain.txt") is True
    assert confine.remove(root, "sub/plain.txt") is False
    with pytest.raises(Escape):
        confine.remove(root, "file-link.json")
    with pytest.raises(Escape):
        confine.remove(root, "dir-link/secret.txt")
    assert confine.remove_empty_dir(root, "dir-link") is False
    assert (outside / "secret.txt").read_text() == SECRET
    assert (root / "file-link.json").is_symlink()


def test_remove_empty_dir_keeps_a_folder_with_files(root: Path) -> None:
    assert confine.remove_empty_dir(root, "sub") is False
    (root / "sub" / "plain.txt").unlink()
    assert confine.remove_empty_dir(root, "sub") is True
    assert not (root / "sub").exists()


def test_rename_stays_in_one_folder_and_never_replaces(root: Path) -> None:
    (root / "a").mkdir()
    (root / "b").mkdir()
    with pytest.raises(FileExistsError):
        confine.rename(root, "a", "b")
    with pytest.raises(Escape, match="between folders"):
        confine.rename(root, "a", "sub/a")
    assert confine.rename(root, "a", "c") == root / "c"
    assert (root / "c").is_dir()
