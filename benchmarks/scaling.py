"""Scaling of `harness run` with workers: trafilatura on the pages of the
article-extraction-benchmark, 2 workers against 1, both timed as whole processes.

Run from the project root:  python benchmarks/scaling.py [--corpus DIR] [--rounds 3]

The same project as benchmarks/overhead.py (goldens approved first, in a temporary folder,
so every cell is compared); `harness run --jobs 1` and `--jobs 2` alternate, each a fresh
process timed from its start to its exit, and the best round of each counts. The ratio is
only meaningful with two idle cores: the core count and the load average are printed with it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import approved_project, best_of, corpus, harness, load_line, verdict

TARGET = 1.8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, help="folder of page folders (default: shared)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    captures = corpus(args.corpus)
    with tempfile.TemporaryDirectory(prefix="harness-scaling-") as folder:
        project = approved_project(Path(folder), captures)
        run = ("run", "--no-cache", "--extractor", "trafilatura", "--jobs")
        sides = {"1": harness(*run, "1"), "2": harness(*run, "2")}
        found = best_of(sides, project, args.rounds)
    one, two = found["1"], found["2"]
    speedup = one.wall / two.wall
    print(f"best of {args.rounds} rounds, whole processes; {load_line()}")
    print(
        f"| harness run --extractor trafilatura --jobs 1 | {one.wall:.2f} s | CPU {one.cpu:.2f} s |"
    )
    print(
        f"| harness run --extractor trafilatura --jobs 2 | {two.wall:.2f} s | CPU {two.cpu:.2f} s |"
    )
    met = verdict(speedup >= TARGET)
    print(f"| speed-up, 2 workers over 1 | {speedup:.2f}x | target >= {TARGET}x: {met} |")


if __name__ == "__main__":
    main()
