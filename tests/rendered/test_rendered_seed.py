"""The project's seed capture (captures/seed-lachin) extracts exactly as specified."""

from __future__ import annotations

from pathlib import Path

from harness.rendered import extract_text

SEED = Path(__file__).resolve().parents[2] / "captures" / "seed-lachin" / "page.txt"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


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
