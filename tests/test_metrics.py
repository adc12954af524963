"""Hand-computed examples of the article-extraction-benchmark body metric."""

from __future__ import annotations

from collections import Counter

import pytest

from harness.scoring.metrics import (
    PageScore,
    aggregate,
    bootstrap_f1_std,
    corpus_scores,
    page_scores,
    shingles,
)


def test_shingles_are_a_multiset_of_four_token_windows() -> None:
    assert shingles("a b c d a b c d") == Counter(
        {
            ("a", "b", "c", "d"): 2,
            ("b", "c", "d", "a"): 1,
            ("c", "d", "a", "b"): 1,
            ("d", "a", "b", "c"): 1,
        }
    )


def test_tokens_are_unicode_words_and_punctuation_is_ignored() -> None:
    assert shingles("Éé, ça — va bien!") == Counter({("Éé", "ça", "va", "bien"): 1})


def test_fewer_than_four_tokens_is_one_shingle() -> None:
    assert shingles("only three words") == Counter({("only", "three", "words"): 1})
    assert shingles("  ,, ") == Counter()


def test_page_scores_hand_computed() -> None:
    # truth: 6 tokens -> 3 shingles; prediction: 5 tokens -> 2 shingles, 1 shared.
    score = page_scores("one two three four five six", "zero one two three four")
    assert score.precision == pytest.approx(1 / 2)
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))


def test_repeated_shingles_count_as_often_as_they_occur() -> None:
    score = page_scores("a b c d", "a b c d a b c d")
    assert score.recall == 1.0
    assert score.precision == pytest.approx(1 / 5)


def test_empty_cases_follow_the_benchmark_convention() -> None:
    both_empty = page_scores("", "")
    assert (both_empty.precision, both_empty.recall) == (1.0, 1.0)
    assert not both_empty.has_prediction and not both_empty.has_truth
    nothing_predicted = page_scores("a b c d e", "")
    assert (nothing_predicted.precision, nothing_predicted.recall) == (1.0, 0.0)
    assert not nothing_predicted.has_prediction
    nothing_to_find = page_scores("", "a b c d")
    assert (nothing_to_find.precision, nothing_to_find.recall) == (0.0, 1.0)


def test_corpus_means_skip_vacuous_pages() -> None:
    total = corpus_scores([("a b c d e", "a b c d e"), ("a b c d e", "")])
    assert total.precision == 1.0  # the empty prediction does not count for precision
    assert total.recall == pytest.approx(0.5)
    assert total.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert total.pages == 2


def test_corpus_f1_is_harmonic_mean_of_mean_precision_and_recall() -> None:
    scores = [PageScore(1.0, 0.5, 2 / 3), PageScore(0.5, 1.0, 2 / 3)]
    total = aggregate(scores)
    assert (total.precision, total.recall) == (0.75, 0.75)
    assert total.f1 == pytest.approx(0.75)  # not the mean of page F1s (2/3)


def test_bootstrap_is_deterministic_for_a_seed_and_zero_for_identical_pages() -> None:
    scores = [page_scores("a b c d e f", "a b c d x y"), page_scores("a b c d", "a b c d")]
    scores += [page_scores("p q r s t", "p q r s t u v w")]
    assert bootstrap_f1_std(scores, seed=7) == bootstrap_f1_std(scores, seed=7)
    assert bootstrap_f1_std(scores, seed=7) > 0
    assert bootstrap_f1_std([PageScore(1.0, 1.0, 1.0)] * 5) == 0.0
    assert corpus_scores([]).pages == 0
