"""jusText: the body only, its non-boilerplate paragraphs, judged with a language's stoplist.

Without a `language` option the stoplist is the page's own: the one of jusText's stoplists
that covers the largest share of the page's words (jusText's stoplists are each language's
most frequent words, so the page's language covers the most). A page in a script written
without spaces (Chinese, Japanese, Thai), or whose words no stoplist covers, is judged in
jusText's language-independent mode: no stoplist, stop-word thresholds at zero.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from harness.corpus.capture import Capture
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
    language = _stoplist_name(name, settings.pop("language")) if "language" in settings else None

    def extract(capture: Capture) -> Record:
        import justext

        html = capture.text()
        if not html.strip():  # lxml refuses an empty document
            return Record()
        chosen = language or page_language(html)
        if chosen is None:
            found = justext.justext(html, frozenset(), **{**_independent(html), **settings})
        else:
            found = justext.justext(html, justext.get_stoplist(chosen), **settings)
        return Record(body=tuple(p.text for p in found if not p.is_boilerplate))

    return Extractor(
        name,
        version,
        frozenset({"html"}),
        FIELDS,
        extract,
        options={"language": language or "the page's", **settings},
    )


_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_WORD = re.compile(r"[^\W\d_]+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_MIN_SHARE = 0.05  # of a page's words, for a stoplist to say the page's language


def page_language(html: str) -> str | None:
    """The name of jusText's stoplist that covers most of the page's words, or None for a
    page in an unspaced script or one no stoplist covers (judge it without a stoplist)."""
    text = _TAGS.sub(" ", html)
    letters = _WORD.findall(text)
    if not letters:
        return None
    if _is_unspaced(letters):
        return None
    words = Counter(w.casefold() for w in letters)
    total = sum(words.values())
    shares = {
        name: sum(n for w, n in words.items() if w in stoplist) / total
        for name, stoplist in _stoplists().items()
    }
    best = max(sorted(shares), key=shares.__getitem__)
    return best if shares[best] >= _MIN_SHARE else None


def _independent(html: str) -> dict[str, int]:
    """jusText's language-independent mode; in an unspaced script a character carries about
    what three do in a spaced one (a word and its space), so its length bounds are a third."""
    import justext

    scale = 3 if _is_unspaced(_WORD.findall(_TAGS.sub(" ", html))) else 1
    return {
        "stopwords_low": 0,
        "stopwords_high": 0,
        "length_low": justext.core.LENGTH_LOW_DEFAULT // scale,
        "length_high": justext.core.LENGTH_HIGH_DEFAULT // scale,
    }


def _is_unspaced(letters: list[str]) -> bool:
    unspaced = sum(len(_UNSPACED.findall(w)) for w in letters)
    return unspaced >= 0.3 * sum(len(w) for w in letters)


@functools.cache
def _stoplists() -> dict[str, frozenset[str]]:
    import justext

    return {name: justext.get_stoplist(name) for name in justext.get_stoplists()}


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
