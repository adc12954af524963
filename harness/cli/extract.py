"""`harness extract` and `harness extractors`: look at extractors without goldens."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness import config as configuration
from harness import output, registry, runner
from harness.capture import Capture, load_capture, page_capture
from harness.errors import HarnessError


def register(sub: Any) -> None:
    extract = sub.add_parser("extract", help="print the records extractors make of one page")
    extract.add_argument("path", type=Path, help="a page file or a capture folder")
    extract.add_argument("--extractor", action="append", help="repeatable; default all")
    extract.add_argument("--kind", choices=("html", "text"))
    extract.set_defaults(handler=cmd_extract)
    listing = sub.add_parser("extractors", help="list the registered extractors")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=cmd_extractors)


def cmd_extract(args: argparse.Namespace) -> int:
    capture = _page(args.path, args.kind)
    extractors = registry.from_config(configuration.load()).select(args.extractor)
    out: dict[str, object] = {}
    for extractor in extractors:
        reason = runner.skip_reason(extractor, capture)
        if reason:
            out[extractor.name] = {"skipped": reason}
            continue
        try:
            out[extractor.name] = runner.extract(extractor, capture).to_json()
        except Exception as error:  # shown per extractor; the others still print
            out[extractor.name] = {"error": f"{type(error).__name__}: {error}"}
    print(output.dumps(out, indent=2, sort_keys=True))
    return 0


def _page(path: Path, kind: str | None) -> Capture:
    if path.is_dir():
        return load_capture(path)
    if not path.is_file():
        raise HarnessError("does not exist", where=path, fix="give a page file or a capture folder")
    return page_capture(path, kind)


def cmd_extractors(args: argparse.Namespace) -> int:
    found = registry.from_config(configuration.load())
    rows = [e.describe() | {"enabled": e.name in found.enabled} for e in found.extractors.values()]
    if args.format == "json":
        print(output.dumps(rows, indent=2))
        return 0
    for row in rows:
        state = "available" if row["available"] else f"unavailable: {row['reason']}"
        state += "" if row["enabled"] else " (disabled)"
        kinds, fields = ",".join(row["kinds"]), ",".join(row["fields"])
        print(f"{row['name']:<16} {row['version']:<10} {kinds:<10} {fields:<44} {state}")
    return 0
