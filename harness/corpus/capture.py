"""Captures: frozen pages on disk, with a manifest saying what they are and where they came from."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from harness import confine, schema
from harness.corpus import decode, views
from harness.errors import HarnessError
from harness.record import Record, normalise

Kind = Literal["html", "text"]
MANIFEST = "capture.json"
TRUTH = "truth.json"
PAYLOADS: dict[str, Kind] = {"page.html": "html", "page.txt": "text"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Capture:
    """One captured page: its bytes live in `folder/payload`; the rest is the manifest."""

    id: str
    kind: Kind
    folder: Path
    payload: str
    sha256: str
    actual_sha256: str
    url: str | None = None
    captured_at: str | None = None
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    source: str | None = None
    truth: Record | None = None
    truth_fields: frozenset[str] = field(default_factory=frozenset)
    has_manifest: bool = False
    offset: int | None = None
    max_bytes: int | None = None  # a record in a WARC: the size limit it is read under
    confined: bool = True  # read under the captures folder, following no link
    views: tuple[views.View, ...] = ()  # a rendered capture's files (`harness.corpus.views`)

    @property
    def root(self) -> Path:
        """The folder of captures this capture is read under."""
        return self.folder.parent

    @property
    def path(self) -> Path:
        """The page file; for a capture inside a WARC, the archive with the record's offset."""
        if self.offset is not None:
            return Path(f"{self.folder}#{self.offset}")
        return self.folder / self.payload

    @property
    def changed(self) -> bool:
        """The bytes on disk are not the bytes the manifest recorded."""
        return self.sha256 != self.actual_sha256

    def read_bytes(self) -> bytes:
        if self.offset is not None:
            from harness.corpus.warc import read_at

            if self.max_bytes is None:
                return read_at(self.folder, self.offset)
            return read_at(self.folder, self.offset, max_bytes=self.max_bytes)
        if not self.confined:
            return self.path.read_bytes()
        return confine.read_bytes(self.root, self.path)

    def probe(self, head: int = 8192) -> tuple[int, bytes]:
        """The page's size and first bytes, read once (a WARC record is read whole anyway)."""
        if self.offset is not None:
            data = self.read_bytes()
            return len(data), data[:head]
        if not self.confined:
            with self.path.open("rb") as handle:
                return os.fstat(handle.fileno()).st_size, handle.read(head)
        with os.fdopen(confine.open_file(self.root, self.path), "rb") as handle:
            return os.fstat(handle.fileno()).st_size, handle.read(head)

    def stat(self) -> tuple[int, int] | None:
        """Size and modification time of the page file, to notice an extractor writing to it."""
        if self.offset is not None:
            return None
        found = self.path.stat(follow_symlinks=False)
        return found.st_size, found.st_mtime_ns

    def text(self) -> str:
        """The page decoded the one way every extractor gets it (NUL characters dropped)."""
        return decode.decode(self.read_bytes(), declared=self.declared_encoding).text.replace(
            "\x00", ""
        )

    def viewed(self, kinds: frozenset[str]) -> Capture:
        """The capture as an extractor taking `kinds` reads it: the view of its kind (text
        before HTML), with that file's kind, name and sha256; itself when it has one view."""
        view = views.chosen(self.views, kinds)
        if view is None or view.name == self.payload or view.actual_sha256 is None:
            return self
        return replace(
            self,
            kind="text" if view.kind == "text" else "html",
            payload=view.name,
            sha256=view.sha256,
            actual_sha256=view.actual_sha256,
            declared_encoding="utf-8" if view.kind == "text" else self.declared_encoding,
        )

    def read_sha256s(self) -> dict[str, str]:
        """The sha256 each file an extractor may read has now, by name."""
        found = {self.payload: self.actual_sha256}
        found.update({v.name: v.actual_sha256 for v in self.views if v.actual_sha256})
        return found

    def manifest(self) -> dict[str, Any]:
        return {
            "captured_at": self.captured_at,
            "declared_encoding": self.declared_encoding,
            "detected_encoding": self.detected_encoding,
            "id": self.id,
            "kind": self.kind,
            "payload": self.payload,
            "sha256": self.sha256,
            "source": self.source,
            "url": self.url,
        }


@dataclass(frozen=True)
class CaptureProblem:
    """A capture folder that could not be loaded; the run reports it and goes on."""

    id: str
    folder: Path
    message: str


