"""The golden tests use the record cache as `harness run` does: a cell whose record is cached
is judged without a worker; --harness-no-cache neither reads nor writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.running import pool

from .golden_project import Project


def _entries(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.json")}


def test_golden_tests_reuse_cached_records(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.approve_all()
    folder = project.root / ".harness" / "cache"
    project.run("--harness-no-cache").assert_outcomes(passed=2)
    assert not folder.exists()
    project.run().assert_outcomes(passed=2)
    assert len(_entries(folder)) == 2
    calls: list[object] = []
    real = pool.check_isolated

    def counted(*args: object) -> object:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "check_isolated", counted)
    project.run().assert_outcomes(passed=2)
    assert calls == []  # both judged from the cache, in no worker
    before = _entries(folder)
    project.run("--harness-no-cache").assert_outcomes(passed=2)
    assert len(calls) == 2 and _entries(folder) == before


def test_a_cached_record_that_drifts_is_extracted_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.approve_all()
    project.run().assert_outcomes(passed=2)
    golden = project.golden("alpha")
    golden.write_text(golden.read_text().replace("Alpha news", "Alpha changed"))
    checked: list[str] = []
    real = pool.check_isolated

    def counted(config: object, name: str, capture: object, limits: object) -> object:
        checked.append(capture.id)  # type: ignore[attr-defined]
        return real(config, name, capture, limits)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "check_isolated", counted)
    result = project.run()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*drift in title*"])
    assert checked == ["alpha"]  # the drift came from a fresh extraction
