"""Each comparison rule: titles, dates with and without offsets, authors, body paragraphs."""

from __future__ import annotations

import pytest

from harness.comparison.compare import compare, date_drift, paragraph_diff
from harness.comparison.tolerance import Tolerance
from harness.record import Record

BASE = Record(
    title="Azerbaijan Reclaims Third District",
    published="2020-12-01T17:26",
    updated="2021-02-01T13:52",
    authors=("Ann Lee", "Bo Chen"),
    language="en",
    body=("First paragraph here.", "Second paragraph here.", "Third paragraph here."),
)
STRICT = Tolerance()


def with_(**changes: object) -> Record:
    data = BASE.to_json() | changes
    return Record.from_json(data)


def test_identical_records_do_not_drift() -> None:
    result = compare(BASE, BASE, STRICT)
    assert result.ok
    assert result.field("body").score == 1.0


def test_title_change_drifts_naming_only_title() -> None:
    result = compare(BASE, with_(title="Azerbaijan Reclaims Fourth District"), STRICT)
    assert result.drift == ("title",)
    assert result.field("title").how == "changed"


@pytest.mark.parametrize(
    "title", ["  Azerbaijan   Reclaims Third\nDistrict ", "Azerbaijan Reclaims Third District"]
)
def test_title_whitespace_never_drifts(title: str) -> None:
    assert compare(BASE, with_(title=title), STRICT).ok


def test_title_nfc_normalisation() -> None:
    composed, decomposed = "Caf\u00e9 news", "Cafe\u0301 news"
    assert compare(with_(title=composed), with_(title=decomposed), STRICT).ok


def test_title_case_only_with_casefold() -> None:
    other = with_(title="AZERBAIJAN reclaims third district")
    assert compare(BASE, other, STRICT).drift == ("title",)
    assert compare(BASE, other, Tolerance(title_casefold=True)).ok


def test_missing_title_is_drift() -> None:
    result = compare(BASE, with_(title=None), STRICT)
    assert result.field("title").how == "missing"


def test_dates_compare_at_minute_by_default() -> None:
    assert compare(BASE, with_(published="2020-12-01T17:26:59"), STRICT).ok
    assert compare(BASE, with_(published="2020-12-01T17:27"), STRICT).drift == ("published",)


def test_date_precision_is_configurable() -> None:
    day = Tolerance(published_precision="day")
    assert compare(BASE, with_(published="2020-12-01T09:00"), day).ok
    assert compare(BASE, with_(published="2020-12-02T17:26"), day).drift == ("published",)


def test_dates_with_offsets_compare_as_instants() -> None:
    old = with_(published="2020-12-01T17:26:00+01:00")
    assert compare(old, with_(published="2020-12-01T16:26Z"), STRICT).ok
    assert compare(old, with_(published="2020-12-01T17:26:00+00:00"), STRICT).drift == (
        "published",
    )


def test_date_without_offset_compares_wall_clock() -> None:
    assert date_drift("2020-12-01T17:26", "2020-12-01T17:26+05:00", "minute") == ""
    assert "one has no offset" in date_drift("2020-12-01T17:26", "2020-12-01T18:26+05:00", "minute")


def test_present_versus_missing_date_is_drift() -> None:
    assert compare(BASE, with_(updated=None), STRICT).field("updated").how == "missing"
    assert compare(with_(updated=None), BASE, STRICT).field("updated").how == "added"


def test_losing_the_time_of_day_is_drift_at_minute_but_not_at_day() -> None:
    assert "precision" in date_drift("2020-12-01T17:26", "2020-12-01", "minute")
    assert date_drift("2020-12-01T17:26", "2020-12-01", "day") == ""


def test_authors_compare_as_a_set() -> None:
    assert compare(BASE, with_(authors=["Bo Chen", "Ann  Lee"]), STRICT).ok
    result = compare(BASE, with_(authors=["Ann Lee"]), STRICT)
    assert result.drift == ("authors",)
    assert result.field("authors").diff == ("- Bo Chen",)


def test_body_whitespace_only_change_never_drifts() -> None:
    spaced = with_(
        body=["First  paragraph\nhere. ", " Second paragraph here.", "Third paragraph here."]
    )
    assert compare(BASE, spaced, STRICT).ok


def test_body_changed_word_drifts_with_focused_diff() -> None:
    body = ["First paragraph here.", "Second paragraph there.", "Third paragraph here."]
    result = compare(BASE, with_(body=body), STRICT).field("body")
    assert result.drifted
    assert result.diff == ("~ ¶2: Second paragraph [-here.-] {+there.+}",)
    assert result.how == "1 paragraph changed"
    assert result.score is not None and 0 < result.score < 1


def test_body_lost_paragraph_drifts_and_shows_only_it() -> None:
    result = compare(BASE, with_(body=list(BASE.body[:2])), STRICT).field("body")
    assert result.diff == ("- ¶3: Third paragraph here.",)
    assert result.how == "1 paragraph removed"


def test_body_added_paragraph() -> None:
    result = compare(BASE, with_(body=[*BASE.body, "Share on Twitter"]), STRICT).field("body")
    assert result.diff == ("+ ¶4: Share on Twitter",)


def test_body_paragraph_move_is_reported_as_a_move() -> None:
    moved = [BASE.body[2], BASE.body[0], BASE.body[1]]
    result = compare(BASE, with_(body=moved), STRICT).field("body")
    assert result.drifted
    assert result.how == "1 paragraph moved"
    assert result.diff == ("↕ ¶1 (moved): Third paragraph here.",)


def test_body_similarity_threshold_loosens_drift() -> None:
    long = tuple(f"Paragraph number {i} of a long article body with words." for i in range(40))
    old = with_(body=list(long))
    new = with_(body=[*long[:39], "Paragraph number 39 of a long article body with more words."])
    assert compare(old, new, STRICT).drift == ("body",)
    loose = Tolerance(body_min_similarity=0.9)
    assert compare(old, new, loose).ok
    assert compare(old, with_(body=["Something else entirely."]), loose).drift == ("body",)


def test_only_declared_fields_are_compared() -> None:
    other = with_(title="Another", updated=None)
    assert compare(BASE, other, STRICT, fields=("published", "body")).ok


def test_paragraph_diff_is_empty_for_equal_lists() -> None:
    assert paragraph_diff(["a"], ["a"]) == ((), "", 1.0)


def test_similarity_counts_kept_and_moved_paragraphs() -> None:
    _, _, moved = paragraph_diff(["aaaa", "bbbb"], ["bbbb", "aaaa"])
    assert moved == 1.0
    _, _, half = paragraph_diff(["aaaa", "bbbb"], ["aaaa"])
    assert half == pytest.approx(8 / 12)
    _, _, none = paragraph_diff(["aaaa"], ["zzzz"])
    assert none == 0.0


def test_a_run_of_equal_records_never_imports_deepdiff() -> None:
    """DeepDiff is for differences: a comparison of equal records (most cells) neither
    imports nor runs it; the first difference does."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from harness.comparison.compare import compare\n"
        "from harness.comparison.tolerance import Tolerance\n"
        "from harness.record import Record\n"
        "a = Record(title='T', authors=('A',), body=('p',))\n"
        "assert compare(a, Record(title='T', authors=('A',), body=('p', 'q')), Tolerance()).drift"
        " == ('body',)\n"
        "print('deepdiff' in sys.modules)\n"
        "assert compare(a, Record(title='U', authors=('A',), body=('p',)), Tolerance()).drift"
        " == ('title',)\n"
        "print('deepdiff' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["False", "True"]
