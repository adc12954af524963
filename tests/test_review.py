"""Pending outputs, approval and rejection, the review loop and its truth verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import config as configuration
from harness import registry
from harness.corpus.capture import Capture, iter_captures
from harness.errors import HarnessError
from harness.goldens import approval, pending, review
from harness.running import runner


def run_all(project: Path) -> configuration.Config:
    config = configuration.load()
    demo = registry.build(config.extractors).get("demo").load()
    for capture in iter_captures(config.captures):
        assert isinstance(capture, Capture)
        pending.note(config.pending, runner.check(demo, capture, config), capture.actual_sha256)
    return config


def edit_golden(project: Path, capture: str, field: str, value: object) -> None:
    path = project / "goldens" / "demo" / f"{capture}.json"
    data = json.loads(path.read_text())
    data["record"][field] = value
    path.write_text(json.dumps(data))


def test_run_records_pending_outside_goldens(project: Path) -> None:
    config = run_all(project)
    entries = pending.entries(config.pending)
    assert [(e.key, e.status) for e in entries] == [("demo[alpha]", "new"), ("demo[beta]", "new")]
    assert config.pending == project / ".harness" / "pending"
    assert not list((project / "goldens").rglob("*.json"))


def test_approve_writes_golden_and_clears_pending(project: Path) -> None:
    config = run_all(project)
    [entry] = pending.select(config.pending, None, ["alpha"])
    done = approval.approve(config, entry, reason="looks right")
    assert json.loads(done.path.read_text())["reason"] == "looks right"
    assert [e.key for e in pending.entries(config.pending)] == ["demo[beta]"]
    run_all(project)
    assert [e.key for e in pending.entries(config.pending)] == ["demo[beta]"]


def test_approve_refuses_when_the_golden_moved_since_the_run(project: Path) -> None:
    config = run_all(project)
    for entry in pending.entries(config.pending):
        approval.approve(config, entry)
    edit_golden(project, "alpha", "title", "Other")
    run_all(project)
    edit_golden(project, "alpha", "title", "Third")
    [entry] = pending.entries(config.pending)
    with pytest.raises(HarnessError, match="golden changed since the run"):
        approval.approve(config, entry)


def test_reject_keeps_the_golden(project: Path) -> None:
    config = run_all(project)
    for entry in pending.entries(config.pending):
        approval.approve(config, entry)
    edit_golden(project, "beta", "title", "Kept title")
    run_all(project)
    [entry] = pending.entries(config.pending)
    approval.reject(config, entry)
    assert (
        json.loads((project / "goldens/demo/beta.json").read_text())["record"]["title"]
        == "Kept title"
    )
    assert pending.entries(config.pending) == []


def test_refuse_in_ci_unless_forced() -> None:
    with pytest.raises(HarnessError, match="GITHUB_ACTIONS is set"):
        approval.refuse_in_ci({"GITHUB_ACTIONS": "true"}, force=False, action="approve goldens")
    approval.refuse_in_ci({"GITHUB_ACTIONS": "true"}, force=True, action="approve goldens")
    approval.refuse_in_ci({"CI": "false"}, force=False, action="approve goldens")


def test_biggest_change_first_and_truth_verdicts(project: Path) -> None:
    config = run_all(project)
    for entry in pending.entries(config.pending):
        approval.approve(config, entry)
    edit_golden(project, "alpha", "title", "Alpha views")
    edit_golden(project, "alpha", "body", ["Something else."])
    edit_golden(project, "beta", "title", "Beta tale")
    (project / "captures/alpha/truth.json").write_text(json.dumps({"title": "Alpha news"}))
    run_all(project)
    found = review.changes(config, pending.entries(config.pending))
    assert [c.entry.capture for c in found] == ["alpha", "beta"]
    assert review.truth_verdicts(found[0]) == ["title closer to the truth (0.00 → 1.00)"]
    text = review.describe(found[0])
    assert 'golden: "Alpha views"' in text and "+ ¶2: Second alpha paragraph." in text


def test_review_loop_accept_reject_skip(project: Path) -> None:
    config = run_all(project)
    keys = iter(["x", "a", "r"])
    shown: list[str] = []
    found = review.changes(config, pending.entries(config.pending))
    tally = review.run_review(config, found, lambda: next(keys), shown.append)
    assert (tally.accepted, tally.rejected, tally.skipped) == (1, 1, 0)
    assert len(list((project / "goldens").rglob("*.json"))) == 1
    assert review.KEYS in "".join(shown)


def test_review_accept_all_and_quit(project: Path) -> None:
    config = run_all(project)
    found = review.changes(config, pending.entries(config.pending))
    tally = review.run_review(config, found, lambda: "q", lambda _: None)
    assert (tally.accepted, tally.skipped) == (0, 2)
    tally = review.run_review(config, found, lambda: "A", lambda _: None)
    assert tally.accepted == 2


def test_a_pending_entry_cannot_choose_where_approve_writes(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    config = run_all(project)
    elsewhere = tmp_path / "x" / "captures"
    elsewhere.mkdir(parents=True)
    entry_file = config.pending / "demo" / "alpha.json"
    data = json.loads(entry_file.read_text())
    data["goldens"] = str(elsewhere)
    entry_file.write_text(json.dumps(data))
    for command in ("approve", "reject"):
        assert main([command, "--capture", "alpha"]) == 2
        err = capsys.readouterr().err
        assert str(entry_file) in err and f"names {elsewhere}" in err
    assert list(elsewhere.rglob("*")) == []
    assert not list((project / "goldens").rglob("*.json"))
    assert entry_file.is_file()
