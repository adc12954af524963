"""What people expect of a CLI in its first hour: --version, names checked everywhere, readable
output (skip reasons, new cells a capture a line), empty outputs never approved quietly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli import main
from harness.record import Record
from harness.reports.terminal import explain_failures, matrix
from harness.running.runner import Outcome

BLANK = b"<html><body><div>nothing</div></body></html>"
HEAVY = (
    "harness.cli.run",
    "harness.running.runner",
    "harness.running.pool",
    "jsonschema",
    "deepdiff",
    "lxml",
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_package_version_without_heavy_imports() -> None:
    from importlib.metadata import version

    script = (
        "import sys\nfrom harness.cli import main\ncode = main(['--version'])\n"
        f"print(code, [m for m in {HEAVY!r} if m in sys.modules])"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert found.stdout.splitlines() == [f"harness {version('capture-harness')}", "0 []"]


def test_version_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--version" in capsys.readouterr().out


# -- unknown names: exit 2, listing what exists -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("approve", "--capture", "alhpa"),
        ("reject", "--capture", "alhpa"),
        ("pending", "--capture", "alhpa"),
        ("run", "--capture", "alhpa"),
        ("compare", "demo", "demo2", "--capture", "alhpa"),
        ("truth", "alhpa"),
    ],
)
def test_an_unknown_capture_is_exit_2_listing_the_captures(
    project: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    if args[0] == "compare":
        with (project / "pyproject.toml").open("a") as toml:
            toml.write('\n[tool.harness.extractors.demo2]\nfactory = "demo_extractor:extractor"\n')
    run(capsys, "run")
    code, _, err = run(capsys, *args)
    assert code == 2, err
    assert "alhpa" in err and "alpha, beta" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("approve", "--extractor", "dmeo"),
        ("reject", "--extractor", "dmeo"),
        ("pending", "--extractor", "dmeo"),
        ("run", "--extractor", "dmeo"),
        ("extract", "captures/alpha", "--extractor", "dmeo"),
        ("compare", "demo", "dmeo"),
        ("score", "--extractor", "dmeo"),
    ],
)
def test_an_unknown_extractor_is_exit_2_listing_the_extractors(
    project: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    run(capsys, "run")
    code, _, err = run(capsys, *args)
    assert code == 2, err
    assert "dmeo" in err and "demo" in err.replace("dmeo", "") and "Traceback" not in err


def test_approve_of_a_capture_that_exists_but_has_nothing_pending_is_still_fine(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "run")
    run(capsys, "approve", "--capture", "alpha")
    code, out, _ = run(capsys, "approve", "--capture", "alpha")
    assert code == 0 and "nothing pending" in out


def test_pending_selects_by_capture(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "run")
    code, out, _ = run(capsys, "pending", "--capture", "beta", "--format", "json")
    assert code == 0 and [e["capture"] for e in json.loads(out)] == ["beta"]


# -- the run table: skip reasons, new cells summarised -------------------------------------


def test_skipped_cells_carry_a_mark_and_one_footnote_a_reason() -> None:
    outcomes = [
        Outcome("trafilatura", "seed", "skipped", "takes html captures, not text"),
        Outcome("trafilatura", "other", "skipped", "takes html captures, not text"),
        Outcome("goose3", "seed", "skipped", "goose3 is not installed"),
        Outcome("text", "seed", "pass"),
    ]
    lines = matrix(outcomes).splitlines()
    assert lines[2].split() == ["seed", "skipped²", "pass", "skipped¹"]
    assert lines[3].split() == ["other", "skipped¹"]
    assert lines[-2:] == [
        "¹ takes html captures, not text",
        "² goose3 is not installed",
    ]


def test_extractors_skipping_a_kind_of_capture_share_one_footnote() -> None:
    from harness.corpus.capture import Capture
    from harness.extractor import Extractor
    from harness.running.runner import skip_reason

    seed = Capture("seed", "text", Path("."), "page.txt", sha256="", actual_sha256="")
    outcomes = [
        Outcome(name, "seed", "skipped", skip_reason(made, seed) or "")
        for name in ("trafilatura", "goose3", "readability")
        for made in [Extractor(name, "1", frozenset({"html"}), ("title",), lambda c: {})]
    ]
    lines = matrix(outcomes).splitlines()
    assert lines[2].split() == ["seed", "skipped¹", "skipped¹", "skipped¹"]
    assert lines[3:] == ["¹ takes html captures, not text"]


def test_new_cells_are_one_line_a_capture_and_drift_stays_in_full() -> None:
    record = Record(title="T", body=("b",))
    outcomes = [
        Outcome("a", "one", "new", "no golden yet", record=record),
        Outcome("b", "one", "new", "no golden yet", record=record, empty=("body",)),
        Outcome("c", "one", "new", "no golden yet", record=record),
        Outcome("a", "two", "new", "no golden yet", record=record),
        Outcome("b", "two", "drift", "drift in title", record=record),
    ]
    texts = explain_failures(outcomes)
    assert texts[0].splitlines() == [
        "new: one (3 extractors: a, b (empty body), c) — approve: harness approve --capture one",
        "new: two (1 extractor: a) — approve: harness approve --capture two --extractor a",
    ]
    assert texts[1].startswith("b[two]: drift in title")
    assert sum("to approve" in t for t in texts) == 1


# -- empty outputs ------------------------------------------------------------------------


def test_empty_fields_counts_only_declared_ones() -> None:
    from harness.running.runner import empty_fields

    assert empty_fields(Record(), ("title", "body")) == ("body", "title")
    assert empty_fields(Record(body=(" ",)), ("body",)) == ("body",)
    assert empty_fields(Record(), ("published",)) == ()
    assert empty_fields(Record(title="T", body=("x",)), ("title", "body")) == ()


def test_an_empty_output_is_marked_in_the_run_and_in_approve(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.corpus.capture import create

    create(
        project / "captures", "blank", b"<html><body><div>nothing</div></body></html>", kind="html"
    )
    code, out, _ = run(capsys, "run")
    assert code == 1
    assert "blank    new (empty body, no title)" in out
    assert "alpha    new\n" in out
    code, out, _ = run(capsys, "approve", "--all")
    assert code == 0
    blank = [line for line in out.splitlines() if "demo[blank]" in line]
    assert blank and blank[0].endswith("— warning: empty body, no title")
    assert not any("warning" in line for line in out.splitlines() if "demo[alpha]" in line)


def test_review_describes_an_empty_output_with_a_warning(project: Path) -> None:
    from harness import config as configuration
    from harness.corpus.capture import create
    from harness.goldens import pending, review

    create(
        project / "captures", "blank", b"<html><body><div>nothing</div></body></html>", kind="html"
    )
    main(["run"])
    config = configuration.load()
    found = review.changes(config, pending.select(config.pending, None, ["blank"]))
    assert "  warning: empty body, no title: look before accepting" in review.describe(found[0])


# -- harness check ------------------------------------------------------------------------


def test_check_validates_every_golden_or_those_named(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "run")
    run(capsys, "approve", "--all")
    code, out, _ = run(capsys, "check")
    assert code == 0 and "2 golden(s) checked: all valid" in out
    path = project / "goldens" / "demo" / "beta.json"
    data = json.loads(path.read_text())
    data["record"]["body"] = "not a list"
    path.write_text(json.dumps(data))
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "goldens/demo/beta.json: $.record.body:" in out and "1 invalid" in out
    code, out, _ = run(capsys, "check", "goldens/demo/alpha.json")
    assert code == 0 and "1 golden(s) checked" in out
    code, out, _ = run(capsys, "check", "goldens/demo/beta.json")
    assert code == 1 and "beta.json" in out


def test_check_names_a_golden_in_the_wrong_place(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "run")
    run(capsys, "approve", "--all")
    goldens = project / "goldens" / "demo"
    (goldens / "gamma.json").write_text((goldens / "beta.json").read_text())
    code, out, _ = run(capsys, "check")
    assert code == 1 and "holds the golden of demo[beta], not demo[gamma]" in out


def test_pre_commit_hooks_name_real_commands() -> None:
    import yaml

    from harness.cli import parser

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"harness-prune", "harness-check-goldens"}
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for hook in hooks:
        program, command, *_ = hook["entry"].split()
        assert program == "harness" and command in commands
        assert hook["language"] == "python" and hook["name"]
    assert by_id["harness-prune"]["entry"] == "harness prune"
    assert by_id["harness-check-goldens"]["entry"] == "harness check"
