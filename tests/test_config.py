"""[tool.harness]: paths, tolerances with per-extractor and per-capture overrides, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import config
from harness.errors import UsageError
from harness.tolerance import Tolerance


def test_defaults_without_a_pyproject(tmp_path: Path) -> None:
    loaded = config.load(tmp_path)
    assert loaded.captures == tmp_path / "captures" and loaded.source is None
    assert loaded.policy.for_case("x", "y") == Tolerance()


def test_found_from_a_subfolder(project: Path) -> None:
    (project / "sub").mkdir()
    assert config.load(project / "sub").root == project


def test_tolerance_overrides_capture_wins_over_extractor(tmp_path: Path) -> None:
    table = {
        "tolerance": {
            "published": {"precision": "day"},
            "extractor": {"goose3": {"body": {"min_similarity": 0.95}}},
            "capture": {"seed": {"body": {"min_similarity": 0.9}, "title": {"casefold": True}}},
        }
    }
    loaded = config.from_table(table, root=tmp_path)
    assert loaded.policy.for_case("text", "other") == Tolerance(published_precision="day")
    assert loaded.policy.for_case("goose3", "other").body_min_similarity == 0.95
    both = loaded.policy.for_case("goose3", "seed")
    assert (both.body_min_similarity, both.title_casefold, both.published_precision) == (
        0.9,
        True,
        "day",
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"captur": "x"}, "unknown key"),
        ({"tolerance": {"published": {"precision": "week"}}}, "precision 'week'"),
        ({"tolerance": {"body": {"min_similarity": 2}}}, "from 0 to 1"),
        ({"tolerance": {"body": {"similarity": 0.5}}}, "unknown tolerance"),
        ({"tolerance": {"extractor": {"x": {"body": {"min_similarity": "a"}}}}}, "from 0 to 1"),
        ({"extractors": {"x": {"uses": "trafilatura"}}}, "unknown key"),
        ({"captures": 3}, "not a path"),
    ],
)
def test_mistakes_are_usage_errors(tmp_path: Path, table: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        config.from_table(table, root=tmp_path)


def test_invalid_toml_is_named(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.harness\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        config.load(tmp_path)
