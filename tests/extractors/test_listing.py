"""`harness extractors --format json` lists every built-in adapter, and configured variants."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

from harness.cli import main

from .helpers import ADAPTERS

PYPROJECT = """
[tool.harness.extractors.goose-de]
use = "goose3"
options = {target_language = "de", use_meta_language = false}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_lists_every_adapter(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extractors", "--format", "json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(ADAPTERS) | {"goose-de"} <= set(listed)
    for adapter in ADAPTERS.values():
        expected = {
            "name": adapter.name,
            "version": metadata.version(adapter.distribution),
            "kinds": ["html"],
            "fields": list(adapter.fields),
            "available": True,
        }
        assert {key: listed[adapter.name].get(key) for key in expected} == expected
        assert "reason" not in listed[adapter.name]
    assert listed["goose-de"] == {**listed["goose3"], "name": "goose-de"}


def test_lists_a_missing_library_with_the_pip_command(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = metadata.version

    def version(distribution: str) -> str:
        if distribution == "boilerpy3":
            raise metadata.PackageNotFoundError(distribution)
        return installed(distribution)

    monkeypatch.setattr(metadata, "version", version)
    assert main(["extractors", "--format", "json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["boilerpy3"]["available"] is False
    assert listed["boilerpy3"]["reason"] == (
        "boilerpy3 is not installed: pip install 'capture-harness[boilerpy3]'"
    )


def test_an_unknown_option_in_the_configuration_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace("target_language", "tongue"), "utf-8")
    assert main(["extractors", "--format", "json"]) == 2
    error = capsys.readouterr().err
    assert "[tool.harness.extractors.goose-de.options]: unknown option 'tongue'" in error
    assert "known options: keep_footnotes, parse_headers" in error
