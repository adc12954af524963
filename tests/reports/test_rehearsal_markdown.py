"""The rehearsal's Markdown summary: versions, counts, drifted cells, and the clusters and
quality tables passed through from the run's JSON whatever their columns."""

from __future__ import annotations

from harness.reports import rehearsal

VERSIONS = {
    "before": {"distributions": {"trafilatura": "2.3.1"}, "extractors": {"trafilatura": "2.3.1"}},
    "after": {"distributions": {"trafilatura": "2.0.0"}, "extractors": {"trafilatura": "2.0.0"}},
}
RESULTS = [
    {"extractor": "trafilatura", "capture": "a|b", "status": "drift", "drift": ["body"]},
    {"extractor": "trafilatura", "capture": "c", "status": "pass", "drift": []},
    {"extractor": "trafilatura", "capture": "d", "status": "pass", "drift": []},
]


def test_versions_counts_and_drifted_cells() -> None:
    text = rehearsal.markdown(["trafilatura==2.0.0"], {"versions": VERSIONS, "results": RESULTS})
    assert text.startswith("## Rehearsal of trafilatura==2.0.0\n")
    assert "| distribution trafilatura | 2.3.1 | 2.0.0 |" in text
    assert "| extractor trafilatura | 2.3.1 | 2.0.0 |" in text
    assert "**3 cells**: 2 pass, 1 drift" in text
    assert "| trafilatura | a\\|b | body |" in text  # a capture's `|` cannot break the table
    assert "### Clusters" not in text and "### Quality" not in text


def test_clusters_and_quality_are_shown_when_the_run_gives_them() -> None:
    document = {
        "versions": VERSIONS,
        "results": RESULTS,
        "clusters": [{"extractor": "trafilatura", "fields": ["body"], "pages": 1}],
        "quality": {"trafilatura": {"body_f1": {"delta": -0.0021, "low": -0.004, "high": 0.0}}},
    }
    text = rehearsal.markdown(["trafilatura==2.0.0"], document)
    assert "### Clusters\n\n| extractor | fields | pages |\n| --- | --- | --- |\n" in text
    assert "| trafilatura | body | 1 |" in text
    assert "|  |  | delta | low | high |" in text
    assert "| trafilatura | body_f1 | -0.0021 | -0.004 | 0 |" in text
