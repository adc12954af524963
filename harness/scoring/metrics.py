"""Body-text scores of the article-extraction-benchmark (scrapinghub).

Text is tokenised as ``re.findall(r"\\w+", text)`` (Unicode) and turned into a multiset of
4-word shingles. Per page, tp is the size of the multiset intersection of the truth's and the
prediction's shingles, fp the predicted count minus tp and fn the truth count minus tp.
A text with fewer than 4 tokens (but at least one) is a single shingle of all its tokens.

Empty texts follow the benchmark's evaluate.py. Per page, a page with nothing predicted
scores precision 1.0 (no wrong shingle) and a page with an empty truth scores recall 1.0,
but those vacuous values are flagged (``has_prediction``/``has_truth``) and left out of the
corpus means, exactly as evaluate.py averages precision only over pages with a non-empty
prediction and recall only over pages with a non-empty truth. So an empty prediction of a
non-empty truth counts as recall 0 and does not touch mean precision; both empty counts
nowhere. A corpus mean over no page is 0.0.

Over pages, precision and recall are averaged, and F1 is the harmonic mean of the two means.
``f1_std`` is the sample standard deviation of that F1 over ``BOOTSTRAP_ROUNDS`` resamples
of the pages (with replacement) drawn by ``random.Random(seed)``.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 4
BOOTSTRAP_ROUNDS = 1000
BOOTSTRAP_SEED = 0
_TOKEN = re.compile(r"\w+")

Shingle = tuple[str, ...]


@dataclass(frozen=True)
class PageScore:
    """Precision, recall and F1 of one page's predicted body against its truth."""

    precision: float
    recall: float
    f1: float
    has_prediction: bool = True
    has_truth: bool = True


@dataclass(frozen=True)
class CorpusScore:
    """Mean precision and recall over pages, their F1, and its bootstrap standard deviation."""

    precision: float
    recall: float
    f1: float
    f1_std: float
    pages: int


def tokens(text: str) -> list[str]:
    """The ``\\w+`` tokens of ``text``."""
    return _TOKEN.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Multiset of ``size``-token shingles; a shorter non-empty text is one shingle."""
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall (0 when both are 0)."""
    total = precision + recall
    return 0.0 if total == 0 else 2 * precision * recall / total


def page_scores(truth: str, predicted: str) -> PageScore:
    """Shingle precision, recall and F1 of ``predicted`` against ``truth``."""
    expected, found = shingles(truth), shingles(predicted)
    tp = sum((expected & found).values())
    fp = sum(found.values()) - tp
    fn = sum(expected.values()) - tp
    precision = 1.0 if tp + fp == 0 else tp / (tp + fp)
    recall = 1.0 if tp + fn == 0 else tp / (tp + fn)
    return PageScore(precision, recall, harmonic_mean(precision, recall), tp + fp > 0, tp + fn > 0)


def _means(scores: Sequence[PageScore]) -> tuple[float, float]:
    precisions = [score.precision for score in scores if score.has_prediction]
    recalls = [score.recall for score in scores if score.has_truth]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    return precision, recall


def _f1_of(scores: Sequence[PageScore]) -> float:
    return harmonic_mean(*_means(scores))


def bootstrap_f1_std(
    scores: Sequence[PageScore], rounds: int = BOOTSTRAP_ROUNDS, seed: int = BOOTSTRAP_SEED
) -> float:
    """Standard deviation of corpus F1 over ``rounds`` resamples of pages, with replacement."""
    if len(scores) < 2:
        return 0.0
    rng = random.Random(seed)
    samples = [_f1_of(rng.choices(scores, k=len(scores))) for _ in range(rounds)]
    return statistics.stdev(samples)


def aggregate(scores: Sequence[PageScore], seed: int = BOOTSTRAP_SEED) -> CorpusScore:
    """Corpus score of already computed page scores."""
    precision, recall = _means(scores)
    return CorpusScore(
        precision=precision,
        recall=recall,
        f1=harmonic_mean(precision, recall),
        f1_std=bootstrap_f1_std(scores, seed=seed),
        pages=len(scores),
    )


def corpus_scores(pairs: Iterable[tuple[str, str]], seed: int = BOOTSTRAP_SEED) -> CorpusScore:
    """Corpus score of ``(truth, predicted)`` body pairs."""
    return aggregate([page_scores(truth, predicted) for truth, predicted in pairs], seed=seed)
