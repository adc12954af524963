"""A record is what a golden will hold: normalise refuses what the golden schema or UTF-8
would refuse, naming the field, and the one golden-writing function writes only goldens the
reader accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ExtractorOutputError, HarnessError
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.record import Record, normalise


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"title": "A \ud800 title"}, "title"),
        ({"authors": ["Ann", "B\udcffob"]}, "authors"),
        ({"body": "one\n\ntwo \udfff"}, "body"),
        ({"language": "english"}, "language"),
        ({"language": "en US"}, "language"),
        ({"language": "x" * 10_000}, "language"),
    ],
)
def test_what_the_schema_or_utf8_refuses_is_an_error_naming_the_field(
    raw: dict[str, object], field: str
) -> None:
    with pytest.raises(ExtractorOutputError) as caught:
        normalise(raw, source="demo")
    assert caught.value.field == field
    assert caught.value.where == "extractor demo"
    assert len(caught.value.message) < 1000  # a long value is cut, not printed whole


def test_a_valid_record_still_passes() -> None:
    record = normalise(
        {"title": "Ünïcode ‮title", "language": "pt-BR", "published": "2020-01-01"},
        source="demo",
    )
    assert record.language == "pt-BR" and record.title == "Ünïcode ‮title"


def _golden(record: Record, **more: str) -> Golden:
    return Golden("demo", more.get("version", "1.0"), "alpha", "0" * 64, record, more.get("reason"))


@pytest.mark.parametrize(
    "bad",
    [
        _golden(Record(language="english")),  # the normaliser let this through before
        _golden(Record(title="t"), version="1.0\ud800"),
        _golden(Record(title="t"), reason="why \udcff"),
        _golden(Record(body=("",))),
    ],
)
def test_a_golden_the_reader_would_refuse_is_never_written(tmp_path: Path, bad: Golden) -> None:
    path = tmp_path / "goldens" / "demo" / "alpha.json"
    with pytest.raises(HarnessError) as caught:
        golden.write(path, bad)
    assert str(path) in caught.value.message
    assert not path.exists() and not list(tmp_path.rglob("*.tmp"))


def test_a_valid_golden_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "alpha.json"
    written = _golden(Record(title="T\u202e", language="en"), reason="ok")
    golden.write(path, written)
    assert golden.read(path) == written


def test_a_truth_keeps_its_own_schema(tmp_path: Path) -> None:
    """A truth's language is free text in its schema: the golden check does not apply."""
    from harness.corpus.capture import create, load_capture

    create(tmp_path, "page", b"<title>T</title>", kind="html")
    (tmp_path / "page" / "truth.json").write_text('{"language": "English"}', "utf-8")
    truth = load_capture(tmp_path / "page").truth
    assert truth is not None and truth.language == "English"
