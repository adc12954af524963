"""Captures in object storage: a folder of captures under an `s3://` or `gs://` prefix, or a
WARC file there or over `http(s)://`, listed and read with fsspec.

A remote corpus is read-only: nothing is ever written to it (goldens are written locally).
Every object is read as a stream under the page-size limit; a capture carries its bytes
(`Capture.data`), so the workers that check it need no access to the storage. Object names
are untrusted: a name with `..`, `.`, an empty segment or a control character refuses the
whole listing (a corpus listed in part would make the rest look gone to `harness prune`).

Credentials come from where fsspec's back ends look for them (environment variables, the
AWS or Google config files, instance metadata), never from the project's files. A URL is
shown with its user, password and query values replaced (`redact`), and every error text
from the storage library is scrubbed of them (`scrub`) before it is shown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from harness.corpus.capture import (
    MANIFEST,
    PAYLOADS,
    TRUTH,
    Capture,
    CaptureProblem,
    Truth,
    assemble,
    check_id,
    check_manifest,
    choose_payload,
    parse_json,
    sha256_of,
    truth_of,
)
from harness.errors import HarnessError, UsageError

#: URL schemes read with fsspec, and the package that gives fsspec each one.
PACKAGES = {"s3": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "http": "aiohttp", "https": "aiohttp"}
WARC_SUFFIXES = (".warc", ".warc.gz")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BATCH = 32  # capture folders fetched together
_FILES = frozenset({MANIFEST, TRUTH, *PAYLOADS})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")
_SECRET_ENV = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID")
_SECRET_TEXT = (
    re.compile(
        r"(?i)\b(signature|x-amz-[a-z-]*|token|sig|key|secret|password|credential)=[^&\s'\"]+"
    ),
    re.compile(r"(?<=://)[^/@\s'\"]+@"),
    re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
)


@dataclass(frozen=True)
class Remote:
    """A corpus at a URL: a prefix holding capture folders, or a WARC file."""

    url: str = field(repr=False)  # as given: it may hold credentials, so it is never shown

    @property
    def shown(self) -> str:
        return redact(self.url)

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0].lower()

    @property
    def warc(self) -> bool:
        return urlsplit(self.url).path.lower().endswith(WARC_SUFFIXES)

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.rstrip("/").rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"Remote({self.shown!r})"


def is_url(text: str) -> bool:
    """Whether `text` is written as a URL (`scheme://...`), not as a path."""
    return _SCHEME.match(text) is not None


def parse(text: str, *, where: str, field: str | None = None) -> Remote | str:
    """A remote corpus of a URL, or a local path (`file://` URLs become paths).

    An unknown scheme, a URL over HTTP that is not a WARC file, and a URL holding a
    credential in the project's configuration (`field` is then the key) are refused."""
    scheme = text.split("://", 1)[0].lower()
    if scheme == "file":
        return urlsplit(text).path or "/"
    if scheme not in PACKAGES:
        raise UsageError(
            f"{redact(text)!r} has an unknown scheme {scheme!r}",
            where=where,
            field=field,
            fix=f"use a path, or a URL of {', '.join(s + '://' for s in [*PACKAGES, 'file'])}",
        )
    remote = Remote(text)
    if scheme in ("http", "https") and not remote.warc:
        raise UsageError(
            f"{remote.shown} is not a WARC file: over HTTP only a .warc or .warc.gz is read",
            where=where,
            field=field,
            fix="name a .warc or .warc.gz URL, or put the capture folders in object storage",
        )
    if field is not None and redact(text) != text:
        raise UsageError(
            "holds a credential (a user, a password or a query value); credentials are never "
            "read from the project's files",
            where=where,
            field=field,
            fix="remove it from the URL and set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or "
            "AWS_PROFILE (or ~/.aws/credentials, GOOGLE_APPLICATION_CREDENTIALS) instead",
        )
    return remote


