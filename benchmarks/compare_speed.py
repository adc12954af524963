"""Golden diff speed: `compare` of a 1 MB body with changed and moved paragraphs.

Run from the project root:  python benchmarks/compare_speed.py [--runs 7]

The body is synthetic (4,000 paragraphs of 40 words, about 1 MB); the actual record has 20
paragraphs changed, 10 moved and one added. Prints the median of the runs against the
target (< 50 ms) and, to show where the time goes, the median of each stage compare runs.
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deepdiff import DeepDiff

from harness.comparison.compare import compare, paragraph_diff
from harness.comparison.tolerance import Tolerance
from harness.record import Record
from harness.scoring.metrics import page_scores

TARGET_MS = 50.0
WORDS = ("the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was")


def bodies(paragraphs: int = 4000, seed: int = 0) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A golden body and an actual one: some paragraphs changed, some moved, one added."""
    rng = random.Random(seed)
    old = [
        " ".join(f"{rng.choice(WORDS)}{rng.randint(0, 999)}" for _ in range(40))
        for _ in range(paragraphs)
    ]
    new = list(old)
    for i in range(0, paragraphs, paragraphs // 20):
        new[i] += " (corrected)"
    for i in range(10):
        new.insert(paragraphs * 3 // 4 + i, new.pop(100 + 7 * i))
    new.insert(paragraphs // 2, "An added paragraph.")
    return tuple(old), tuple(new)


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    old, new = bodies()
    size = sum(len(p.encode()) + 2 for p in old)
    expected, actual = Record(body=old), Record(body=new)
    result = compare(expected, actual, Tolerance())
    body = result.field("body")
    total = median_ms(lambda: compare(expected, actual, Tolerance()), runs)
    verdict = "meets" if total < TARGET_MS else "MISSES"
    print(f"body: {len(old)} paragraphs, {size / 1e6:.2f} MB; found: {body.how}")
    print(f"| golden diff of a 1 MB body (median of {runs}) | {total:.1f} ms | target < 50 ms |")
    print(f"target: {verdict} (< {TARGET_MS:g} ms)")
    a, b = list(old), list(new)
    stages = {
        "DeepDiff of the records (body excluded, as compare does)": lambda: DeepDiff(
            expected.to_json(), actual.to_json(), exclude_paths=["root['body']"]
        ),
        "shingle F1 of the bodies (scoring only)": lambda: page_scores(
            "\n\n".join(a), "\n\n".join(b)
        ),
        "paragraph diff": lambda: paragraph_diff(a, b),
        "difflib matcher alone": lambda: difflib.SequenceMatcher(None, a, b, autojunk=False),
    }
    for name, work in stages.items():
        print(f"| {name} | {median_ms(work, runs):.1f} ms |")


if __name__ == "__main__":
    main()
