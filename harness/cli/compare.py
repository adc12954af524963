"""`harness compare A B`: two extractors over the same captures, no goldens: where they differ.

Both run in the isolated worker processes `harness run` uses (same --jobs, --timeout,
--memory-mb, --engine, --allow-network); their fields are learnt from a worker that builds
them; nothing is read from or written to goldens or pending.

Either side may be `NAME@VERSION` (`harness compare trafilatura trafilatura@2.0.0`): that
side runs in a rehearsal environment (`harness.running.environment`) where the extractor's
distribution is at VERSION, through `harness run` there; its records come back through that
run's pending outputs, kept in a temporary folder (`harness.running.rehearsal.records`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import config as configuration
from harness import output, registry
from harness.cli.run import add_execution, execute, limits
from harness.errors import UsageError
from harness.extractor import Extractor

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.comparison import versus
    from harness.running import runner


def register(sub: Any) -> None:
    cmd = sub.add_parser(
        "compare", help="two extractors over the same captures: per field, how often they differ"
    )
    cmd.add_argument("left", metavar="A", help="an extractor name, or NAME@VERSION")
    cmd.add_argument(
        "right", metavar="B", help="another extractor name (or configuration), or NAME@VERSION"
    )
    cmd.add_argument("--captures", type=Path, help="folder of captures or a WARC file")
    cmd.add_argument("--capture", action="append", help="repeatable; default all")
    cmd.add_argument("--format", choices=("table", "json"), default="table")
    cmd.add_argument(
        "--top",
        type=configuration.option("top"),
        default=10,
        help="most different pages listed (10)",
    )
    cmd.add_argument(
        "--find-links", type=Path, action="append", metavar="DIR", help="wheels for NAME@VERSION"
    )
    cmd.add_argument("--no-index", action="store_true", help="install from --find-links only")
    add_execution(cmd)
    cmd.set_defaults(handler=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    from harness.comparison import versus
    from harness.running import pool, runner

    if args.left == args.right:
        raise UsageError(
            f"compares {args.left} with itself",
            where="harness compare",
            fix="name two extractors, or register a second configuration with "
            "[tool.harness.extractors.NAME] use = ...",
        )
    if args.top < 0:
        raise UsageError(
            f"{args.top} is not a number of pages", where="--top", fix="give 0 or more"
        )
    config = configuration.load().with_paths(captures=args.captures)
    if "@" in args.left or "@" in args.right:
        return _show(args, *versions(args, config))
    left, right = registry.from_config(config).select([args.left, args.right])
    _, bounds = limits(args, config)
    known = pool.probe(config, [left.name, right.name], bounds)  # built in a worker, not here
    left_fields, right_fields = (_fields(known[e.name]) for e in (left, right))
    fields = [f for f in left_fields if f in right_fields]
    with tempfile.TemporaryDirectory(prefix="harness-compare-") as nowhere:
        blind = replace(config, goldens=Path(nowhere))  # no golden read: every record is "new"
        found = execute(args, blind, runner.cases(blind, [left, right], args.capture))
        failed: set[str] = set()
        result = versus.versus(
            left.name,
            right.name,
            pairs(_noting_errors(found, failed)),
            tolerance=config.policy.base,
            fields=fields,
            top=args.top,
        )
    return _show(args, result, failed)


def _show(args: argparse.Namespace, result: versus.Versus, failed: set[str]) -> int:
    print(output.dumps(result.to_json(), indent=2) if args.format == "json" else table(result))
    if failed:
        print(
            f"harness: {', '.join(sorted(failed))} failed on some pages (left out above)",
            file=sys.stderr,
        )
    return 1 if failed else 0


def versions(
    args: argparse.Namespace, config: configuration.Config
) -> tuple[versus.Versus, set[str]]:
    """The comparison when a side is NAME@VERSION, and the sides that failed on a page:
    each side's records come from `harness run`, in a rehearsal environment for a
    versioned side, in this one otherwise."""
    from harness.comparison import versus
    from harness.record import Record

    (left, left_fields), (right, right_fields) = (
        _side(args, config, label) for label in (args.left, args.right)
    )
    pairs, failed = [], set()
    for capture, a in left.items():
        b = right.get(capture, {"problem": "no record"})
        sides = ((args.left, a), (args.right, b))
        failed |= {label for label, r in sides if str(r.get("problem", "")).startswith("error")}
        problem = "; ".join(f"{label} {r['problem']}" for label, r in sides if "problem" in r)
        records = [None if "problem" in r else Record.from_json(r) for r in (a, b)]
        pairs.append(versus.Pair(capture, records[0], records[1], problem))
    fields = [f for f in left_fields if f in right_fields]
    found = versus.versus(
        args.left, args.right, pairs, tolerance=config.policy.base, fields=fields, top=args.top
    )
    return found, failed


def _side(
    args: argparse.Namespace, config: configuration.Config, label: str
) -> tuple[dict[str, Any], list[str]]:
    """One side's records by capture, and the fields its extractor gives."""
    from harness.cli.rehearse import execution_arguments
    from harness.running import environment, rehearsal

    name, _, version = label.partition("@")
    entry = registry.from_config(config).get(name)
    built = None
    if version:
        request = environment.Request(
            (f"{_distribution(entry, label)}=={version}",),
            tuple(args.find_links or ()),
            bool(args.no_index),
        )
        request.parsed()
        built = environment.ensure(config.envs, request)
    arguments = ["--extractor", name, "--captures", str(config.captures)]
    for capture in args.capture or ():
        arguments += ["--capture", capture]
    arguments += execution_arguments(args)
    python = built.python if built else Path(sys.executable)
    fields = rehearsal.described(python, [name]).get(name, {}).get("fields", [])
    return rehearsal.records(built, arguments).get(name, {}), list(fields)


