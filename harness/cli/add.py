"""`harness add` and `harness truth`: new regression cases, and what they really say."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from harness import config as configuration
from harness import fetch, intake, output, pending, registry, report, runner, truth, warc
from harness.capture import Capture
from harness.cli import read_text, text_option
from harness.errors import HarnessError


def register(sub: Any) -> None:
    add = sub.add_parser("add", help="add a page as a capture: a file, a folder, a URL or a WARC")
    add.add_argument("source", help="a page file, a corpus folder, an http(s) URL or a .warc[.gz]")
    add.add_argument("--id", help="the capture id (default: from the URL or title)")
    add.add_argument("--kind", choices=("html", "text"), help="for a file: html or rendered text")
    add.add_argument("--truth", type=Path, help="a JSON file with the page's true fields")
    add.add_argument("--record", help="WARC: the URL of the response record to add")
    add.add_argument("--timeout", type=float, default=30.0, help="URL: seconds in all")
    add.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="URL: size limit")
    add.set_defaults(handler=cmd_add)
    edit = sub.add_parser("truth", help="show or set a capture's truth")
    edit.add_argument("capture")
    edit.add_argument("--title")
    edit.add_argument("--published")
    edit.add_argument("--updated")
    edit.add_argument("--author", action="append", dest="authors")
    edit.add_argument("--language")
    edit.add_argument("--body-file", type=Path, help="plain text, paragraphs split by blank lines")
    edit.add_argument("--from", type=Path, dest="from_file", help="a JSON truth file to merge")
    edit.add_argument("--unset", action="append", default=[], help="make a field unknown")
    edit.set_defaults(handler=cmd_truth)


def _pages(args: argparse.Namespace) -> list[intake.NewPage]:
    source: str = args.source
    if source.startswith(("http://", "https://")):
        got = fetch.fetch(source, fetch.Limits(seconds=args.timeout, max_bytes=args.max_bytes))
        return [
            intake.NewPage(
                got.body,
                "text" if got.kind == "text" else "html",
                source=f"fetched {source}",
                url=got.final_url,
                captured_at=got.fetched_at,
                extra={"fetch": got.manifest()},
            )
        ]
    text_option(source, "harness add", "rename the file (its name goes into the manifest)")
    path = Path(source)
    if path.name.endswith((".warc", ".warc.gz")):
        return _warc_pages(path, args.record)
    if args.record:
        raise HarnessError("--record goes with a WARC file", where=source, fix="leave out --record")
    return [intake.from_file(path, args.kind)]


def _warc_pages(path: Path, record: str | None) -> list[intake.NewPage]:
    pages = [
        intake.NewPage(
            p.body,
            "text" if p.kind == "text" else "html",
            source=f"{path.name} @{p.offset}",
            url=p.url,
            captured_at=p.date,
            extra={"warc": {"file": path.name, "offset": p.offset, "status": p.status}},
        )
        for p in warc.iter_pages(path)
        if record is None or p.url == record
    ]
    if not pages:
        what = f"no response record for {record}" if record else "no page response records"
        raise HarnessError(f"has {what}", where=path, fix="check --record against the WARC's URLs")
    return pages


def cmd_add(args: argparse.Namespace) -> int:
    config = configuration.load()
    pages = _pages(args)
    if args.truth is not None:
        if len(pages) != 1:
            raise HarnessError("goes with one page", where="--truth", fix="add pages one at a time")
        pages = [intake.NewPage(**{**pages[0].__dict__, "truth": intake.read_truth(args.truth)})]
    added = intake.add(config.captures, pages, capture_id=args.id)
    captures = [a.capture for a in added if a.capture is not None]
    for note in (a.skipped for a in added if a.skipped):
        print(f"skipped {note}", file=sys.stderr)
    extractors = registry.from_config(config).select(None)
    outcomes = []
    for capture in captures:
        print(f"added capture {capture.id} ({capture.kind}, {capture.path})")
        outcomes += [_pending(config, e, capture) for e in extractors]
    if outcomes:
        print(report.matrix(outcomes))
        print("outputs are pending review: `harness review`, or `harness approve --capture ID`")
    return 0


def _pending(config: configuration.Config, extractor: Any, capture: Capture) -> runner.Outcome:
    outcome = runner.check(extractor, capture, config)
    pending.note(config.pending, outcome, capture.actual_sha256, config.captures)
    return outcome


def cmd_truth(args: argparse.Namespace) -> int:
    config = configuration.load()
    folder = config.captures / args.capture
    if not folder.is_dir():
        raise HarnessError(
            f"has no capture {args.capture}", where=config.captures, fix="check the id"
        )
    changes: dict[str, Any] = dict(intake.read_truth(args.from_file)) if args.from_file else {}
    changes.pop("url", None)
    for name in ("title", "published", "updated", "language", "authors"):
        if (value := getattr(args, name)) is not None:
            option = "--author" if name == "authors" else f"--{name}"
            for text in value if isinstance(value, list) else [value]:
                text_option(text, option)
            changes[name] = value
    if args.body_file is not None:
        changes["body"] = read_text(args.body_file, "--body-file")
    for name in args.unset:
        changes[name] = None
    data = truth.update(folder, changes) if changes else truth.read(folder)
    print(output.dumps(data, indent=2, sort_keys=True))
    return 0
