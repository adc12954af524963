"""Tolerances: how strictly each field is compared, set per field, extractor and capture."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, cast

from harness.comparison.dates import PRECISIONS, Precision
from harness.errors import UsageError


@dataclass(frozen=True)
class Tolerance:
    """The rules one comparison applies.

    - `title_casefold`: ignore case in titles (NFC and white space are always ignored);
    - `published_precision`, `updated_precision`: compare dates down to this unit;
    - `body_min_similarity`: 1.0 means any change beyond white space is drift; lower
      accepts a body whose similarity to the golden is at least this.
    """

    title_casefold: bool = False
    published_precision: Precision = "minute"
    updated_precision: Precision = "minute"
    body_min_similarity: float = 1.0

    def describe(self, name: str) -> str:
        """The rule applied to one field, as a failure message shows it."""
        if name == "title":
            return "equal after NFC and white space" + (
                ", ignoring case" if self.title_casefold else ""
            )
        if name in ("published", "updated"):
            return f"same {getattr(self, name + '_precision')}"
        if name == "body":
            if self.body_min_similarity >= 1.0:
                return "every paragraph equal after white space"
            return f"similarity at least {self.body_min_similarity:.2f}"
        if name == "authors":
            return "same set of names"
        return "equal"


@dataclass(frozen=True)
class Policy:
    """The base tolerance and its overrides; a capture's override wins over an extractor's."""

    base: Tolerance = field(default_factory=Tolerance)
    by_extractor: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    by_capture: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def for_case(self, extractor: str, capture: str) -> Tolerance:
        tolerance = self.base
        for table, where in (
            (self.by_extractor.get(extractor), f"tolerance.extractor.{extractor}"),
            (self.by_capture.get(capture), f"tolerance.capture.{capture}"),
        ):
            if table:
                tolerance = apply(tolerance, table, where)
        return tolerance


def apply(tolerance: Tolerance, table: Mapping[str, Any], where: str) -> Tolerance:
    """Read `{title = {casefold}, published = {precision}, body = {min_similarity}}`."""
    changes: dict[str, Any] = {}
    for field_name, rules in table.items():
        if field_name in ("extractor", "capture"):
            continue
        if not isinstance(rules, Mapping):
            raise UsageError(
                "must be a table",
                where=f"[tool.harness.{where}]",
                field=field_name,
                fix=f"write {field_name} = {{ ... }}",
            )
        for rule, value in rules.items():
            key = f"{field_name}_{rule}"
            changes[key] = _check(key, value, f"[tool.harness.{where}]")
    return replace(tolerance, **changes)


def _check(key: str, value: Any, where: str) -> Any:
    known = {f.name: f for f in fields(Tolerance)}
    if key not in known:
        raise UsageError(
            f"unknown tolerance {key.replace('_', '.', 1)!r}",
            where=where,
            fix="known: " + ", ".join(k.replace("_", ".", 1) for k in known),
        )
    if key.endswith("_precision"):
        if value not in PRECISIONS:
            raise UsageError(
                f"precision {value!r} is not one of {', '.join(PRECISIONS)}",
                where=where,
                field=key.replace("_", ".", 1),
                fix=f"use one of {', '.join(PRECISIONS)}",
            )
        return cast(Precision, value)
    if key == "body_min_similarity":
        from harness.config import NUMBERS  # the one schema of numbers (it imports this module)

        if NUMBERS["min_similarity"].problem(value):
            raise UsageError(
                f"{value!r} is not a number from 0 to 1",
                where=where,
                field="body.min_similarity",
                fix="use e.g. 0.98, or 1.0 for exact paragraphs",
            )
        return float(value)
    if not isinstance(value, bool):
        raise UsageError(
            f"{value!r} is not true or false", where=where, field=key, fix="use true or false"
        )
    return value


def policy_from(table: Mapping[str, Any]) -> Policy:
    """The `[tool.harness.tolerance]` table into a Policy."""
    base = apply(Tolerance(), table, "tolerance")
    policy = Policy(
        base=base,
        by_extractor=_overrides(table.get("extractor", {}), "extractor"),
        by_capture=_overrides(table.get("capture", {}), "capture"),
    )
    for kind, overrides in (("extractor", policy.by_extractor), ("capture", policy.by_capture)):
        for name, override in overrides.items():
            apply(base, override, f"tolerance.{kind}.{name}")  # refuse mistakes now, not mid-run
    return policy


def _overrides(table: Any, kind: str) -> dict[str, Mapping[str, Any]]:
    """`[tool.harness.tolerance.extractor]` (or `.capture`): a table of tables, checked."""
    if not isinstance(table, Mapping):
        raise UsageError(
            f"{table!r} is not a table",
            where="[tool.harness.tolerance]",
            field=kind,
            fix=f"write [tool.harness.tolerance.{kind}.NAME] tables",
        )
    for name, override in table.items():
        if not isinstance(override, Mapping):
            raise UsageError(
                f"{override!r} is not a table",
                where=f"[tool.harness.tolerance.{kind}]",
                field=str(name),
                fix=f"write [tool.harness.tolerance.{kind}.{name}] with e.g. "
                "title = { casefold = true }",
            )
    return {str(name): override for name, override in table.items()}
