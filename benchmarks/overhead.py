"""Overhead of `harness run` over a plain loop: trafilatura on the 181 pages of the
article-extraction-benchmark.

Run from the project root:  python benchmarks/overhead.py [--rounds 3]

The harness side is the full cell path of `harness run` with one worker: captures streamed
from the corpus folder, each cell checked in the isolated worker process, its record compared
with a golden approved beforehand (in a temporary folder), pending notes kept. The plain side
is a loop in a forked process reading each page, decoding it the same way
(`harness.decode`) and calling `trafilatura.bare_extraction` with the same arguments.
trafilatura is imported and warmed up on one page before either side is forked and timed;
the sides alternate, and the best round of each counts.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import config as configuration
from harness import decode, registry, runner
from harness import golden as goldens
from harness.capture import Capture, iter_captures, truth_url
from harness.cli import run
from harness.compare import compare
from harness.config import Config
from harness.record import normalise
from harness.registry import Entry

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "article-extraction-benchmark"
TARGET = 1.10


def corpus() -> Path:
    if not CORPUS.is_dir():
        sys.exit(f"benchmark corpus not found: {CORPUS} (expected ../shared/corpus/...)")
    return CORPUS


def project(folder: Path, captures: Path) -> tuple[Config, list[Entry]]:
    """A configuration reading `captures`, with goldens and pending under `folder`."""
    table = {"captures": str(captures), "goldens": "goldens", "enable": ["trafilatura"]}
    config = configuration.from_table(table, root=folder)
    return config, registry.from_config(config).select(["trafilatura"])


def harness_run(config: Config, extractors: list[Entry], jobs: int) -> Counter[str]:
    """What `harness run --jobs N` does before printing: every cell's (slim) outcome."""
    args = run.argparse.Namespace(
        capture=None, jobs=jobs, timeout=None, memory_mb=None, engine=None, scheduler=None
    )
    return Counter(o.slim().status for o in run.outcomes(args, config, extractors))


def approve_all(config: Config, extractors: list[Entry]) -> Counter[str]:
    """First run: approve every record, so the timed runs compare with goldens."""
    args = run.argparse.Namespace(
        capture=None, jobs=2, timeout=None, memory_mb=None, engine=None, scheduler=None
    )
    captures = {c.id: c for c in iter_captures(config.captures) if isinstance(c, Capture)}
    found: Counter[str] = Counter()
    for outcome in run.outcomes(args, config, extractors):
        found[outcome.status] += 1
        if outcome.status == "new":
            runner.approve(outcome, captures[outcome.capture])
    return found


def plain_loop(captures: Path) -> float:
    """Seconds of trafilatura over the pages, timed in a forked process (as the worker is)."""
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_plain, args=(captures, send))
    child.start()
    seconds: float = receive.recv()
    child.join()
    return seconds


def _plain(captures: Path, send: mp.connection.Connection) -> None:
    started = time.perf_counter()
    for folder in sorted(p for p in captures.iterdir() if p.is_dir()):
        extract_page(folder)
    send.send(time.perf_counter() - started)


def extract_page(folder: Path) -> None:
    """trafilatura on one page of the corpus, decoded as the harness decodes it."""
    import trafilatura

    data = (folder / "page.html").read_bytes()
    text = decode.decode(data, declared=decode.declared_charset(data)).text
    url = truth_url(folder)  # the capture's url (the corpus has no manifests)
    trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False)


def warm_up(captures: Path) -> None:
    """Import trafilatura and run it on one page here, so that its lazy set-up (about 0.2 s
    on the first page of a process) is done once, before the workers and the plain loop
    are forked from this process: every side starts equally warm."""
    extract_page(min(p for p in captures.iterdir() if p.is_dir()))


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    captures = corpus()
    warm_up(captures)
    with tempfile.TemporaryDirectory() as folder:
        config, extractors = project(Path(folder), captures)
        print(f"approval run: {dict(approve_all(config, extractors))}")
        harness_times, plain_times, statuses = [], [], Counter[str]()
        for _ in range(rounds):
            harness_times.append(timed(lambda: statuses.update(harness_run(config, extractors, 1))))
            plain_times.append(plain_loop(captures))
        steps = stages(config)
    best_harness, best_plain = min(harness_times), min(plain_times)
    ratio = best_harness / best_plain
    pages = sum(statuses.values()) // rounds
    print(f"timed runs: {dict(statuses)}; rounds: {rounds}")
    print(f"| harness run, 1 worker, {pages} pages | {best_harness:.2f} s |")
    print(f"| plain trafilatura loop | {best_plain:.2f} s |")
    print(f"| overhead ratio | {ratio:.3f} | target <= {TARGET:.2f}: {_verdict(ratio <= TARGET)} |")
    print(f"| harness's own steps, timed alone in-process | {sum(steps.values()):.2f} s |")
    for name, seconds in steps.items():
        print(f"| - {name} | {seconds:.2f} s |")


def stages(config: Config) -> dict[str, float]:
    """Seconds of the harness's own steps over all pages, timed in this process."""
    captures = [c for c in iter_captures(config.captures) if isinstance(c, Capture)]
    paths = [goldens.path_for(config.goldens, "trafilatura", c.id) for c in captures]
    approved = [goldens.read(p) for p in paths]
    records = [g.record for g in approved if g is not None]
    tolerance = config.policy.base
    return {
        "load captures (sha256, truth)": timed(lambda: list(iter_captures(config.captures))),
        "normalise records": timed(lambda: [normalise(r, source="x") for r in records]),
        "read goldens (with schema)": timed(lambda: [goldens.read(p) for p in paths]),
        "compare with goldens": timed(lambda: [compare(r, r, tolerance) for r in records]),
    }


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
