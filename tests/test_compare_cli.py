"""`harness compare A B` over a WARC: two configurations of an extractor, no goldens."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main

VARIANT = """
from dataclasses import replace
from demo_extractor import extractor as demo

def extractor(name, options):
    base = demo(name, {})
    def extract(capture):
        record = base.extract(capture)
        if options.get("retitle") and "beta" in capture.url:
            record = replace(record, title="Retitled")
        if options.get("shorten") and "gamma" in capture.url:
            record = replace(record, body=record.body[:1])
        return record
    return replace(base, name=name, extract=extract)
"""
CONFIG = """
[tool.harness.extractors.plain]
factory = "variant:extractor"

[tool.harness.extractors.edited]
factory = "variant:extractor"
options = {retitle = true, shorten = true}
"""
WarcWriter = Callable[[Path, list[tuple[str, str, bytes]]], Path]
PAGES = {
    "alpha": "<title>Alpha</title><p>One alpha paragraph here.</p>",
    "beta": "<title>Beta</title><p>One beta paragraph here.</p>",
    "gamma": "<title>Gamma</title><p>First gamma paragraph.</p><p>Second gamma paragraph.</p>",
    "delta": "<title>RAISE</title><p>Broken.</p>",
}


@pytest.fixture
def archive(project: Path, write_warc: WarcWriter) -> Path:
    (project / "variant.py").write_text(VARIANT)
    with (project / "pyproject.toml").open("a") as config:
        config.write(CONFIG)
    pages = [(f"https://news.example/{k}", "text/html", v.encode()) for k, v in PAGES.items()]
    return write_warc(project / "pages.warc.gz", pages)


def test_compare_reports_rates_similarity_top_pages_and_left_out_pages(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["compare", "plain", "edited", "--captures", str(archive), "--jobs", "2"]
    assert main([*args, "--format", "json", "--top", "1"]) == 1  # plain failed on a page
    document = json.loads(capsys.readouterr().out)
    assert document["pages"] == 3
    fields = document["fields"]
    assert fields["title"] == {"differ": 1, "rate": 0.3333, "kinds": {"changed": 1}}
    assert (fields["published"]["differ"], fields["body"]["differ"]) == (0, 1)
    assert 0.5 < document["mean_body_similarity"] < 1
    [top] = document["top"]
    assert (top["capture"], top["fields"]) == ("news-example-gamma", ["body"])
    [left_out] = document["problems"]
    assert left_out["capture"] == "news-example-delta"
    assert "plain error: plain raised ValueError" in left_out["problem"]
    assert not list((archive.parent / "goldens").iterdir())
    assert not (archive.parent / ".harness").exists()

    assert main(args) == 1
    out, err = capsys.readouterr()
    assert "plain failed on some pages" in err
    assert "plain vs edited: 3 page(s) compared" in out
    assert "title      1       33.3%" in out
    assert "news-example-beta" in out and "news-example-gamma" in out


def test_compare_refuses_one_extractor_twice_and_unknown_names(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "plain", "plain"]) == 2
    assert "compares plain with itself" in capsys.readouterr().err
    assert main(["compare", "plain", "nope"]) == 2
    assert "unknown extractor 'nope'" in capsys.readouterr().err
