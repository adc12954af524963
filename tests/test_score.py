"""`harness score`: hand-computed scores of a tiny corpus with truths, and their rules."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from harness.cli import main
from harness.corpus.capture import create
from harness.extractor import Extractor
from harness.record import Record
from harness.scoring import score

DEMO = """
import re
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        html = capture.text()
        if "RAISE" in html:
            raise ValueError("demo cannot read this page")
        title = re.search(r"<title>(.*?)</title>", html)
        date = re.search(r'<time datetime="([^"]+)"', html)
        return Record(
            title=title.group(1) if title else None,
            published=date.group(1) if date else None,
            updated="2030-01-01",
            body=tuple(re.findall(r"<p>(.*?)</p>", html)),
        )
    return Extractor(name, "1.0", frozenset({"html"}), ("title", "published", "body"), extract)
"""

# (page, truth): a: P 1, R 2/3, title ok by its suffix, date ok at day precision;
# b: P 1, R 1, title and date wrong; c: nothing predicted (R 0), title ok by case, date missing;
# d: no truth, not scored.
CASES = {
    "a": (
        '<title>Alpha news | Site</title><time datetime="2020-12-01T17:26"></time>'
        "<p>one two three four</p><p>five</p>",
        {"title": "Alpha news", "published": "2020-12-01", "body": "one two three four five six"},
    ),
    "b": (
        '<title>Beta</title><time datetime="2020-12-01"></time><p>a b c d</p>',
        {"title": "Gamma", "published": "2020-12-02", "body": "a b c d", "updated": "2030-01-01"},
    ),
    "c": (
        "<title>GAMMA  story</title>",
        {"title": "gamma story", "published": "2021-01-01", "body": "x y z w"},
    ),
    "d": ("<title>No truth</title><p>x</p>", None),
}


def make(root: Path) -> Path:
    (root / "score_demo.py").write_text(DEMO)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.harness]
            captures = "captures"
            [tool.harness.extractors.demo]
            factory = "score_demo:extractor"
            """
        )
    )
    for capture_id, (page, truth) in CASES.items():
        create(root / "captures", capture_id, page.encode(), kind="html", truth=truth)
    return root


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> dict[str, object]:
    assert main(["score", "--extractor", "demo", "--format", "json", *args]) == code
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_hand_computed_corpus_scores(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--jobs", "1")
    demo = data["extractors"]["demo"]  # type: ignore[index]
    assert demo["body"] == {  # mean P over a, b; mean R over a, b, c = 5/9; F1 = 10/14
        "precision": 1.0,
        "recall": round(5 / 9, 4),
        "f1": round(10 / 14, 4),
        "f1_std": demo["body"]["f1_std"],
        "pages": 3,
    }
    assert 0 < demo["body"]["f1_std"] < 0.5
    assert demo["title"] == {"accuracy": round(2 / 3, 4), "pages": 3}
    assert demo["published"] == {"accuracy": round(1 / 3, 4), "wrong": 1, "missing": 1, "pages": 3}
    assert "updated" not in demo  # the truth of b knows it, but demo does not declare it


def test_pages_worst_first(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = run_json(capsys, "--jobs", "1")["captures"]
    assert [p["capture"] for p in pages] == ["c", "b", "a"]  # type: ignore[index, union-attr]
    c, b, a = pages  # type: ignore[misc]
    assert (c["body_f1"], c["title_ok"], c["published"]) == (0.0, True, "missing")
    assert (b["body_f1"], b["title_ok"], b["published"]) == (1.0, False, "wrong")
    assert (a["body_f1"], a["body_recall"], a["title_ok"]) == (0.8, round(2 / 3, 4), True)
    assert a["updated"] is None


def test_worker_processes_give_the_same_scores(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_json(capsys, "--jobs", "1") == run_json(capsys, "--jobs", "2")


def test_table_markdown_and_progress(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--extractor", "demo", "--jobs", "1"]) == 0
    out, err = capsys.readouterr()
    assert "0.714 ± " in out and "0.333 (1 wrong, 1 missing of 3)" in out
    assert "worst 3 of 3 pages" in out
    assert err.strip().endswith("scored 3/3 pages")
    assert main(["score", "--extractor", "demo", "--jobs", "1", "--format", "markdown"]) == 0
    assert "| demo | 1.0 | 3 | 0 | 1.000 | 0.556 |" in capsys.readouterr().out


def test_an_extractor_error_scores_as_an_empty_record(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = "<title>RAISE</title><p>one two three four</p>"
    create(
        corpus / "captures",
        "e",
        page.encode(),
        kind="html",
        truth={"title": "RAISE", "body": "one two three four"},
    )
    data = run_json(capsys, "--jobs", "1", code=1)  # a page an extractor failed on fails
    assert data["extractors"]["demo"]["errors"] == 1  # type: ignore[index]
    worst = data["captures"][0]  # type: ignore[index]
    assert worst["capture"] == "e" and worst["body_f1"] == 0.0 and worst["title_ok"] is False
    assert "ValueError: demo cannot read this page" in worst["error"]


def test_no_capture_with_truth_is_an_error(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(tmp_path / "bare", "x", b"<p>x</p>", kind="html")
    assert main(["score", "--captures", str(tmp_path / "bare")]) == 2
    assert "holds no capture with a truth.json" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("truth", "predicted", "ok"),
    [
        ("Alpha  News", "alpha news", True),
        ("Alpha News | Site", "Alpha News", True),
        ("Alpha News", "Alpha News — Site", True),
        ("Alpha News - Site", "alpha news", True),
        ("Alpha News", "Alpha News | Section | Site", False),
        ("Alpha News", "Alpha", False),
        ("Alpha - News | Site", "Alpha", False),
        ("Cafe\u0301", "Café", True),
        ("Alpha", None, False),
    ],
)
def test_title_matches(truth: str, predicted: str | None, ok: bool) -> None:
    assert score.title_matches(truth, predicted) is ok


@pytest.mark.parametrize(
    ("truth", "predicted", "precision", "verdict"),
    [
        ("2020-12-01", "2020-12-01T23:59", "day", "ok"),
        ("2020-12-01", "2020-12-02", "day", "wrong"),
        ("2020-12-01", None, "day", "missing"),
        ("2020-12-01", "2020-12", "day", "wrong"),  # less precise than asked
        ("2020-12-01", "2020-12-09", "month", "ok"),
        ("2020-12-01", "2020-12-01T10:00", "minute", "ok"),  # truth knows the day only
        ("2020-12-01T10:00", "2020-12-01T10:01", "minute", "wrong"),
        ("2020-12-01T23:30-05:00", "2020-12-02T04:30+00:00", "minute", "ok"),
    ],
)
def test_date_verdict(truth: str, predicted: str | None, precision: str, verdict: str) -> None:
    assert score.date_verdict(truth, predicted, precision) == verdict  # type: ignore[arg-type]


def test_only_fields_declared_and_known_are_scored(tmp_path: Path) -> None:
    capture = create(
        tmp_path,
        "x",
        b"<p>x</p>",
        kind="html",
        truth={"title": "T", "published": None, "body": "x"},
    )
    only_body = Extractor("b", "1", frozenset({"html"}), ("body", "published"), lambda c: Record())
    assert score.scored_fields(only_body, capture) == {"body"}
    result = score.score_page(only_body, capture, "day")
    assert result.title_ok is None and result.published is None and result.body is not None
