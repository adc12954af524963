"""Fetching over real HTTP from a local server: redirects, limits, refusals."""

from __future__ import annotations

import socket

import pytest

from harness.corpus.fetch import Limits, fetch
from harness.errors import HarnessError


def test_page_with_redirect_records_the_response(http_server: str) -> None:
    got = fetch(f"{http_server}/moved")
    assert got.final_url == f"{http_server}/article.html"
    assert got.redirects == (f"{http_server}/moved",)
    assert (got.status, got.content_type, got.charset) == (200, "text/html", "utf-8")
    assert b"Local article" in got.body
    assert got.headers["Content-Type"] == "text/html; charset=utf-8"
    assert got.fetched_at.endswith("+00:00")


@pytest.mark.parametrize(
    ("route", "limits", "reason"),
    [
        ("/loop", Limits(max_redirects=5), "more than 5 redirects"),
        ("/slow", Limits(seconds=0.3), "within 0.3 s"),
        ("/big", Limits(max_bytes=100_000), "more than the limit of 100000"),
        ("/image.png", Limits(), "content type 'image/png' is not a page"),
        ("/missing", Limits(), "HTTP 404"),
    ],
)
def test_refusals_name_the_reason(
    http_server: str, route: str, limits: Limits, reason: str
) -> None:
    with pytest.raises(HarnessError, match=reason) as caught:
        fetch(f"{http_server}{route}", limits)
    assert "nothing was written" in caught.value.message


def test_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(HarnessError, match="could not connect"):
        fetch(f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "http://"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(HarnessError, match="not an http"):
        fetch(url)


@pytest.mark.parametrize("route", ["/to-bad-ipv6", "/to-raw-bytes"])
def test_a_bad_redirect_is_refused_naming_the_hop(http_server: str, route: str) -> None:
    with pytest.raises(HarnessError, match="refused: a redirect from") as caught:
        fetch(f"{http_server}{route}")
    assert f"{http_server}{route}" in caught.value.message


def test_a_malformed_url_is_a_usage_error() -> None:
    with pytest.raises(HarnessError, match="is not an http"):
        fetch("http://[::1")
