"""Fetch limits that hold against a hostile server: a wall-clock deadline, a size limit after
decompression, and no redirect from a public address to a private one.

The servers run on 127.0.0.1; a resolver hook makes a `localhost` first hop look public.
Servers that trickle stop themselves when the client hangs up or the test ends.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harness.corpus.fetch import Limits, fetch, is_public, resolve
from harness.errors import HarnessError

PAGE = b"<html><head><title>Fetched</title></head><body><p>Served locally.</p></body></html>"
BOMB = gzip.compress(b"<p>" + b"\0" * (64 * 1024 * 1024))  # about 64 KB on the wire
STOP = threading.Event()


class _Hostile(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        port = self.server.server_address[1]
        if route == "/page":
            self._send(PAGE, [])
        elif route == "/trickle":
            self.send_response(200)
            self._headers([("Content-Type", "text/html")])
            self._trickle(b"<p>" + b"x" * 37)
        elif route == "/trickle-headers":
            self._trickle(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nX-Slow: yyyyy\r\n\r\n<p>")
        elif route == "/bomb":
            self._send(BOMB, [("Content-Encoding", "gzip")])
        elif route == "/gzip":
            self._send(gzip.compress(PAGE), [("Content-Encoding", "gzip")])
        elif route == "/deflate":
            raw = zlib.compressobj(9, zlib.DEFLATED, -15)
            self._send(raw.compress(PAGE) + raw.flush(), [("Content-Encoding", "deflate")])
        elif route == "/br":
            import brotli

            self._send(brotli.compress(PAGE), [("Content-Encoding", "br")])
        elif route == "/to-loopback":
            self._redirect(f"http://127.0.0.1:{port}/page")
        elif route == "/to-file":
            self._redirect("file:///etc/passwd")
        elif route == "/to-private":
            self._redirect(f"http://10.255.255.1:{port}/page")
        else:
            self.send_error(404)

    def _headers(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def _send(self, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(200)
        self._headers([("Content-Type", "text/html"), ("Content-Length", str(len(body))), *headers])
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(302)
        self._headers([("Location", to), ("Content-Length", "0")])

    def _trickle(self, data: bytes) -> None:
        """A byte every half second (20 s in all), until the client hangs up or the test
        ends; then the server closes the connection, the end of the response."""
        self.wfile.flush()
        for byte in data:
            if STOP.wait(0.5):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gives up (a limit) is expected here


@pytest.fixture
def hostile() -> Iterator[int]:
    """A hostile HTTP server on 127.0.0.1; yields its port."""
    STOP.clear()
    server = _Server(("127.0.0.1", 0), _Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        STOP.set()
        server.shutdown()
        server.server_close()


def _localhost_is_public(host: str, port: int) -> list[str]:
    """A resolver for tests: the name `localhost` stands for a public address."""
    return ["93.184.216.34"] if host == "localhost" else resolve(host, port)


@pytest.mark.parametrize("route", ["/trickle", "/trickle-headers"])
def test_a_trickling_server_is_cut_at_the_deadline(hostile: int, route: str) -> None:
    with pytest.raises(HarnessError, match=r"did not arrive within 1 s") as caught:
        fetch(f"http://127.0.0.1:{hostile}{route}", Limits(seconds=1))
    assert "nothing was written" in caught.value.message


def test_harness_add_with_a_deadline_refuses_a_trickle(
    hostile: int, project: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    assert main(["add", f"http://127.0.0.1:{hostile}/trickle", "--timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert "did not arrive within 1 s" in err and "Traceback" not in err


def test_a_body_inflating_past_the_limit_is_refused(hostile: int) -> None:
    with pytest.raises(HarnessError, match="larger than the limit of 1000000 bytes after decomp"):
        fetch(f"http://127.0.0.1:{hostile}/bomb", Limits(max_bytes=1_000_000))


@pytest.mark.parametrize("route", ["/gzip", "/deflate", "/br"])
def test_content_encodings_are_inflated(hostile: int, route: str) -> None:
    got = fetch(f"http://127.0.0.1:{hostile}{route}", Limits(max_bytes=len(PAGE)))
    assert got.body == PAGE
    with pytest.raises(HarnessError, match=f"larger than the limit of {len(PAGE) - 1} bytes"):
        fetch(f"http://127.0.0.1:{hostile}{route}", Limits(max_bytes=len(PAGE) - 1))


@pytest.mark.parametrize("route", ["/to-loopback", "/to-private"])
def test_a_redirect_from_public_to_private_is_refused(hostile: int, route: str) -> None:
    url = f"http://localhost:{hostile}{route}"
    with pytest.raises(HarnessError, match="is not public") as caught:
        fetch(url, Limits(seconds=5), resolver=_localhost_is_public)
    assert "--allow-private" in caught.value.message


def test_a_redirect_to_another_scheme_is_refused(hostile: int) -> None:
    with pytest.raises(HarnessError, match="'file:///etc/passwd', which is not an http"):
        fetch(f"http://127.0.0.1:{hostile}/to-file")


def test_allow_private_follows_it(hostile: int) -> None:
    url = f"http://localhost:{hostile}/to-loopback"
    got = fetch(url, Limits(allow_private=True), resolver=_localhost_is_public)
    assert got.body == PAGE and got.final_url == f"http://127.0.0.1:{hostile}/page"
    assert got.redirects == (url,)


def test_a_local_url_given_by_the_user_may_redirect_locally(hostile: int) -> None:
    got = fetch(f"http://127.0.0.1:{hostile}/to-loopback")
    assert got.body == PAGE


def test_every_resolved_address_of_a_hop_is_checked(hostile: int) -> None:
    """One private address among public ones is enough to refuse the hop."""

    def mixed(host: str, port: int) -> list[str]:
        return ["93.184.216.34"] if host == "localhost" else ["93.184.216.35", "127.0.0.1"]

    with pytest.raises(HarnessError, match=r"address 127\.0\.0\.1 is not public"):
        fetch(f"http://localhost:{hostile}/to-loopback", resolver=mixed)


def test_the_connected_peer_is_checked_too(hostile: int) -> None:
    """A name that resolved public at the check but connects to loopback (DNS rebinding)."""

    def lying(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    with pytest.raises(HarnessError, match=r"connected to the non-public address 127\.0\.0\.1"):
        fetch(f"http://localhost:{hostile}/to-loopback", resolver=lying)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("240.0.0.1", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("not an address", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_allow_private_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    from harness.cli import main

    with pytest.raises(SystemExit):
        main(["add", "--help"])
    assert "--allow-private" in capsys.readouterr().out
