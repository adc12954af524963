"""The record: one page's structured output, the same shape for every extractor."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness import schema
from harness.comparison import dates
from harness.errors import ExtractorOutputError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # category Cc, less \t and \n
_SURROGATE = re.compile("[\ud800-\udfff]")
FIELDS: tuple[str, ...] = ("title", "published", "updated", "authors", "language", "body")


@dataclass(frozen=True)
class Record:
    """Title, dates (ISO 8601), authors, language and body paragraphs of one page."""

    title: str | None = None
    published: str | None = None
    updated: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    body: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON form: lists for authors and body, every field present."""
        return {
            "authors": list(self.authors),
            "body": list(self.body),
            "language": self.language,
            "published": self.published,
            "title": self.title,
            "updated": self.updated,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        """Build from a schema-valid JSON object (missing fields are empty)."""
        return cls(
            title=data.get("title"),
            published=data.get("published"),
            updated=data.get("updated"),
            authors=tuple(data.get("authors") or ()),
            language=data.get("language"),
            body=tuple(data.get("body") or ()),
        )


def squash(text: str) -> str:
    """NFC, every run of white space one space, no space at the ends."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def normalise(raw: object, *, source: str, golden: bool = True) -> Record:
    """Turn what an extractor returned into a Record, or say which field is wrong.

    `raw` is a Record or a mapping with any of the record's fields; `body` may be one
    string (paragraphs split at blank lines) or a list of paragraphs. `source` names
    the extractor in errors. The record is one a golden can hold: text (no lone
    surrogate) and, unless `golden` is False (a truth, which its own schema checks),
    valid against the golden schema.
    """
    if isinstance(raw, Record):
        raw = raw.to_json()
    if not isinstance(raw, Mapping):
        raise ExtractorOutputError(
            f"returned {type(raw).__name__}, not a record (a mapping of {', '.join(FIELDS)})",
            where=f"extractor {source}",
            fix="return a harness.Record or a dict with those keys",
        )
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ExtractorOutputError(
            f"unknown field(s) {', '.join(map(str, unknown))}",
            where=f"extractor {source}",
            fix=f"return only {', '.join(FIELDS)}",
        )
    record = Record(
        title=_text(raw.get("title"), "title", source),
        published=_date(raw.get("published"), "published", source),
        updated=_date(raw.get("updated"), "updated", source),
        authors=_texts(raw.get("authors"), "authors", source, split_blank=False),
        language=_text(raw.get("language"), "language", source),
        body=_texts(raw.get("body"), "body", source, split_blank=True),
    )
    _check_writable(record, source, golden)
    return record


def _check_writable(record: Record, source: str, golden: bool) -> None:
    """A record is what a golden will hold: UTF-8 text the golden schema accepts, or an error
    naming the field (never a traceback when it is printed or written, never a golden that
    the schema refuses on the next run)."""
    data = record.to_json()
    texts = {name: tuple(v) if isinstance(v, list) else (v or "",) for name, v in data.items()}
    if _SURROGATE.search("".join(t for values in texts.values() for t in values)):
        _name_surrogate(texts, source)
    if golden and (problem := schema.record_problem(data)):
        path, message = problem
        raise ExtractorOutputError(
            f"{message}, which the golden schema refuses",
            where=f"extractor {source}",
            field=path.removeprefix("$.").split("[")[0],
            fix="make the extractor return a value the schema accepts (harness/schemas/v1.json)",
        )


def _name_surrogate(texts: Mapping[str, tuple[str, ...]], source: str) -> None:
    for name in FIELDS:
        for text in texts[name]:
            if found := _SURROGATE.search(text):
                raise ExtractorOutputError(
                    f"holds a lone surrogate (U+{ord(found[0]):04X}) at character "
                    f"{found.start()}: not text, it cannot be written as UTF-8",
                    where=f"extractor {source}",
                    field=name,
                    fix="decode the page's bytes to str properly (no 'surrogateescape'), "
                    "or drop the character",
                )


def _bad(source: str, field: str, value: object, want: str) -> ExtractorOutputError:
    shown = repr(value)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return ExtractorOutputError(
        f"is {type(value).__name__} {shown}, expected {want}",
        where=f"extractor {source}",
        field=field,
        fix=f"make the extractor return {want} for {field}",
    )


def _text(value: object, field: str, source: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(source, field, value, "a string or null")
    return squash(_clean(value)) or None


def _clean(text: str) -> str:
    """Drop NUL and other control characters that JSON goldens should not carry."""
    return _CONTROL.sub("", text)


def _date(value: object, field: str, source: str) -> str | None:
    if isinstance(value, float) and math.isnan(value):
        raise _bad(source, field, value, "an ISO 8601 date string or null")
    try:
        return dates.normalise(value)
    except (TypeError, ValueError):
        raise _bad(source, field, value, "an ISO 8601 date string or null") from None


def _texts(value: object, field: str, source: str, *, split_blank: bool) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = re.split(r"\n\s*\n" if split_blank else r"[,;]", _clean(value))
        return tuple(p for p in map(squash, parts) if p)
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            if not isinstance(item, str):
                raise _bad(source, field, item, f"a list of strings ({field} item)")
            if text := squash(_clean(item)):
                out.append(text)
        return tuple(out)
    raise _bad(source, field, value, "a list of strings")