def redact(url: str) -> str:
    """`url` with its user, password and every query value replaced by `***`."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = "***@" + netloc.rsplit("@", 1)[1]
        query = "&".join(f"{k}=***" for k, _ in parse_qsl(parts.query, keep_blank_values=True))
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return "(a URL that cannot be shown)"


def scrub(text: str, remote: Remote | None = None) -> str:
    """`text` (an error from a storage library) without credentials: the corpus URL's own,
    the keys in the environment, and whatever looks like a signature, token or key."""
    if remote is not None:
        text = text.replace(remote.url, remote.shown)
        parts = urlsplit(remote.url)
        secrets = [parts.username, parts.password, *(v for _, v in parse_qsl(parts.query))]
    else:
        secrets = []
    secrets += [os.environ.get(name) for name in _SECRET_ENV]
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    for pattern in _SECRET_TEXT:
        text = pattern.sub(_hide, text)
    return text


def _hide(match: re.Match[str]) -> str:
    found = match.group(0)
    if found.endswith("@"):
        return "***@"
    return found.split("=", 1)[0] + "=***" if "=" in found else "***"


def _failure(error: BaseException, remote: Remote) -> str:
    """An error from fsspec or its back end as one line, scrubbed."""
    text = str(error) or type(error).__name__
    if isinstance(error, FileNotFoundError):
        text = f"not found ({text})"
    elif isinstance(error, PermissionError):
        text = f"access denied ({text})"
    text = " ".join(scrub(text, remote).split())
    return text if len(text) < 300 else text[:297] + "..."


def filesystem(remote: Remote) -> tuple[Any, str]:
    """fsspec's filesystem for `remote`, and the path in it; a missing package is named."""
    package = PACKAGES[remote.scheme]
    try:
        import fsspec

        # a file system of its own, listing afresh: a cached one may hold an old listing or
        # the endpoint of other environment variables
        fs, path = fsspec.core.url_to_fs(remote.url, skip_instance_cache=True)
        return fs, str(path)
    except ImportError:
        raise UsageError(
            f"reading {remote.scheme}:// needs {package}, which is not installed",
            where=remote.shown,
            fix=f"pip install 'capture-harness[storage]' (and {package})"
            if package == "gcsfs"
            else "pip install 'capture-harness[storage]'",
        ) from None
    except (ValueError, TypeError) as error:
        raise UsageError(
            f"is not a URL fsspec can read: {_failure(error, remote)}",
            where=remote.shown,
            fix="check the URL",
        ) from None


@dataclass(frozen=True)
class _Listing:
    """The capture folders under a prefix: their names, sorted, and the files each holds."""

    prefix: str
    folders: dict[str, frozenset[str]]


def _list(fs: Any, prefix: str, remote: Remote) -> _Listing:
    """Every object under `prefix`, grouped by capture folder; an unsafe name refuses it all."""
    try:
        keys = fs.find(prefix, detail=False)
    except Exception as error:  # the back end's own errors (botocore, aiohttp) included
        raise _unreadable(remote, error) from None
    folders: dict[str, set[str]] = {}
    base = prefix.rstrip("/") + "/"
    for key in sorted(keys):
        rest = key[len(base) :] if key.startswith(base) else key
        segments = rest.split("/")
        if any(s in ("", ".", "..") or _UNSAFE.search(s) for s in segments):
            raise HarnessError(
                f"holds an object named {rest!r}, which is not a safe name (an empty, '.' or "
                "'..' part, or a control character): refused, nothing was read",
                where=remote.shown,
                fix="rename or delete that object in the bucket",
            )
        if len(segments) == 2 and not segments[0].startswith("."):
            folders.setdefault(segments[0], set()).add(segments[1])
    return _Listing(prefix, {k: frozenset(v) for k, v in sorted(folders.items())})


def _unreadable(remote: Remote, error: BaseException) -> HarnessError:
    return HarnessError(
        f"cannot be listed: {_failure(error, remote)}",
        where=remote.shown,
        fix="check the bucket and prefix, the endpoint (AWS_ENDPOINT_URL_S3) and the "
        "credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...); nothing was read",
    )


