"""Rehearse older versions of libraries against goldens approved on the pinned ones.

Run from the project root (it installs the older versions from the package index):

    python benchmarks/rehearse_history.py [--corpus DIR] [--extractor NAME]... [--jobs N]

For each library (trafilatura 2.0.0, readability-lxml 0.8.4.1), in a temporary project whose
captures are the 181 article-extraction-benchmark pages read in place: goldens approved with
the pinned version (`harness run`, `harness approve --all`), then `harness rehearse
LIB==OLD --format json`. It prints the cells drifted and in which fields, the clusters and the
paired quality interval when the run's JSON has them, and the body F1 of each side against
each page's truth.json (the harness's scorer, `harness.scoring.metrics`), the older side
checked against its published figure. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.corpus.capture import Capture, iter_captures  # noqa: E402
from harness.record import Record  # noqa: E402
from harness.running import environment, rehearsal  # noqa: E402
from harness.scoring import metrics  # noqa: E402
from harness.scoring.score import body_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "article-extraction-benchmark"


@dataclass(frozen=True)
class Case:
    """An extractor, the older requirement to rehearse, and that version's published F1."""

    extractor: str
    requirement: str
    published: float
    tolerance: float


CASES = {
    "trafilatura": Case("trafilatura", "trafilatura==2.0.0", 0.958, 0.02),
    "readability": Case("readability", "readability-lxml==0.8.4.1", 0.922, 0.03),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--extractor", action="append", choices=sorted(CASES))
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    truths = {c.id: c.truth for c in iter_captures(corpus) if isinstance(c, Capture) and c.truth}
    print(
        "| rehearsal | cells drifted | fields drifted | body F1 pinned | body F1 rehearsed "
        "| published F1 | paired Δ F1 | clusters | seconds |\n|---|---|---|---|---|---|---|---|---|"
    )
    outside = False
    for name in args.extractor or list(CASES):
        row, ok = rehearse(CASES[name], corpus, truths, args.jobs)
        print(row, flush=True)
        outside |= not ok
    print(f"\n{len(truths)} pages with truth.")
    return 1 if outside else 0


def rehearse(case: Case, corpus: Path, truths: dict[str, Record], jobs: int) -> tuple[str, bool]:
    """One library rehearsed in a temporary project; its Markdown row and whether its older
    side's F1 is within the tolerance of the published figure."""
    home = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="rehearse-history-") as folder:
        project = Path(folder)
        (project / "pyproject.toml").write_text(
            f'[tool.harness]\ncaptures = "{corpus}"\ngoldens = "goldens"\n'
            f'enable = ["{case.extractor}"]\n'
        )
        os.chdir(project)
        try:
            execution = ["--extractor", case.extractor, "--jobs", str(jobs)]
            harness("run", *execution)
            harness("approve", "--all", check=True)
            started = time.perf_counter()
            document = json.loads(harness("rehearse", case.requirement, "--format", "json",
                                          *execution).stdout)  # fmt: skip
            seconds = time.perf_counter() - started
            built = environment.ensure(
                project / ".harness" / "envs", environment.Request((case.requirement,))
            )
            options = [*execution, "--captures", str(corpus)]
            pinned = f1(rehearsal.records(None, options)[case.extractor], truths)
            older = f1(rehearsal.records(built, options)[case.extractor], truths)
        finally:
            os.chdir(home)
    return _row(case, document, pinned, older, seconds)


def harness(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise SystemExit(f"harness {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def f1(records: dict[str, Any], truths: dict[str, Record]) -> metrics.CorpusScore:
    """Body scores of one side's records against the truths (a page without a record
    counts as an empty one)."""
    pairs = []
    for capture, truth in truths.items():
        found = records.get(capture, {"problem": "not run"})
        predicted = "" if "problem" in found else body_text(Record.from_json(found))
        pairs.append((body_text(truth), predicted))
    return metrics.corpus_scores(pairs)


def _row(
    case: Case,
    document: dict[str, Any],
    pinned: metrics.CorpusScore,
    older: metrics.CorpusScore,
    seconds: float,
) -> tuple[str, bool]:
    results = document.get("results", [])
    drifted = [r for r in results if r["status"] == "drift"]
    fields = Counter(f for r in drifted for f in r["drift"])
    versions = document["versions"]
    before = versions["before"]["distributions"]
    after = versions["after"]["distributions"]
    name = next(iter(before))
    ok = abs(older.f1 - case.published) <= case.tolerance
    check = f"{case.published:.3f} ({'within' if ok else 'outside'} ±{case.tolerance})"
    paired = _paired(document.get("quality"), case.extractor)
    clusters = len(document["clusters"]) if "clusters" in document else "-"
    return (
        f"| {name} {before[name]} → {after[name]} | {len(drifted)} of {len(results)} "
        f"| {', '.join(f'{k} {n}' for k, n in fields.most_common())} "
        f"| {pinned.f1:.3f} ± {pinned.f1_std:.3f} | {older.f1:.3f} ± {older.f1_std:.3f} "
        f"| {check} | {paired} | {clusters} | {seconds:.0f} |",
        ok,
    )


def _paired(quality: Any, extractor: str) -> str:
    """The paired body-F1 difference and its interval, when the run's JSON has them."""
    if not isinstance(quality, dict) or not isinstance(quality.get(extractor), dict):
        return "-"
    found = quality[extractor].get("body_f1") or quality[extractor].get("body")
    return json.dumps(found) if found is not None else "-"


if __name__ == "__main__":
    raise SystemExit(main())
