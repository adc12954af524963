"""`harness extract` and `harness extractors`: look at extractors without goldens."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import config as configuration
from harness import output, registry
from harness.cli import add_network
from harness.errors import HarnessError
from harness.extractor import Extractor

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.corpus.capture import Capture
    from harness.running import runner


def register(sub: Any) -> None:
    extract = sub.add_parser("extract", help="print the records extractors make of one page")
    extract.add_argument("path", type=Path, help="a page file or a capture folder")
    extract.add_argument("--extractor", action="append", help="repeatable; default all")
    extract.add_argument("--kind", choices=("html", "text"))
    add_network(extract)
    extract.set_defaults(handler=cmd_extract)
    listing = sub.add_parser("extractors", help="list the registered extractors")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument("--extractor", action="append", help="repeatable; default all")
    listing.set_defaults(handler=cmd_extractors)


def cmd_extract(args: argparse.Namespace) -> int:
    """Each extractor's record of the page, made in the isolated workers `harness run` uses;
    an extractor that fails (raises, crashes, cannot be loaded) shows its error, and the
    command exits 1."""
    from harness.running import pool

    capture = _page(args.path, args.kind)
    config = configuration.load()
    extractors = registry.from_config(config).select(args.extractor)
    bounds = pool.Limits(config.timeout, config.memory_mb, allow_network=args.allow_network)
    out: dict[str, object] = {}
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="harness-extract-") as nowhere:
        blind = replace(config, goldens=Path(nowhere))  # no golden read: every record is "new"
        cells = [(e, capture) for e in extractors]
        jobs = min(pool.default_jobs(), len(cells))
        for outcome in pool.run(blind, cells, jobs=jobs, limits=bounds):
            out[outcome.extractor] = _shown(outcome)
            if outcome.status == "error":
                failed.append(outcome.extractor)
    print(output.dumps(out, indent=2, sort_keys=True))
    if failed:
        print(f"harness: {', '.join(failed)} failed on this page (see its error)", file=sys.stderr)
    return 1 if failed else 0


def _shown(outcome: runner.Outcome) -> object:
    if outcome.record is not None:
        return outcome.record.to_json()
    if outcome.status == "skipped":
        return {"skipped": outcome.message}
    return {"error": outcome.message}


def _page(path: Path, kind: str | None) -> Capture:
    from harness.corpus.capture import load_capture, page_capture

    if path.is_dir():
        return load_capture(path.resolve())  # the folder named: read under its parent
    if not path.is_file():
        raise HarnessError("does not exist", where=path, fix="give a page file or a capture folder")
    return page_capture(path, kind)


def cmd_extractors(args: argparse.Namespace) -> int:
    """Every registered extractor, described by a worker process that builds it; one that
    cannot be built is listed as unavailable with the reason, and the command exits 1.
    This process imports no extractor's library, nor the runner's comparison."""
    from harness.running import pool

    config = configuration.load()
    found = registry.from_config(config)
    names = [e.name for e in found.select(args.extractor)] if args.extractor else found.extractors
    bounds = pool.Limits(config.timeout, config.memory_mb)
    described = pool.probe(config, list(names), bounds)
    for name, built in described.items():
        if isinstance(built, str) and built.startswith(f"{name} {pool.MISCONFIGURED}"):
            raise HarnessError(built.removeprefix(f"{name} {pool.MISCONFIGURED} "))
    rows = [_row(name, e) | {"enabled": name in found.enabled} for name, e in described.items()]
    broken = any(isinstance(e, str) for e in described.values())
    if args.format == "json":
        print(output.dumps(rows, indent=2))
        return 1 if broken else 0
    for row in rows:
        state = "available" if row["available"] else f"unavailable: {row['reason']}"
        state += "" if row["enabled"] else " (disabled)"
        kinds, fields = ",".join(row["kinds"]), ",".join(row["fields"])
        print(f"{row['name']:<16} {row['version']:<10} {kinds:<10} {fields:<44} {state}")
    return 1 if broken else 0


def _row(name: str, found: Extractor | str) -> dict[str, Any]:
    if isinstance(found, Extractor):
        return found.describe()
    return {"name": name, "version": "", "kinds": [], "fields": [], "available": False} | {
        "reason": found,
        "broken": True,
    }
