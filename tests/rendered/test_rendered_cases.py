"""Each hand-written capture under cases/ extracts exactly to its .expected.json."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from harness.rendered import extract_text

CASES = Path(__file__).parent / "cases"
NAMES = sorted(path.stem for path in CASES.glob("*.txt"))


def as_json(value: object) -> dict[str, Any]:
    fields = asdict(value)  # type: ignore[call-overload]
    return {key: list(item) if isinstance(item, tuple) else item for key, item in fields.items()}


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_case_extracts_exactly(name: str) -> None:
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = as_json(extract_text(text))
    for field, want in expected.items():
        assert got[field] == want, (
            f"case {name}, field {field}: expected {want!r}, got {got[field]!r}"
        )
