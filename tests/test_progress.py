"""Progress: a redrawn bar on a terminal, plain periodic lines in CI logs and pipes."""

from __future__ import annotations

import io

import pytest

from harness.running.progress import Progress, nice_step


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


def run(stream: io.StringIO, total: int = 181, clock: Clock | None = None) -> str:
    with Progress(total, "scored", stream, unit="pages", clock=clock or Clock()) as progress:
        for _ in range(total):
            progress.advance()
    return stream.getvalue()


def test_plain_lines_when_not_a_terminal() -> None:
    out = run(io.StringIO())
    assert out.splitlines() == [
        "scored 50/181 pages",
        "scored 100/181 pages",
        "scored 150/181 pages",
        "scored 181/181 pages",
    ]
    assert "\r" not in out


def test_plain_lines_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    out = run(Terminal())
    assert "\r" not in out and out.endswith("scored 181/181 pages\n")


def test_one_redrawn_bar_on_a_terminal() -> None:
    clock = Clock()
    stream = Terminal()
    with Progress(4, "scored", stream, unit="pages", clock=clock) as progress:
        progress.advance()  # too soon after the start: not drawn
        clock.now = 1.0
        progress.advance()
        assert stream.getvalue() == "\r[###############...............]  50% scored 2/4 pages"
        clock.now = 2.0
        progress.advance(2)
    out = stream.getvalue()
    assert out.count("\n") == 1 and out.endswith("100% scored 4/4 pages\n")


def test_a_slow_run_still_logs_every_half_minute() -> None:
    clock = Clock()
    stream = io.StringIO()
    with Progress(1000, "scored", stream, unit="pages", clock=clock) as progress:
        progress.advance()
        clock.now = 31.0
        progress.advance()
    assert stream.getvalue().splitlines() == ["scored 2/1000 pages", "scored 2/1000 pages"]


def test_nothing_to_do_writes_nothing() -> None:
    assert run(io.StringIO(), total=0) == ""


@pytest.mark.parametrize(("total", "step"), [(0, 1), (7, 2), (181, 50), (1000, 200), (3, 1)])
def test_nice_steps(total: int, step: int) -> None:
    assert nice_step(total) == step
