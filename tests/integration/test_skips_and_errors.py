"""Cells that cannot be compared: skipped with the reason, or failed with the harness message."""

from __future__ import annotations

from .golden_project import Project, pyproject


def test_an_unavailable_extractor_and_a_wrong_kind_capture_are_skipped_with_the_reason(
    project: Project,
) -> None:
    (project.root / "pyproject.toml").write_text(
        pyproject('[tool.harness.extractors.absent]\nfactory = "demo_extractor:absent"\n')
    )
    project.add_capture("page", "<html><title>A page</title></html>", kind="html")
    project.approve_all()

    result = project.run("-rs", "-v")

    result.assert_outcomes(passed=2, skipped=4)
    result.stdout.fnmatch_lines_random(
        [
            "SKIPPED [[]3[]] tests/test_goldens.py: demolib is not installed",
            "SKIPPED [[]1[]] tests/test_goldens.py: takes text captures, not html",
        ]
    )


def test_a_malformed_golden_names_its_file_and_the_fix_without_a_traceback(
    project: Project,
) -> None:
    project.approve_all()
    golden = project.golden("alpha")
    golden.write_text(golden.read_text("utf-8").replace('"title"', "title"), "utf-8")

    result = project.run()

    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(
        [
            "demo?alpha?: error: *goldens/demo/alpha.json: is not valid JSON: *",
            "  fix: correct the JSON, or delete the file and approve the output again",
        ]
    )
    output = result.stdout.str()
    assert "Traceback" not in output and "harness/" not in output and "Error" not in output


def test_a_malformed_golden_is_not_overwritten_by_an_update(project: Project) -> None:
    project.approve_all()
    golden = project.golden("alpha")
    golden.write_text("<<<<<<< HEAD\n", "utf-8")

    result = project.run("--snapshot-update")

    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["demo?alpha?: error: *merge-conflict marker at line 1*"])
    assert golden.read_text("utf-8") == "<<<<<<< HEAD\n"


def test_a_capture_whose_bytes_changed_fails_and_is_not_approved_by_an_update(
    project: Project,
) -> None:
    project.approve_all()
    before = project.goldens()
    (project.root / "captures" / "beta" / "page.txt").write_text("Beta story\n\nEdited.\n")

    result = project.run("--snapshot-update")

    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["demo?beta?: changed: the bytes of *page.txt no longer match*"])
    assert project.goldens() == before


def test_a_capture_that_cannot_be_loaded_fails_with_its_problem(project: Project) -> None:
    (project.root / "captures" / "empty").mkdir()

    result = project.run("-k", "empty")

    result.assert_outcomes(failed=1, deselected=2)
    result.stdout.fnmatch_lines(
        ["demo?empty?: error: *empty: has no page.html or page.txt", "  fix: *"]
    )


def test_a_hanging_or_crashing_extractor_fails_its_own_tests_and_the_run_goes_on(
    project: Project,
) -> None:
    (project.root / "bad_extractor.py").write_text(
        "import ctypes, time\n"
        "from harness import Extractor, Record\n"
        "def extractor(name, options):\n"
        "    def extract(capture):\n"
        "        if capture.id == 'alpha':\n"
        "            time.sleep(30) if options['mode'] == 'hang' else ctypes.string_at(0)\n"
        "        return Record(title='fine')\n"
        "    return Extractor(name, '1', frozenset({'text'}), ('title',), extract)\n"
    )
    config = (
        (project.root / "pyproject.toml")
        .read_text()
        .replace('goldens = "goldens"', 'goldens = "goldens"\ntimeout = 2')
    )
    for mode in ("hang", "crash"):
        config += f'\n[tool.harness.extractors.{mode}]\nfactory = "bad_extractor:extractor"\n'
        config += f'options = {{mode = "{mode}"}}\n'
    (project.root / "pyproject.toml").write_text(config)
    project.approve_all()

    result = project.run("-rf")

    result.stdout.fnmatch_lines(
        [
            "*crash[[]alpha[]]*crash killed its worker process (SIGSEGV)*",
            "*hang[[]alpha[]]*hang timed out after 2 s*",
        ]
    )
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == 2 and outcomes["failed"] == 4  # demo passes; beta is new
