"""Built-in extractors. Each module's `extractor(name, options)` is an entry point in the
`harness.extractors` group, exactly as a third-party package would register one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.errors import UsageError
from harness.extractor import Extractor, library_version, missing, unavailable

#: The library each built-in adapter wraps, by the adapter's module: the distribution an
#: upgrade of that extractor changes (`harness compare trafilatura trafilatura@2.0.0`).
LIBRARIES = {
    "harness.extractors.trafilatura": "trafilatura",
    "harness.extractors.readability": "readability-lxml",
    "harness.extractors.newspaper": "newspaper4k",
    "harness.extractors.goose": "goose3",
    "harness.extractors.justext": "jusText",
    "harness.extractors.resiliparse": "Resiliparse",
    "harness.extractors.boilerpy": "boilerpy3",
    "harness.extractors.inscriptis": "inscriptis",
    "harness.extractors.htmldate": "htmldate",
}


def check_options(
    name: str, options: Mapping[str, Any], known: Mapping[str, type]
) -> dict[str, Any]:
    """Refuse options an adapter does not know or of the wrong type, listing the known ones."""
    out = {}
    for key, value in options.items():
        if key not in known:
            raise UsageError(
                f"unknown option {key!r}",
                where=f"[tool.harness.extractors.{name}.options]",
                fix=f"known options: {', '.join(sorted(known)) or '(none)'}",
            )
        if not isinstance(value, known[key]):
            raise UsageError(
                f"{value!r} is not {known[key].__name__}",
                where=f"[tool.harness.extractors.{name}.options]",
                field=key,
                fix=f"give {key} a {known[key].__name__}",
            )
        out[key] = value
    return out


def lines(text: str | None) -> list[str]:
    """Paragraphs of an extractor's plain text, one per non-empty line."""
    return [line for line in (text or "").splitlines() if line.strip()]


def installed(name: str, distribution: str, extra: str, fields: tuple[str, ...]) -> str | Extractor:
    """The installed version of an adapter's library; or, when it is not installed, the
    unavailable entry that says which extra brings it."""
    version = library_version(distribution)
    if version is None:
        return unavailable(name, kinds={"html"}, fields=fields, reason=missing(distribution, extra))
    return version
