"""An upgrade, as a user meets it: drift grouped in clusters, judged against the truth,
approved and rejected a cluster at a time (`harness run`, `approve --cluster`, `reject
--cluster`, and the whole-cluster keys of `harness review`)."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from test_workflows import goldens, harness

from harness import config as configuration
from harness.corpus.capture import create
from harness.goldens import pending, review

PAGES = {
    "a": "Alpha title\n\nFirst of a.\n\nSecond of a.\n",
    "b": "Beta title\n\nFirst of b.\n\nSecond of b.\n",
    "c": "Gamma title\n\nFirst of c, a paragraph long enough to score.\n\nLast of c, kept by "
    "the truth.\n",
    "d": "Delta title\n\nOnly d.\n",
}
TITLES = "upgrade-title-site-part-added"
BODIES = "upgrade-body-paragraphs-lost-end"


def settings(upgraded: bool) -> str:
    return textwrap.dedent(
        f"""
        [tool.harness]
        captures = "captures"
        goldens = "goldens"
        enable = ["upgrade"]

        [tool.harness.extractors.upgrade]
        factory = "upgrading_extractor:extractor"
        options = {{ upgraded = {"true" if upgraded else "false"} }}
        """
    )


@pytest.fixture
def upgraded(tmp_path: Path) -> Path:
    """A project whose goldens were approved before the upgrade, now upgraded."""
    shutil.copy(Path(__file__).with_name("upgrading_extractor.py"), tmp_path)
    (tmp_path / "pyproject.toml").write_text(settings(False))
    for capture_id, page in PAGES.items():
        create(tmp_path / "captures", capture_id, page.encode(), kind="text")
    truth = {"body": PAGES["c"].split("\n\n", 1)[1].strip().split("\n\n")}
    (tmp_path / "captures/c/truth.json").write_text(json.dumps(truth))
    (tmp_path / "captures/a/truth.json").write_text(json.dumps({"title": "Alpha title"}))
    (tmp_path / "goldens").mkdir()
    assert harness(tmp_path, "run").returncode == 1
    assert harness(tmp_path, "approve", "--all").returncode == 0
    (tmp_path / "pyproject.toml").write_text(settings(True))
    return tmp_path


def test_run_groups_the_drift_and_judges_it_against_the_truth(upgraded: Path) -> None:
    run = harness(upgraded, "run", "--format", "json")
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["clusters"] == [
        {
            "id": TITLES,
            "extractor": "upgrade",
            "field": "title",
            "kind": "site-part-added",
            "count": 2,
            "captures": ["a", "b"],
            "closer": 0,  # the truth's title matches with or without a site's name
            "farther": 0,
        },
        {
            "id": BODIES,
            "extractor": "upgrade",
            "field": "body",
            "kind": "paragraphs-lost-end",
            "count": 1,
            "captures": ["c"],
            "closer": 0,
            "farther": 1,
        },
    ]
    clusters = {r["capture"]: r.get("cluster") for r in report["results"]}
    assert clusters == {"a": TITLES, "b": TITLES, "c": BODIES, "d": None}
    body = report["quality"]["upgrade"]["body"]
    assert body["pages"] == 1 and body["before"] == 1.0 and body["after"] < 1.0
    assert body["lost"][0][0] == "c" and body["ci"] == [body["delta"], body["delta"]]
    title = report["quality"]["upgrade"]["title"]
    assert (title["before"], title["after"], title["delta"], title["pages"]) == (1.0, 1.0, 0.0, 1)
    table = harness(upgraded, "run")
    assert "drift in 2 clusters" in table.stdout
    assert f"id: {TITLES}" in table.stdout and "upgrade  title: site-part-added" in table.stdout
    assert "(e.g. c; 0 closer to the truth, 1 farther)" in table.stdout
    assert "against the truth" not in table.stdout  # scoring every page: for JSON and reports
    assert table.stdout.index("drift in 2 clusters") < table.stdout.index("upgrade[c]: drift")


def test_the_report_files_hold_the_clusters_and_the_quality(upgraded: Path) -> None:
    assert harness(upgraded, "run", "--report", "out").returncode == 1
    markdown = (upgraded / "out/report.md").read_text()
    assert "## Drift clusters (2)" in markdown
    assert f"| 2 | upgrade | title: site-part-added | a, b | 0 | 0 | {TITLES} |" in markdown
    assert "| upgrade | body | 1.000 | " in markdown and "| 95% interval |" in markdown
    saved = json.loads((upgraded / "out/report.json").read_text())
    assert [c["id"] for c in saved["clusters"]] == [TITLES, BODIES]
    assert saved["quality"]["upgrade"]["body"]["pages"] == 1


def test_approve_and_reject_act_on_exactly_one_cluster(upgraded: Path) -> None:
    assert harness(upgraded, "run").returncode == 1
    before = goldens(upgraded)
    refused = harness(upgraded, "approve", "--cluster", TITLES, env={"CI": "true"})
    assert refused.returncode == 2 and goldens(upgraded) == before
    approved = harness(upgraded, "approve", "--cluster", TITLES)
    assert approved.returncode == 0, approved.stderr
    after = goldens(upgraded)
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == ["goldens/upgrade/a.json", "goldens/upgrade/b.json"]
    assert '"title": "Alpha title | Example Site"' in after["goldens/upgrade/a.json"]
    assert "2 golden(s) written" in approved.stdout
    unknown = harness(upgraded, "reject", "--cluster", "upgrade-title-lost")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert f"use one of: {BODIES}" in unknown.stderr  # the cluster left; the approved one went
    rejected = harness(upgraded, "reject", "--cluster", BODIES)
    assert rejected.returncode == 0 and "rejected upgrade[c]" in rejected.stdout
    assert goldens(upgraded) == after
    assert harness(upgraded, "pending").stdout.strip() == "0 pending"
    again = json.loads(harness(upgraded, "run", "--format", "json").stdout)
    assert {r["capture"]: r["status"] for r in again["results"]} == {
        "a": "pass",
        "b": "pass",
        "c": "drift",  # rejected: the golden stays, so the new output still drifts
        "d": "pass",
    }


def test_review_accepts_a_whole_cluster_with_one_key(
    upgraded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert harness(upgraded, "run").returncode == 1
    monkeypatch.chdir(upgraded)
    config = configuration.load()
    found = review.changes(config, pending.entries(config.pending))
    assert sorted(str(c.cluster) for c in found) == [BODIES, TITLES, TITLES]
    first = next(i for i, c in enumerate(found) if c.cluster == TITLES)
    keys = iter(["s"] * first + ["C", "s"])
    shown: list[str] = []
    tally = review.run_review(config, found, lambda: next(keys), shown.append)
    text = "".join(shown)
    assert "accept [C]luster (2)" in text and f"accepting all 2 of cluster {TITLES}" in text
    assert (tally.accepted, tally.rejected, tally.skipped) == (2, 0, 1)
    assert [e.capture for e in pending.entries(config.pending)] == ["c"]
    found = review.changes(config, pending.entries(config.pending))
    alone = iter(["R", "s"])  # a cluster of one: the whole-cluster keys are not offered
    later: list[str] = []
    tally = review.run_review(config, found, lambda: next(alone), later.append)
    assert tally.skipped == 1 and "[C]luster" not in "".join(later)