def _distribution(entry: registry.Entry, label: str) -> str:
    found = registry.distribution(entry)
    if found is None:
        raise UsageError(
            f"{entry.name} belongs to no distribution whose version could be chosen",
            where=f"harness compare {label}",
            fix="name an extractor a package provides (harness extractors), or rehearse "
            "the library it uses: harness rehearse 'DISTRIBUTION==VERSION'",
        )
    return found


def _noting_errors(
    outcomes: Iterable[runner.Outcome], failed: set[str]
) -> Iterator[runner.Outcome]:
    """The outcomes, noting in `failed` each extractor that had an error cell."""
    for outcome in outcomes:
        if outcome.status == "error":
            failed.add(outcome.extractor)
        yield outcome


def _fields(found: Extractor | str) -> tuple[str, ...]:
    """The fields a probed extractor gives; a broken one gives none (its cells say why)."""
    return found.fields if isinstance(found, Extractor) else ()


def pairs(outcomes: Iterable[runner.Outcome]) -> Iterator[versus.Pair]:
    """Consecutive outcomes (A then B on each capture) as pairs of records."""
    from harness.comparison import versus

    found = iter(outcomes)
    for a in found:
        b = next(found)
        assert a.capture == b.capture, (a.capture, b.capture)
        problem = "; ".join(
            f"{o.extractor} {o.status}: {o.message}" for o in (a, b) if o.record is None
        )
        yield versus.Pair(a.capture, a.record, b.record, problem)


def table(result: versus.Versus) -> str:
    """The report as text: the fields, then the most different pages, then what was left out."""
    lines = [f"{result.left} vs {result.right}: {result.pages} page(s) compared", ""]
    rows = [["field", "differ", "rate", f"how ({result.right} against {result.left})"]]
    for stats in result.fields:
        how = ", ".join(f"{kind} {n}" for kind, n in stats.kinds)
        if stats.name == "body" and result.mean_body_similarity is not None:
            how = f"mean similarity {result.mean_body_similarity:.3f}" + (f"; {how}" if how else "")
        rows.append([stats.name, str(stats.differ), f"{stats.rate:.1%}", how])
    lines += _columns(rows)
    if result.top:
        lines += ["", "most different (magnitude = differing fields + 1 - body similarity):"]
        rows = [["magnitude", "capture", "fields", "body similarity"]]
        rows += [
            [
                f"{p.magnitude:.3f}",
                p.capture,
                ", ".join(p.fields) or "-",
                f"{p.body_similarity:.3f}",
            ]
            for p in result.top
        ]
        lines += _columns(rows)
    if result.problems:
        lines += ["", f"{len(result.problems)} page(s) left out:"]
        lines += [f"  {capture}: {problem}" for capture, problem in result.problems]
    return "\n".join(lines)


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
