"""A rehearsal as people read it: the versions it changes, and (Markdown, for a pull request)
the counts of cells drifted, new and passed, the drifted cells, and the clusters and quality
tables when the run's JSON has them (passed through as they come, whatever their columns)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from harness import output
from harness.reports.markdown import cell_md
from harness.running.rehearsal import Versions

MAX_ROWS = 50


def versions_table(versions: Versions) -> str:
    """Each distribution and extractor, its version before and after, as aligned text."""
    rows = [["", "before", "after"]]
    for kind, before, after in _version_rows(versions.to_json()):
        rows.append([kind, before, after])
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(output.visible(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _version_rows(document: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    for part, label in (("distributions", "distribution"), ("extractors", "extractor")):
        before = document.get("before", {}).get(part, {})
        after = document.get("after", {}).get(part, {})
        for name in sorted(set(before) | set(after)):
            shown = [v or "(none)" for v in (before.get(name), after.get(name))]
            rows.append((f"{label} {name}", shown[0], shown[1]))
    return rows


def markdown(requirements: Sequence[str], document: Mapping[str, Any]) -> str:
    """The summary of a rehearsal for a pull request or a CI job summary."""
    results = [r for r in document.get("results", ()) if isinstance(r, Mapping)]
    counts = Counter(str(r.get("status")) for r in results)
    title = cell_md(" ".join(requirements))
    lines = [f"## Rehearsal of {title}", "", "| | before | after |", "| --- | --- | --- |"]
    for kind, before, after in _version_rows(document.get("versions", {})):
        lines.append(f"| {cell_md(kind)} | {cell_md(before)} | {cell_md(after)} |")
    tally = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, key=lambda s: (-counts[s], s)))
    lines += ["", f"**{len(results)} cells**: {tally or 'none'}", ""]
    lines += _drifted(results)
    for key in ("clusters", "quality"):
        if document.get(key):
            lines += [f"### {key.capitalize()}", "", *_table(document[key]), ""]
    return "\n".join(lines).rstrip() + "\n"


def _drifted(results: list[Mapping[str, Any]]) -> list[str]:
    drifted = [r for r in results if r.get("status") == "drift"]
    if not drifted:
        return []
    lines = ["### Drifted cells", "", "| extractor | capture | fields |", "| --- | --- | --- |"]
    for result in drifted[:MAX_ROWS]:
        fields = ", ".join(str(f) for f in result.get("drift", ()))
        cells = (result.get("extractor"), result.get("capture"), fields)
        lines.append("| " + " | ".join(cell_md(str(c)) for c in cells) + " |")
    if len(drifted) > MAX_ROWS:
        lines.append(f"\n… and {len(drifted) - MAX_ROWS} more (see the JSON report)")
    return [*lines, ""]


def _table(value: Any) -> list[str]:
    """Rows of dicts (a list) or a nesting of dicts, as one Markdown table: nested keys
    become the first columns, the innermost dict's keys the others."""
    rows = _rows(value, ())
    if not rows:
        return [f"`{cell_md(output.dumps(value))}`"]
    depth = max(len(path) for path, _ in rows)
    columns = list(dict.fromkeys(k for _, row in rows for k in row))
    head = [""] * depth + columns
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for path, row in rows[:MAX_ROWS]:
        keys = list(path) + [""] * (depth - len(path))
        values = [_value(row.get(c)) for c in columns]
        lines.append("| " + " | ".join(cell_md(str(v)) for v in keys + values) + " |")
    return lines


def _rows(value: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Mapping[str, Any]]]:
    if isinstance(value, list):
        return [(path, v) for v in value if isinstance(v, Mapping)]
    if not isinstance(value, Mapping):
        return []
    if not any(isinstance(v, Mapping) for v in value.values()):
        return [(path, value)]
    found = []
    for key, inner in value.items():
        found += _rows(inner, (*path, str(key)))
    return found


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, Mapping):
        return output.dumps(value)
    return str(value)
