"""`harness run` streams: captures are read as cells go out, and passing cells are kept slim."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import config as configuration
from harness import registry
from harness.cli import run
from harness.corpus.capture import create
from harness.running import runner


def test_outcomes_read_captures_only_as_the_window_needs_them(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(30):
        create(project / "captures", f"page-{index:02d}", b"<p>x</p>", kind="html")
    config = configuration.load()
    extractors = registry.from_config(config).select(["demo"])
    pulled: list[str] = []
    real = runner.cases

    def counting(*args: object) -> Iterator[object]:
        for cell in real(*args):  # type: ignore[arg-type]
            pulled.append(cell[1].id)
            yield cell

    monkeypatch.setattr(runner, "cases", counting)
    args = argparse.Namespace(
        capture=None, jobs=1, timeout=None, memory_mb=None, engine=None, scheduler=None
    )
    found = run.outcomes(args, config, extractors)
    first = next(found)
    assert first.capture == "alpha"
    assert len(pulled) <= 6, pulled
    assert len([first, *found]) == 32


def test_slim_drops_what_a_passing_cell_never_shows(project: Path) -> None:
    config = configuration.load()
    demo = registry.from_config(config).get("demo").load()
    alpha = next(c for _, c in runner.cases(config, [demo]) if c.id == "alpha")
    new = runner.check(demo, alpha, config)
    assert new.slim() is new  # failing cells keep everything `explain` shows
    runner.approve(new, alpha)  # type: ignore[arg-type]
    passing = runner.check(demo, alpha, config)
    slim = passing.slim()
    assert passing.status == "pass" and passing.record is not None
    assert (slim.record, slim.golden) == (None, None)
    assert slim.to_json() == passing.to_json()
    assert slim.comparison is not None
    assert all(f.expected is None and f.actual is None for f in slim.comparison.fields)
    again = runner.check(demo, alpha, config).slim()
    assert again.comparison is not None and again.comparison.fields[0] is slim.comparison.fields[0]