def check_id(capture_id: str, *, where: str | Path = "capture id") -> str:
    """Refuse ids that are not a plain, portable folder name."""
    if not _ID.match(capture_id) or ".." in capture_id:
        raise HarnessError(
            f"{capture_id!r} is not a valid capture id",
            where=where,
            fix="use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    return capture_id


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iter_captures(
    root: Path, *, max_bytes: int | None = None
) -> Iterator[Capture | CaptureProblem]:
    """Every capture folder below `root`, in id order, one at a time; or every page
    response of a WARC file, in file order (each read under `max_bytes`).

    A symbolic link in `root` that leads to a folder is a `CaptureProblem` naming it:
    links are never followed (see `harness.confine`)."""
    if root.is_file() and root.name.endswith((".warc", ".warc.gz")):
        yield from warc_captures(root, max_bytes=max_bytes)
        return
    if not root.is_dir():
        raise HarnessError(
            "is not a folder of captures",
            where=root,
            fix="point --captures at a folder holding one folder per capture, or at a "
            ".warc or .warc.gz file (captures in [tool.harness] sets it for every command)",
        )
    seen: dict[str, Path] = {}
    for entry in confine.listdir(root):
        if entry.name.startswith(".") or not _folder_like(entry):
            continue
        clash = seen.get(entry.name.casefold())
        if clash is not None:
            yield CaptureProblem(entry.name, entry.path, f"differs only in case from {clash.name}")
            continue
        seen[entry.name.casefold()] = entry.path
        yield load_or_problem(entry.path)


def _folder_like(entry: confine.Entry) -> bool:
    """A folder, or a link that leads to one (reported, never followed)."""
    return entry.kind == "dir" or (entry.kind == "link" and entry.path.is_dir())


def ids(root: Path) -> set[str]:
    """The id of every capture `iter_captures` finds, loadable or not: what is present.

    Raises a HarnessError when `root` is neither a folder of captures nor a WARC, or when it
    cannot be read whole: a WARC with a cut, garbled or refused record (a problem of the
    archive, not of one capture folder) or a read error. What is "gone" is decided from
    this, so a corpus read in part would make the rest look gone."""
    found: set[str] = set()
    try:
        for capture in iter_captures(root):
            if isinstance(capture, CaptureProblem) and capture.folder == root:
                raise HarnessError(
                    f"cannot be read whole: {capture.message}",
                    where=root,
                    fix="repair or re-fetch the WARC; no golden is judged gone from a corpus "
                    "read in part",
                )
            found.add(capture.id)
    except OSError as error:
        raise HarnessError(
            f"cannot be read whole: {error.strerror or error}",
            where=root,
            fix="check the captures can be read; no golden is judged gone from a corpus read "
            "in part",
        ) from None
    return found


def nothing_to_check(root: Path) -> str | None:
    """Why a run over `root` checks nothing when it holds no capture (a run that checked
    nothing must not pass), or None: only the first capture is looked at."""
    try:
        if next(iter_captures(root), None) is not None:
            return None
    except HarnessError:
        return None  # not a corpus at all: the run has said so already
    return f"no captures in {root}: add one with `harness add`"


def load_or_problem(folder: Path) -> Capture | CaptureProblem:
    try:
        return load_capture(folder)
    except HarnessError as error:
        return CaptureProblem(folder.name, folder, error.message)
    except OSError as error:  # a FIFO, a device, a folder where a file belongs
        return CaptureProblem(folder.name, folder, f"{error.filename}: {error.strerror}")


def load_capture(folder: Path) -> Capture:
    """Load `folder`: with its manifest if it has one, else computed from the page file.

    Every file is read under the captures folder (`folder.parent`) following no link."""
    root = folder.parent
    found = confine.kind(root, folder.name)
    if found == "link":
        raise confine.link_refused(folder, root)
    if found != "dir":
        raise HarnessError("is not a capture folder", where=folder, fix="check the capture id")
    manifest_path = folder / MANIFEST
    manifest = _read_json(manifest_path, "manifest") if _present(manifest_path) else None
    if manifest is not None:
        schema.validate("manifest", manifest, where=manifest_path, fix=_MANIFEST_FIX)
        if manifest["id"] != folder.name:
            raise HarnessError(
                f"says id {manifest['id']!r} but the folder is {folder.name!r}",
                where=manifest_path,
                field="$.id",
                fix="rename the folder or correct the id so that they agree",
            )
    payload = _payload(folder, manifest)
    data = confine.read_bytes(root, folder / payload)
    actual = sha256_of(data)
    declared = decode.declared_charset(data) if PAYLOADS[payload] == "html" else None
    m = manifest or {}
    truth, truth_fields, truth_link = _truth(folder)
    return Capture(
        views=views.from_manifest(folder, manifest) if manifest else (),
        id=check_id(folder.name, where=folder),
        kind=m.get("kind", PAYLOADS[payload]),
        folder=folder,
        payload=payload,
        sha256=m.get("sha256", actual),
        actual_sha256=actual,
        url=m.get("url") or truth_link,
        captured_at=m.get("captured_at"),
        declared_encoding=m.get("declared_encoding", declared),
        detected_encoding=m.get("detected_encoding"),
        source=m.get("source"),
        truth=truth,
        truth_fields=truth_fields,
        has_manifest=manifest is not None,
    )


_MANIFEST_FIX = "correct capture.json by hand, or delete it to have it computed from the page"


def _present(path: Path) -> bool:
    """Whether a capture's file is there; a link there is refused, never followed."""
    found = confine.kind(path.parent.parent, path)
    if found == "link":
        raise confine.link_refused(path, path.parent.parent)
    return found is not None


def _is_file(path: Path) -> bool:
    return _present(path) and confine.kind(path.parent.parent, path) == "file"


def _payload(folder: Path, manifest: dict[str, Any] | None) -> str:
    if manifest and "payload" in manifest:
        if not _is_file(folder / manifest["payload"]):
            raise HarnessError(
                f"names payload {manifest['payload']!r}, which is missing",
                where=folder / MANIFEST,
                field="$.payload",
                fix="restore the page file or correct the manifest",
            )
        return str(manifest["payload"])
    present = [name for name in PAYLOADS if _is_file(folder / name)]
    if len(present) != 1:
        found = "both page.html and page.txt" if present else "no page.html or page.txt"
        raise HarnessError(
            f"has {found}",
            where=folder,
            fix="keep exactly one page file per capture folder (or name it in capture.json)",
        )
    return present[0]


def _read_json(path: Path, what: str) -> Any:
    """A capture's JSON file (manifest or truth), read under the captures folder."""
    try:
        return json.loads(confine.read_text(path.parent.parent, path))
    except UnicodeDecodeError:
        raise HarnessError(f"{what} is not UTF-8", where=path, fix="save it as UTF-8") from None
    except json.JSONDecodeError as error:
        raise HarnessError(
            f"{what} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
            where=path,
            fix=f"correct the JSON of {path.name}",
        ) from None


def truth_url(folder: Path) -> str | None:
    path = folder / TRUTH
    if not _present(path):
        return None
    url = _read_json(path, "truth").get("url")
    return url if isinstance(url, str) else None


def _truth(folder: Path) -> tuple[Record | None, frozenset[str], str | None]:
    """A capture's truth: the fields it really knows (null means unknown, not empty), and
    the page's URL it gives (read once: loading captures is on every run's path)."""
    path = folder / TRUTH
    if not _present(path):
        return None, frozenset(), None
    data = _read_json(path, "truth")
    if not isinstance(data, dict):
        raise HarnessError("truth is not a JSON object", where=path, fix="write a JSON object")
    schema.validate("truth", data, where=path, fix="correct the field named, or set it to null")
    known = {k: v for k, v in data.items() if k in schema.TRUTH_FIELDS and v is not None}
    record = normalise(known, source=f"truth {path}", golden=False)
    url = data.get("url")
    return record, frozenset(known), url if isinstance(url, str) else None


def page_capture(path: Path, kind: str | None = None) -> Capture:
    """A loose page file as a capture (for `harness extract`): kind from --kind or the suffix."""
    if kind is None:
        kind = "html" if path.suffix.lower() in (".html", ".htm", ".xhtml") else "text"
    if kind not in ("html", "text"):
        raise HarnessError(
            f"unknown kind {kind!r}", where=path, fix="use --kind html or --kind text"
        )
    from harness import userfile

    data = userfile.read_bytes(path, "")
    digest = sha256_of(data)
    return Capture(
        id=path.stem,
        kind="html" if kind == "html" else "text",
        folder=path.parent,
        payload=path.name,
        sha256=digest,
        actual_sha256=digest,
        declared_encoding=decode.declared_charset(data) if kind == "html" else None,
        confined=False,  # the file the user named on the command line
    )


def create(
    root: Path,
    capture_id: str,
    data: bytes,
    *,
    kind: Kind,
    url: str | None = None,
    captured_at: str | None = None,
    source: str | None = None,
    truth: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    charset: str | None = None,
    more: Mapping[str, bytes] | None = None,
) -> Capture:
    """Write a new capture folder atomically: all of it appears at once, or nothing does.

    `charset` is the one an HTTP header declared (of a fetch or a WARC record): it counts as
    declared, before the page's `<meta>`. `more` are other views of the page (a rendered
    capture's text and screenshot), listed with the page under `views` in the manifest.

    The folder is staged beside its final place and renamed, following no link; its files
    and itself get the umask's permissions."""
    import secrets
    import shutil

    check_id(capture_id)
    target = root / capture_id
    if os.path.lexists(target):
        raise HarnessError(
            f"capture {capture_id!r} exists already",
            where=target,
            fix="choose another id with --id",
        )
    payload = "page.html" if kind == "html" else "page.txt"
    declared = decode.declared_charset(data, header=charset, html=kind == "html")
    manifest: dict[str, Any] = {
        "captured_at": captured_at,
        "declared_encoding": declared,
        "detected_encoding": decode.decode(data, declared=declared).detected,
        "id": capture_id,
        "kind": kind,
        "payload": payload,
        "sha256": sha256_of(data),
        "source": source,
        "url": url,
        **(extra or {}),
    }
    if more:
        manifest["views"] = views.entries({payload: data, **more})
    schema.validate("manifest", manifest, where=target / MANIFEST, fix="correct the values given")
    staging = root / f".{capture_id}.{secrets.token_hex(6)}"
    confine.make_dir(root, staging, exist_ok=False)
    try:
        confine.write_atomic(root, staging / payload, data)
        for name, view in (more or {}).items():
            confine.write_atomic(root, staging / name, view)
        confine.write_atomic(root, staging / MANIFEST, _json(manifest))
        if truth is not None:
            confine.write_atomic(root, staging / TRUTH, _json(truth))
        confine.rename(root, staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return load_capture(target)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def warc_captures(
    archive: Path, *, max_bytes: int | None = None
) -> Iterator[Capture | CaptureProblem]:
    """Each page response record of a WARC as a capture, read lazily by its offset.

    Ids come from the URLs; a URL seen again gets the record's offset appended. A record
    that cannot be a capture (too large, cut, a bad status line) is a CaptureProblem.
    """
    from harness.corpus.ids import id_from_url
    from harness.corpus.warc import DEFAULT_MAX_BYTES, WarcProblem, iter_pages

    limit = max_bytes or DEFAULT_MAX_BYTES
    seen: set[str] = set()
    for page in iter_pages(archive, max_bytes=limit):
        base = id_from_url(page.url) if page.url else "record"
        capture_id = base if base not in seen else f"{base[:80]}-{page.offset}"
        seen.add(capture_id)
        if isinstance(page, WarcProblem):
            yield CaptureProblem(capture_id, archive, f"{archive.name}: {page.message}")
            continue
        digest = sha256_of(page.body)
        declared = decode.declared_charset(page.body, header=page.charset, html=page.kind == "html")
        yield Capture(
            id=capture_id,
            kind="text" if page.kind == "text" else "html",
            folder=archive,
            payload=archive.name,
            sha256=digest,
            actual_sha256=digest,
            url=page.url,
            captured_at=page.date,
            declared_encoding=declared,
            source=f"{archive.name} record at {page.offset}",
            offset=page.offset,
            max_bytes=limit,
        )


def find(root: Path, capture_id: str, *, max_bytes: int | None = None) -> Capture:
    """One capture by id, in a folder of captures or a WARC (records read under `max_bytes`)."""
    if root.is_dir():
        return load_capture(root / check_id(capture_id, where="capture id"))
    for capture in iter_captures(root, max_bytes=max_bytes):
        if capture.id == capture_id and isinstance(capture, Capture):
            return capture
    raise HarnessError(
        f"has no capture {capture_id}", where=root, fix="check the id and --captures"
    )
