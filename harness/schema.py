"""The versioned JSON Schema of records, goldens, truths and manifests, with format checks on.

The formats the schema uses (`date`, `date-time`, `uri` and the record's `harness-date`) are
checked by the small functions below, not by jsonschema's optional format packages: the checks
are then the same whatever else is installed, and nothing compiles a grammar at start-up.
jsonschema itself is imported only when a document is validated.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import urlsplit

from harness.comparison import dates
from harness.errors import HarnessError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_VERSION = 1
TRUTH_FIELDS = ("title", "published", "updated", "authors", "language", "body")
Kind = Literal["record", "golden", "truth", "manifest"]


@cache
def schema_document() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("harness").joinpath(f"schemas/v{SCHEMA_VERSION}.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@cache
def _validator(kind: Kind) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    document = dict(schema_document())
    document["$ref"] = f"#/$defs/{kind}"
    return Draft202012Validator(document, format_checker=_format_checker())


def _format_checker() -> FormatChecker:
    """Exactly the formats the schema uses, each checked by a function of ours."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in (
        ("harness-date", _is_record_date),
        ("date", _is_date),
        ("date-time", _is_date_time),
        ("uri", _is_uri),
    ):
        checker.checks(name, raises=ValueError)(check)
    return checker


def _is_record_date(instance: object) -> bool:
    if isinstance(instance, str):
        dates.parse(instance)  # raises ValueError, shown as the reason
    return True


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*", re.ASCII)
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", re.ASCII)


def _is_date(instance: object) -> bool:
    """RFC 3339 full-date: YYYY-MM-DD, a day that exists."""
    if not isinstance(instance, str):
        return True
    return bool(_DATE.fullmatch(instance)) and _exists(instance)


def _is_date_time(instance: object) -> bool:
    """RFC 3339 date-time: a date, a time to the second (a leap second allowed) and an offset."""
    if not isinstance(instance, str):
        return True
    found = _DATE_TIME.fullmatch(instance)
    if not found or not _exists(found.group(1)):
        return False
    hour, minute, second = (int(found.group(i)) for i in (2, 3, 4))
    offset = found.group(6)
    offset_ok = offset in "Zz" or (int(offset[1:3]) < 24 and int(offset[4:6]) < 60)
    return hour < 24 and minute < 60 and second <= 60 and offset_ok


def _exists(day: str) -> bool:
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _is_uri(instance: object) -> bool:
    """RFC 3986 URI: a scheme, then only the characters a URI may hold (percent-encoded
    otherwise), with a well-formed authority where one is given."""
    if not isinstance(instance, str):
        return True
    scheme, colon, rest = instance.partition(":")
    if not colon or not _SCHEME.fullmatch(scheme) or not _URI_CHARS.fullmatch(rest):
        return False
    if re.search(r"%(?![0-9A-Fa-f]{2})", rest):
        return False
    try:
        urlsplit(instance).port  # noqa: B018 (a malformed authority or port raises)
    except ValueError:
        return False
    return True


def prepare(*kinds: Kind) -> None:
    """Import jsonschema and build the validators of `kinds` (default: every kind) now: in a
    parent about to fork workers, so that they share them; in a worker before its memory limit
    applies, so that the harness's own imports never count against it."""
    from jsonschema.exceptions import best_match  # noqa: F401 (what `problems` imports)

    for kind in kinds or get_args(Kind):
        _validator(kind)


def problems(kind: Kind, instance: object) -> list[tuple[str, str]]:
    """Every schema violation as (JSON path, message), most relevant first."""
    from jsonschema.exceptions import best_match

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
