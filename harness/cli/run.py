"""`harness run` and `harness approve`: the matrix, and writing goldens."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from harness import report, runner
from harness.capture import Capture
from harness.cli import add_selection, context
from harness.errors import HarnessError


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="every extractor over every capture, compared with goldens")
    add_selection(run)
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.set_defaults(handler=cmd_run)
    approve = sub.add_parser("approve", help="write the current outputs as goldens")
    add_selection(approve)
    approve.add_argument("--all", action="store_true", help="approve every failing cell")
    approve.add_argument("--reason", help="kept in the golden")
    approve.set_defaults(handler=cmd_approve)


def cmd_run(args: argparse.Namespace) -> int:
    config, extractors = context(args)
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
    config, extractors = context(args)
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
