"""Change signatures: each kind from constructed golden/new pairs with known answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.comparison.compare import compare
from harness.comparison.signature import (
    authors_kind,
    body_kind,
    date_kind,
    kind,
    language_kind,
    signature,
    title_kind,
)
from harness.comparison.tolerance import Tolerance
from harness.record import Record

words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "news", "Ünï"]), min_size=1)
titles = words.map(" ".join)
paragraphs = st.lists(titles, min_size=1, max_size=5)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Alpha news", "Alpha news | Example Site", "site-part-added"),
        ("Alpha news", "Example Site - Alpha news", "site-part-added"),
        ("Alpha news", "Example Site: Alpha news", "site-part-added"),
        ("Alpha news \u2014 Site", "Alpha news", "site-part-removed"),
        ("Alpha news", "ALPHA NEWS!", "case-or-punctuation"),
        ("Alpha news", "Alpha, news.", "case-or-punctuation"),
        ("Alpha news", "Beta story", "rewritten"),
        ("Alpha news", None, "lost"),
        ("Alpha news", "", "lost"),
        (None, "Alpha news", "gained"),
    ],
)
def test_title_kinds(old: str | None, new: str | None, expected: str) -> None:
    assert title_kind(old, new) == expected


@given(titles, titles, st.sampled_from([" | ", " - ", ": "]))
def test_a_site_part_either_side_is_added_then_removed(title: str, site: str, sep: str) -> None:
    for longer in (title + sep + site, site + sep + title):
        assert title_kind(title, longer) == "site-part-added"
        assert title_kind(longer, title) == "site-part-removed"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("2024-05-01T10:00", "2024-05-01T12:00", "shifted-hours"),
        ("2024-05-01T10:00+02:00", "2024-05-01T10:00+00:00", "shifted-hours"),
        ("2024-05-01T23:30", "2024-05-02T01:30", "shifted-hours"),
        ("2024-05-01", "2024-05-01T10:00", "precision-changed"),
        ("2024-05-01T10:00:00", "2024-05-01T10:00", "precision-changed"),
        ("2024-05", "2024-05-07", "precision-changed"),
        ("2024-05-01", "2024-06-01T10:00", "other-day"),
        ("2024-05-01", "2024-05-03", "other-day"),
        ("2024-05-01T10:00", "2024-05-09T10:17", "other-day"),
        ("2024-05-01T10:00", "2024-05-01T10:17", "other-time"),
        ("2024-05-01", None, "lost"),
        (None, "2024-05-01", "gained"),
    ],
)
def test_date_kinds(old: str | None, new: str | None, expected: str) -> None:
    assert date_kind(old, new) == expected


def test_three_days_apart_in_whole_hours_is_another_day_not_a_time_zone() -> None:
    assert date_kind("2024-05-01T10:00", "2024-05-04T10:00") == "other-day"


A = ["First paragraph here.", "Second paragraph there.", "Third and last one."]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ([*A, "Share this article."], "paragraphs-added-end"),
        (["Advertisement.", *A], "paragraphs-added-start"),
        (A[:2], "paragraphs-lost-end"),
        (A[1:], "paragraphs-lost-start"),
        ([A[0], A[2]], "paragraphs-lost"),
        ([A[0], "Advertisement.", A[1], "Related: more.", A[2]], "paragraphs-added"),
        (["First paragraph here. Second paragraph there.", A[2]], "split-or-merged"),
        (["First paragraph", "here.", *A[1:]], "split-or-merged"),
        ([], "lost"),
        (["Something else entirely, nothing in common at all."], "rewritten"),
    ],
)
def test_body_kinds(new: list[str], expected: str) -> None:
    assert body_kind(A, new) == expected
    assert body_kind([], A) == "gained"


def test_one_word_changed_in_a_long_body_is_a_small_change() -> None:
    old = [" ".join(f"word{i}" for i in range(40)), " ".join(f"more{i}" for i in range(40))]
    new = [old[0].replace("word7", "WORD7"), old[1]]
    assert body_kind(old, new) == "small-word-changes"
    half = [old[0], " ".join(f"other{i}" for i in range(40))]
    assert body_kind(old, half) == "rewritten"


def test_text_only_taken_out_or_put_in_across_paragraphs() -> None:
    old = ["One two three four.", "Five six seven eight nine ten."]
    cut = ["One two", "five six seven eight nine ten."]  # "Five" changed too: not only cut
    assert body_kind(old, ["One two", "seven eight nine ten."]) == "words-lost"
    assert body_kind(["One two", "seven eight nine ten."], old) == "words-added"
    assert body_kind(old, cut) == "rewritten"  # 7 of 10 and 8 words kept: ratio 0.78


def test_a_very_long_body_is_judged_by_the_cheap_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.comparison import signature as module

    monkeypatch.setattr(module, "LONG_BODY", 10)
    old = ["a b c d e f g h i j k l"]
    assert body_kind(old, ["a b c d e f g h i j k"]) == "small-word-changes"  # not words-lost
    assert body_kind(old, ["m n o p q r s t u v w x"]) == "rewritten"


@given(paragraphs, paragraphs)
def test_paragraphs_appended_or_prepended(body: list[str], extra: list[str]) -> None:
    assert body_kind(body, body + extra) == "paragraphs-added-end"
    assert body_kind(body + extra, body) == "paragraphs-lost-end"
    if (extra + body)[: len(body)] != body:  # else it also reads as added at the end
        assert body_kind(body, extra + body) == "paragraphs-added-start"


def test_authors_and_language_kinds() -> None:
    assert authors_kind(["Ann"], ["Ann", "Bo"]) == "names-added"
    assert authors_kind([], ["Bo"]) == "names-added"
    assert authors_kind(["Ann", "Bo"], ["Bo"]) == "names-removed"
    assert authors_kind(["Ann"], ["Bo"]) == "names-changed"
    assert language_kind("en", "de") == "changed"
    assert language_kind("en", None) == "lost"
    assert language_kind(None, "en") == "gained"
    assert kind("language", "en", "fr") == "changed"


def test_signature_is_the_sorted_kinds_of_the_drifted_fields_only() -> None:
    old = Record(title="Alpha news", published="2024-05-01", body=tuple(A), language="en")
    new = Record(title="Alpha news | Site", published="2024-05-01", body=tuple(A[:2]))
    found = signature(compare(old, new, Tolerance()))
    assert found == (
        ("body", "paragraphs-lost-end"),
        ("language", "lost"),
        ("title", "site-part-added"),
    )
    assert signature(compare(old, old, Tolerance())) == ()
