"""The `harness` command, a thin layer over the runner.

Exit 0 when all match, 1 on any drift, new, changed or error, 2 on a usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from harness import config as configuration
from harness import registry, report, runner
from harness.capture import Capture, load_capture, page_capture
from harness.errors import HarnessError
from harness.extractor import Extractor


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except HarnessError as error:
        print(f"harness: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("harness: interrupted", file=sys.stderr)
        return 130
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="harness", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="every extractor over every capture, compared with goldens")
    _selection(run)
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.set_defaults(handler=cmd_run)
    approve = sub.add_parser("approve", help="write the current outputs as goldens")
    _selection(approve)
    approve.add_argument("--all", action="store_true", help="approve every failing cell")
    approve.add_argument("--reason", help="kept in the golden")
    approve.set_defaults(handler=cmd_approve)
    extract = sub.add_parser("extract", help="print the records extractors make of one page")
    extract.add_argument("path", type=Path, help="a page file or a capture folder")
    extract.add_argument("--extractor", action="append", help="repeatable; default all")
    extract.add_argument("--kind", choices=("html", "text"))
    extract.set_defaults(handler=cmd_extract)
    listing = sub.add_parser("extractors", help="list the registered extractors")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=cmd_extractors)
    return parser


def _selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--extractor", action="append", help="repeatable; default all")
    parser.add_argument("--capture", action="append", help="repeatable; default all")
    parser.add_argument("--captures", type=Path, help="folder of captures")
    parser.add_argument("--goldens", type=Path, help="folder of goldens")


def _context(args: argparse.Namespace) -> tuple[configuration.Config, list[Extractor]]:
    config = configuration.load().with_paths(captures=args.captures, goldens=args.goldens)
    extractors = registry.build(config.extractors).select(args.extractor)
    return config, extractors


def cmd_run(args: argparse.Namespace) -> int:
    config, extractors = _context(args)
    outcomes = [
        runner.check(e, c, config) for e, c in runner.cases(config, extractors, args.capture)
    ]
    if args.format == "json":
        print(report.as_json(outcomes))
    else:
        print(report.matrix(outcomes))
        failing = [o for o in outcomes if o.failed]
        for outcome in failing:
            print()
            print(report.explain(outcome))
        print()
        print(report.summary_line(outcomes))
    return 1 if any(o.failed for o in outcomes) else 0


def cmd_approve(args: argparse.Namespace) -> int:
    if not (args.all or args.extractor or args.capture):
        raise HarnessError(
            "says nothing to approve",
            where="harness approve",
            fix="name --extractor and/or --capture, or give --all",
        )
    config, extractors = _context(args)
    written = 0
    for extractor, capture in runner.cases(config, extractors, args.capture):
        outcome = runner.check(extractor, capture, config)
        if outcome.status in ("new", "drift", "changed") and isinstance(capture, Capture):
            path = runner.approve(outcome, capture, reason=args.reason)
            print(f"approved {outcome.extractor}[{outcome.capture}] -> {path}")
            written += 1
        elif outcome.status == "error":
            print(f"not approved: {report.explain(outcome)}", file=sys.stderr)
    print(f"{written} golden(s) written")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    capture = _page(args.path, args.kind)
    extractors = registry.build(configuration.load().extractors).select(args.extractor)
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
    print(json.dumps(out, indent=2, ensure_ascii=False, sort_keys=True))
    return 0


def _page(path: Path, kind: str | None) -> Capture:
    if path.is_dir():
        return load_capture(path)
    if not path.is_file():
        raise HarnessError("does not exist", where=path, fix="give a page file or a capture folder")
    return page_capture(path, kind)


def cmd_extractors(args: argparse.Namespace) -> int:
    found = registry.build(configuration.load().extractors)
    rows = [e.describe() for e in found.extractors.values()]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        state = "available" if row["available"] else f"unavailable: {row['reason']}"
        kinds, fields = ",".join(row["kinds"]), ",".join(row["fields"])
        print(f"{row['name']:<16} {row['version']:<10} {kinds:<10} {fields:<44} {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
