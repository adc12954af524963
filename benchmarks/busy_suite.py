"""The test suite on a busy machine: it must pass every time while other work keeps every
core busy, because CI machines are shared and a test that races the clock fails there first.

Run from the project root:

    python benchmarks/busy_suite.py [--rounds 3] [--burners N] [-- COMMAND ...]

It starts N processes that spin on a core each (default: as many as there are cores), runs
the command (default: `tox -e py311`) `--rounds` times in a row, stops the spinners, and
prints each round's exit status and wall time. Exit 1 when any round failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import time
from collections.abc import Sequence


def spin() -> None:
    """Keep one core busy until killed."""
    count = 0
    while True:
        count = (count * 31 + 7) % 1_000_003


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burners", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("command", nargs="*", default=["tox", "-e", "py311"])
    args = parser.parse_args(argv)
    burners = [mp.Process(target=spin, daemon=True) for _ in range(args.burners)]
    for burner in burners:
        burner.start()
    failed = 0
    try:
        for round_number in range(1, args.rounds + 1):
            started = time.perf_counter()
            done = subprocess.run(args.command, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            last = (done.stdout.strip().splitlines() or [""])[-1]
            print(f"round {round_number}: exit {done.returncode} in {seconds:.0f} s  {last}")
            if done.returncode != 0:
                failed += 1
                print(done.stdout[-4000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
    finally:
        for burner in burners:
            burner.kill()
    print(f"{args.rounds - failed} of {args.rounds} rounds passed with {args.burners} busy cores")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
