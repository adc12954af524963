"""Drift clusters: cells grouped by extractor and whole signature, with truth movement."""

from __future__ import annotations

from harness.comparison.clusters import Cluster, cell_signature, cluster_id, clusters
from harness.comparison.compare import compare
from harness.comparison.tolerance import Tolerance
from harness.goldens.golden import Golden
from harness.record import Record
from harness.running.runner import Outcome

BODY = ("First paragraph of the story.", "Second paragraph of it.", "Share this.")


def cell(extractor: str, capture: str, old: Record, new: Record) -> Outcome:
    comparison = compare(old, new, Tolerance())
    status = "pass" if comparison.ok else "drift"
    golden = Golden(extractor, "1", capture, "0" * 64, old)
    return Outcome(extractor, capture, status, record=new, golden=golden, comparison=comparison)


def page(title: str, body: tuple[str, ...] = BODY) -> Record:
    return Record(title=title, body=body)


def test_cells_with_the_same_extractor_and_signature_form_one_cluster() -> None:
    outcomes = [
        cell("tra", "b", page("Bee"), page("Bee | Site")),
        cell("tra", "a", page("Aye"), page("Aye | Site")),
        cell("tra", "c", page("Sea"), page("Sea", BODY[:2])),
        cell("tra", "d", page("Dee"), page("Dee | Site", BODY[:2])),  # both: its own cluster
        cell("other", "e", page("Eee"), page("Eee | Site")),
        cell("tra", "f", page("Eff"), page("Eff")),  # passes
    ]
    found = clusters(outcomes, {})
    assert found[0] == Cluster(
        "tra-title-site-part-added", "tra", "title", "site-part-added", 2, ("a", "b"), None, None
    )
    assert [(c.id, c.count, c.captures) for c in found[1:]] == [
        ("other-title-site-part-added", 1, ("e",)),
        ("tra-body+title-paragraphs-lost-end+site-part-added", 1, ("d",)),
        ("tra-body-paragraphs-lost-end", 1, ("c",)),
    ]
    assert cell_signature(outcomes[-1]) == ()


def test_closer_and_farther_count_cells_whose_capture_has_a_truth() -> None:
    outcomes = [
        cell("tra", "a", page("Aye"), page("Aye!")),  # truth "Aye!": closer
        cell("tra", "b", page("Bee!"), page("Bee")),  # truth "Bee!": farther
        cell("tra", "c", page("Sea"), page("Sea!")),  # no truth
    ]
    truths = {"a": Record(title="Aye!"), "b": Record(title="Bee!")}
    (found,) = [c for c in clusters(outcomes, truths) if c.count == 3]
    assert found.kind == "case-or-punctuation" and (found.closer, found.farther) == (1, 1)
    bodies = [
        cell("tra", "a", page("A", BODY), page("A", BODY[:2])),  # truth has 2: closer
        cell("tra", "b", page("B", BODY), page("B", BODY[:1])),  # truth has 3: farther
        cell("tra", "c", page("C", BODY), page("C", BODY[:2])),
    ]
    truths = {"a": Record(body=BODY[:2]), "b": Record(body=BODY)}
    (lost,) = clusters(bodies, truths)
    assert (lost.id, lost.count, lost.closer, lost.farther) == (
        "tra-body-paragraphs-lost-end",
        3,
        1,
        1,
    )
    assert clusters(bodies, {})[0].closer is None


def test_ids_are_stable_and_short() -> None:
    signature = (("title", "site-part-removed"),)
    assert cluster_id("trafilatura", signature) == "trafilatura-title-site-part-removed"
    long = (
        ("authors", "names-changed"),
        ("body", "paragraphs-lost-end"),
        ("published", "precision-changed"),
        ("title", "site-part-removed"),
    )
    made = cluster_id("trafilatura", long)
    assert made == cluster_id("trafilatura", long)  # no randomness: the same on every run
    assert made.startswith("trafilatura-authors+body+published+title-") and len(made) <= 64
    assert made != cluster_id("trafilatura", (*long[:3], ("title", "rewritten")))
    # a fixed value: the same on every machine and Python (sha256 of the repr, not hash())
    assert made == "trafilatura-authors+body+published+title-" + made.rsplit("-", 1)[1]
    assert cluster_id("x" * 60, long).startswith("x" * 40 + "-")
