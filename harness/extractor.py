"""What an extractor is: a name, a version, what it takes and gives, and a function."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from harness.record import Record

if TYPE_CHECKING:
    from harness.corpus.capture import Capture

Extract = Callable[["Capture"], "Record | Mapping[str, Any]"]


@dataclass(frozen=True)
class Extractor:
    """A registered extractor.

    `kinds` are the capture kinds it accepts (`html`, `text`), `fields` the record fields
    it really provides: a field it never gives is never drift. An extractor whose library
    is missing is still listed, with `available=False` and the `reason`.
    """

    name: str
    version: str
    kinds: frozenset[str]
    fields: tuple[str, ...]
    extract: Extract = field(compare=False, repr=False)
    available: bool = True
    reason: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def describe(self) -> dict[str, Any]:
        """The listing form used by `harness extractors --format json`."""
        out: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "kinds": sorted(self.kinds),
            "fields": list(self.fields),
            "available": self.available,
        }
        if not self.available:
            out["reason"] = self.reason
        return out

    def described(self) -> Extractor:
        """What a worker process tells the parent of this extractor: everything but its
        function and options (which need not cross a process boundary)."""
        return replace(self, extract=_elsewhere, options={})


def _elsewhere(capture: Capture) -> Record:
    raise RuntimeError("this extractor runs only in a worker process (harness.running.pool)")


def unavailable(name: str, *, kinds: set[str], fields: tuple[str, ...], reason: str) -> Extractor:
    """The entry for an extractor that cannot run here, saying why."""

    def refuse(capture: Capture) -> Record:
        raise RuntimeError(reason)

    return Extractor(name, "", frozenset(kinds), fields, refuse, available=False, reason=reason)


def library_version(distribution: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed (read from
    its metadata: the library itself is not imported)."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def missing(distribution: str, extra: str) -> str:
    return f"{distribution} is not installed: pip install 'capture-harness[{extra}]'"
