"""capture-harness: snapshot tests for web content extractors.

Every registered extractor runs over frozen page captures; each output is compared field
by field (title, dates, authors, language, body) with its approved golden JSON.
"""

from __future__ import annotations

__version__ = "0.1.0"

from harness.capture import Capture
from harness.errors import HarnessError
from harness.extractor import Extractor
from harness.record import Record

__all__ = ["Capture", "Extractor", "HarnessError", "Record", "__version__"]
