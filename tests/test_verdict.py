"""The parent's verdict on what a worker reported: a green claim is judged again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from harness import config as configuration
from harness import registry
from harness.corpus.capture import Capture, iter_captures
from harness.running import runner, verdict


def load_demo() -> tuple[configuration.Config, runner.Extractor, Capture]:
    config = configuration.load()
    demo = registry.from_config(config).get("demo").load()
    capture = next(c for c in iter_captures(config.captures) if isinstance(c, Capture))
    return config, demo, capture


def test_a_true_pass_stands_and_a_false_one_is_drift(project: Path) -> None:
    config, demo, capture = load_demo()
    runner.approve(runner.check(demo, capture, config), capture)
    passed = runner.check(demo, capture, config)
    assert verdict.rejudge(passed, capture, config, demo.described()).status == "pass"
    assert passed.record is not None
    lie = replace(passed, record=replace(passed.record, title="Something else"))
    judged = verdict.rejudge(lie, capture, config, demo.described())
    assert (judged.status, judged.drift) == ("drift", ("title",))


def test_a_pass_without_a_golden_or_a_false_skip_is_an_error(project: Path) -> None:
    config, demo, capture = load_demo()
    new = runner.check(demo, capture, config)
    assert new.status == "new"
    for claim in ("pass", "skipped"):
        judged = verdict.rejudge(replace(new, status=claim), capture, config, demo.described())
        assert judged.status == "error", judged
        assert f"worker reported {claim}" in judged.message
