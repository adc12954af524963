"""Reviewing pending outputs: what changed, field by field, and if it came closer to the truth."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from harness import output
from harness.comparison.clusters import cluster_id
from harness.comparison.compare import Comparison, compare, date_drift
from harness.comparison.signature import signature
from harness.config import Config
from harness.corpus.capture import find
from harness.goldens import golden as goldens
from harness.goldens import pending
from harness.goldens.approval import approve, reject
from harness.goldens.golden import Golden
from harness.record import FIELDS, Record, squash
from harness.running.runner import empty_note
from harness.scoring.metrics import page_scores

KEYS = "[a]ccept  [r]eject  [s]kip  accept [A]ll remaining  [q]uit"
CLUSTER_KEYS = "accept [C]luster ({n})  [R]eject cluster ({n})  "
_WHOLE_CLUSTER = {"C": "a", "R": "r"}


@dataclass(frozen=True)
class Change:
    """A pending entry with its golden, the comparison and the capture's truth."""

    entry: pending.Entry
    golden: Golden | None
    comparison: Comparison | None
    truth: Record | None = None
    truth_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def magnitude(self) -> float:
        """How big the change is: drifted fields, plus how far the body moved."""
        if self.comparison is None:
            return 0.5 if self.entry.status == "new" else 10.0
        body = self.comparison.field("body") if "body" in self.entry.drift else None
        moved = 1.0 - (body.score or 0.0) if body is not None else 0.0
        return len(self.comparison.drift) + moved

    @functools.cached_property
    def cluster(self) -> str | None:
        """The id of the drift cluster this output belongs to (as `harness run` names it,
        from the fields the run found drifted, compared again with the current golden)."""
        if self.entry.status != "drift" or self.comparison is None:
            return None
        found = [f for f in self.comparison.fields if f.name in self.entry.drift]
        drifted = signature(Comparison(tuple(found)))
        return cluster_id(self.entry.extractor, drifted) if drifted else None


def changes(config: Config, entries: list[pending.Entry]) -> list[Change]:
    """Each entry made reviewable, biggest change first."""
    out = []
    for entry in entries:
        captures, root = entry.roots(config)
        golden = goldens.read(goldens.path_for(root, entry.extractor, entry.capture), root)
        capture = find(captures, entry.capture, max_bytes=config.max_page_bytes)
        comparison = None
        if golden is not None:
            tolerance = config.policy.for_case(entry.extractor, entry.capture)
            comparison = compare(golden.record, entry.record, tolerance, FIELDS)
        out.append(Change(entry, golden, comparison, capture.truth, capture.truth_fields))
    return sorted(out, key=lambda c: (-c.magnitude, c.entry.key))


def describe(change: Change) -> str:
    """The focused view of one change, as the review shows it."""
    entry = change.entry
    made_by = f"{output.name(entry.extractor)} {entry.version}"
    lines = [f"{entry.key}  {entry.status}: {entry.message}  ({made_by})"]
    if change.comparison is None:
        lines += [f"  {name}: {_short(value)}" for name, value in entry.record.to_json().items()]
    else:
        for result in change.comparison.fields:
            if not result.drifted:
                continue
            score = f", similarity {result.score:.3f}" if result.score is not None else ""
            lines.append(f"  {result.name}: {result.how}{score}")
            if result.name == "body":
                lines += [f"    {line}" for line in result.diff]
            else:
                lines += [
                    f"    golden: {_short(result.expected)}",
                    f"    new:    {_short(result.actual)}",
                ]
    if change.cluster:
        lines.append(f"  cluster: {output.name(change.cluster)}")
    if entry.empty:
        lines.append(f"  warning: {empty_note(entry.empty)}: look before accepting")
    lines += [f"  truth: {line}" for line in truth_verdicts(change)]
    return "\n".join(lines)


