"""`--render` refusals: each a clear error naming the fix, exit 2, nothing written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harness.cli import main


def _captures(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "captures").iterdir())


def test_a_browser_that_is_not_there_is_named_with_the_fix(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _captures(project)
    (project / "story.html").write_text("<title>Story</title><p>Text.</p>")
    assert main(["add", "story.html", "--render", "--browser", "/nonexistent/chromium"]) == 2
    err = capsys.readouterr().err
    assert "/nonexistent/chromium is not an executable browser" in err and "fix:" in err
    assert _captures(project) == before


def test_no_browser_anywhere_says_how_to_get_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(project))
    monkeypatch.delenv("HARNESS_CHROMIUM", raising=False)
    (project / "story.html").write_text("<title>Story</title><p>Text.</p>")
    assert main(["add", "story.html", "--render"]) == 2
    err = capsys.readouterr().err
    assert "no Chromium found" in err and "HARNESS_CHROMIUM" in err


def test_without_playwright_the_extra_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    monkeypatch.setenv("HARNESS_CHROMIUM", sys.executable)  # found; never launched
    (project / "story.html").write_text("<title>Story</title><p>Text.</p>")
    before = _captures(project)
    assert main(["add", "story.html", "--render"]) == 2
    assert "pip install 'capture-harness[render]'" in capsys.readouterr().err
    assert _captures(project) == before


def test_rendered_text_is_not_rendered(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HARNESS_CHROMIUM", sys.executable)
    (project / "story.txt").write_text("Story\n\nText.")
    assert main(["add", "story.txt", "--render"]) == 2
    assert "nothing to render" in capsys.readouterr().err


def test_render_of_a_text_capture_or_a_bad_viewport_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.corpus.capture import create

    monkeypatch.setenv("HARNESS_CHROMIUM", sys.executable)
    create(project / "captures", "words", b"Only text.", kind="text")
    assert main(["render", "words"]) == 2
    assert "there is no page to render" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["render", "alpha", "--viewport", "wide"])
    assert caught.value.code == 2
