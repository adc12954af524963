"""What a run shows people: the matrix, the summary and, for each failing cell, why."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from harness import output
from harness.comparison.compare import FieldResult
from harness.record import Record
from harness.reports import upgrade
from harness.reports.upgrade import Upgrade
from harness.running import runner
from harness.running.runner import FAILING, STATUSES, Outcome

_SHOW = 300


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def empty_note(outcome: Outcome) -> str:
    """`empty body, no title` for an output that left declared fields empty, else ""."""
    return runner.empty_note(outcome.empty)


def cell_text(outcome: Outcome) -> str:
    text: str = outcome.status
    if outcome.status == "drift":
        text = "drift: " + ",".join(outcome.drift)
    note = empty_note(outcome)
    return f"{text} ({note})" if note else text


def mark(number: int) -> str:
    """A footnote mark: 1 as `¹`, 12 as `¹²`."""
    return str(number).translate(_SUPERSCRIPT)


def skip_notes(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """Each distinct reason a cell was skipped, numbered in order of first appearance."""
    notes: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.status == "skipped":
            notes.setdefault(outcome.message or "no reason given", len(notes) + 1)
    return notes


def footnotes(notes: dict[str, int]) -> list[str]:
    return [f"{mark(number)} {reason}" for reason, number in notes.items()]


CACHED = "†"


def cached_note(count: int) -> list[str]:
    """The footnote of the cells served from the record cache, when there are any."""
    if not count:
        return []
    return [
        f"{CACHED} {count} cell(s) judged from the record cache: nothing they depend on "
        "changed (--no-cache extracts them again)"
    ]


def matrix(outcomes: Sequence[Outcome]) -> str:
    """Captures down, extractors across, one status a cell; a skipped cell carries a mark
    whose footnote under the table says why (one line a distinct reason)."""
    extractors = sorted({output.name(o.extractor) for o in outcomes})
    captures = list(dict.fromkeys(output.name(o.capture) for o in outcomes))
    notes = skip_notes(outcomes)
    cells = {
        (output.name(o.capture), output.name(o.extractor)): cell_text(o)
        + (mark(notes[o.message or "no reason given"]) if o.status == "skipped" else "")
        + (CACHED if o.cached else "")
        for o in outcomes
    }
    header = ["capture", *extractors]
    rows = [[c, *(cells.get((c, e), "") for e in extractors)] for c in captures]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    cached = cached_note(sum(o.cached for o in outcomes))
    return "\n".join([*lines, *footnotes(notes), *cached])


def summary(outcomes: Sequence[Outcome]) -> dict[str, int]:
    counts = Counter(o.status for o in outcomes)
    return {status: counts.get(status, 0) for status in STATUSES} | {"total": len(outcomes)}


def summary_line(outcomes: Sequence[Outcome]) -> str:
    counts = summary(outcomes)
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    return f"{counts['total']} cells: " + (", ".join(parts) or "nothing to check")


def approve_command(outcome: Outcome) -> str:
    extractor, capture = output.name(outcome.extractor), output.name(outcome.capture)
    return f"harness approve --extractor {extractor} --capture {capture}"


def new_lines(outcomes: Sequence[Outcome]) -> list[str]:
    """The new cells, one line a capture: which extractors, and the command approving them
    (naming the extractors when another output of that capture also waits for review)."""
    new: dict[str, list[Outcome]] = {}
    others: set[str] = set()
    for outcome in outcomes:
        if outcome.status == "new":
            new.setdefault(outcome.capture, []).append(outcome)
        elif outcome.status in ("drift", "changed"):
            others.add(outcome.capture)
    lines = []
    for capture, group in new.items():
        names = ", ".join(
            output.name(o.extractor) + (f" ({note})" if (note := empty_note(o)) else "")
            for o in group
        )
        count = f"{len(group)} extractor{'s' if len(group) > 1 else ''}"
        command = f"harness approve --capture {output.name(capture)}"
        if capture in others:
            command += "".join(f" --extractor {output.name(o.extractor)}" for o in group)
        lines.append(f"new: {output.name(capture)} ({count}: {names}) — approve: {command}")
    return lines


def explain(outcome: Outcome) -> str:
    """Why a cell failed: per drifted field the rule, expected, actual and a focused diff."""
    extractor, capture = output.name(outcome.extractor), output.name(outcome.capture)
    key = f"{extractor}[{capture}]"
    if outcome.status == "drift":
        lines = [f"{key}: {outcome.message}"]
    else:
        head = f"{key}: {outcome.status}"
        lines = [f"{head}: {outcome.message}" if outcome.message else head]
    if outcome.comparison:
        for result in outcome.comparison.fields:
            if result.drifted:
                lines.extend(_field(result))
    if outcome.status in ("drift", "new", "changed") and outcome.record is not None:
        lines.append(f"  to approve: {approve_command(outcome)}")
        lines.append(f'          or: pytest --snapshot-update -k "{extractor} and {capture}"')
    return "\n".join(lines)


def _field(result: FieldResult) -> list[str]:
    score = f", similarity {result.score:.3f}" if result.score is not None else ""
    out = [f"  {result.name}: {result.how}{score} (rule: {result.rule})"]
    if result.name == "body":
        out.extend(f"    {line}" for line in result.diff)
        return out
    out.append(f"    expected: {_short(result.expected)}")
    out.append(f"    actual:   {_short(result.actual)}")
    return out


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOW else text[: _SHOW - 1] + "…"


def as_json(outcomes: Sequence[Outcome], found: Upgrade | None = None) -> str:
    """Every cell, each drifted one with its cluster id; the summary; the clusters and (when
    captures have a truth) the paired quality of `found`, or of the outcomes themselves."""
    found = found if found is not None else upgrade.collect(outcomes, {})
    results = [_result(o, found.cluster_of(o)) for o in outcomes]
    document = {"results": results, "summary": summary(outcomes)} | found.to_json()
    return output.dumps(document, indent=2)


def _result(outcome: Outcome, cluster: str | None) -> dict[str, Any]:
    data = outcome.to_json()
    return data | {"cluster": cluster} if cluster else data


def stream_json(
    outcomes: Iterable[Outcome],
    write: Callable[[str], object],
    truths: Mapping[str, Record] | None = None,
) -> bool:
    """The JSON form of `as_json`, written cell by cell as outcomes come, holding none of
    them (only what the clusters and quality need); returns whether any cell failed."""
    counts: Counter[str] = Counter()
    gatherer = upgrade.Gatherer(truths if truths is not None else {})
    write('{\n  "results": [')
    for number, outcome in enumerate(outcomes):
        counts[outcome.status] += 1
        text = output.dumps(_result(outcome, gatherer.add(outcome)), indent=2)
        write(("," if number else "") + "\n    " + text.replace("\n", "\n    "))
    total = sum(counts.values())
    totals = {status: counts.get(status, 0) for status in STATUSES} | {"total": total}
    summary_text = json.dumps(totals, indent=2).replace("\n", "\n  ")
    write(("\n  " if total else "") + f'],\n  "summary": {summary_text}')
    for key, value in gatherer.result().to_json().items():
        write(f",\n  {json.dumps(key)}: " + output.dumps(value, indent=2).replace("\n", "\n  "))
    write("\n}\n")
    return any(counts[s] for s in FAILING)


def explain_failures(outcomes: Sequence[Outcome]) -> list[str]:
    """The explanation of every failing cell; a capture that fails the same way for every
    extractor (a broken page or manifest) is explained once, naming the extractors; new
    cells come first, one line a capture (`new_lines`)."""
    failing = [o for o in outcomes if o.failed and not _is_new(o)]
    groups: dict[tuple[str, str, str], list[Outcome]] = {}
    for outcome in failing:
        shared = outcome.record is None and outcome.comparison is None
        key = (outcome.capture, outcome.status, outcome.message if shared else outcome.extractor)
        groups.setdefault(key, []).append(outcome)
    texts = []
    for group in groups.values():
        if len(group) == 1:
            texts.append(explain(group[0]))
            continue
        names = ", ".join(output.name(o.extractor) for o in group)
        first = group[0]
        texts.append(f"{output.name(first.capture)} ({names}): {first.status}: {first.message}")
    summary = new_lines(outcomes)
    return ["\n".join(summary), *texts] if summary else texts


def _is_new(outcome: Outcome) -> bool:
    """A new cell: summarised a capture a line (`new_lines`)."""
    return outcome.status == "new"
