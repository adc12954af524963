"""The golden tests end to end: ids, failures, approval by --snapshot-update, drift per field."""

from __future__ import annotations

import json

import pytest

from harness import cli

from .golden_project import Project


def test_one_test_per_extractor_and_capture_named_extractor_capture(project: Project) -> None:
    result = project.run("--collect-only", "-q")

    result.stdout.fnmatch_lines(
        ["tests/test_goldens.py::demo[alpha]", "tests/test_goldens.py::demo[beta]"]
    )
    assert "2 tests collected" in result.stdout.str()


@pytest.mark.parametrize(
    ("keyword", "selected"),
    [
        ("demo", ["demo[alpha]", "demo[beta]"]),
        ("beta", ["demo[beta]"]),
        ("demo and alpha", ["demo[alpha]"]),
    ],
)
def test_k_selects_by_extractor_and_capture(
    project: Project, keyword: str, selected: list[str]
) -> None:
    result = project.run("--collect-only", "-q", "-k", keyword)

    assert [line.split("::")[1] for line in result.stdout.lines if "::" in line] == selected


def test_first_run_fails_new_with_the_approve_commands(project: Project) -> None:
    result = project.run()

    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "demo[alpha]: new: no golden yet",
            "  to approve: harness approve --extractor demo --capture alpha",
            '          or: pytest --snapshot-update -k "demo and alpha"',
        ]
    )
    assert "Traceback" not in result.stdout.str() and "plugin.py" not in result.stdout.str()
    assert project.goldens() == {}


def test_snapshot_update_writes_goldens_as_harness_approve_does(project: Project) -> None:
    result = project.run("--snapshot-update")

    result.assert_outcomes(passed=2)
    assert "2 snapshots generated." in result.stdout.str()
    assert project.golden("alpha").read_text("utf-8") == project.expected("alpha")
    assert project.golden("beta").read_text("utf-8") == project.expected("beta")
    written = project.goldens()
    for path in project.root.joinpath("goldens").rglob("*.json"):
        path.unlink()
    assert cli.main(["run"]) == 1  # finds the two new outputs, and keeps them pending
    assert cli.main(["approve", "--extractor", "demo"]) == 0
    assert project.goldens() == written


def test_second_run_passes_and_writes_nothing(project: Project) -> None:
    project.run("--snapshot-update")
    before = {p: p.stat().st_mtime_ns for p in project.root.joinpath("goldens").rglob("*.json")}

    project.run().assert_outcomes(passed=2)
    result = project.run("--snapshot-update")

    result.assert_outcomes(passed=2)
    assert "2 snapshots passed." in result.stdout.str()
    assert {p: p.stat().st_mtime_ns for p in before} == before


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        (
            "title",
            "Alpha News Today",
            [
                "  title: changed (rule: equal after NFC and white space)",
                '    expected: "Alpha News Today"',
                '    actual:   "Alpha news"',
            ],
        ),
        (
            "published",
            "2024-05-02T10:00",
            ["  published: different * (rule: same minute)", '    expected: "2024-05-02T10:00"'],
        ),
        (
            "body",
            ["First alpha paragraph.", "Second beta paragraph."],
            ["  body: 1 paragraph changed*", "    ~ ¶2: Second [-beta-] {+alpha+} paragraph."],
        ),
    ],
)
def test_an_edited_golden_fails_naming_that_field_and_restoring_it_passes(
    project: Project, field: str, value: object, shown: list[str]
) -> None:
    project.approve_all()
    golden = project.golden("alpha")
    data = json.loads(golden.read_text("utf-8"))
    data["record"][field] = value
    edited = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    golden.write_text(edited, "utf-8")

    result = project.run()

    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(
        [
            f"demo[alpha]: drift in {field}",
            *shown,
            "  to approve: harness approve --extractor demo --capture alpha",
        ]
    )
    assert golden.read_text("utf-8") == edited  # a plain run never writes
    project.approve_all()
    project.run().assert_outcomes(passed=2)


def test_white_space_within_tolerance_passes_and_update_keeps_the_golden(project: Project) -> None:
    project.approve_all()
    golden = project.golden("alpha")
    spaced = golden.read_text("utf-8").replace(
        "First alpha paragraph.", "First  alpha   paragraph. "
    )
    golden.write_text(spaced, "utf-8")

    project.run().assert_outcomes(passed=2)
    project.run("--snapshot-update").assert_outcomes(passed=2)

    assert golden.read_text("utf-8") == spaced


def test_update_rewrites_a_drifted_golden(project: Project) -> None:
    project.approve_all()
    golden = project.golden("beta")
    golden.write_text(golden.read_text("utf-8").replace("Beta story", "Old title"), "utf-8")

    result = project.run("--snapshot-update")

    result.assert_outcomes(passed=2)
    assert "1 snapshot updated." in result.stdout.str()
    assert golden.read_text("utf-8") == project.expected("beta")
