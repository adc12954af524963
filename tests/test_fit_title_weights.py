"""benchmarks/fit_title_weights.py: candidates are labelled by the title truth, and the fitted
softmax puts the title first."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
fitting = pytest.importorskip("fit_title_weights", reason="the benchmark needs inscriptis")

from harness.rendered.title import FEATURES  # noqa: E402

HEADLINE = "Water Utility Report Calls for Tougher Rules"
BODY = (
    "The committee published its final report on Tuesday, concluding a two-year inquiry "
    "into the collapse of the regional water utility and its consequences for customers.\n\n"
    "Its authors recommend that regulators gain new powers to inspect the finances of "
    "private utilities every year, and to replace their boards when they fail to invest.\n"
)


def test_candidates_are_labelled_by_the_title_truth() -> None:
    text = f"  \u2022 Home\n  \u2022 News\n\nRegional desk\n\n{HEADLINE} | Courier\n\n{BODY}"
    features, labels = fitting.page_candidates(text, HEADLINE, None)
    assert len(features) == len(labels) >= 2
    assert labels.count(True) == 1
    assert all(len(vector) == len(FEATURES) for vector in features)


def test_the_fitted_weights_rank_the_title_first() -> None:
    slug = FEATURES.index("slug")

    def vector(value: float) -> tuple[float, ...]:
        return tuple(value if k == slug else 0.5 for k in range(len(FEATURES)))

    pages = [
        fitting.Page("w3m", "tune", (vector(0.1), vector(0.8), vector(0.0)), (False, True, False)),
        fitting.Page("w3m", "tune", (vector(0.9), vector(0.2)), (True, False)),
    ]
    weights = fitting.fit(pages, l2=0.001, epochs=200)
    assert weights[slug] > 0
    assert fitting.accuracy(weights, pages) == (2, 2)
