"""jusText: the body only, its non-boilerplate paragraphs, judged with one language's stoplist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.capture import Capture
from harness.errors import UsageError
from harness.extractor import Extractor
from harness.extractors import check_options, installed
from harness.record import Record

FIELDS = ("body",)
OPTIONS: dict[str, type] = {
    "language": str,
    "length_low": int,
    "length_high": int,
    "max_link_density": float,
    "no_headings": bool,
}


def extractor(name: str, options: Mapping[str, Any]) -> Extractor:
    version = installed(name, "jusText", "justext", FIELDS)
    if isinstance(version, Extractor):
        return version
    settings = check_options(name, options, OPTIONS)
    language = (
        _stoplist_name(name, settings.pop("language")) if "language" in settings else "English"
    )

    def extract(capture: Capture) -> Record:
        import justext

        html = capture.text()
        if not html.strip():  # lxml refuses an empty document
            return Record()
        found = justext.justext(html, justext.get_stoplist(language), **settings)
        return Record(body=tuple(p.text for p in found if not p.is_boilerplate))

    return Extractor(
        name,
        version,
        frozenset({"html"}),
        FIELDS,
        extract,
        options={"language": language, **settings},
    )


def _stoplist_name(name: str, language: str) -> str:
    """jusText's name for a stoplist ("German"), matched without regard to case."""
    import justext

    known = {stoplist.casefold(): stoplist for stoplist in justext.get_stoplists()}
    if language.casefold() not in known:
        raise UsageError(
            f"jusText has no stoplist {language!r}",
            where=f"[tool.harness.extractors.{name}.options]",
            field="language",
            fix=f"use one of: {', '.join(sorted(known.values()))}",
        )
    return str(known[language.casefold()])
