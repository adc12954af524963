"""The text a run prints: matrix, summary, explanations grouped per broken capture."""

from __future__ import annotations

from harness.reports.terminal import explain_failures, matrix, summary_line
from harness.running.runner import Outcome


def test_a_broken_capture_is_explained_once_for_all_extractors() -> None:
    outcomes = [
        Outcome("a", "broken", "error", "capture broken is empty"),
        Outcome("b", "broken", "error", "capture broken is empty"),
        Outcome("a", "fine", "pass"),
        Outcome("b", "fine", "error", "b raised ValueError: x"),
    ]
    assert explain_failures(outcomes) == [
        "broken (a, b): error: capture broken is empty",
        "b[fine]: error: b raised ValueError: x",
    ]
    assert summary_line(outcomes) == "4 cells: 1 pass, 3 error"
    assert matrix(outcomes).splitlines()[2].split() == ["broken", "error", "error"]


def test_streamed_json_equals_the_whole_document() -> None:
    import json

    from harness.reports.terminal import as_json, stream_json

    outcomes = [
        Outcome("a", "one", "pass"),
        Outcome("b", "one", "drift", "drift in title"),
        Outcome("a", "two", "skipped", "wrong kind"),
    ]
    parts: list[str] = []
    failed = stream_json(iter(outcomes), parts.append)
    assert failed is True
    assert json.loads("".join(parts)) == json.loads(as_json(outcomes))
    empty: list[str] = []
    assert stream_json(iter([]), empty.append) is False
    assert json.loads("".join(empty)) == json.loads(as_json([]))
