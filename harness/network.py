"""No network for extractors: what a worker process does before it loads any extractor.

An extractor is given a capture: everything it needs is in it, so a connection it opens is a
bug (or worse) that would make outputs depend on the day they were made. In a worker
process `block` makes Python's sockets refuse to connect or resolve names, with an error
naming `--allow-network`, which the cell reports.

What this does not stop: a C extension (libcurl, a Rust or C library) calls the operating
system's `connect` itself and never meets Python's `socket` module. Where the worker runs as
root, `block` also moves it into a network namespace of its own (`unshare(CLONE_NEWNET)`:
no interface but a loopback that is down), which stops those too; unprivileged, the
Python-level block is all there is, and code that sets `socket.socket.connect` back on
purpose gets through it.
"""

from __future__ import annotations

import contextlib
import os
import socket
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
    _unshare()
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = _sendto  # type: ignore[method-assign,assignment]
    socket.create_connection = _create_connection
    socket.getaddrinfo = _getaddrinfo
    socket.gethostbyname = _getaddrinfo
    socket.gethostbyname_ex = _getaddrinfo


def _unshare() -> None:
    """A network namespace of its own, where the OS allows it (root); else nothing."""
    unshare = getattr(os, "unshare", None)  # Python 3.12+
    flag = getattr(os, "CLONE_NEWNET", None)
    if unshare is None or flag is None or os.geteuid() != 0:
        return
    with contextlib.suppress(OSError):
        unshare(flag)
