"""The rehearsal environment's cache key, constraints and requirements (no environment is
built here: tests/e2e/test_rehearse.py builds them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import UsageError
from harness.running import environment
from harness.running.environment import Request


def test_the_key_changes_with_each_input(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    base = environment.key(Request(("trafilatura==2.0.0",), (wheels,)))
    assert environment.key(Request(("trafilatura==2.0.0",), (wheels,))) == base
    assert environment.key(Request(("trafilatura == 2.0.0",), (wheels,))) == base  # same pin
    assert environment.key(Request(("trafilatura==2.0.1",), (wheels,))) != base
    assert environment.key(Request(("trafilatura==2.0.0",), (wheels,), no_index=True)) != base
    (wheels / "trafilatura-2.0.0-py3-none-any.whl").write_bytes(b"a wheel")
    assert environment.key(Request(("trafilatura==2.0.0",), (wheels,))) != base


def test_the_key_changes_with_the_installed_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    request = Request(("trafilatura==2.0.0",))
    base = environment.key(request)
    pins = environment.installed() | {"lxml": "0.0.1"}
    monkeypatch.setattr(environment, "installed", lambda: pins)
    assert environment.key(request) != base


def test_the_constraints_keep_every_pin_but_the_overridden_ones() -> None:
    text = environment._constraints(Request(("Trafilatura==2.0.0", "lxml_html.clean>=0")))
    lines = text.splitlines()
    assert f"lxml=={environment.installed()['lxml']}" in lines
    assert not [line for line in lines if line.startswith(("trafilatura==", "lxml-html-clean=="))]


@pytest.mark.parametrize("text", ["trafilatura=2.0", "two words", ""])
def test_a_bad_requirement_names_itself_and_the_fix(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        environment.parse(text)
    assert caught.value.where == f"harness rehearse {text!r}"
    assert "is not a requirement" in caught.value.problem
    assert "NAME==VERSION" in (caught.value.fix or "")


def test_a_url_requirement_is_refused() -> None:
    with pytest.raises(UsageError, match="is a URL requirement"):
        environment.parse("tinyext @ https://example.invalid/tinyext-2.0-py3-none-any.whl")


def test_the_key_changes_with_the_environment_layered_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    request = Request(("trafilatura==2.0.0",))
    base = environment.key(request)
    monkeypatch.setattr(environment, "_parents", lambda: [str(tmp_path)])
    assert environment.key(request) != base
