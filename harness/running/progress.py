"""Progress of a long run: one redrawn bar on a terminal, plain periodic lines in CI logs.

with Progress(len(tasks), "scored", unit="pages") as progress:
    for task in tasks:
        ...
        progress.advance()
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from harness.goldens.ci import in_ci

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1
LINE_SECONDS = 30.0


def nice_step(total: int) -> int:
    """A round step (1, 2, 5 times a power of ten) giving about five lines over `total`."""
    target, power = max(total / 5, 1), 1
    while True:
        for factor in (1, 2, 5):
            if factor * power >= target:
                return factor * power
        power *= 10


class Progress:
    """Counts work done out of `total`; a context manager that finishes the display on exit."""

    def __init__(
        self,
        total: int,
        label: str,
        stream: TextIO | None = None,
        *,
        unit: str = "",
        interactive: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        quiet: bool = False,
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.unit = unit
        self.stream = sys.stderr if stream is None else stream
        if interactive is None:
            interactive = _is_tty(self.stream) and in_ci(os.environ) is None
        self.interactive = interactive
        self.done = 0
        self._clock = clock
        self._last = clock()
        self._step = nice_step(self.total)
        self._next_line = self._step
        self._finished = quiet  # a quiet display never draws

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.finish()

    def text(self) -> str:
        """ "scored 50/181 pages"."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label} {self.done}/{self.total}{unit}"

    def bar(self) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = round(share * BAR_WIDTH)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} {self.text()}"

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done and update the display when it is due."""
        self.done = min(self.done + count, self.total) if self.total else self.done + count
        if self._finished:
            return
        now = self._clock()
        if self.interactive:
            if now - self._last >= REDRAW_SECONDS or self.done >= self.total:
                self._draw(now)
        elif self.done >= self._next_line or now - self._last >= LINE_SECONDS:
            if self.done < self.total:
                self._line(now)
            while self._next_line <= self.done:
                self._next_line += self._step

    def finish(self) -> None:
        """End the display once: the bar's line is closed, or a last plain line is written."""
        if self._finished:
            return
        self._finished = True
        if self.interactive:
            self._draw(self._clock())
            self.stream.write("\n")
        elif self.total:
            self._line(self._clock())
        self.stream.flush()

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.bar())
        self.stream.flush()
        self._last = now

    def _line(self, now: float) -> None:
        self.stream.write(self.text() + "\n")
        self.stream.flush()
        self._last = now


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