def iter_remote(
    remote: Remote, *, max_bytes: int | None = None
) -> Iterator[Capture | CaptureProblem]:
    """Every capture of the corpus at `remote`, in id order (a WARC: in file order), each
    read under `max_bytes` and carrying its bytes."""
    limit = max_bytes or DEFAULT_MAX_BYTES
    fs, path = filesystem(remote)
    if remote.warc:
        yield from _warc(fs, path, remote, limit)
        return
    listing = _list(fs, path, remote)
    names = list(listing.folders)
    seen: dict[str, str] = {}
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        folders = [(f"{path.rstrip('/')}/{n}", listing.folders[n]) for n in batch]
        for name, fetched in zip(batch, _fetch(fs, folders, limit), strict=True):
            clash = seen.get(name.casefold())
            where = f"{remote.shown.rstrip('/')}/{name}"
            if clash is not None:
                yield CaptureProblem(name, Path(name), f"{where} differs only in case from {clash}")
                continue
            seen[name.casefold()] = name
            yield _load_or_problem(fetched, name, listing.folders[name], where, remote, limit)


def _fetch(
    fs: Any, folders: list[tuple[str, frozenset[str]]], limit: int
) -> list[dict[str, bytes | BaseException]]:
    """The files of capture folders, fetched together (concurrently, where the file system
    is asynchronous), each cut at `limit` + 1 bytes: a larger one is never read whole."""
    wanted = [(i, name) for i, (_, files) in enumerate(folders) for name in sorted(files)]
    wanted = [(i, name) for i, name in wanted if name in _FILES]
    paths = [f"{folders[i][0]}/{name}" for i, name in wanted]
    found: list[Any]
    try:
        found = fs.cat_ranges(paths, [0] * len(paths), [limit + 1] * len(paths), on_error="return")
    except Exception as error:  # the back end's own errors: each file says so
        found = [error] * len(paths)
    fetched: list[dict[str, bytes | BaseException]] = [{} for _ in folders]
    for (i, name), data in zip(wanted, found, strict=True):
        fetched[i][name] = data if isinstance(data, BaseException) else bytes(data)
    return fetched


def ids(remote: Remote) -> set[str]:
    """The id of every capture at `remote`, loadable or not (`capture.ids` for a remote
    corpus): from the listing alone for a folder of captures, from every record for a WARC.
    A corpus that cannot be listed or read whole raises a HarnessError."""
    fs, path = filesystem(remote)
    if not remote.warc:
        return set(_list(fs, path, remote).folders)
    found: set[str] = set()
    for capture in _warc(fs, path, remote, DEFAULT_MAX_BYTES):
        if isinstance(capture, CaptureProblem) and capture.folder == Path(remote.name):
            raise HarnessError(
                f"cannot be read whole: {capture.message}",
                where=remote.shown,
                fix="repair or re-fetch the WARC; no golden is judged gone from a corpus read "
                "in part",
            )
        found.add(capture.id)
    return found


def find(remote: Remote, capture_id: str, *, max_bytes: int | None = None) -> Capture:
    """One capture by id (for approval): its folder alone is listed, or the WARC read."""
    limit = max_bytes or DEFAULT_MAX_BYTES
    fs, path = filesystem(remote)
    found: Iterator[Capture | CaptureProblem]
    if remote.warc:
        found = (c for c in _warc(fs, path, remote, limit) if c.id == capture_id)
    else:
        name = check_id(capture_id, where="capture id")
        folder = f"{path.rstrip('/')}/{name}"
        where = f"{remote.shown.rstrip('/')}/{name}"
        files = frozenset(_files(fs, folder, remote))
        [fetched] = _fetch(fs, [(folder, files)], limit)
        found = iter([_load_or_problem(fetched, name, files, where, remote, limit)])
    for capture in found:
        if isinstance(capture, CaptureProblem):
            raise HarnessError(capture.message, where=remote.shown, fix="check the capture")
        return capture
    raise HarnessError(
        f"has no capture {capture_id}", where=remote.shown, fix="check the id and --captures"
    )


def _files(fs: Any, folder: str, remote: Remote) -> list[str]:
    try:
        return [key.rsplit("/", 1)[-1] for key in fs.ls(folder, detail=False)]
    except FileNotFoundError:
        return []
    except Exception as error:
        raise _unreadable(remote, error) from None


