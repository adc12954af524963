"""Fetching a page over HTTP for `harness add URL`: bounded in time, size and redirects."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from harness.decode import content_type_charset
from harness.errors import HarnessError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class Limits:
    """How long a fetch may take in all, how many bytes it may read, how many redirects."""

    seconds: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10


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


def fetch(url: str, limits: Limits = Limits()) -> Fetched:
    """GET `url` with a real HTTP client; refuse anything that is not a page, with the reason."""
    import requests

    _check_url(url)
    session = requests.Session()
    session.max_redirects = limits.max_redirects
    session.headers["User-Agent"] = "capture-harness (+regression captures)"
    deadline = time.monotonic() + limits.seconds
    try:
        with session.get(
            url, stream=True, timeout=(min(10.0, limits.seconds), limits.seconds)
        ) as response:
            body = _read(response, url, limits, deadline)
            return _fetched(url, response, body)
    except requests.TooManyRedirects:
        raise _refused(
            url, f"more than {limits.max_redirects} redirects (a redirect loop?)"
        ) from None
    except requests.Timeout:
        raise _refused(url, f"no answer within {limits.seconds:g} s") from None
    except requests.ConnectionError as error:
        raise _refused(url, f"could not connect ({_reason(error)})") from None
    except requests.RequestException as error:
        raise _refused(url, f"the request failed ({_reason(error)})") from None


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HarnessError(
            "is not an http(s) URL", where=url, fix="give a URL such as https://example.org/page"
        )


def _read(response: object, url: str, limits: Limits, deadline: float) -> bytes:
    import requests

    assert isinstance(response, requests.Response)
    if response.status_code >= 400:
        raise _refused(url, f"the server answered HTTP {response.status_code} {response.reason}")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in PAGE_TYPES:
        raise _refused(url, f"content type {content_type or '(none)'!r} is not a page")
    declared = int(response.headers.get("Content-Length") or 0)
    if declared > limits.max_bytes:
        raise _refused(url, f"{declared} bytes is more than the limit of {limits.max_bytes}")
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limits.max_bytes:
            raise _refused(url, f"the page is larger than the limit of {limits.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise _refused(url, f"the page took longer than {limits.seconds:g} s to arrive")
        chunks.append(chunk)
    return b"".join(chunks)


def _fetched(url: str, response: object, body: bytes) -> Fetched:
    import requests

    assert isinstance(response, requests.Response)
    content_type = response.headers.get("Content-Type", "")
    charset = content_type_charset(content_type)
    return Fetched(
        url=url,
        final_url=response.url,
        status=response.status_code,
        content_type=content_type.split(";")[0].strip().lower(),
        charset=charset,
        fetched_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        body=body,
        headers=dict(sorted(response.headers.items())),
        redirects=tuple(r.url for r in response.history),
    )


def _refused(url: str, why: str) -> HarnessError:
    return HarnessError(
        f"refused: {why}; nothing was written",
        where=url,
        fix="check the URL, or save the page and add the file instead",
    )


def _reason(error: Exception) -> str:
    text = str(error)
    return text if len(text) < 160 else text[:157] + "..."
