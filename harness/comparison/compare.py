"""Comparison: a record against its golden, field by field. Pure: no I/O, no state.

DeepDiff finds which fields differ structurally (this is the only module that uses it);
each field's rule then decides whether the difference is drift.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from harness.comparison import dates
from harness.comparison.tolerance import Tolerance
from harness.record import FIELDS, Record, squash


@dataclass(frozen=True)
class FieldResult:
    """One field's verdict: drifted or not, how, the rule applied, a score and a focused diff."""

    name: str
    drifted: bool
    expected: Any
    actual: Any
    rule: str
    how: str = ""
    score: float | None = None
    diff: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    fields: tuple[FieldResult, ...]

    @property
    def drift(self) -> tuple[str, ...]:
        """The names of the fields that drifted, in record order."""
        return tuple(f.name for f in self.fields if f.drifted)

    @property
    def ok(self) -> bool:
        return not self.drift

    def field(self, name: str) -> FieldResult:
        return next(f for f in self.fields if f.name == name)


def compare(
    expected: Record, actual: Record, tolerance: Tolerance, fields: Iterable[str] = FIELDS
) -> Comparison:
    """Compare `actual` with the approved `expected` on `fields` under `tolerance`."""
    wanted = [f for f in FIELDS if f in set(fields)]
    old, new = expected.to_json(), actual.to_json()
    differing = _differing(old, new)
    results = []
    for name in wanted:
        rule = tolerance.describe(name)
        if name not in differing:
            results.append(FieldResult(name, False, old[name], new[name], rule, score=_same(name)))
        else:
            results.append(_RULES[name](old[name], new[name], tolerance, rule))
    return Comparison(tuple(results))


