"""The score gate: a drop is caught, noise is tolerated, a floor is never lowered silently."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from harness.cli import main
from harness.corpus.capture import create
from harness.scoring import gate

DEMO = """
import os, re
from harness import Extractor, Record

def extractor(name, options):
    def extract(capture):
        html = capture.text()
        body = re.findall(r"<p>(.*?)</p>", html)
        if os.environ.get("GATE_DEMO_DROP") == capture.id:
            body = body[:1]  # the regression: later paragraphs lost on this page
        title = re.search(r"<title>(.*?)</title>", html)
        return Record(title=title.group(1) if title else None, body=tuple(body))
    return Extractor(name, "1.0", frozenset({"html"}), ("title", "body"), extract)
"""
WORDS = " ".join(f"w{i}" for i in range(40))
PAGES = {
    f"p{n}": (
        f"<title>Page {n}</title><p>{WORDS}</p><p>more {n} words here now</p>",
        {"title": f"Page {n}", "body": f"{WORDS}\n\nmore {n} words here now"},
    )
    for n in range(8)
}


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "gate_demo.py").write_text(DEMO)
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent("""
        [tool.harness]
        captures = "captures"
        [tool.harness.extractors.demo]
        factory = "gate_demo:extractor"
        """)
    )
    for capture_id, (page, truth) in PAGES.items():
        create(tmp_path / "captures", capture_id, page.encode(), kind="html", truth=truth)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("GATE_DEMO_DROP", raising=False)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def score(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["score", "--extractor", "demo", "--jobs", "1", "--baseline", "base.json", *args])
    return code, capsys.readouterr().err


def floors(path: Path) -> dict[str, dict[str, float]]:
    data = json.loads(path.read_text("utf-8"))
    result: dict[str, dict[str, float]] = data["extractors"]["demo"]["floors"]
    return result


def test_pin_then_the_same_scores_pass(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert score(capsys, "--update")[0] == 0
    text = (corpus / "base.json").read_text("utf-8")
    data = json.loads(text)
    assert text.endswith("\n") and list(data) == sorted(data)
    assert data["corpus"]["fingerprint"] == gate.fingerprint(data["corpus"]["captures"])
    assert sorted(data["corpus"]["captures"]) == [f"p{n}" for n in range(8)]
    assert floors(corpus / "base.json")["overall"] == {"body_f1": 1.0, "title": 1.0}
    code, err = score(capsys)
    assert code == 0 and "every score holds its floor" in err


def test_a_drop_on_one_page_is_caught(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    score(capsys, "--update")
    monkeypatch.setenv("GATE_DEMO_DROP", "p2")  # p2 loses its last paragraph: F1 < 1
    code, err = score(capsys)
    assert code == 1
    assert "demo page p2 body_f1: floor 1.0000, now 0.9" in err
    assert "demo overall" not in err  # 1 page of 8: the overall drop is inside its tolerance
    assert "--update --allow-regression" in err


def test_an_overall_drop_is_caught_and_noise_tolerated(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score(capsys, "--update")
    data = json.loads((corpus / "base.json").read_text("utf-8"))
    pinned = data["extractors"]["demo"]["floors"]
    pinned["overall"]["body_f1"] = 1.008  # within the 0.01 overall tolerance
    pinned["p1"]["body_f1"] = 1.04  # within the 0.05 page tolerance
    (corpus / "base.json").write_text(json.dumps(data))
    assert score(capsys)[0] == 0
    pinned["overall"]["title"] = 1.02
    (corpus / "base.json").write_text(json.dumps(data))
    code, err = score(capsys)
    assert code == 1 and "demo overall title: floor 1.0200, now 1.0000 (tolerance 0.01)" in err
    assert score(capsys, "--tolerance", "0.05")[0] == 0


def test_update_refuses_to_lower_a_floor_without_allow_regression(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    score(capsys, "--update")
    before = (corpus / "base.json").read_text("utf-8")
    monkeypatch.setenv("GATE_DEMO_DROP", "p2")
    code, err = score(capsys, "--update")
    assert code == 2
    assert "would lower these floors" in err
    assert "demo page p2 body_f1: old floor 1.0000, new floor 0.9" in err
    assert "demo overall body_f1: old floor 1.0000, new floor 0.9" in err
    assert (corpus / "base.json").read_text("utf-8") == before  # untouched
    code, err = score(capsys, "--update", "--allow-regression")
    assert code == 0 and "lowered: demo page p2 body_f1" in err
    assert floors(corpus / "base.json")["p2"]["body_f1"] < 1.0
    assert score(capsys)[0] == 0  # the new floor holds


def test_a_changed_corpus_is_refused_clearly(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score(capsys, "--update")
    create(corpus / "captures", "p9", b"<p>x y z w</p>", kind="html", truth={"body": "x y z w"})
    truth = corpus / "captures" / "p0" / "truth.json"
    truth.write_text(json.dumps({**PAGES["p0"][1], "url": "https://example.org/p0"}))
    code, err = score(capsys)
    assert code == 2
    assert "was measured on another corpus" in err
    assert "1 added (p9), 1 changed (p0)" in err and "--update" in err
    code, err = score(capsys, "--update")  # re-pinning is allowed and says what changed
    assert code == 0 and "the corpus changed since the last pin: 1 added (p9)" in err
    assert score(capsys)[0] == 0


def test_usage_mistakes(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = score(capsys)
    assert code == 2 and "does not exist" in err and "--update" in err
    assert main(["score", "--update"]) == 2
    assert "--update needs --baseline" in capsys.readouterr().err
    (corpus / "base.json").write_text("{not json")
    code, err = score(capsys)
    assert code == 2 and "is not a valid baseline" in err


def test_fingerprint_is_order_free_and_sees_every_digest() -> None:
    a = gate.fingerprint({"x": "1", "y": "2"})
    assert a == gate.fingerprint({"y": "2", "x": "1"})
    assert a != gate.fingerprint({"x": "1", "y": "3"}) != gate.fingerprint({"x": "1"})


def test_a_baseline_in_a_missing_folder_is_refused(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["score", "--extractor", "demo", "--jobs", "1", "--baseline", "nodir/sub/b.json"]
    assert main([*args, "--update"]) == 2
    err = capsys.readouterr().err
    assert "--baseline nodir/sub/b.json" in err and "does not exist" in err
    assert not (corpus / "nodir").exists()
