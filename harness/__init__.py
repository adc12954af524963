"""capture-harness: snapshot tests for web content extractors.

Every registered extractor runs over frozen page captures; each output is compared field
by field (title, dates, authors, language, body) with its approved golden JSON.

The names below load on first use, so that importing the pytest plugin costs nothing in
a test run that does not use the harness.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Capture", "Extractor", "HarnessError", "Record", "__version__"]

_WHERE = {
    "Capture": "harness.corpus.capture",
    "Extractor": "harness.extractor",
    "HarnessError": "harness.errors",
    "Record": "harness.record",
}

if TYPE_CHECKING:
    from harness.corpus.capture import Capture
    from harness.errors import HarnessError
    from harness.extractor import Extractor
    from harness.record import Record


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'harness' has no attribute {name!r}")
