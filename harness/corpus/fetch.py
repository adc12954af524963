"""Fetching a page over HTTP for `harness add URL`: bounded in time, size and redirects.

- Time: `Limits.seconds` is a wall-clock bound on the whole fetch, every redirect and every
  byte included: a watchdog shuts the sockets at the deadline, so a server trickling a byte
  at a time cannot stretch it (the client's own timeouts only bound each read).
- Size: the body is read raw and inflated (gzip, deflate, br) under `Limits.max_bytes`.
- Where: redirects are followed by hand. When the URL given resolves to public addresses
  only, every later hop must too: a redirect to a loopback, private, link-local,
  unspecified or reserved address is refused unless `Limits.allow_private`. Every address
  a hop's host resolves to is checked, and the socket's peer again when it connects. The
  URL the user typed may itself be local: that is their choice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from harness.corpus import inflate
from harness.corpus.decode import content_type_charset
from harness.errors import HarnessError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")

Resolver = Callable[[str, int], list[str]]
"""The IP addresses a host name resolves to, for a port."""


@dataclass(frozen=True)
class Limits:
    """How long a fetch may take in all, how many bytes its body may inflate to, how many
    redirects, and whether a redirect may lead from a public address to a private one."""

    seconds: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    allow_private: bool = False


@dataclass(frozen=True)
class Fetched:
    """What came back: the bytes and everything the manifest keeps about the response."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    fetched_at: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    redirects: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "text" if self.content_type == "text/plain" else "html"

    def manifest(self) -> dict[str, object]:
        return {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "content_type": self.content_type,
            "charset": self.charset,
            "fetched_at": self.fetched_at,
            "headers": self.headers,
            "redirects": list(self.redirects),
        }


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (getaddrinfo), as text."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in found})


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet: not loopback, private, link-local,
    unspecified, reserved, shared or multicast (an IPv4-mapped IPv6 address as its IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _Refusal(Exception):
    """Raised inside the HTTP client when a connection goes where it must not."""


class _Guard:
    """One fetch's watchdog: the deadline over every socket, and the peer address check."""

    def __init__(self, seconds: float, public: Callable[[str], bool]) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.public = public
        self.public_only = False  # set per hop
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or self.expired:
            raise _Refusal(self.late())
        return left

    def late(self) -> str:
        return f"the response did not arrive within {self.seconds:g} s (a limit on the whole fetch)"

    def opened(self, sock: socket.socket) -> None:
        with self.lock:
            if self.expired:
                sock.close()
                raise _Refusal(self.late())
            self.sockets.append(sock)
        peer = str(sock.getpeername()[0])
        if self.public_only and not self.public(peer):
            raise _Refusal(f"the redirect connected to the non-public address {peer}")

    def expire(self) -> None:
        """At the deadline: every socket of the fetch is shut, which ends a blocked read."""
        with self.lock:
            self.expired = True
        self.close()

    def close(self) -> None:
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _session(guard: _Guard) -> Any:
    """A requests session whose connections report their sockets to `guard`."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Plain(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            guard.opened(sock)
            return sock

    class Secure(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            guard.opened(sock)
            return sock

    class PlainPool(HTTPConnectionPool):
        ConnectionCls = Plain

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = Secure

    adapter = HTTPAdapter(max_retries=0)
    adapter.poolmanager.pool_classes_by_scheme = {"http": PlainPool, "https": SecurePool}
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = False  # no proxy from the environment: the addresses checked are hit
    session.headers["User-Agent"] = "capture-harness (+regression captures)"
    session.headers["Accept-Encoding"] = inflate.accept_encoding()
    return session


def fetch(
    url: str,
    limits: Limits = Limits(),
    *,
    resolver: Resolver = resolve,
    public: Callable[[str], bool] = is_public,
) -> Fetched:
    """GET `url` with a real HTTP client; refuse anything that is not a page, with the reason.

    `resolver` and `public` decide where a host is and whether an address is public (tests
    replace them: they can only serve from the loopback address).
    """
    import requests

    _check_url(url)
    guard = _Guard(limits.seconds, public)
    guard.timer.start()
    try:
        with _session(guard) as session:
            return _follow(session, url, limits, guard, resolver)
    except _Refusal as refusal:
        raise _refused(url, str(refusal)) from None
    except requests.RequestException as error:
        if guard.expired:
            raise _refused(url, guard.late()) from None
        if isinstance(error, requests.Timeout):
            raise _refused(url, guard.late()) from None
        if isinstance(error, requests.ConnectionError):
            raise _refused(url, f"could not connect ({_reason(error)})") from None
        raise _refused(url, f"the request failed ({_reason(error)})") from None
    finally:
        guard.timer.cancel()
        guard.close()


def _follow(session: Any, url: str, limits: Limits, guard: _Guard, resolver: Resolver) -> Fetched:
    """Every hop from `url` to the page, each checked before it is requested."""
    current, hops = url, []
    start_public = False
    for hop in range(limits.max_redirects + 1):
        try:
            _check_url(current)
        except HarnessError:
            raise _Refusal(
                f"a redirect leads to {current!r}, which is not an http(s) URL"
            ) from None
        addresses = _addresses(current, resolver)
        if hop == 0:
            start_public = all(guard.public(a) for a in addresses)
        guard.public_only = hop > 0 and start_public and not limits.allow_private
        if guard.public_only and (private := [a for a in addresses if not guard.public(a)]):
            raise _Refusal(
                f"a redirect leads to {current}, whose address {private[0]} is not public "
                "(loopback, private, link-local or reserved); give --allow-private to follow it"
            )
        with _get(session, current, guard) as response:
            if response.is_redirect:
                hops.append(current)
                current = _location(current, response.headers["Location"])
                continue
            body = _read(response, url, limits, guard)
            return _fetched(url, response, body, tuple(hops))
    raise _Refusal(f"more than {limits.max_redirects} redirects (a redirect loop?)")


def _get(session: Any, url: str, guard: _Guard) -> Any:
    """The response of one hop; requests reads a redirect's Location as it answers, so a
    server's Location that is no URL (or no UTF-8) is refused here, naming the hop."""
    import requests

    left = guard.remaining()
    try:
        return session.get(url, stream=True, allow_redirects=False, timeout=(min(10.0, left), left))
    except requests.RequestException:
        raise
    except ValueError as error:  # UnicodeDecodeError too
        raise _bad_location(url, error) from None


def _location(url: str, location: str) -> str:
    try:
        return urljoin(url, location)
    except ValueError as error:
        raise _bad_location(url, error) from None


def _bad_location(url: str, error: ValueError) -> _Refusal:
    return _Refusal(
        f"a redirect from {url} has a Location that is not a valid URL ({_reason(error)})"
    )


def _addresses(url: str, resolver: Resolver) -> list[str]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = resolver(host, port)
    except (OSError, UnicodeError, ValueError) as error:
        raise _Refusal(f"cannot resolve {host!r} ({_reason(error)})") from None
    if not found:
        raise _Refusal(f"{host!r} resolves to no address")
    return found


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and port_ok
    except ValueError:  # "Invalid IPv6 URL", a port out of range
        valid = False
    if not valid:
        raise HarnessError(
            "is not an http(s) URL", where=url, fix="give a URL such as https://example.org/page"
        )


def _read(response: Any, url: str, limits: Limits, guard: _Guard) -> bytes:
    if response.status_code >= 400:
        raise _refused(url, f"the server answered HTTP {response.status_code} {response.reason}")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in PAGE_TYPES:
        raise _refused(url, f"content type {content_type or '(none)'!r} is not a page")
    encoding = response.headers.get("Content-Encoding")
    declared = response.headers.get("Content-Length") or ""
    if not encoding and declared.isdigit() and int(declared) > limits.max_bytes:
        raise _refused(url, f"{declared} bytes is more than the limit of {limits.max_bytes}")
    try:
        body = inflate.read(
            response.raw.stream(inflate.BLOCK, decode_content=False), encoding, limits.max_bytes
        )
    except inflate.TooLarge as error:
        raise _refused(url, f"the page is {error}") from None
    except inflate.BadEncoding as error:
        raise _refused(url, str(error)) from None
    except Exception:
        if guard.expired:
            raise _Refusal(guard.late()) from None
        raise
    if guard.expired:  # the watchdog's shutdown can look like the end of the body
        raise _Refusal(guard.late())
    return body


def _fetched(url: str, response: Any, body: bytes, hops: tuple[str, ...]) -> Fetched:
    content_type = response.headers.get("Content-Type", "")
    return Fetched(
        url=url,
        final_url=response.url,
        status=response.status_code,
        content_type=content_type.split(";")[0].strip().lower(),
        charset=content_type_charset(content_type),
        fetched_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        body=body,
        headers=dict(sorted(response.headers.items())),
        redirects=hops,
    )


def _refused(url: str, why: str) -> HarnessError:
    return HarnessError(
        f"refused: {why}; nothing was written",
        where=url,
        fix="check the URL, or save the page and add the file instead",
    )


def _reason(error: BaseException) -> str:
    text = str(error)
    return text if len(text) < 160 else text[:157] + "..."
