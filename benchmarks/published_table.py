"""Reproduce the article-extraction-benchmark's published body F1 table with the harness's scores.

Run from the project root:

    python benchmarks/published_table.py [--corpus DIR] [--jobs N] [--extractor NAME]...

It scores every registered extractor that has a published figure on the 181 pages of
../shared/corpus/article-extraction-benchmark and prints a Markdown table: our precision,
recall and F1 ± bootstrap std beside the published F1 (and the version it was measured with).
Exit 1 when an F1 is further from the published one than its tolerance and no known cause is
noted. About a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import config, registry  # noqa: E402
from harness.corpus.capture import Capture, iter_captures  # noqa: E402
from harness.running.progress import Progress  # noqa: E402
from harness.scoring import score  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "article-extraction-benchmark"


@dataclass(frozen=True)
class Published:
    """A published figure (corpus README), the tolerance we hold it to, and a known cause."""

    f1: float
    version: str
    tolerance: float = 0.03
    precision: float | None = None
    recall: float | None = None
    cause: str = ""


PUBLISHED: dict[str, Published] = {
    "trafilatura": Published(0.958, "2.0.0", 0.02, 0.938, 0.978),
    "readability": Published(
        0.922,
        "0.8.4.1",
        cause="readability-lxml 0.9 extracts more; with 0.8.4.1 this scorer gives F1 0.9215",
    ),
    "goose3": Published(0.896, "3.1.20", precision=0.940, recall=0.856),
    "justext": Published(
        0.804,
        "3.0.2",
        cause="the stoplist of each page's language; with English on every page this scorer "
        "gives 0.792 (P 0.866, R 0.729)",
    ),
    "newspaper4k": Published(0.949, "0.9.3.1 (an earlier run)"),
    "inscriptis": Published(0.679, "?"),
    "html2text": Published(0.662, "?"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--extractor", action="append", help="default: all with a figure")
    args = parser.parse_args(argv)
    conf = config.load(ROOT)
    found = registry.build(conf.extractors)
    names = args.extractor or [n for n in PUBLISHED if n in found.extractors]
    extractors = found.select(names)
    captures = [c for c in iter_captures(args.corpus) if isinstance(c, Capture) and c.truth]
    started = time.perf_counter()
    total = len(captures) * len(extractors)
    with Progress(total, "scored", sys.stderr, unit="pages") as progress:
        scores = score.run(conf, captures, extractors, jobs=args.jobs, advance=progress.advance)
    seconds = time.perf_counter() - started
    lines, outside = table(scores, found.names())
    print("\n".join(lines))
    print(f"\n{len(captures)} pages, {seconds:.0f} s with {args.jobs} processes.")
    return 1 if outside else 0


def table(scores: score.Scores, registered: Sequence[str]) -> tuple[list[str], list[str]]:
    """Markdown rows, and the extractors outside their tolerance with no known cause."""
    lines = [
        "| extractor | ours (version) | P | R | F1 ± std | published F1 (version) | Δ F1 | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    outside = []
    for name, figure in PUBLISHED.items():
        ours = scores.extractors.get(name)
        if ours is None or ours.body is None:
            why = scores.skipped.get(name) or ("not registered" if name not in registered else "")
            lines.append(f"| {name} | - | | | | {figure.f1:.3f} ({figure.version}) | | {why} |")
            continue
        body, delta = ours.body, ours.body.f1 - figure.f1
        within = abs(delta) <= figure.tolerance
        note = "within ±" + str(figure.tolerance) if within else f"outside ±{figure.tolerance}"
        if figure.cause:
            note += f": {figure.cause}"
        elif not within:
            outside.append(name)
        if ours.errors:
            note += f"; {ours.errors} page(s) raised, scored as empty"
        lines.append(
            f"| {name} | {ours.version} | {body.precision:.3f} | {body.recall:.3f} "
            f"| {body.f1:.3f} ± {body.f1_std:.3f} | {figure.f1:.3f} ({figure.version}) "
            f"| {delta:+.3f} | {note} |"
        )
    return lines, outside


if __name__ == "__main__":
    raise SystemExit(main())
