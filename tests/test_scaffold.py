"""`harness init`: what it creates in an empty folder, what it keeps, what it appends to."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from harness import scaffold
from harness.cli import main
from harness.errors import HarnessError

EVERYTHING = [
    "pyproject.toml",
    "captures/",
    "goldens/",
    "tests/test_goldens.py",
    "tox.ini",
    ".gitignore",
    ".github/workflows/goldens.yml",
]


def actions(steps: list[scaffold.Step]) -> dict[str, str]:
    return {step.path: step.action for step in steps}


def test_an_empty_folder_gets_everything(tmp_path: Path) -> None:
    steps = scaffold.scaffold(tmp_path, version="1.2.3")
    assert actions(steps) == dict.fromkeys(EVERYTHING, "created")
    config = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert config["tool"]["harness"] == {"captures": "captures", "goldens": "goldens"}
    assert (tmp_path / "captures" / ".gitkeep").is_file()
    assert (tmp_path / "goldens" / ".gitkeep").is_file()
    assert "test_goldens = golden_tests()" in (tmp_path / "tests" / "test_goldens.py").read_text()
    tox = (tmp_path / "tox.ini").read_text()
    assert "env_list = goldens" in tox and "deps = capture-harness==1.2.3" in tox
    assert "skip_install = true" in tox  # not a package: nothing to build
    assert ".harness/" in (tmp_path / ".gitignore").read_text().splitlines()
    workflow = (tmp_path / ".github" / "workflows" / "goldens.yml").read_text()
    runs = [line for line in workflow.splitlines() if "- run:" in line]
    assert runs[-1].endswith("- run: tox")
    assert not any("approve" in run or "snapshot-update" in run for run in runs)


def test_the_commented_extractor_lines_make_a_valid_table(tmp_path: Path) -> None:
    scaffold.scaffold(tmp_path, version="1")
    text = (tmp_path / "pyproject.toml").read_text()
    for line in ("enable = ", "[tool.harness.extractors.mine]", "factory = "):
        text = text.replace(f"# {line}", line)
    table = tomllib.loads(text)["tool"]["harness"]
    assert table["enable"] == ["mine"]
    assert table["extractors"] == {"mine": {"factory": "my_extractors:extractor"}}


def test_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        scaffold.scaffold(tmp_path, version="1")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "tox.ini").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "captures").stat().st_mode) == 0o750


def test_a_second_run_keeps_everything_byte_for_byte(tmp_path: Path) -> None:
    scaffold.scaffold(tmp_path, version="1")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    steps = scaffold.scaffold(tmp_path, version="2")
    assert actions(steps) == dict.fromkeys(EVERYTHING, "kept")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    mine = {
        "tests/test_goldens.py": "# my own\n",
        "tox.ini": "[tox]\nenv_list = py\n",
        ".github/workflows/goldens.yml": "name: mine\n",
    }
    for path, text in mine.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    steps = scaffold.scaffold(tmp_path, version="1")
    for path, text in mine.items():
        assert (tmp_path / path).read_text() == text
        assert actions(steps)[path] == "kept"
    tox = next(step for step in steps if step.path == "tox.ini")
    assert "[testenv:goldens]" in tox.note  # the snippet to add by hand
    (tmp_path / "tox.ini").write_text("[tox]\n\n" + tox.note.partition("\n")[2])
    again = next(
        step for step in scaffold.scaffold(tmp_path, version="1") if step.path == "tox.ini"
    )
    assert again.note == "it has [testenv:goldens]"


def test_a_pyproject_without_the_table_gets_it_appended(tmp_path: Path) -> None:
    original = '[project]\nname = "extract"  # ours\nversion = "1"\n\n[tool.ruff]\nline-length = 99'
    (tmp_path / "pyproject.toml").write_text(original)
    (tmp_path / "pyproject.toml").chmod(0o600)
    steps = scaffold.scaffold(tmp_path, version="1")
    assert actions(steps)["pyproject.toml"] == "appended"
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith(original + "\n\n[tool.harness]\n")
    parsed = tomllib.loads(text)
    assert parsed["tool"]["ruff"] == {"line-length": 99}
    assert parsed["tool"]["harness"]["goldens"] == "goldens"
    assert stat.S_IMODE((tmp_path / "pyproject.toml").stat().st_mode) == 0o600
    assert "skip_install = false" in (tmp_path / "tox.ini").read_text()  # a package


def test_a_pyproject_with_the_table_is_kept_and_its_folders_made(tmp_path: Path) -> None:
    original = '[tool.harness]\ncaptures = "corpus/pages"\ngoldens = "/elsewhere"\n'
    (tmp_path / "pyproject.toml").write_text(original)
    steps = scaffold.scaffold(tmp_path, version="1")
    assert actions(steps)["pyproject.toml"] == "kept"
    assert (tmp_path / "pyproject.toml").read_text() == original
    assert (tmp_path / "corpus" / "pages" / ".gitkeep").is_file()
    assert "goldens/" in actions(steps)  # an absolute path is the default's


def test_a_pyproject_that_would_break_is_refused_untouched(tmp_path: Path) -> None:
    original = "tool = { ruff = { line-length = 99 } }\n"
    (tmp_path / "pyproject.toml").write_text(original)
    with pytest.raises(HarnessError, match="by hand"):
        scaffold.scaffold(tmp_path, version="1")
    assert (tmp_path / "pyproject.toml").read_text() == original


def test_a_gitignore_gets_the_entry_once(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n.venv")
    scaffold.scaffold(tmp_path, version="1")
    text = (tmp_path / ".gitignore").read_text()
    assert text.startswith("*.pyc\n.venv\n\n") and text.splitlines()[-1] == ".harness/"
    steps = scaffold.scaffold(tmp_path, version="1")
    assert actions(steps)[".gitignore"] == "kept"
    assert (tmp_path / ".gitignore").read_text() == text


def test_a_link_out_of_the_project_is_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "tests").symlink_to(outside)
    with pytest.raises(HarnessError, match="symbolic link"):
        scaffold.scaffold(project, version="1")
    assert list(outside.iterdir()) == []


def test_the_command_prints_created_kept_and_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tox.ini").write_text("[tox]\n")
    assert main(["init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "created  pyproject.toml" in out
    assert "kept     tox.ini" in out and "    [testenv:goldens]" in out
    for command in ("harness add", "harness run", "harness approve", "pytest"):
        assert command in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes any folder")
def test_a_folder_it_cannot_write_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert main(["init", str(locked)]) == 2
    err = capsys.readouterr().err
    assert str(locked) in err and "cannot be written" in err
    assert list(locked.iterdir()) == []


def test_a_folder_under_a_file_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("")
    assert main(["init", str(tmp_path / "file" / "project")]) == 2
    assert str(tmp_path / "file" / "project") in capsys.readouterr().err
