"""Turning a page that went wrong into a regression case: from a file, a folder, a URL or a WARC."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import schema, userfile
from harness.corpus.capture import Capture, Kind, check_id, create, iter_captures, sha256_of
from harness.corpus.decode import decode
from harness.corpus.ids import MAX_ID, readable_id
from harness.errors import HarnessError

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class NewPage:
    """A page about to become a capture, with what is known of it."""

    data: bytes
    kind: Kind
    source: str
    url: str | None = None
    captured_at: str | None = None
    truth: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    name: str | None = None  # a corpus folder's own name, which its capture keeps
    charset: str | None = None  # declared by an HTTP header (a fetch, a WARC record)
    more: dict[str, bytes] = field(default_factory=dict)  # other views: text, screenshot


def from_file(path: Path, kind: str | None = None, *, max_bytes: int | None = None) -> NewPage:
    """A saved page (HTML or rendered text), or a corpus folder with page and truth.json."""
    if path.is_dir():
        return _from_folder(path, max_bytes)
    if not path.is_file():
        raise HarnessError(
            "does not exist", where=path, fix="give a page file, a folder, a URL or a WARC"
        )
    guessed = "html" if path.suffix.lower() in (".html", ".htm", ".xhtml") else "text"
    chosen = _kind(kind or guessed, path)
    return NewPage(_read(path, max_bytes), chosen, source=f"file {path.name}")


def _read(path: Path, max_bytes: int | None) -> bytes:
    """A page file's bytes; one larger than `max_bytes` is refused before it is read."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise HarnessError(
            f"refused: the page is {size} bytes, more than the limit of {max_bytes}; "
            "nothing was written",
            where=path,
            fix="raise --max-bytes if this page is really one to keep",
        )
    return userfile.read_bytes(path, "", limit=max_bytes or userfile.LIMIT)


def _kind(kind: str, where: Path | str) -> Kind:
    if kind == "html":
        return "html"
    if kind == "text":
        return "text"
    raise HarnessError(f"unknown kind {kind!r}", where=where, fix="use --kind html or --kind text")


def _from_folder(folder: Path, max_bytes: int | None = None) -> NewPage:
    pages = [p for p in (folder / "page.html", folder / "page.txt") if p.is_file()]
    if len(pages) != 1:
        raise HarnessError(
            "holds no page.html or page.txt (or both)",
            where=folder,
            fix="give a folder in the corpus layout: page.html or page.txt, and truth.json",
        )
    truth = read_truth(folder / "truth.json") if (folder / "truth.json").exists() else None
    url = truth.get("url") if truth else None
    return NewPage(
        _read(pages[0], max_bytes),
        "html" if pages[0].suffix == ".html" else "text",
        source=f"corpus folder {folder.name}",
        url=url if isinstance(url, str) else None,
        truth=truth,
        name=folder.name,
    )


def read_truth(path: Path, option: str = "") -> dict[str, Any]:
    """A truth file, validated: title, published, updated, authors, language, body.
    `option` names where it was given (`--truth`), for the message."""
    where = f"{option} {path}" if option else path
    try:
        data = json.loads(userfile.read_text(path, option))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HarnessError(
            f"cannot be read as JSON ({error})", where=where, fix="give a JSON truth file"
        ) from None
    schema.validate("truth", data, where=path, fix="correct the field named, or set it to null")
    return {k: v for k, v in data.items() if k in schema.TRUTH_FIELDS or k == "url"}


def make_id(page: NewPage) -> str:
    """A readable, stable id: the corpus folder's name, else the title, else the URL's words."""
    source = page.source.split(" ", 1)[-1].rsplit(".", 1)[0]  # "file story.html": "story"
    return readable_id(name=page.name, title=_title(page), url=page.url, source=source)


def _title(page: NewPage) -> str | None:
    if page.kind == "html":
        m = _TITLE.search(page.data[:200_000])
        if m:
            return decode(m.group(1)).text.strip()
        return None
    first = decode(page.data[:4096]).text.strip().splitlines()
    return first[0] if first else None


@dataclass(frozen=True)
class Added:
    capture: Capture | None
    skipped: str = ""


def add(root: Path, pages: list[NewPage], *, capture_id: str | None = None) -> list[Added]:
    """Write each page as a new capture; one already in the corpus (same bytes) is refused.

    With a single page a refusal is an error and nothing is written; with several (a whole
    WARC) a page already present is skipped with the reason and the others are added.
    """
    if capture_id is not None:
        check_id(capture_id, where="--id")
        if len(pages) != 1:
            raise HarnessError("names one id for several pages", where="--id", fix="leave out --id")
    known = {c.sha256: c.id for c in _loaded(root)}
    out = []
    for page in pages:
        digest = sha256_of(page.data)
        reason = f"already in the corpus as capture {known[digest]!r}" if digest in known else ""
        if reason and len(pages) == 1:
            raise HarnessError(
                f"refused: this page is {reason}; nothing was written",
                where=page.source,
                fix=f"review that capture: harness run --capture {known[digest]}",
            )
        if reason:
            out.append(Added(None, skipped=f"{page.source}: {reason}"))
            continue
        new_id = capture_id or _free_id(root, make_id(page), digest)
        out.append(
            Added(
                create(
                    root,
                    new_id,
                    page.data,
                    kind=page.kind,
                    url=page.url,
                    captured_at=page.captured_at,
                    source=page.source,
                    truth=page.truth,
                    extra=page.extra or None,
                    charset=page.charset,
                    more=page.more,
                )
            )
        )
        known[digest] = new_id
    return out


def _loaded(root: Path) -> list[Capture]:
    return [c for c in iter_captures(root) if isinstance(c, Capture)] if root.is_dir() else []


def _free_id(root: Path, base: str, digest: str) -> str:
    """The base id, or the base with the page's short hash when the base is taken."""
    if not (root / base).exists() and not _case_clash(root, base):
        return base
    return f"{base[: MAX_ID - 9]}-{digest[:8]}"


def _case_clash(root: Path, name: str) -> bool:
    return root.is_dir() and any(p.name.casefold() == name.casefold() for p in root.iterdir())
