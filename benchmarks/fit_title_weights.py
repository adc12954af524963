"""Fit the text extractor's title weights (``harness.rendered.title._WEIGHTS``).

Run from the project root:
    python benchmarks/fit_title_weights.py [--renderer w3m --renderer inscriptis ...]

Every page of the reference corpus with a title truth is rendered to text; the lines the
extractor considers (``heading_candidates``) are described by ``title_features`` and labelled
by whether they are the title (the page's only ``<h1>`` of 3+ words on article and htmldate
pages, the published title on readability pages). A softmax over each page's candidates is
fitted on the tuning half only (first half of each source by sorted case id), with a small L2
penalty, and the script prints the weights to paste into ``title.py`` with the share of pages
whose chosen candidate is right, on both halves, against the weights in use now. Nothing is
written. Pure Python: a minute or two per renderer.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_extractor import (  # noqa: E402
    SOURCES,
    ChromiumRenderer,
    load_cases,
    render_w3m,
    title_matches,
)

from harness.rendered import render_html  # noqa: E402
from harness.rendered import title as titles  # noqa: E402
from harness.rendered.blocks import split_lines  # noqa: E402
from harness.rendered.body import article_region  # noqa: E402

Vector = tuple[float, ...]


@dataclass(frozen=True)
class Page:
    renderer: str
    half: str
    features: tuple[Vector, ...]  # one per candidate line
    is_title: tuple[bool, ...]


def vector(features: dict[str, float]) -> Vector:
    return tuple(features[name] for name in titles.FEATURES)


def page_candidates(text: str, truth: str, url: str | None) -> tuple[list[Vector], list[bool]]:
    lines = split_lines(text)
    region = article_region(lines)
    if region is None:
        return [], []
    page = titles.read_page(lines, region.start, url)
    candidates = titles.heading_candidates(page)
    features = [vector(titles.title_features(page, line)) for line in candidates]
    labels = [title_matches(truth, titles.strip_suffix(line.text)) for line in candidates]
    return features, labels


def collect(corpus: Path, renderer: str) -> list[Page]:
    chromium = ChromiumRenderer() if renderer == "chromium" else None
    render = {"w3m": render_w3m, "inscriptis": render_html}.get(renderer, chromium)
    assert render is not None
    try:
        cases = load_cases(corpus, render)
    finally:
        if chromium is not None:
            chromium.close()
    pages = []
    for case in cases:
        truth = case.truth.get("title") if case.source == "readability" else case.h1
        if not truth:
            continue
        features, labels = page_candidates(case.text, str(truth), case.truth.get("url"))
        if features:
            pages.append(Page(renderer, case.half, tuple(features), tuple(labels)))
    return pages


def score(weights: Sequence[float], features: Vector) -> float:
    return sum(w * f for w, f in zip(weights, features, strict=True))


def accuracy(weights: Sequence[float], pages: Sequence[Page]) -> tuple[int, int]:
    hits = 0
    for page in pages:
        scores = [score(weights, f) for f in page.features]
        hits += page.is_title[max(range(len(scores)), key=scores.__getitem__)]
    return hits, len(pages)


def fit(pages: Sequence[Page], l2: float, epochs: int, rate: float = 0.05) -> list[float]:
    """Minimise the mean negative log-probability of the title lines under a softmax over
    each page's candidates, plus ``l2``/2 times the squared weights (Adam, full batch)."""
    usable = [p for p in pages if any(p.is_title)]
    size = len(titles.FEATURES)
    weights, first, second = [0.0] * size, [0.0] * size, [0.0] * size
    for step in range(1, epochs + 1):
        gradient = [l2 * w for w in weights]
        for page in usable:
            scores = [score(weights, f) for f in page.features]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            probs = [e / total for e in exps]
            right = sum(p for p, y in zip(probs, page.is_title, strict=True) if y)
            for features, p, y in zip(page.features, probs, page.is_title, strict=True):
                weight = p - (p / right if y else 0.0)
                if weight:
                    for k in range(size):
                        gradient[k] += weight * features[k] / len(usable)
        for k in range(size):
            first[k] = 0.9 * first[k] + 0.1 * gradient[k]
            second[k] = 0.999 * second[k] + 0.001 * gradient[k] ** 2
            mean, spread = first[k] / (1 - 0.9**step), second[k] / (1 - 0.999**step)
            weights[k] -= rate * mean / (math.sqrt(spread) + 1e-8)
    return weights


def report(name: str, weights: Sequence[float], pages: Sequence[Page]) -> None:
    for half in ("tune", "held-out"):
        group = [p for p in pages if p.half == half]
        reachable = [p for p in group if any(p.is_title)]
        hits, _ = accuracy(weights, group)
        print(f"  {name:8s} {half:8s} {hits}/{len(group)} pages ({len(reachable)} reachable)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--renderer", action="append", choices=("w3m", "inscriptis", "chromium"))
    parser.add_argument("--l2", type=float, default=0.001)
    parser.add_argument("--epochs", type=int, default=600)
    args = parser.parse_args(argv)
    renderers = args.renderer or ["w3m", "inscriptis"]
    if not all((args.corpus / source).is_dir() for source in SOURCES):
        print(f"corpus not found at {args.corpus}: pass --corpus PATH", file=sys.stderr)
        return 2
    if "w3m" in renderers and shutil.which("w3m") is None:
        print("w3m is not installed: apt-get install w3m, or pass --renderer inscriptis")
        return 2
    if "chromium" in renderers and ChromiumRenderer.missing():
        print(f"chromium renderer needs {ChromiumRenderer.missing()}: apt-get install chromium")
        return 2
    pages = [page for renderer in renderers for page in collect(args.corpus, renderer)]
    weights = fit([p for p in pages if p.half == "tune"], args.l2, args.epochs)
    for renderer in renderers:
        print(f"{renderer}: chosen candidate is the title")
        group = [p for p in pages if p.renderer == renderer]
        report("in use", vector(titles._WEIGHTS), group)
        report("fitted", weights, group)
    print("_WEIGHTS: dict[str, float] = {")
    for name, weight in zip(titles.FEATURES, weights, strict=True):
        print(f'    "{name}": {weight:.2f},')
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
