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
    """The files under `root` (symbolic links as links), by path relative to it."""

    root: Path
    files: Mapping[str, Stamp]

    @classmethod
    def of(cls, root: Path) -> Tree:
        found: dict[str, Stamp] = {}
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in (*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))):
                path = os.path.join(folder, name)
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                key = os.path.relpath(path, root).replace(os.sep, "/")
                found[key] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        return cls(root, found)

    def changes(
        self, after: Tree, *, allowed: Callable[[str], bool] = lambda path: False
    ) -> list[str]:
        """What changed from this tree to `after`, as "created PATH", "changed PATH" or
        "deleted PATH" (paths under the root), leaving out the paths `allowed` accepts."""
        out = []
        for path in sorted(set(self.files) | set(after.files)):
            if allowed(path):
                continue
            was, now = self.files.get(path), after.files.get(path)
            if was == now:
                continue
            what = "created" if was is None else "deleted" if now is None else "changed"
            out.append(f"{what} {self.root / path}")
        return out


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
