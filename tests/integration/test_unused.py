"""Unused goldens and subset updates: only a golden whose capture or extractor is gone is unused,
and only a full `--snapshot-update` deletes it; a subset update rewrites that subset alone."""

from __future__ import annotations

import shutil

import pytest

from .golden_project import Project, pyproject

SECOND = """
[tool.harness.extractors.other]
factory = "demo_extractor:extractor"
"""


@pytest.fixture
def approved(project: Project) -> Project:
    """The demo project with its goldens approved, and a golden whose capture is gone."""
    project.approve_all()
    shutil.copy(project.golden("beta"), project.golden("gone"))
    return project


def drift_all(project: Project) -> dict[str, bytes]:
    for capture in ("alpha", "beta"):
        golden = project.golden(capture)
        golden.write_text(
            golden.read_text("utf-8").replace('"title": "', '"title": "Old '), "utf-8"
        )
    return project.goldens()


def test_a_golden_whose_capture_is_gone_is_reported_unused(approved: Project) -> None:
    result = approved.run()

    result.assert_outcomes(passed=2)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*2 snapshots passed. 1 snapshot unused.*",
            "*--snapshot-update to delete unused snapshots*",
        ]
    )
    assert approved.golden("gone").exists()


def test_a_full_update_deletes_only_goldens_whose_capture_or_extractor_is_gone(
    approved: Project,
) -> None:
    retired = approved.golden("alpha", extractor="retired")
    retired.parent.mkdir()
    shutil.copy(approved.golden("alpha"), retired)
    (approved.root / "goldens" / "README.md").write_text("not a golden")
    kept = {
        k: v
        for k, v in approved.goldens().items()
        if k not in ("demo/gone.json", "retired/alpha.json")
    }

    result = approved.run("--snapshot-update")

    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*2 unused snapshots deleted.*"])
    assert approved.goldens() == kept
    assert not retired.parent.exists()


@pytest.mark.parametrize(
    "subset",
    [("-k", "beta"), ("-k", "not alpha"), ("tests/test_goldens.py::demo[beta]",)],
    ids=["k", "k-not", "node-id"],
)
def test_a_subset_update_rewrites_that_subset_and_deletes_nothing(
    approved: Project, subset: tuple[str, ...]
) -> None:
    before = drift_all(approved)

    result = approved.run("--snapshot-update", *subset)

    result.assert_outcomes(passed=1, deselected=1 if subset[0] == "-k" else 0)
    after = approved.goldens()
    assert after.keys() == before.keys()
    assert after["demo/alpha.json"] == before["demo/alpha.json"]
    assert after["demo/beta.json"].decode() == approved.expected("beta")
    assert after["demo/gone.json"] == before["demo/gone.json"]


def test_a_subset_update_says_it_kept_the_unused_golden(approved: Project) -> None:
    result = approved.run("--snapshot-update", "-k", "beta")

    assert "unused snapshot" not in result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "*harness: unused goldens kept*",
            "1 golden(s) whose capture or extractor is gone, kept as this update ran a subset*",
            "(a full `pytest --snapshot-update` deletes them):",
            "  demo?gone? (goldens/demo/gone.json)",
        ]
    )
    assert approved.golden("gone").exists()


def test_harness_extractor_updates_that_extractor_only(approved: Project) -> None:
    (approved.root / "pyproject.toml").write_text(pyproject(SECOND))
    other = approved.golden("alpha", extractor="other")
    other.parent.mkdir()
    other.write_text(
        approved.expected("alpha").replace('"demo"', '"other"').replace("Alpha", "Old")
    )
    before = drift_all(approved)

    result = approved.run("--snapshot-update", "--harness-extractor", "demo")

    result.assert_outcomes(passed=2)
    after = approved.goldens()
    assert after.keys() == before.keys()
    assert after["other/alpha.json"] == before["other/alpha.json"]
    assert after["demo/alpha.json"].decode() == approved.expected("alpha")


def test_the_golden_of_a_skipped_test_is_not_unused(approved: Project) -> None:
    (approved.root / "pyproject.toml").write_text(
        pyproject('[tool.harness.extractors.absent]\nfactory = "demo_extractor:absent"\n')
    )
    absent = approved.golden("alpha", extractor="absent")
    absent.parent.mkdir()
    absent.write_text("{}")
    approved.golden("gone").unlink()

    result = approved.run("--snapshot-update")

    result.assert_outcomes(passed=2, skipped=2)
    assert "unused snapshot" not in result.stdout.str()
    assert absent.read_text() == "{}"
