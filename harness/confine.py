"""Confinement: every file the harness reads, writes or deletes stays under its root.

As git and tar do it. A path is taken relative to its root (captures, goldens, the pending
folder, a report folder) and must be plain names: no `..`, nothing absolute outside the
root. It is then walked one name at a time from an open descriptor of the root, each name
opened with `O_NOFOLLOW`, so no check can be raced by a link swapped in afterwards.

**No symbolic link below a root is ever followed**, not even one that leads back inside:
where it points can change between a check and a use, and git keeps a link as a link, so
a project never needs one under captures/ or goldens/. A link met on the way (a folder or
the file itself) is refused with an `Escape` naming the link and where it points; it is
never read, written through or deleted. The root itself is what the configuration or the
command line names, so it may be a link: a person chose it.

Files are created with mode 0o666 and folders with 0o777, less the umask (the kernel
applies it): 0644 and 0755 under umask 022, as any other tool would write them.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from harness.errors import HarnessError

Kind = Literal["file", "dir", "link", "other"]
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_APPEND = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | os.O_NOFOLLOW
    | os.O_NONBLOCK
    | getattr(os, "O_CLOEXEC", 0)
)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class Escape(HarnessError):
    """A path that would leave its root: a `..`, a path elsewhere, or a symbolic link."""


@dataclass(frozen=True)
class Entry:
    """One name in a folder, with what it is (a link is a link, never what it points at)."""

    name: str
    kind: Kind
    path: Path


def parts(root: Path, path: Path | str) -> tuple[str, ...]:
    """The names leading from `root` to `path`: a path spelled from the root (`root / ...`,
    absolute or not), or else a relative path taken from the root."""
    given = Path(path)
    try:
        given = given.relative_to(root)
    except ValueError:
        if given.is_absolute():
            raise Escape(f"is outside {root}", where=path, fix=f"use a path under {root}") from None
    names = PurePosixPath(given.as_posix()).parts
    if not names or any(n in ("", ".", "..") or "/" in n or "\x00" in n for n in names):
        raise Escape(
            f"does not name a file under {root}",
            where=path,
            fix="use plain names: no '..', no leading '/'",
        )
    return names


def named_root(path: Path | str, base: Path, *, where: str, field: str | None = None) -> Path:
    """A root a person named (in the configuration or on the command line), resolved.

    A path written as outside `base` (the project, the working folder) may be outside; a
    path written inside it that a symbolic link carries outside is refused."""
    written = Path(os.path.normpath(base / path))
    resolved = written.resolve()
    inside = base.resolve()
    if written.is_relative_to(base) and not resolved.is_relative_to(inside):
        raise Escape(
            f"{str(path)!r} leads outside {base} through a symbolic link (to {resolved})",
            where=where,
            field=field,
            fix=f"make {written.relative_to(base)} a real folder, or name the outside folder "
            f"itself: {resolved}",
        )
    return resolved


def link_refused(link: Path, root: Path) -> Escape:
    """The refusal of a symbolic link under `root`, naming it and where it points."""
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    return Escape(
        f"is a symbolic link (to {target}); links under {root} are never followed",
        where=link,
        fix="replace the link with the file or folder itself (or remove it)",
    )


@contextmanager
def _folder(root: Path, names: tuple[str, ...], *, create: bool = False) -> Iterator[int]:
    """A descriptor of the folder `names` under `root`, reached without following a link."""
    with ExitStack() as stack:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        stack.callback(os.close, fd)
        for depth, name in enumerate(names):
            if create:
                with suppress(OSError):
                    os.mkdir(name, 0o777, dir_fd=fd)
            try:
                fd = os.open(name, _DIR, dir_fd=fd)
            except OSError as error:
                raise _refusal(error, root, names[: depth + 1], fd) from None
            stack.callback(os.close, fd)
        yield fd


def _parent(
    root: Path, names: tuple[str, ...], *, create: bool = False
) -> AbstractContextManager[int]:
    """A descriptor of the folder holding the last of `names`."""
    return _folder(root, names[:-1], create=create)


def _refusal(error: OSError, root: Path, names: tuple[str, ...], parent: int) -> Exception:
    """What opening `names[-1]` in `parent` failed on: a link is an Escape, else the error."""
    if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
        try:
            found = os.lstat(names[-1], dir_fd=parent)
        except OSError:
            return error
        if stat.S_ISLNK(found.st_mode):
            return link_refused(root.joinpath(*names), root)
        if error.errno == errno.ENOTDIR:
            return NotADirectoryError(errno.ENOTDIR, "is not a folder", str(root.joinpath(*names)))
    return error


def _kind(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def kind(root: Path, path: Path | str) -> Kind | None:
    """What `path` is (a link is "link"), or None when it is not there."""
    names = parts(root, path)
    try:
        with _parent(root, names) as fd:
            return _kind(os.lstat(names[-1], dir_fd=fd).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def open_file(root: Path, path: Path | str) -> int:
    """A descriptor of the regular file at `path`, opened for reading; the caller closes it.

    A link is refused (an `Escape`); a folder, a FIFO or a device is an `OSError`."""
    names = parts(root, path)
    with _parent(root, names) as parent:
        try:
            fd = os.open(names[-1], _READ, dir_fd=parent)
        except OSError as error:
            raise _refusal(error, root, names, parent) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IsADirectoryError(errno.EISDIR, "is not a regular file", str(root.joinpath(*names)))
    return fd


def read_bytes(root: Path, path: Path | str) -> bytes:
    """The bytes of the regular file at `path`, read without following any link."""
    with os.fdopen(open_file(root, path), "rb") as handle:
        return handle.read()


def read_text(root: Path, path: Path | str) -> str:
    return read_bytes(root, path).decode("utf-8")


def listdir(root: Path, path: Path | str | None = None) -> list[Entry]:
    """The names in the folder `path` (the root itself when None), sorted, links as links."""
    names = () if path is None else parts(root, path)
    folder = root.joinpath(*names)
    with _folder(root, names) as fd:
        found = []
        for name in sorted(os.listdir(fd)):
            mode = os.lstat(name, dir_fd=fd).st_mode
            found.append(Entry(name, _kind(mode), folder / name))
    return found


def write_atomic(root: Path, path: Path | str, data: str | bytes) -> Path:
    """Write `path` atomically: a temporary file beside it, fsync, rename, fsync the folder.

    Missing folders are made (without following a link); a link at `path` is refused,
    never written through. Returns the path written."""
    names = parts(root, path)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    root.mkdir(parents=True, exist_ok=True)
    with _parent(root, names, create=True) as parent:
        try:
            if stat.S_ISLNK(os.lstat(names[-1], dir_fd=parent).st_mode):
                raise link_refused(root.joinpath(*names), root)
        except FileNotFoundError:
            pass
        import secrets  # only writes need it: reading stays light

        temporary = f".{names[-1][:100]}.{secrets.token_hex(6)}.tmp"
        try:
            _write_replace(parent, temporary, names[-1], blob)
        except OSError as error:  # named by the file meant, not by its temporary
            raise OSError(error.errno, error.strerror, str(root.joinpath(*names))) from None
        os.fsync(parent)
    return root.joinpath(*names)


def append(root: Path, path: Path | str, text: str) -> Path:
    """Add `text` at the end of the regular file `path` (made when missing), following no
    link; a file another process also appends to (a CI job summary) keeps both."""
    names = parts(root, path)
    with _parent(root, names) as parent:
        try:
            fd = os.open(names[-1], _APPEND, 0o666, dir_fd=parent)
        except OSError as error:
            raise _refusal(error, root, names, parent) from None
    with os.fdopen(fd, "ab") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise IsADirectoryError(
                errno.EISDIR, "is not a regular file", str(root.joinpath(*names))
            )
        handle.write(text.encode("utf-8"))
    return root.joinpath(*names)


def _write_replace(parent: int, temporary: str, name: str, blob: bytes) -> None:
    """Write `blob` to the new file `temporary` in `parent`, fsync it, rename it to `name`;
    the temporary file is removed on any failure."""
    fd = os.open(temporary, _CREATE, 0o666, dir_fd=parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, name, src_dir_fd=parent, dst_dir_fd=parent)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=parent)
        raise


def make_dir(root: Path, path: Path | str, *, exist_ok: bool = True) -> Path:
    """Make the folder `path` (and those above it) under `root`, following no link."""
    names = parts(root, path)
    root.mkdir(parents=True, exist_ok=True)
    with _parent(root, names, create=True) as parent:
        try:
            os.mkdir(names[-1], 0o777, dir_fd=parent)
        except FileExistsError:
            if not exist_ok or kind(root, path) != "dir":
                raise
    return root.joinpath(*names)


def rename(root: Path, old: Path | str, new: Path | str) -> Path:
    """Rename `old` to `new`, both directly in one folder under `root`, then fsync it."""
    old_names, new_names = parts(root, old), parts(root, new)
    if old_names[:-1] != new_names[:-1]:
        raise Escape("moves between folders", where=old, fix="rename within one folder")
    with _parent(root, old_names) as parent:
        try:
            os.lstat(new_names[-1], dir_fd=parent)
        except FileNotFoundError:
            pass
        else:
            raise FileExistsError(errno.EEXIST, "exists already", str(root.joinpath(*new_names)))
        os.rename(old_names[-1], new_names[-1], src_dir_fd=parent, dst_dir_fd=parent)
        os.fsync(parent)
    return root.joinpath(*new_names)


def remove(root: Path, path: Path | str, *, links: bool = False) -> bool:
    """Delete the regular file at `path`; False when it was not there. A link, a folder or
    anything else is refused: nothing is ever deleted through a link. With `links`, a link
    there is removed itself (what it points at is never touched)."""
    names = parts(root, path)
    try:
        with _parent(root, names) as parent:
            found = os.lstat(names[-1], dir_fd=parent)
            if stat.S_ISLNK(found.st_mode) and not links:
                raise link_refused(root.joinpath(*names), root)
            if not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
                raise IsADirectoryError(
                    errno.EISDIR, "is not a regular file", str(root.joinpath(*names))
                )
            os.unlink(names[-1], dir_fd=parent)
            os.fsync(parent)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def remove_empty_dir(root: Path, path: Path | str) -> bool:
    """Remove the folder `path` if it is empty (and a folder, not a link)."""
    names = parts(root, path)
    try:
        with _parent(root, names) as parent:
            if not stat.S_ISDIR(os.lstat(names[-1], dir_fd=parent).st_mode):
                return False
            os.rmdir(names[-1], dir_fd=parent)
    except OSError:
        return False
    return True
