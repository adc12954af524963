"""Paired quality: the golden and the new records scored on the same pages, with an interval."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from harness.goldens.golden import Golden
from harness.record import Record
from harness.running.runner import Outcome
from harness.scoring.paired import Delta, agreement, paired_bootstrap, quality

scores = st.lists(st.floats(0, 1), min_size=1, max_size=40)


@given(scores)
def test_identical_scores_give_no_change_and_a_zero_interval(values: list[float]) -> None:
    assert paired_bootstrap(values, values) == (0.0, 0.0)


@given(scores, st.floats(-0.5, 0.5))
def test_a_constant_shift_gives_an_interval_on_it(values: list[float], shift: float) -> None:
    low, high = paired_bootstrap(values, [v + shift for v in values])
    assert abs(low - shift) < 1e-9 and abs(high - shift) < 1e-9


def test_the_interval_is_the_percentiles_of_resampled_mean_differences() -> None:
    before = [0.2, 0.5, 0.9, 0.4, 0.1]
    after = [0.3, 0.5, 0.6, 0.8, 0.1]
    differences = [b - a for a, b in zip(before, after, strict=True)]
    rng = random.Random(7)
    means = []
    for _ in range(400):
        drawn = [differences[int(rng.random() * 5)] for _ in range(5)]
        means.append(sum(drawn) / 5)
    means.sort()
    assert paired_bootstrap(before, after, resamples=400, seed=7) == (means[10], means[390])
    assert paired_bootstrap(before, after, seed=1) == paired_bootstrap(before, after, seed=1)


def test_a_page_that_gained_in_a_few_pages() -> None:
    low, high = paired_bootstrap([0.0] * 9 + [0.0], [0.0] * 9 + [1.0])
    assert low == 0.0 and 0.1 <= high <= 0.4  # the mean of 10 differences, one of them 1


def cell(capture: str, old: Record, new: Record, extractor: str = "x") -> Outcome:
    golden = Golden(extractor, "1", capture, "0" * 64, old)
    return Outcome(extractor, capture, "drift", record=new, golden=golden)


def test_quality_scores_the_golden_and_the_new_record_on_the_same_pages() -> None:
    truths = {
        "a": Record(title="Alpha", body=("one two three four five",)),
        "b": Record(title="Beta"),
        "c": Record(title="Gamma"),
    }
    outcomes = [
        cell("a", Record(title="Wrong"), Record(title="Alpha", body=("one two three four five",))),
        cell("b", Record(title="Beta"), Record(title="Bad")),
        cell("c", Record(title="Gamma"), Record(title="Gamma")),
        cell("d", Record(title="No truth"), Record(title="Changed")),  # no truth: not counted
        Outcome("x", "a", "new", record=Record(title="Alpha")),  # no golden: not counted
    ]
    found = quality(outcomes, truths)
    title = found["x"]["title"]
    assert (title.before, title.after, title.delta, title.pages) == (2 / 3, 2 / 3, 0.0, 3)
    assert title.gained == (("a", 1.0),) and title.lost == (("b", -1.0),)
    body = found["x"]["body"]
    assert isinstance(body, Delta) and (body.before, body.after, body.pages) == (0.0, 1.0, 1)
    assert body.ci == (1.0, 1.0)
    assert set(found["x"]) == {"title", "body"}  # no date was ever given: not a field here


def test_agreement_of_each_field() -> None:
    truth = Record(
        title="Alpha | Site",
        published="2024-05-01",
        authors=("Ann", "Bo"),
        language="en",
        body=("one two three four",),
    )
    record = Record(title="alpha", published="2024-05-01T23:00", authors=("Ann",), language="EN")
    assert agreement("title", record, truth) == 1.0
    assert agreement("published", record, truth) == 1.0
    assert agreement("updated", record, truth) is None
    assert agreement("authors", record, truth) == 0.5
    assert agreement("language", record, truth) == 1.0
    assert agreement("body", record, truth) == 0.0
    assert agreement("body", record, Record()) is None
