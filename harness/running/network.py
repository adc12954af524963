"""No network for extractors: what a worker process does before it loads any extractor.

An extractor is given a capture: everything it needs is in it, so a connection it opens is a
bug (or worse) that would make outputs depend on the day they were made. In a worker
process `block` makes Python's sockets refuse to connect or resolve names, with an error
naming `--allow-network`, which the cell reports.

The Python-level block does not stop a C extension (libcurl, a Rust or C library) that calls
the operating system's `connect` itself, `_socket` used directly, or a subprocess. So `block`
first moves the worker into a network namespace of its own (`unshare(CLONE_NEWNET)`: no
interface but a loopback that is down), which stops all of those, its children included:
as root directly, unprivileged inside a user namespace where the kernel allows those. Where
neither is allowed (some containers), the Python-level block is all there is.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

ADVICE = "extractors get no network in worker processes; pass --allow-network to let them"


class NetworkBlocked(OSError):
    """An extractor tried to reach the network from a worker process."""


def _refuse(what: str) -> NoReturn:
    raise NetworkBlocked(f"network access refused ({what}): {ADVICE}")


def _connect(self: socket.socket, address: Any) -> None:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _ORIGINAL_CONNECT(self, address)
    _refuse(f"connect to {address!r}")


def _connect_ex(self: socket.socket, address: Any) -> int:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _ORIGINAL_CONNECT_EX(self, address)
    _refuse(f"connect to {address!r}")


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse(f"connect to {address!r}")


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse(f"look up {host!r}")


def _sendto(self: socket.socket, *args: Any) -> NoReturn:
    _refuse("send a datagram")


_ORIGINAL_CONNECT = socket.socket.connect
_ORIGINAL_CONNECT_EX = socket.socket.connect_ex


def block() -> None:
    """Refuse network access from this process from now on (call it in a worker only)."""
    _ISOLATED[0] = _unshare()
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = _sendto  # type: ignore[method-assign,assignment]
    socket.create_connection = _create_connection
    socket.getaddrinfo = _getaddrinfo
    socket.gethostbyname = _getaddrinfo
    socket.gethostbyname_ex = _getaddrinfo


def _unshare() -> bool:
    """A network namespace of its own (no interface but a loopback that is down), where the
    kernel allows it: as root directly; unprivileged inside a user namespace of its own that
    maps the worker's uid and gid to themselves. False when neither is allowed."""
    unshare = _unshare_call()
    if unshare is None:
        return False
    if os.geteuid() == 0:
        return unshare(CLONE_NEWNET)
    uid, gid = os.geteuid(), os.getegid()
    if not unshare(CLONE_NEWUSER | CLONE_NEWNET):
        return False
    with contextlib.suppress(OSError):  # without the maps the worker is "nobody" to itself
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    return True


CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def _unshare_call() -> Callable[[int], bool] | None:
    """`unshare(2)`: os.unshare (Python 3.12+), else the C library's, through ctypes."""
    native = getattr(os, "unshare", None)
    if native is not None:

        def call(flags: int) -> bool:
            try:
                native(flags)
            except OSError:
                return False
            return True

        return call
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except (OSError, AttributeError):
        return None
    return lambda flags: bool(libc.unshare(flags) == 0)


def isolated() -> bool:
    """Whether this worker process has a network namespace of its own (see `block`)."""
    return _ISOLATED[0]


_ISOLATED = [False]
