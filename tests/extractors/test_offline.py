"""Nothing reaches the network: every registered extractor runs on every test page with sockets
blocked, and not one connection or name look-up is even attempted (libraries that swallow a
failed fetch would otherwise pass unnoticed)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from harness import registry
from harness.corpus.capture import page_capture
from harness.record import Record
from harness.running import runner

from .helpers import NetworkGuard, all_pages, make

NAMES = sorted(registry.discover())


@pytest.fixture
def cold_tldextract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """tldextract as on a fresh machine, with no cached suffix list: any use of it fetches one."""
    tldextract = pytest.importorskip("tldextract.tldextract")
    fresh = tldextract.TLDExtract(cache_dir=str(tmp_path / "tldextract"))
    monkeypatch.setattr(tldextract, "TLD_EXTRACTOR", fresh)


def test_the_guard_sees_a_fetch_that_the_library_swallows(
    network: NetworkGuard, cold_tldextract: None
) -> None:
    import tldextract

    assert tldextract.extract("https://news.example.co.uk/a").suffix == "co.uk"
    assert network.attempts, "tldextract should have tried to fetch the suffix list"


@pytest.mark.parametrize("name", NAMES)
def test_every_extractor_runs_every_page_offline(
    name: str, network: NetworkGuard, cold_tldextract: None
) -> None:
    extractor = registry.build().get(name).load()
    assert extractor.available, extractor.reason
    records = [runner.extract(extractor, capture) for capture in all_pages()]
    assert all(isinstance(record, Record) for record in records)
    assert any(record != Record() for record in records), f"{name} found nothing on any page"
    assert network.attempts == []


@pytest.mark.parametrize("name", ["goose3", "newspaper4k", "readability", "justext", "boilerpy3"])
@pytest.mark.parametrize("content", [b"", b"  \n "])
def test_a_blank_page_gives_an_empty_record_without_a_download(
    name: str, content: bytes, network: NetworkGuard, tmp_path: Path
) -> None:
    (tmp_path / "page.html").write_bytes(content)
    capture = dataclasses.replace(
        page_capture(tmp_path / "page.html"), url="https://www.eastmere-gazette.example/news/x"
    )
    assert runner.extract(make(name), capture) == Record()
    assert network.attempts == []
