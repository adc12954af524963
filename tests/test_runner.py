"""The core cell logic: new, pass, drift, changed, error, skipped, and approval."""

from __future__ import annotations

import json
from pathlib import Path

from harness import config as configuration
from harness import registry
from harness.corpus.capture import Capture, load_capture
from harness.goldens import golden
from harness.running import runner


def load_demo(project: Path) -> tuple[configuration.Config, runner.Extractor]:
    loaded = configuration.load()
    return loaded, registry.build(loaded.extractors).get("demo").load()


def approve_all(loaded: configuration.Config, demo: runner.Extractor) -> None:
    for _, capture in runner.cases(loaded, [demo]):
        assert isinstance(capture, Capture)
        runner.approve(runner.check(demo, capture, loaded), capture)


def test_new_then_pass_after_approval(project: Path) -> None:
    loaded, demo = load_demo(project)
    capture = load_capture(project / "captures" / "alpha")
    first = runner.check(demo, capture, loaded)
    assert first.status == "new" and first.record is not None
    path = runner.approve(first, capture, reason="first look")
    assert path == project / "goldens" / "demo" / "alpha.json"
    second = runner.check(demo, capture, loaded)
    assert second.status == "pass" and not second.failed


def test_edited_golden_drifts_on_exactly_that_field(project: Path) -> None:
    loaded, demo = load_demo(project)
    approve_all(loaded, demo)
    path = project / "goldens" / "demo" / "alpha.json"
    original = path.read_text()
    for field, value in [("title", "Alpha views"), ("published", "2020-12-02T17:26")]:
        data = json.loads(original)
        data["record"][field] = value
        path.write_text(json.dumps(data))
        outcome = runner.check(demo, load_capture(project / "captures" / "alpha"), loaded)
        assert (outcome.status, outcome.drift) == ("drift", (field,))
    data = json.loads(original)
    data["record"]["body"][1] = "Second alpha paragraph, edited."
    path.write_text(json.dumps(data))
    outcome = runner.check(demo, load_capture(project / "captures" / "alpha"), loaded)
    assert outcome.drift == ("body",)
    path.write_text(original)
    assert runner.check(demo, load_capture(project / "captures" / "alpha"), loaded).status == "pass"


def test_capture_bytes_changed_behind_the_manifest(project: Path) -> None:
    loaded, demo = load_demo(project)
    page = project / "captures" / "alpha" / "page.html"
    page.write_bytes(page.read_bytes() + b" ")
    outcome = runner.check(demo, load_capture(page.parent), loaded)
    assert outcome.status == "changed" and outcome.record is None
    assert "sha256" in outcome.message and "capture.json" in outcome.message


def test_golden_approved_for_other_bytes_is_changed(project: Path) -> None:
    loaded, demo = load_demo(project)
    approve_all(loaded, demo)
    path = project / "goldens" / "demo" / "alpha.json"
    path.write_text(
        path.read_text().replace(load_capture(project / "captures" / "alpha").sha256, "b" * 64)
    )
    outcome = runner.check(demo, load_capture(project / "captures" / "alpha"), loaded)
    assert outcome.status == "changed" and "approved for other bytes" in outcome.message


def test_extractor_exception_is_an_error_cell(project: Path) -> None:
    loaded, demo = load_demo(project)
    page = project / "captures" / "alpha" / "page.html"
    page.write_text("<title>RAISE</title>")
    capture = load_capture(page.parent)
    object.__setattr__(capture, "sha256", capture.actual_sha256)
    outcome = runner.check(demo, capture, loaded)
    assert outcome.status == "error"
    assert outcome.message == "demo raised ValueError: demo cannot read this page"


def test_wrong_kind_is_skipped_with_reason(project: Path, tmp_path: Path) -> None:
    loaded, demo = load_demo(project)
    from harness.corpus.capture import create

    capture = create(project / "captures", "gamma", b"plain text page", kind="text")
    outcome = runner.check(demo, capture, loaded)
    assert outcome.status == "skipped" and "takes html captures, not text" in outcome.message


def test_malformed_golden_is_an_error_naming_the_file(project: Path) -> None:
    loaded, demo = load_demo(project)
    path = golden.path_for(loaded.goldens, "demo", "alpha")
    path.parent.mkdir(parents=True)
    path.write_text("{")
    outcome = runner.check(demo, load_capture(project / "captures" / "alpha"), loaded)
    assert outcome.status == "error" and str(path) in outcome.message


def test_golden_in_the_wrong_place_is_an_error(project: Path) -> None:
    loaded, demo = load_demo(project)
    approve_all(loaded, demo)
    goldens = project / "goldens" / "demo"
    (goldens / "beta.json").write_text((goldens / "alpha.json").read_text())
    outcome = runner.check(demo, load_capture(project / "captures" / "beta"), loaded)
    assert outcome.status == "error" and "holds the golden of demo[alpha]" in outcome.message


def test_extractor_writing_to_the_capture_file_is_an_error(
    project: Path, monkeypatch: object
) -> None:
    loaded, demo = load_demo(project)
    capture = load_capture(project / "captures" / "alpha")

    def writes(given: Capture) -> dict[str, str]:
        import os

        with given.path.open("ab") as handle:
            handle.write(b" ")
        os.utime(given.path, ns=(1, 1))
        return {"title": "x"}

    from dataclasses import replace

    outcome = runner.check(replace(demo, extract=writes), capture, loaded)
    assert outcome.status == "error" and "changed the capture it was given" in outcome.message


def test_empty_binary_and_oversized_pages_are_not_given_to_extractors(project: Path) -> None:
    from dataclasses import replace

    from harness.corpus.capture import create

    loaded, demo = load_demo(project)
    calls: list[str] = []
    spy = replace(demo, extract=lambda c: calls.append(c.id) or {"title": "x"})
    empty = create(project / "captures", "empty", b"", kind="html")
    junk = create(project / "captures", "junk", bytes(range(256)) * 40, kind="html")
    big = create(project / "captures", "big", b"<p>" + b"x" * 2_000_000, kind="html")
    small = replace(loaded, max_page_mb=1.0)
    assert "is empty (0 bytes)" in runner.check(spy, empty, small).message
    assert "binary content" in runner.check(spy, junk, small).message
    assert "over the limit of 1 MB" in runner.check(spy, big, small).message
    assert calls == []


def test_a_nondeterministic_extractor_is_reported_as_such_not_as_drift(project: Path) -> None:
    import itertools
    from dataclasses import replace

    loaded, demo = load_demo(project)
    approve_all(loaded, demo)
    counter = itertools.count()
    flaky = replace(demo, extract=lambda c: {"title": f"run {next(counter)}"})
    outcome = runner.check(flaky, load_capture(project / "captures" / "alpha"), loaded)
    assert outcome.status == "error"
    assert "not deterministic on this capture: two runs gave different title" in outcome.message
    steady = replace(demo, extract=lambda c: {"title": "Alpha views", "body": []})
    drift = runner.check(steady, load_capture(project / "captures" / "alpha"), loaded)
    assert drift.status == "drift"
