"""What a folder held: every file's path, size and times, to tell whether it changed.

A run never writes a golden, so the goldens folder after a run must be the folder before it.
An extractor that writes, creates or deletes a file there (through a path of its own, out of
reach of the worker's checks) would otherwise turn its own cell green. `Tree.of` is cheap:
one `stat` a file, no reading. The change time (`st_ctime_ns`) is part of it because a
process cannot set it back, as it can the modification time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(frozen=True)
class Tree:
    """The files under `root` (symbolic links as links), by path relative to it, and its
    folders (a folder's times change when an entry is created, deleted or renamed in it)."""

    root: Path
    files: Mapping[str, Stamp]
    folders: Mapping[str, Stamp | None]  # the root's is None while it does not exist

    @classmethod
    def of(cls, root: Path) -> Tree:
        found: dict[str, Stamp] = {}
        folders: dict[str, Stamp | None] = {".": _stamp(str(root))}
        for folder, dirs, names in os.walk(root):
            folders[_relative(folder, root)] = _stamp(folder)
            dirs.sort()
            for name in (*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))):
                path = os.path.join(folder, name)
                stamp = _stamp(path)
                if stamp is not None:
                    found[_relative(path, root)] = stamp
        return cls(root, found, folders)

    def moved(self, path: Path | None = None) -> bool:
        """Cheaply, whether the tree changed since: an entry created, deleted or renamed in
        any of its folders, or the file at `path` (one under the root) written. A file
        rewritten in place elsewhere is seen only by comparing a whole new `Tree.of`."""
        for folder, stamp in self.folders.items():
            if _stamp(os.path.join(self.root, folder)) != stamp:
                return True
        if path is None or not path.is_relative_to(self.root):
            return False
        return _stamp(str(path)) != self.files.get(_relative(str(path), self.root))

    def changes(
        self, after: Tree, *, allowed: Callable[[str], bool] = lambda path: False
    ) -> list[str]:
        """What changed from this tree to `after`, as "created PATH", "changed PATH" or
        "deleted PATH" (paths under the root), leaving out the paths `allowed` accepts (files,
        and folders: "." is the root)."""
        out = []
        for path in sorted(set(self.files) | set(after.files)):
            if allowed(path):
                continue
            was, now = self.files.get(path), after.files.get(path)
            if was == now:
                continue
            what = "created" if was is None else "deleted" if now is None else "changed"
            out.append(f"{what} {self.root / path}")
        if out:
            return out
        return [  # no file differs, yet an entry came and went
            f"changed {self.root / folder} (an entry was created or removed there)"
            for folder in sorted(set(self.folders) | set(after.folders))
            if self.folders.get(folder) != after.folders.get(folder) and not allowed(folder)
        ]


def _stamp(path: str) -> Stamp | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _relative(path: str, root: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def tampered(changes: list[str], shown: int = 10) -> str:
    """The message of a run during which the goldens changed without an approval."""
    listed = "; ".join(changes[:shown])
    if len(changes) > shown:
        listed += f"; and {len(changes) - shown} more"
    return (
        f"the goldens folder changed during this run without an approval ({listed}): "
        "an extractor (or another process) wrote there, so no cell of this run can be trusted; "
        "restore the goldens (git checkout -- goldens) and find the extractor that writes"
    )
