"""Scaling of `harness run` with workers: trafilatura on the 181 pages of the
article-extraction-benchmark, 2 workers against 1.

Run from the project root:  python benchmarks/scaling.py [--rounds 2]

The same full cell path as benchmarks/overhead.py (goldens approved first, in a temporary
folder, trafilatura warmed up before the workers are forked); the two settings alternate
and the best round of each counts. The ratio is only
meaningful with two idle cores: `nproc` and the load average are printed with it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from overhead import approve_all, corpus, harness_run, project, warm_up

TARGET = 1.8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    rounds = parser.parse_args().rounds
    warm_up(corpus())
    times: dict[int, list[float]] = {1: [], 2: []}
    statuses: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        config, extractors = project(Path(folder), corpus())
        print(f"approval run: {dict(approve_all(config, extractors))}")
        for _ in range(rounds):
            for jobs in times:
                started = time.perf_counter()
                statuses.update(harness_run(config, extractors, jobs))
                times[jobs].append(time.perf_counter() - started)
    one, two = min(times[1]), min(times[2])
    speedup = one / two
    print(f"timed runs: {dict(statuses)}; rounds: {rounds}; cores: {os.cpu_count()};")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print(f"| harness run, 1 worker | {one:.2f} s |")
    print(f"| harness run, 2 workers | {two:.2f} s |")
    verdict = "met" if speedup >= TARGET else "MISSED"
    print(f"| speed-up, 2 workers over 1 | {speedup:.2f}x | target >= {TARGET}x: {verdict} |")


if __name__ == "__main__":
    main()
