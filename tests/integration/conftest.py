"""The `project` fixture: a tiny harness project, pytest run over it in-process."""

from __future__ import annotations

import pytest

from .golden_project import Project, make_project


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The demo project (see golden_project), outside CI."""
    # Outside CI, and not an xdist worker: syrupy stays quiet in workers, and the runs
    # under test are whole pytest sessions of their own even when this suite runs with -n.
    for name in ("CI", "GITHUB_ACTIONS", "PYTEST_XDIST_WORKER", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)
    return make_project(pytester)
