"""Drift clusters and paired quality on a real change of behaviour, and how long they take.

Run from the project root:

    python benchmarks/upgrade_clusters.py [--corpus DIR] [--new-options JSON]

The "upgrade" is trafilatura with its default settings (the goldens) against trafilatura with
other settings (default `{"favor_precision": true}`), on the 181 pages of
../shared/corpus/article-extraction-benchmark. It prints the drift clusters as `harness run`
does, the paired quality of the body, and the seconds that grouping and the paired bootstrap
took (the extraction itself is not counted). Exit 1 when trafilatura is not installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.comparison.compare import compare  # noqa: E402
from harness.comparison.tolerance import Tolerance  # noqa: E402
from harness.corpus.capture import Capture, iter_captures  # noqa: E402
from harness.extractors import trafilatura  # noqa: E402
from harness.goldens.golden import Golden  # noqa: E402
from harness.record import FIELDS  # noqa: E402
from harness.reports import upgrade  # noqa: E402
from harness.running.runner import Outcome, extract  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "article-extraction-benchmark"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--new-options", type=json.loads, default={"favor_precision": True})
    args = parser.parse_args(argv)
    old = trafilatura.extractor("trafilatura", {})
    new = trafilatura.extractor("trafilatura", args.new_options)
    if not old.available:
        print(f"trafilatura: {old.reason}", file=sys.stderr)
        return 1
    captures = [c for c in iter_captures(args.corpus) if isinstance(c, Capture) and c.truth]
    outcomes = []
    for capture in captures:
        before, after = extract(old, capture), extract(new, capture)
        comparison = compare(before, after, Tolerance(), FIELDS)
        golden = Golden("trafilatura", old.version, capture.id, capture.actual_sha256, before)
        status = "pass" if comparison.ok else "drift"
        outcomes.append(Outcome("trafilatura", capture.id, status, "", after, golden, comparison))
    truths = {c.id: c.truth for c in captures if c.truth is not None}
    started = time.perf_counter()
    found = upgrade.collect(outcomes, truths)
    seconds = time.perf_counter() - started
    drifted = sum(o.status == "drift" for o in outcomes)
    print(f"{len(captures)} pages, {drifted} drifted, {len(found.clusters)} clusters")
    print("\n".join(upgrade.cluster_lines(found)))
    print("\n".join(upgrade.quality_lines(found)))
    print(f"\nclusters and paired quality (2000 resamples a field): {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