def _differing(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """The fields that differ. DeepDiff finds them when anything besides the body differs
    (most cells of a run differ in nothing, and DeepDiff is neither imported nor run for
    them); the body (which may be megabytes) is compared as a list here and diffed paragraph
    by paragraph by its own rule."""
    body = {"body"} if old["body"] != new["body"] else set()
    if all(old[name] == new[name] for name in old if name != "body"):
        return body
    from deepdiff import DeepDiff  # imported on the first difference: start-up stays short

    found = DeepDiff(old, new, verbose_level=0, exclude_paths=["root['body']"])
    return set(found.affected_root_keys) | body


def _same(name: str) -> float | None:
    return 1.0 if name == "body" else None


def _title(old: str | None, new: str | None, tol: Tolerance, rule: str) -> FieldResult:
    def norm(value: str | None) -> str | None:
        if value is None:
            return None
        text = squash(value)
        return text.casefold() if tol.title_casefold else text

    drifted = norm(old) != norm(new)
    return FieldResult("title", drifted, old, new, rule, how=_presence(old, new) if drifted else "")


def _presence(old: object, new: object) -> str:
    if old in (None, [], ""):
        return "added"
    if new in (None, [], ""):
        return "missing"
    return "changed"


def _language(old: str | None, new: str | None, tol: Tolerance, rule: str) -> FieldResult:
    drifted = (old or "").casefold() != (new or "").casefold()
    return FieldResult(
        "language", drifted, old, new, rule, how=_presence(old, new) if drifted else ""
    )


def _date(name: str) -> Any:
    def rule_for(old: str | None, new: str | None, tol: Tolerance, rule: str) -> FieldResult:
        precision: dates.Precision = getattr(tol, f"{name}_precision")
        how = date_drift(old, new, precision)
        return FieldResult(name, bool(how), old, new, rule, how=how)

    return rule_for


def date_drift(old: str | None, new: str | None, precision: dates.Precision) -> str:
    """Why two record dates differ at `precision` ("" when they agree)."""
    if old is None or new is None:
        return "" if old == new else _presence(old, new)
    a, b = dates.parse(old), dates.parse(new)
    usable = dates.coarsest(precision, a.precision, b.precision)
    if a.precision != b.precision and usable != precision:
        return f"precision changed from {a.precision} to {b.precision}"
    both_offsets = a.has_offset and b.has_offset
    if a.truncated(usable, as_utc=both_offsets) != b.truncated(usable, as_utc=both_offsets):
        return f"different {usable}" + (
            "" if both_offsets or a.has_offset == b.has_offset else " (one has no offset)"
        )
    return ""


def _authors(old: list[str], new: list[str], tol: Tolerance, rule: str) -> FieldResult:
    before, after = {squash(a) for a in old}, {squash(a) for a in new}
    gone, came = sorted(before - after), sorted(after - before)
    diff = tuple([f"- {a}" for a in gone] + [f"+ {a}" for a in came])
    how = _presence(old, new) if not (before and after) else "changed"
    return FieldResult("authors", bool(diff), old, new, rule, how=how if diff else "", diff=diff)


def _body(old: list[str], new: list[str], tol: Tolerance, rule: str) -> FieldResult:
    a, b = [squash(p) for p in old], [squash(p) for p in new]
    if a == b:
        return FieldResult("body", False, old, new, rule, score=1.0)
    diff, how, score = paragraph_diff(a, b)
    drifted = tol.body_min_similarity >= 1.0 or score < tol.body_min_similarity
    return FieldResult("body", drifted, old, new, rule, how=how, score=score, diff=diff)


def paragraph_diff(a: list[str], b: list[str]) -> tuple[tuple[str, ...], str, float]:
    """The changed paragraphs only, numbered from 1, moves shown as moves; a summary; and
    the similarity of the two bodies: the share of their characters in paragraphs kept
    (equal or moved), plus the matching words of changed ones."""
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    changes = [op for op in opcodes if op[0] != "equal"]
    removed = Counter(p for tag, i1, i2, _, _ in changes if tag != "insert" for p in a[i1:i2])
    added = Counter(p for tag, _, _, j1, j2 in changes if tag != "delete" for p in b[j1:j2])
    moved_out, moved_in = removed & added, removed & added
    kept = float(
        sum(2 * len(p) for tag, i1, i2, _, _ in opcodes if tag == "equal" for p in a[i1:i2])
    )
    kept += sum(2 * len(p) * n for p, n in moved_out.items())
    lines: list[str] = []
    counts: Counter[str] = Counter()
    for tag, i1, i2, j1, j2 in changes:
        if tag == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                line, ratio = _changed(i, a[i], j, b[j])
                lines.append(line)
                kept += ratio * (len(a[i]) + len(b[j]))
                counts["changed"] += 1
            continue
        for i in range(i1, i2):
            if moved_out[a[i]]:
                moved_out[a[i]] -= 1
                counts["moved"] += 1
            else:
                lines.append(f"- ¶{i + 1}: {a[i]}")
                counts["removed"] += 1
        for j in range(j1, j2):
            if moved_in[b[j]]:
                lines.append(f"↕ ¶{j + 1} (moved): {b[j]}")
                moved_in[b[j]] -= 1
            else:
                lines.append(f"+ ¶{j + 1}: {b[j]}")
                counts["added"] += 1
    summary = ", ".join(
        f"{n} paragraph{'s' if n > 1 else ''} {k}" for k, n in sorted(counts.items())
    )
    total = sum(map(len, a)) + sum(map(len, b))
    return tuple(lines), summary, kept / total if total else 1.0


def _changed(i: int, old: str, j: int, new: str) -> tuple[str, float]:
    """One changed paragraph with its words marked, [-gone-] {+came+}, and how alike the two are."""
    x, y = old.split(" "), new.split(" ")
    if len(old) + len(new) > 20_000:
        ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).quick_ratio()
        return f"~ ¶{i + 1}: {old}\n→ ¶{j + 1}: {new}", ratio
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(x[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(x[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(y[j1:j2]) + "+}")
    where = f"¶{i + 1}" if i == j else f"¶{i + 1}→¶{j + 1}"
    return f"~ {where}: " + " ".join(out), matcher.ratio()


_RULES: dict[str, Any] = {
    "title": _title,
    "published": _date("published"),
    "updated": _date("updated"),
    "authors": _authors,
    "language": _language,
    "body": _body,
}
