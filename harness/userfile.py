"""Files a user names on the command line (`--body-file`, `--truth`, `--baseline`, a page):
read whole, but only a regular file and only up to a limit.

`/dev/zero`, a FIFO or a device would otherwise be read forever or wait forever; a file
opened without blocking is refused unless it is a regular file, and one past the limit is
refused before it is held in memory (a file that grows while read is cut at the limit + 1
and refused too). Every refusal is a HarnessError naming the option and the file (exit 2).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from harness.errors import HarnessError

#: The most a file named on the command line may hold, unless a caller gives its own limit.
LIMIT = 20 * 1024 * 1024
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: Path, option: str, *, limit: int = LIMIT) -> bytes:
    """The bytes of the regular file `path`, named by `option`, if it holds at most `limit`.

    A missing, unreadable or folder path raises the OSError (the command reports it, exit 2)."""
    where = f"{option} {path}" if option else str(path)
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):  # as reading it would say
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise HarnessError(
                "is not a regular file (a device, a FIFO or a socket is never read)",
                where=where,
                fix="give a regular file",
            )
        if info.st_size > limit:
            raise _too_large(where, info.st_size, limit)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise _too_large(where, size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path, option: str, *, limit: int = LIMIT) -> str:
    """`read_bytes` as UTF-8 text; bytes that are not UTF-8 are a HarnessError."""
    data = read_bytes(path, option, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HarnessError(
            f"is not UTF-8 text (byte {error.start})",
            where=f"{option} {path}" if option else path,
            fix="save the file as UTF-8",
        ) from None


def _too_large(where: str, size: int, limit: int) -> HarnessError:
    return HarnessError(
        f"is more than {limit} bytes ({size} or more); it is not read",
        where=where,
        fix="give a smaller file (a page or a truth is a few MB at most)",
    )
