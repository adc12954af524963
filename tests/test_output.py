"""harness.output: control characters shown as escapes, exact JSON, relative paths."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from harness import output

# What a hostile golden, page or extractor message may carry: clear screen, a window-title
# OSC, carriage return and backspace (rewrite the line), a bidi override, a C1 CSI, DEL,
# an isolate, a line separator and a lone surrogate.
HOSTILE = "a\x1b[2J\x1b]0;owned\x07b\rc\x08d\u202ee\x9b31mf\x7f\u2066g\u2028h\ud800i"
RAW = {"\x1b", "\x07", "\r", "\x08", "\u202e", "\x9b", "\x7f", "\u2066", "\u2028", "\ud800"}


def test_visible_shows_every_control_as_an_escape() -> None:
    shown = output.visible(HOSTILE)
    assert not RAW & set(shown)
    assert shown == (
        "a\\x1b[2J\\x1b]0;owned\\x07b\\rc\\x08d\\u202ee\\x9b31mf\\x7f\\u2066g\\u2028h\\ud800i"
    )


def test_visible_keeps_new_lines_and_tabs_for_layout_unless_told() -> None:
    assert output.visible("a\n\tb\x1b") == "a\n\tb\\x1b"
    assert output.visible("a\n\tb", lines=False) == "a\\n\\tb"
    assert output.visible("plain ünïcode 中文 🙂") == "plain ünïcode 中文 🙂"


def test_visible_is_idempotent() -> None:
    once = output.visible(HOSTILE)
    assert output.visible(once) == once and output.is_safe(once)
    assert not output.is_safe(HOSTILE)


def test_dumps_keeps_the_exact_strings_and_no_raw_control() -> None:
    data = {"message": HOSTILE, "body": ["x\ty\nz", "中文"]}
    text = output.dumps(data, indent=2)
    assert not RAW & set(text)
    assert "中文" in text  # UTF-8 unescaped otherwise
    assert json.loads(text) == data
    text.encode("utf-8")  # a lone surrogate is a \u escape, so the text can be written


def test_relative_drops_the_project_root(tmp_path: Path) -> None:
    text = f"{tmp_path}/goldens/demo/a.json: bad; {tmp_path}/captures/a/page.html changed"
    assert output.relative(text, tmp_path) == (
        "goldens/demo/a.json: bad; captures/a/page.html changed"
    )
    assert output.relative(text, None) == text


def test_terminal_cleans_stdout_and_stderr_and_restores_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with output.terminal():
        print(HOSTILE)
        print(HOSTILE, file=sys.stderr)
        output.trusted(sys.stderr).write("\r[bar]")
    assert sys.stdout is out and sys.stderr is err
    assert out.getvalue() == output.visible(HOSTILE) + "\n"
    assert err.getvalue() == output.visible(HOSTILE) + "\n\r[bar]"


def test_is_text_refuses_lone_surrogates() -> None:
    assert output.is_text("café 🙂") and not output.is_text("caf\udce9")
