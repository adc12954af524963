"""Text on its way to a person: control characters are shown, never obeyed.

Captured pages, goldens in a pull request and extractors' error messages are hostile: a raw
ESC [2J clears a reviewer's screen, a carriage return or a backspace rewrites what a line
shows, U+202E turns it around. Every path to a terminal (the `harness` command through
`terminal`, `harness review`, the pytest plugin's failure text and summary), a Markdown report
and a JUnit report passes its text through `visible`: such characters appear as escapes
(`\\x1b`, `\\r`, `\\u202e`), so a reviewer sees that something was there. `\\n` and `\\t` stay
where layout needs them. JSON keeps the exact strings: `dumps` writes those characters as JSON
`\\u` escapes, which also keeps a lone surrogate writable as UTF-8.

Reports are shared (CI artifacts, pages): `relative` names files under the project root
relative to it, so no report carries the runner's absolute paths.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO, cast

# C0 and C1 controls and DEL, line and paragraph separators, the bidirectional marks,
# embeddings, overrides and isolates, and lone surrogates (not text at all).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_LAYOUT = "\n\t"


def escape(char: str) -> str:
    """One character as a visible escape: `\\r`, `\\x1b`, `\\u202e`."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, lines: bool = True) -> str:
    """`text` fit for a terminal or a report: every control character shown as an escape.

    With `lines` (the default) new lines and tabs are kept for layout; without, a value that
    must stay on one line (a table cell) shows them as escapes too.
    """
    text = text if isinstance(text, str) else str(text)
    if lines:
        return _UNSAFE.sub(lambda m: m[0] if m[0] in _LAYOUT else escape(m[0]), text)
    return _UNSAFE.sub(lambda m: escape(m[0]), text)


def name(text: object) -> str:
    """An id or a name (a capture, an extractor) as printed: on one line, every control
    character an escape, a new line too; a valid id is shown as it is."""
    return visible(text, lines=False)


def is_safe(text: str) -> bool:
    """True when `visible` would leave `text` as it is."""
    return all(m[0] in _LAYOUT for m in _UNSAFE.finditer(text))


def is_text(value: str) -> bool:
    """False when `value` holds a lone surrogate (undecodable bytes kept by Python, not
    text: it cannot be written as UTF-8)."""
    return _SURROGATE.search(value) is None


def dumps(data: Any, **options: Any) -> str:
    """JSON, UTF-8 unescaped, except the characters `visible` escapes: those are `\\u`
    escapes, so the JSON decodes to the exact strings and no raw control reaches a screen."""
    text = json.dumps(data, ensure_ascii=False, **options)
    # json.dumps escapes every control inside a string; a raw new line or tab is layout
    return _UNSAFE.sub(lambda m: m[0] if m[0] in _LAYOUT else f"\\u{ord(m[0]):04x}", text)


def relative(text: str, root: Path | None) -> str:
    """`text` with the project root's absolute path dropped in front of the paths under it."""
    if root is None:
        return text
    for base in dict.fromkeys((str(root), str(root.resolve()))):
        if base != root.anchor:
            text = text.replace(base.rstrip("/\\") + "/", "")
    return text


class _Cleaned(io.TextIOBase):
    """A text stream that shows control characters as escapes before they reach the screen."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self) -> str:
        return self.raw.encoding

    @encoding.setter
    def encoding(self, value: str) -> None:
        raise AttributeError("encoding")


@contextlib.contextmanager
def terminal() -> Iterator[None]:
    """For the duration, everything written to stdout and stderr goes through `visible`."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Cleaned(saved[0]))
    sys.stderr = cast(TextIO, _Cleaned(saved[1]))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def trusted(stream: TextIO) -> TextIO:
    """The stream under `terminal`'s cleaning, for the harness's own drawing (a progress bar's
    carriage return); never for text that came from a capture, a golden or an extractor."""
    return stream.raw if isinstance(stream, _Cleaned) else stream
