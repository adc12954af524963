"""Trust, as a hostile pull request tests it: links under captures/ and goldens/ that lead
outside the project are never read, written through or deleted through; ids on the command
line are names, never paths; prune loses no work; files get the umask's permissions.

Every test builds the demo project (tests/conftest.py) with a secret file outside it, runs
the `harness` command, and checks the secret's text appears in no output, pending file,
golden or report, and nothing outside changed.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main
from harness.corpus import capture
from harness.goldens import golden, snapshot
from harness.goldens.golden import Golden
from harness.record import Record

SECRET = "runner-secret-4f1c9e"
SECRET_PAGE = f"<html><head><title>{SECRET}</title></head><body><p>{SECRET} body</p></body></html>"


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the project: a secret page, a secret truth, a secret golden."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.html").write_text(SECRET_PAGE)
    (folder / "page.html").write_text(SECRET_PAGE)
    (folder / "truth.json").write_text(f'{{"title": "{SECRET}"}}\n')
    record = Record(title=SECRET, body=(SECRET,))
    (folder / "alpha.json").write_text(
        golden.dumps(Golden("demo", "1.0", "alpha", "a" * 64, record))
    )
    (folder / "gone.json").write_text("{}\n")
    return folder


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (links not followed) with a digest of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def texts(root: Path) -> str:
    """All text the harness wrote in the project: goldens, pending outputs, reports."""
    found = []
    for folder in ("goldens", ".harness", "out"):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if path.is_file() and not path.is_symlink():
                found.append(path.read_text("utf-8", errors="replace"))
    return "\n".join(found)


def harness(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def add_capture(project: Path, capture_id: str) -> Path:
    folder = project / "captures" / capture_id
    folder.mkdir()
    return folder


@pytest.mark.parametrize("where", ["page", "folder", "truth", "manifest"])
def test_a_link_in_a_capture_is_an_error_cell_and_its_target_is_never_read(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    before = tree(outside)
    if where == "folder":
        link = project / "captures" / "gamma"
        link.symlink_to(outside)
    else:
        folder = add_capture(project, "gamma")
        (folder / "page.html").write_text("<title>Gamma</title><p>gamma</p>")
        name = {"page": "page.html", "truth": "truth.json", "manifest": "capture.json"}[where]
        link = folder / name
        if name == "page.html":
            (folder / name).unlink()
        link.symlink_to(outside / ("truth.json" if where == "truth" else "secret.html"))
    code, out = harness(capsys, "run", "--jobs", "1", "--report", "out")
    assert code == 1
    assert "gamma    error" in out
    assert f"{link}: is a symbolic link (to {outside}" in out
    approved, said = harness(capsys, "approve", "--all")
    assert approved == 0 and "2 golden(s) written" in said
    assert SECRET not in out + said + texts(project)
    assert sorted(p.name for p in (project / "goldens" / "demo").iterdir()) == [
        "alpha.json",
        "beta.json",
    ]
    assert tree(outside) == before


def test_no_traceback_and_no_secret_from_the_command(project: Path, outside: Path) -> None:
    (project / "captures" / "alpha" / "page.html").unlink()
    (project / "captures" / "alpha" / "page.html").symlink_to(outside / "secret.html")
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    environ["PYTHONPATH"] = os.pathsep.join([str(project), *sys.path])
    result = subprocess.run(
        [sys.executable, "-m", "harness.cli", "run", "--jobs", "1", "--format", "json"],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1
    assert "is a symbolic link" in result.stdout
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr + texts(project)


def test_a_golden_that_is_a_link_is_an_error_never_read(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "goldens" / "demo").mkdir()
    link = project / "goldens" / "demo" / "alpha.json"
    link.symlink_to(outside / "alpha.json")
    code, out = harness(capsys, "run", "--jobs", "1")
    assert code == 1
    assert f"demo[alpha]: error: {link}: is a symbolic link" in out
    assert SECRET not in out + texts(project)


def test_an_approval_over_a_golden_link_is_refused(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(outside)
    harness(capsys, "run", "--jobs", "1")
    (project / "goldens" / "demo").mkdir()
    link = project / "goldens" / "demo" / "alpha.json"
    link.symlink_to(outside / "alpha.json")
    code, out = harness(capsys, "approve", "--capture", "alpha")
    assert code == 2
    assert f"{link}: is a symbolic link" in out
    assert link.is_symlink() and tree(outside) == before


def test_a_golden_folder_link_is_never_read(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "goldens" / "demo").symlink_to(outside)
    code, out = harness(capsys, "run", "--jobs", "1")
    assert code == 1
    assert f"{project / 'goldens' / 'demo'}: is a symbolic link" in out
    assert SECRET not in out + texts(project)


def test_a_pending_link_is_refused_naming_it(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    harness(capsys, "run", "--jobs", "1")
    pending = project / ".harness" / "pending" / "demo" / "alpha.json"
    pending.unlink()
    pending.symlink_to(outside / "alpha.json")
    code, out = harness(capsys, "pending")
    assert code == 2 and f"{pending}: is a symbolic link" in out
    code, out = harness(capsys, "approve", "--all")
    assert code == 2 and SECRET not in out + texts(project)


def test_prune_never_deletes_through_a_link(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(outside)
    (project / "goldens" / "demo").symlink_to(outside)
    (project / "goldens" / "other").mkdir()
    (project / "goldens" / "other" / "x.json").symlink_to(outside / "gone.json")
    code, out = harness(capsys, "prune", "--delete")
    assert code == 1
    assert f"{project / 'goldens' / 'demo'}: is a symbolic link (to {outside})" in out
    assert f"{project / 'goldens' / 'other' / 'x.json'}: is a symbolic link" in out
    assert "0 golden(s) removed" in out and "Traceback" not in out
    assert tree(outside) == before
    assert (project / "goldens" / "other" / "x.json").is_symlink()


def approve_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert harness(capsys, "run", "--jobs", "1")[0] == 1
    assert harness(capsys, "approve", "--all")[0] == 0


def test_prune_lists_what_it_would_delete_and_exits_1(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    approve_all(capsys)
    assert harness(capsys, "prune") == (0, "no unused goldens\n")
    (project / "goldens" / "demo" / "gone.json").write_text("{}\n")
    code, out = harness(capsys, "prune")
    assert code == 1
    assert f"would delete {project / 'goldens' / 'demo' / 'gone.json'}: capture" in out
    assert (project / "goldens" / "demo" / "gone.json").exists()
    code, out = harness(capsys, "prune", "--delete")
    assert code == 1 and f"deleted {project / 'goldens' / 'demo' / 'gone.json'}" in out
    assert sorted(p.name for p in (project / "goldens" / "demo").iterdir()) == [
        "alpha.json",
        "beta.json",
    ]


def test_prune_over_a_warc_corpus_keeps_the_goldens_of_its_pages(
    project: Path, write_warc: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    warc = write_warc(
        project / "corpus.warc.gz",
        [("https://example.org/one", "text/html", b"<title>One</title><p>one</p>")],
    )
    ids = sorted(capture.ids(warc))
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"captures"', '"corpus.warc.gz"'))
    for name in [*ids, "gone"]:
        (project / "goldens" / "demo" / f"{name}.json").parent.mkdir(exist_ok=True)
        (project / "goldens" / "demo" / f"{name}.json").write_text("{}\n")
    code, out = harness(capsys, "prune", "--delete")
    assert code == 1 and "1 golden(s) removed" in out
    assert sorted(p.stem for p in (project / "goldens" / "demo").iterdir()) == ids
    site = snapshot.suite(project, extractors=["demo"]).site
    assert site.orphans() == []  # pytest --snapshot-update decides alike


@pytest.mark.parametrize("captures", ["captuers", "pyproject.toml", "empty"])
def test_prune_refuses_a_corpus_it_cannot_read_and_keeps_every_golden(
    project: Path, capsys: pytest.CaptureFixture[str], captures: str
) -> None:
    approve_all(capsys)
    (project / "empty").mkdir()
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"captures"', f'"{captures}"'))
    before = tree(project / "goldens")
    code, out = harness(capsys, "prune", "--delete")
    assert code == 2
    assert str(project / captures) in out and "fix:" in out
    assert tree(project / "goldens") == before and len(before) == 2


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--capture", "../outside"],
        ["approve", "--capture", "../alpha"],
        ["reject", "--extractor", "demo/../x"],
        ["truth", "../outside", "--title", "written"],
        ["truth", "/tmp", "--title", "written"],
        ["add", "page.html", "--id", "../escaped"],
    ],
)
def test_ids_on_the_command_line_are_names_never_paths(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    (project / "page.html").write_text("<title>A page</title><p>text</p>")
    before = tree(project.parent)
    code, out = harness(capsys, *args)
    assert code == 2
    assert "is not a valid capture id" in out and "fix:" in out
    assert tree(project.parent) == before


def test_truth_refuses_a_capture_folder_link(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(outside)
    (project / "captures" / "gamma").symlink_to(outside)
    code, out = harness(capsys, "truth", "gamma", "--title", "written")
    assert code == 2 and "is a symbolic link" in out
    assert tree(outside) == before


def test_truth_refuses_a_truth_link(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(outside)
    link = project / "captures" / "alpha" / "truth.json"
    link.symlink_to(outside / "truth.json")
    for args in (["truth", "alpha"], ["truth", "alpha", "--title", "written"]):
        code, out = harness(capsys, *args)
        assert code == 2 and f"{link}: is a symbolic link" in out and SECRET not in out
    assert link.is_symlink() and tree(outside) == before


@pytest.mark.parametrize(("mask", "file", "folder"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_everything_written_gets_the_umask(
    project: Path, capsys: pytest.CaptureFixture[str], mask: int, file: int, folder: int
) -> None:
    (project / "page.html").write_text("<title>Added</title><p>added</p>")
    saved = os.umask(mask)
    try:
        assert harness(capsys, "add", "page.html", "--id", "added")[0] == 0
        assert harness(capsys, "truth", "added", "--title", "Added")[0] == 0
        assert harness(capsys, "run", "--jobs", "1", "--report", "out")[0] == 1
        assert harness(capsys, "approve", "--all")[0] == 0
        assert harness(capsys, "run", "--jobs", "1", "--capture", "beta")[0] == 0
        (project / "goldens" / "demo" / "beta.json").unlink()
        assert harness(capsys, "run", "--jobs", "1", "--capture", "beta")[0] == 1
    finally:
        os.umask(saved)
    written = [
        *(project / "captures" / "added").iterdir(),
        *(project / "goldens" / "demo").iterdir(),
        *(project / ".harness" / "pending" / "demo").iterdir(),
        *(project / "out").iterdir(),
    ]
    assert len(written) >= 3 + 2 + 1 + 4
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(file) for p in written
    }
    folders = [project / "captures" / "added", project / "goldens" / "demo", project / "out"]
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == {oct(folder)}


@pytest.mark.parametrize("key", ["captures", "goldens"])
def test_a_configured_folder_that_links_outside_is_refused(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    before = tree(outside)
    (project / "linked").symlink_to(outside)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(f'{key} = "{key}"', f'{key} = "linked"'))
    for args in (["run", "--jobs", "1"], ["prune", "--delete"]):
        code, out = harness(capsys, *args)
        assert code == 2
        assert f"{key}: 'linked' leads outside {project} through a symbolic link" in out
    assert SECRET not in out + texts(project)
    assert tree(outside) == before


def test_snapshot_update_finds_no_orphan_in_a_corpus_without_captures(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "alpha.json").write_text("{}\n")
    assert snapshot.GoldenSite(tmp_path, frozenset()).orphans() == []
    kept = snapshot.GoldenSite(tmp_path, frozenset({"demo[beta]"})).orphans()
    assert [found.name for found in kept] == ["demo[alpha]"]


def test_a_pending_folder_link_is_never_written_through(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(outside)
    (project / ".harness" / "pending").mkdir(parents=True)
    (project / ".harness" / "pending" / "demo").symlink_to(outside)
    code, out = harness(capsys, "run", "--jobs", "1")
    assert code == 1 and "2 cells: 2 new" in out
    assert tree(outside) == before
    code, out = harness(capsys, "pending")
    assert code == 2 and "is a symbolic link" in out


def test_a_golden_that_is_a_folder_is_refused_without_a_traceback(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    harness(capsys, "run", "--jobs", "1")
    (project / "goldens" / "demo" / "alpha.json").mkdir(parents=True)
    code, out = harness(capsys, "approve", "--capture", "alpha")
    assert code == 2 and "alpha.json: cannot be read: is not a regular file" in out


def test_a_report_folder_that_links_outside_is_refused(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(outside)
    (project / "out").symlink_to(outside)
    code, out = harness(capsys, "run", "--jobs", "1", "--report", "out")
    assert code == 2 and "'out' leads outside" in out and "fix:" in out
    assert tree(outside) == before


def test_a_captures_option_that_links_outside_is_refused(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "elsewhere").symlink_to(outside)
    code, out = harness(capsys, "run", "--jobs", "1", "--captures", "elsewhere")
    assert code == 2 and "--captures: 'elsewhere' leads outside" in out
    assert SECRET not in out + texts(project)


def test_a_pending_file_naming_folders_outside_is_refused(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    harness(capsys, "run", "--jobs", "1")
    pending = project / ".harness" / "pending" / "demo" / "alpha.json"
    pending.write_text(pending.read_text().replace(str(project / "goldens"), str(outside)))
    before = tree(outside)
    code, out = harness(capsys, "approve", "--all")
    assert code == 2 and f"names {outside}, not the configured goldens" in out
    assert tree(outside) == before
