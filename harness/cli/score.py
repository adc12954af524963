"""`harness score`: extractors against the truth of the captures that have one, and the gate.

Exit 0 when scored (and the gate holds), 1 when a score fell below its pinned floor by more
than the tolerance, 2 on a usage or input error (a floor that --update would lower included).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import config as configuration
from harness import output
from harness.cli import add_network
from harness.comparison import dates
from harness.errors import HarnessError, UsageError
from harness.running.progress import Progress

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.corpus.capture import Capture
    from harness.corpus.remote import Remote
    from harness.scoring import score

WORST = 10


def register(sub: Any) -> None:
    p = sub.add_parser("score", help="score extractors against captures' truth (no goldens)")
    p.add_argument("--captures", help="folder of captures (those with a truth.json), or a URL")
    p.add_argument("--extractor", action="append", help="repeatable; default all")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    p.add_argument("--date-precision", choices=dates.PRECISIONS, default="day")
    p.add_argument(
        "--jobs",
        type=configuration.option("jobs"),
        default=min(os.cpu_count() or 1, 8),
        help="processes",
    )
    p.add_argument(
        "--worst",
        type=configuration.option("worst"),
        default=WORST,
        help="worst pages listed (table, markdown)",
    )
    p.add_argument("--baseline", type=Path, help="gate: fail when a score drops below its floor")
    p.add_argument("--update", action="store_true", help="re-pin the floors in --baseline")
    p.add_argument("--allow-regression", action="store_true", help="let --update lower a floor")
    p.add_argument(
        "--tolerance",
        type=configuration.option("tolerance"),
        default=0.01,
        help="noise allowed overall",
    )
    p.add_argument(
        "--page-tolerance",
        type=configuration.option("page_tolerance"),
        default=0.05,
        help="noise allowed per page",
    )
    add_network(p)
    p.set_defaults(handler=cmd_score)


def cmd_score(args: argparse.Namespace) -> int:
    from harness import registry
    from harness.running import pool
    from harness.scoring import score

    _check_usage(args)
    config = configuration.load().with_paths(captures=args.captures)
    extractors = registry.from_config(config).select(args.extractor)
    captures = _with_truth(config.captures)
    total = len(captures) * len(extractors)
    bounds = pool.Limits(config.timeout, config.memory_mb, allow_network=args.allow_network)
    with Progress(total, "scored", output.trusted(sys.stderr), unit="pages") as progress:
        scores = score.run(
            config,
            captures,
            extractors,
            args.date_precision,
            jobs=args.jobs,
            limits=bounds,
            advance=progress.advance,
        )
    for name, reason in scores.skipped.items():
        print(f"harness: {name} not scored: {reason}", file=sys.stderr)
    print(render(scores, args.format, args.worst))
    failed = _failed(scores)
    if args.baseline is None:
        return 1 if failed else 0
    scored = [e.name for e in extractors if e.name not in scores.skipped]
    return max(_gate(args, scores, captures, scored), 1 if failed else 0)


def _failed(scores: score.Scores) -> bool:
    """Say which extractors failed on which pages (scored as empty records); True if any."""
    pages = [p for p in scores.pages if p.error is not None]
    for name in sorted({p.extractor for p in pages}):
        count = sum(p.extractor == name for p in pages)
        print(
            f"harness: {name} failed on {count} page(s), scored as empty records (0): "
            "see the error of each page; exit 1",
            file=sys.stderr,
        )
    return bool(pages)


def _check_usage(args: argparse.Namespace) -> None:
    if args.update and args.baseline is None:
        raise UsageError("--update needs --baseline FILE", where="harness score")
    if args.allow_regression and not args.update:
        raise UsageError("--allow-regression only applies with --update", where="harness score")
    if args.tolerance < 0 or args.page_tolerance < 0 or args.jobs < 1:
        raise UsageError(
            "--tolerance and --page-tolerance must be >= 0, --jobs >= 1", where="harness score"
        )


def _with_truth(root: Path | Remote) -> list[Capture]:
    from harness.corpus.capture import CaptureProblem, iter_captures

    found: list[Capture] = []
    for capture in iter_captures(root):
        if isinstance(capture, CaptureProblem):
            print(f"harness: {capture.folder}: {capture.message} (skipped)", file=sys.stderr)
        elif capture.truth is not None:
            found.append(capture)
    if not found:
        raise HarnessError(
            "holds no capture with a truth.json",
            where=str(root),
            fix="point --captures at a folder whose captures have a truth.json",
        )
    return found


def _gate(
    args: argparse.Namespace, scores: score.Scores, captures: list[Capture], names: list[str]
) -> int:
    from harness.scoring import gate

    current = gate.measured(scores, gate.corpus_digests(captures))
    if args.update:
        verdict = gate.update(args.baseline, current, allow_regression=args.allow_regression)
        for note in verdict.notes:
            print(f"harness: {note}", file=sys.stderr)
        print(f"harness: floors pinned in {args.baseline}", file=sys.stderr)
        return 0
    noise = gate.Noise(overall=args.tolerance, page=args.page_tolerance)
    verdict = gate.check(args.baseline, current, noise, names)
    for note in verdict.notes:
        print(f"harness: {note}", file=sys.stderr)
    if verdict.ok:
        print(f"harness: every score holds its floor in {args.baseline}", file=sys.stderr)
        return 0
    print(f"harness: {len(verdict.drops)} score(s) below their floor:", file=sys.stderr)
    for drop in verdict.drops:
        print(f"  {drop.text()}", file=sys.stderr)
    print(
        f"  fix the regression, or accept it: harness score --baseline {args.baseline} "
        "--update --allow-regression",
        file=sys.stderr,
    )
    return 1


def render(scores: score.Scores, form: str, worst: int = WORST) -> str:
    """The scores as JSON, a plain table, or Markdown tables."""
    if form == "json":
        return output.dumps(scores.to_json(), indent=2)
    head, rows = _extractor_rows(scores)
    page_head, page_rows = _page_rows(scores, worst)
    shown = f"worst {len(page_rows)} of {len(scores.pages)} pages"
    if form == "markdown":
        return "\n".join(
            [_markdown(head, rows), "", f"**{shown}**", "", _markdown(page_head, page_rows)]
        )
    return "\n".join([_plain(head, rows), "", shown, _plain(page_head, page_rows)])


def _extractor_rows(scores: score.Scores) -> tuple[list[str], list[list[str]]]:
    head = ["extractor", "version", "pages", "errors", "body P", "body R", "body F1", "title"]
    head += ["published", "updated"]
    rows = []
    for name, s in sorted(scores.extractors.items()):
        b = s.body
        body = ["-", "-", "-"] if b is None else [f"{b.precision:.3f}", f"{b.recall:.3f}"]
        if b is not None:
            body.append(f"{b.f1:.3f} ± {b.f1_std:.3f}")
        dated = [_dated(s.published), _dated(s.updated)]
        rows.append([name, s.version, str(s.pages), str(s.errors), *body, _acc(s.title), *dated])
    return head, rows


def _acc(found: score.FieldAccuracy | None) -> str:
    return "-" if found is None else f"{found.accuracy:.3f} ({found.pages})"


def _dated(found: score.FieldAccuracy | None) -> str:
    if found is None:
        return "-"
    return f"{found.accuracy:.3f} ({found.wrong} wrong, {found.missing} missing of {found.pages})"


def _page_rows(scores: score.Scores, worst: int) -> tuple[list[str], list[list[str]]]:
    head = ["capture", "extractor", "score", "body F1", "title", "published", "updated", "error"]
    rows = []
    for page in scores.pages[: max(worst, 0)]:
        f1 = "-" if page.body is None else f"{page.body.f1:.3f}"
        title = "-" if page.title_ok is None else ("ok" if page.title_ok else "wrong")
        error = (page.error or "")[:60]
        dated = [page.published or "-", page.updated or "-"]
        rows.append([page.capture, page.extractor, f"{page.score:.3f}", f1, title, *dated, error])
    return head, rows


def _plain(head: list[str], rows: Sequence[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    top = "  ".join(v.ljust(w) for v, w in zip(head, widths, strict=True)).rstrip()
    return "\n".join([top, "  ".join("-" * w for w in widths), *lines])


def _markdown(head: list[str], rows: Sequence[list[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_md_cell(c) for c in cells) + " |"

    return "\n".join([line(head), "|" + "---|" * len(head), *(line(r) for r in rows)])


def _md_cell(text: str) -> str:
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("\n", " ")):
        text = text.replace(raw, safe)
    return text
