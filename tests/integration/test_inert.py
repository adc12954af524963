"""The plugin is loaded in every pytest process: where nothing uses it, it does nothing."""

from __future__ import annotations

import re
import sys

import pytest

OTHER_TESTS = """
def test_other(snapshot):
    assert snapshot == "kept by syrupy"
"""

QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


@pytest.fixture
def other(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project of someone else's: no [tool.harness], no golden tests, syrupy snapshots."""
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\n")
    pytester.makepyfile(test_other=OTHER_TESTS)
    return pytester


def outcome(result: pytest.RunResult) -> list[str]:
    """What a run said after collecting, timings left out."""
    lines = result.outlines[next(i for i, s in enumerate(result.outlines) if "collected" in s) :]
    return [re.sub(r" in [\d.]+s", "", line) for line in lines] + result.errlines


def test_a_project_without_the_harness_runs_as_if_the_plugin_were_absent(
    other: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")  # not ours to refuse: that project has no goldens
    without = other.runpytest_inprocess("--snapshot-update", *QUIET, "-p", "no:harness")
    snapshots = other.path / "__snapshots__"
    written = {p: p.read_bytes() for p in snapshots.rglob("*") if p.is_file()}
    for path in written:
        path.unlink()

    result = other.runpytest_inprocess("--snapshot-update", *QUIET)

    result.assert_outcomes(passed=1)
    assert outcome(result) == outcome(without)
    assert {p: p.read_bytes() for p in snapshots.rglob("*") if p.is_file()} == written


def test_the_harness_core_is_not_imported_where_nothing_uses_it(other: pytest.Pytester) -> None:
    modules = ("harness.running.runner", "harness.goldens.snapshot", "deepdiff")
    probe = (
        f"import sys, pytest; pytest.main(['-q', *{QUIET!r}]); "
        f"print(sorted(m for m in {modules!r} if m in sys.modules))"
    )

    result = other.run(sys.executable, "-c", probe)

    assert result.ret == 0
    assert result.outlines[-1] == "[]"
