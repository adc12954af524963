"""[tool.harness]: paths, tolerances with per-extractor and per-capture overrides, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import config
from harness.comparison.tolerance import Tolerance
from harness.errors import UsageError


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


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"timeout": -5}, "timeout"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "60"}, "timeout"),
        ({"memory_mb": -1}, "memory_mb"),
        ({"memory_mb": 2.5}, "memory_mb"),
        ({"memory_mb": True}, "memory_mb"),
        ({"max_page_mb": float("nan")}, "max_page_mb"),
        ({"max_page_mb": 0}, "max_page_mb"),
        ({"max_page_mb": -float("inf")}, "max_page_mb"),
    ],
)
def test_numbers_are_finite_and_in_range(
    tmp_path: Path, table: dict[str, object], key: str
) -> None:
    with pytest.raises(UsageError) as caught:
        config.from_table(table, root=tmp_path, source=tmp_path / "pyproject.toml")
    error = caught.value
    assert error.field == key
    assert "pyproject.toml" in (error.where or "") and f"write {key} =" in (error.fix or "")


def test_every_documented_key_is_accepted(tmp_path: Path) -> None:
    loaded = config.from_table(
        {"timeout": 5, "memory_mb": 512, "max_page_mb": 1.5, "pending": "p"}, root=tmp_path
    )
    assert (loaded.timeout, loaded.memory_mb, loaded.max_page_mb) == (5.0, 512, 1.5)
    assert loaded.max_page_bytes == int(1.5 * 1024 * 1024)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"extractors": 5}, "extractors: 5 is not a table"),
        ({"extractors": "x"}, "extractors: 'x' is not a table"),
        ({"extractors": {"x": 3}}, "x: 3 is not a table"),
        ({"extractors": {"x": {"use": "text", "options": 3}}}, "options: 3 is not a table"),
        ({"extractors": {"x": {"use": 3}}}, "use: 3 is not a name"),
        ({"extractors": {"x": {"factory": ["a"]}}}, "factory: \\['a'\\] is not a name"),
        ({"extractors": {"x": {"use": "text", "enabled": "no"}}}, "enabled: 'no' is not true"),
        ({"tolerance": 5}, "tolerance: 5 is not a table"),
        ({"tolerance": {"extractor": 5}}, "extractor: 5 is not a table"),
        ({"tolerance": {"capture": {"seed": 1}}}, "seed: 1 is not a table"),
        ({"tolerance": {"body": {"min_similarity": float("nan")}}}, "from 0 to 1"),
        ({"captures": "a\x00b"}, "not a path"),
        ({"unknown_key": 1, "other": 2}, "unknown key\\(s\\) other, unknown_key"),
    ],
)
def test_wrong_types_name_the_key(tmp_path: Path, table: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        config.from_table(table, root=tmp_path)
    assert caught.value.fix


def test_a_harness_value_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool]\nharness = "x"\n')
    with pytest.raises(UsageError, match=r"tool\.harness: 'x' is not a table"):
        config.load(tmp_path)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--timeout", "nan"],
        ["run", "--timeout", "-5"],
        ["run", "--timeout", "inf"],
        ["run", "--jobs", "0"],
        ["run", "--memory-mb", "-1"],
        ["add", "http://127.0.0.1:9/", "--timeout", "-5"],
        ["add", "http://127.0.0.1:9/", "--timeout", "nan"],
        ["add", "http://127.0.0.1:9/", "--max-bytes", "0"],
        ["score", "--tolerance", "nan"],
        ["score", "--jobs", "-2"],
        ["compare", "a", "b", "--top", "-1"],
    ],
)
def test_command_line_numbers_use_the_same_rules(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: harness") and argv[-2] in err and "Traceback" not in err


def test_a_bad_number_in_pyproject_is_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    text = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(text.replace('enable = ["demo"]', "max_page_mb = nan"))
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "max_page_mb: nan is not a finite number" in err and "pyproject.toml" in err


@pytest.mark.parametrize(
    "table",
    [
        {"extractors": {"x": {"use": "text", "options": 3}}},
        {"tolerance": {"body": {"min_similarity": float("inf")}}},
        {"tolerance": {"capture": {"seed": {"title": {"casefold": "yes"}}}}},
    ],
)
def test_errors_in_subtables_name_the_file(tmp_path: Path, table: dict[str, object]) -> None:
    with pytest.raises(UsageError) as caught:
        config.from_table(table, root=tmp_path, source=tmp_path / "pyproject.toml")
    assert str(tmp_path / "pyproject.toml") in caught.value.message


def test_a_missing_file_named_on_the_command_line_is_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    assert main(["truth", "alpha", "--body-file", str(project / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "missing.txt: No such file or directory" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ({"pending": "goldens"}, "goldens and pending are the same folder"),
        ({"pending": "captures"}, "captures and pending are the same folder"),
        ({"goldens": "captures/g"}, "goldens ("),
        ({"captures": "."}, "captures and goldens overlap"),
        ({"captures": "goldens/corpus.warc"}, "captures ("),
    ],
)
def test_overlapping_folders_are_refused(
    tmp_path: Path, table: dict[str, object], named: str
) -> None:
    """A run cleans pending files and an approval writes goldens: sharing a folder would let
    one delete or misread the other's files."""
    with pytest.raises(UsageError, match=r"overlap|same folder") as caught:
        config.from_table(table, root=tmp_path)
    assert named in caught.value.message


def test_a_warc_beside_the_goldens_is_fine(tmp_path: Path) -> None:
    loaded = config.from_table({"captures": "corpus.warc"}, root=tmp_path)
    assert loaded.captures == tmp_path / "corpus.warc"


@pytest.mark.parametrize(
    ("paths", "named"),
    [
        ({"goldens": Path("captures")}, "--goldens"),
        ({"captures": Path(".harness/pending/x")}, "--captures"),
        ({"goldens": Path("g"), "captures": Path("g/c")}, "--captures"),
    ],
)
def test_overlapping_command_line_paths_are_refused(
    project: Path, paths: dict[str, Path], named: str
) -> None:
    with pytest.raises(UsageError, match=r"overlap|same folder") as caught:
        config.load().with_paths(**paths)
    assert named in caught.value.message and caught.value.fix


def test_the_pytest_plugin_names_its_own_options(project: Path) -> None:
    with pytest.raises(UsageError, match="--harness-goldens"):
        config.load().with_paths(goldens=Path("captures"), flag="--harness-{}")
