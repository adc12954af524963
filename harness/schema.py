"""The versioned JSON Schema of records, goldens, truths and manifests, with format checks on."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from harness import dates
from harness.errors import HarnessError

SCHEMA_VERSION = 1
TRUTH_FIELDS = ("title", "published", "updated", "authors", "language", "body")
Kind = Literal["record", "golden", "truth", "manifest"]


@cache
def schema_document() -> dict[str, Any]:
    text = resources.files("harness").joinpath(f"schemas/v{SCHEMA_VERSION}.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@cache
def _validator(kind: Kind) -> Draft202012Validator:
    document = dict(schema_document())
    document["$ref"] = f"#/$defs/{kind}"
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=_format_checker())


def _format_checker() -> FormatChecker:
    """The draft's standard formats (date, date-time, uri...) plus the record's date form."""
    checker = FormatChecker()
    checker.checks("harness-date", raises=ValueError)(_is_record_date)
    return checker


def _is_record_date(instance: object) -> bool:
    if isinstance(instance, str):
        dates.parse(instance)  # raises ValueError, shown as the reason
    return True


def problems(kind: Kind, instance: object) -> list[tuple[str, str]]:
    """Every schema violation as (JSON path, message), most relevant first."""
    errors = list(_validator(kind).iter_errors(instance))
    first = best_match(errors) if errors else None
    ordered = ([first] if first else []) + [e for e in errors if e is not first]
    return [(e.json_path, _describe(e.message)) for e in ordered if e is not None]


def record_problem(record: dict[str, Any]) -> tuple[str, str] | None:
    """The first way a record built by `record.normalise` breaks the schema, or None.

    Its types, non-empty strings and date forms are already what the schema asks; this checks
    the rest: the language pattern (read from the schema document) and the date format, at a
    small fraction of the cost of a full validation (which every cell would pay).
    """
    language = record.get("language")
    if isinstance(language, str) and not _language_pattern().search(language):
        shown = _describe(repr(language))
        return "$.language", f"{shown} does not match '{_language_pattern().pattern}'"
    for name in ("published", "updated"):
        value = record.get(name)
        if isinstance(value, str):
            try:
                dates.parse(value)
            except ValueError as error:
                return f"$.{name}", _describe(str(error))
    return None


@cache
def _language_pattern() -> re.Pattern[str]:
    language: dict[str, str] = schema_document()["$defs"]["record"]["properties"]["language"]
    return re.compile(language["pattern"])


def _describe(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def validate(kind: Kind, instance: object, *, where: str | Path, fix: str) -> None:
    """Raise a HarnessError naming the file and the JSON path of the first violation."""
    found = problems(kind, instance)
    if found:
        path, message = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise HarnessError(f"{message}{more}", where=where, field=path, fix=fix)
