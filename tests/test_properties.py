"""Properties of the comparison and the golden format, over generated records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.comparison.compare import compare, date_drift
from harness.comparison.tolerance import Tolerance
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.record import Record, normalise

words = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12)
texts = st.lists(words, min_size=1, max_size=8).map(" ".join)
instants = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2035, 1, 1)).map(
    lambda d: d.replace(microsecond=0)
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)


@st.composite
def records(draw: st.DrawFn) -> Record:
    date = draw(st.none() | instants.map(lambda d: d.isoformat(timespec="minutes")))
    raw = {
        "title": draw(st.none() | texts),
        "published": date,
        "updated": draw(st.none() | instants.map(lambda d: d.date().isoformat())),
        "authors": draw(st.lists(texts, max_size=3)),
        "language": draw(st.none() | st.sampled_from(["en", "de", "fr"])),
        "body": draw(st.lists(texts, max_size=6)),
    }
    return normalise(raw, source="hypothesis")


def spaced(text: str) -> str:
    return "  " + text.replace(" ", " \n\t ") + "\n"


@given(records())
def test_identity(record: Record) -> None:
    assert compare(record, record, Tolerance()).ok


@given(records(), records())
def test_symmetry(a: Record, b: Record) -> None:
    assert compare(a, b, Tolerance()).drift == compare(b, a, Tolerance()).drift


@given(records())
def test_white_space_never_drifts(record: Record) -> None:
    loose = Record(
        title=spaced(record.title) if record.title else None,
        published=record.published,
        updated=record.updated,
        authors=tuple(spaced(a) for a in record.authors),
        language=record.language,
        body=tuple(spaced(p) for p in record.body),
    )
    assert compare(record, loose, Tolerance()).ok


@given(instants, offsets, offsets)
def test_one_instant_in_any_offset_is_the_same_date(
    moment: dt.datetime, a: dt.tzinfo, b: dt.tzinfo
) -> None:
    base = moment.replace(tzinfo=dt.UTC)
    first, second = base.astimezone(a).isoformat(), base.astimezone(b).isoformat()
    assert date_drift(first, second, "second") == ""
    assert date_drift(first, base.isoformat().replace("+00:00", "Z"), "second") == ""


@given(instants, offsets)
def test_different_instants_drift(moment: dt.datetime, zone: dt.tzinfo) -> None:
    base = moment.replace(tzinfo=zone)
    later = base + dt.timedelta(minutes=1)
    assert date_drift(base.isoformat(), later.isoformat(), "minute") != ""


@settings(max_examples=50)
@given(records(), st.none() | texts)
def test_golden_round_trip(record: Record, reason: str | None) -> None:
    made = Golden("demo", "1.0", "capture-1", "b" * 64, record, reason=reason)
    text = golden.dumps(made)
    assert golden.loads(text, Path("g.json")) == made
    assert golden.dumps(golden.loads(text, Path("g.json"))) == text


@given(records(), records())
def test_the_fields_that_differ_are_the_ones_deepdiff_finds(a: Record, b: Record) -> None:
    """Identical records skip DeepDiff; whenever it runs or not, the differing fields are
    exactly those DeepDiff reports (the body compared as a list)."""
    from deepdiff import DeepDiff

    from harness.comparison.compare import _differing

    old, new = a.to_json(), b.to_json()
    found = DeepDiff(old, new, verbose_level=0, exclude_paths=["root['body']"])
    expected = set(found.affected_root_keys) | ({"body"} if a.body != b.body else set())
    assert _differing(old, new) == expected
    assert _differing(old, dict(old)) == set()
