"""The project's seed capture extracts exactly as specified."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.rendered import extract_text

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = (
    Path("/work/shared/seed/000_646205f8bb9746ff.txt"),
    ROOT / "captures" / "seed-lachin" / "page.txt",
)


def seed_text() -> str:
    for path in CANDIDATES:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip(f"seed capture not found at any of {[str(p) for p in CANDIDATES]}")


def test_seed_title_and_dates() -> None:
    result = extract_text(seed_text())
    assert result.title == "Azerbaijan Reclaims Third District Under Nagorno-Karabakh Truce"
    assert result.published == "2020-12-01T17:26:00"
    assert result.updated == "2021-02-01T13:52:00"
    assert result.language == "en"


def test_seed_body_is_the_eleven_article_paragraphs() -> None:
    body = extract_text(seed_text()).body
    assert len(body) == 11
    assert body[0].startswith("BAKU — Azerbaijan has completed")
    assert body[-1] == "Ankara is a strong backer of Azerbaijan."
    joined = "\n".join(body)
    for furniture in ("_w800_h450", "Previous Story", "Next Story", "Tweet", "©", "Mozilla"):
        assert furniture not in joined
