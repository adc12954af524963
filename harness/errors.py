"""The one error type a user sees: it names the file, the field and the fix."""

from __future__ import annotations

from pathlib import Path


class HarnessError(Exception):
    """A user's mistake or bad input: reported as a message, never as a traceback.

    `where` is the file (or capture, or option) at fault, `field` the part of it,
    `fix` what to do about it.
    """

    def __init__(
        self,
        problem: str,
        *,
        where: str | Path | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.where = str(where) if where is not None else None
        self.field = field
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = self.where or ""
        if self.field:
            head = f"{head}: {self.field}" if head else self.field
        text = f"{head}: {self.problem}" if head else self.problem
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class UsageError(HarnessError):
    """A command-line or configuration mistake."""


class ExtractorOutputError(HarnessError):
    """An extractor returned something that is not a record."""
