from __future__ import annotations

import pytest

from .helpers import NetworkGuard


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> NetworkGuard:
    """No network for the test: every connection or name look-up fails and is recorded."""
    return NetworkGuard().install(monkeypatch)