def _short(value: object, limit: int = 200) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def truth_verdicts(change: Change) -> list[str]:
    """Per field the truth knows: is the new output closer to it than the golden, or farther?"""
    if change.truth is None:
        return []
    old = change.golden.record if change.golden else None
    new = change.entry.record
    out = []
    for name in FIELDS:
        if name not in change.truth_fields:
            continue
        before = _agreement(name, old, change.truth) if old else None
        after = _agreement(name, new, change.truth)
        if before is None:
            out.append(f"{name} {after:.2f} against the truth")
        elif after != before:
            word = "closer to" if after > before else "farther from"
            out.append(f"{name} {word} the truth ({before:.2f} → {after:.2f})")
    return out


def _agreement(name: str, record: Record, truth: Record) -> float:
    if name == "body":
        return page_scores("\n\n".join(truth.body), "\n\n".join(record.body)).f1
    if name in ("published", "updated"):
        mine, real = getattr(record, name), getattr(truth, name)
        return 1.0 if mine is not None and not date_drift(real, mine, "day") else 0.0
    if name == "authors":
        want, got = set(map(squash, truth.authors)), set(map(squash, record.authors))
        return len(want & got) / len(want | got) if want | got else 1.0
    mine, real = getattr(record, name), getattr(truth, name)
    return 1.0 if mine and real and squash(mine).casefold() == squash(real).casefold() else 0.0


@dataclass
class Tally:
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0


def run_review(
    config: Config,
    found: list[Change],
    read_key: Callable[[], str],
    write: Callable[[str], None],
    reason: str | None = None,
) -> Tally:
    """One change at a time: accept, reject, skip, accept all remaining, or quit; and, when
    other outputs of the change's drift cluster wait too, accept or reject the whole cluster."""
    tally = Tally()
    accept_rest = False
    done: set[int] = set()
    for number, change in enumerate(found, 1):
        if number - 1 in done:
            continue
        write(f"\n[{number}/{len(found)}] {describe(change)}\n")
        members = _cluster(found, number - 1, done)
        key = "a" if accept_rest else _ask(read_key, write, len(members))
        if key == "q":
            tally.skipped += sum(i not in done for i in range(number - 1, len(found)))
            break
        if key == "A":
            accept_rest, key = True, "a"
        chosen = [number - 1]
        if key in _WHOLE_CLUSTER:
            verb = "accepting" if key == "C" else "rejecting"
            write(f"{verb} all {len(members)} of cluster {change.cluster}\n")
            chosen, key = members, _WHOLE_CLUSTER[key]
        for index in chosen:
            _decide(config, found[index], key, reason, tally, write)
            done.add(index)
    return tally


def _cluster(found: list[Change], index: int, done: set[int]) -> list[int]:
    """The undecided changes of the cluster of `found[index]`, itself first; [] when it has
    no other."""
    cluster = found[index].cluster
    if cluster is None:
        return []
    members = [i for i, c in enumerate(found) if i not in done and c.cluster == cluster]
    return sorted(members, key=lambda i: i != index) if len(members) > 1 else []


def _decide(
    config: Config,
    change: Change,
    key: str,
    reason: str | None,
    tally: Tally,
    write: Callable[[str], None],
) -> None:
    if key == "a":
        approved = approve(config, change.entry, reason=reason)
        write(f"accepted {change.entry.key} -> {approved.path}\n")
        tally.accepted += 1
    elif key == "r":
        reject(config, change.entry)
        write(f"rejected {change.entry.key}: the golden stays as it is\n")
        tally.rejected += 1
    else:
        write("skipped\n")
        tally.skipped += 1


def _ask(read_key: Callable[[], str], write: Callable[[str], None], cluster: int = 0) -> str:
    keys = ("a", "r", "s", "A", "q", *(("C", "R") if cluster else ()))
    while True:
        write((CLUSTER_KEYS.format(n=cluster) if cluster else "") + KEYS + " > ")
        key = read_key()
        write(key + "\n")
        if key in keys:
            return key
        if key == "":
            return "q"