def _load_or_problem(
    fetched: dict[str, bytes | BaseException],
    name: str,
    files: frozenset[str],
    where: str,
    remote: Remote,
    limit: int,
) -> Capture | CaptureProblem:
    try:
        return _load(fetched, name, files, where, limit)
    except HarnessError as error:
        return CaptureProblem(name, Path(name), f"{error.where}: {error.message}")
    except _TooLarge as error:
        return CaptureProblem(name, Path(name), error.message(name, limit))
    except Exception as error:  # a read that failed: a network error, a vanished object
        return CaptureProblem(name, Path(name), f"{where}: {_failure(error, remote)}")


def _load(
    fetched: dict[str, bytes | BaseException],
    name: str,
    files: frozenset[str],
    where: str,
    limit: int,
) -> Capture:
    """A capture folder in storage, checked as `capture.load_capture` checks a local one."""

    def read(file: str) -> bytes:
        data = fetched.get(file, FileNotFoundError(f"{where}/{file}"))
        if isinstance(data, BaseException):
            raise data
        if len(data) > limit:
            raise _TooLarge(f"{where}/{file}")
        return data

    manifest_at = f"{where}/{MANIFEST}"
    manifest = None
    if MANIFEST in files:
        manifest = parse_json(read(MANIFEST), "manifest", manifest_at)
        check_manifest(manifest, name, manifest_at)
    payload = choose_payload(manifest, files.__contains__, where=where, manifest_at=manifest_at)
    if payload not in PAYLOADS:
        raise HarnessError(
            f"names payload {payload!r}", where=manifest_at, fix="use page.html or page.txt"
        )
    data = read(payload)
    truth: Truth = (None, frozenset(), None)
    truth_sha256 = None
    if TRUTH in files:
        raw = read(TRUTH)
        truth = truth_of(parse_json(raw, "truth", f"{where}/{TRUTH}"), f"{where}/{TRUTH}")
        truth_sha256 = sha256_of(raw)
    capture_id = check_id(name, where=where)
    return assemble(
        capture_id,
        manifest,
        payload,
        data,
        truth,
        folder=Path(capture_id),
        data=data,
        location=where,
        truth_sha256=truth_sha256,
    )


class _TooLarge(Exception):
    """An object larger than the page limit (only the limit and one byte were read)."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where

    def message(self, capture_id: str, limit: int) -> str:
        return (
            f"capture {capture_id} is over the limit of {limit / 1024 / 1024:.4g} MB "
            f"({self.where}); raise max_page_mb in [tool.harness] to check it"
        )


def _warc(fs: Any, path: str, remote: Remote, limit: int) -> Iterator[Capture | CaptureProblem]:
    """Each page response of a WARC in storage, read front to back as a stream."""
    from harness.corpus.capture import warc_captures_of
    from harness.corpus.warc import iter_stream

    try:
        handle = fs.open(path, "rb", block_size=0 if remote.scheme.startswith("http") else None)
    except Exception as error:
        raise HarnessError(
            f"cannot be read: {_failure(error, remote)}",
            where=remote.shown,
            fix="check the URL, the endpoint and the credentials; nothing was read",
        ) from None
    with handle:
        size = getattr(handle, "size", None)
        pages = iter_stream(handle, size if isinstance(size, int) else None, max_bytes=limit)
        for capture in warc_captures_of(pages, Path(remote.name), remote.name):
            if isinstance(capture, CaptureProblem):
                yield CaptureProblem(capture.id, capture.folder, scrub(capture.message, remote))
            else:
                shown = remote.shown
                yield _carry(capture, shown)


def _carry(capture: Capture, shown: str) -> Capture:
    from dataclasses import replace

    return replace(capture, location=shown, folder=Path(capture.id))


def as_given(captures: Path | Remote) -> str:
    """The captures as the user gave them, credentials included: for passing on to another
    `harness` process (a rehearsal), never for showing."""
    return captures.url if isinstance(captures, Remote) else str(captures)
