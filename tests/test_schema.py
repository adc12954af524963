"""The versioned JSON Schema: draft 2020-12, with format checking really on."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from harness import schema
from harness.errors import HarnessError

GOOD = {
    "title": "T",
    "published": "2020-12-01T17:26",
    "updated": None,
    "authors": [],
    "language": "en",
    "body": ["p"],
}


def test_schema_is_valid_draft_2020_12() -> None:
    document = schema.schema_document()
    assert document["$schema"].endswith("/draft/2020-12/schema")
    Draft202012Validator.check_schema(document)


def test_good_record_has_no_problems() -> None:
    assert schema.problems("record", GOOD) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"published": "2020-02-30"}, "$.published"),
        ({"updated": "next week"}, "$.updated"),
        ({"body": "not a list"}, "$.body"),
        ({"body": ["ok", ""]}, "$.body[1]"),
        ({"authors": [1]}, "$.authors[0]"),
        ({"extra": 1}, "$"),
    ],
)
def test_violations_carry_their_json_path(change: dict[str, object], path: str) -> None:
    found = schema.problems("record", GOOD | change)
    assert found and found[0][0] == path


def test_uri_format_is_checked_in_manifests() -> None:
    manifest = {"id": "x", "kind": "html", "sha256": "0" * 64, "url": "not a uri"}
    assert schema.problems("manifest", manifest)[0][0] == "$.url"


def test_validate_raises_with_file_and_path() -> None:
    with pytest.raises(HarnessError) as caught:
        schema.validate("record", GOOD | {"published": "x"}, where="g.json", fix="fix it")
    assert caught.value.where == "g.json"
    assert caught.value.field == "$.published"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://example.org/a?b=c#d", True),
        ("urn:isbn:0451450523", True),
        ("http://example.org/%E2%82%AC", True),
        ("http://[::1]:8080/", True),
        ("not a uri", False),
        ("/relative/path", False),
        ("http://example.org/a b", False),
        ("http://example.org/%zz", False),
        ("http://example.org:99999999/", False),
        ("1http://example.org/", False),
    ],
)
def test_uri_format(value: str, valid: bool) -> None:
    manifest = {"id": "x", "kind": "html", "sha256": "0" * 64, "url": value}
    assert (schema.problems("manifest", manifest) == []) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-02-29T10:20:30Z", True),
        ("2024-02-29T10:20:30.123+05:30", True),
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-02-29T24:00:00Z", False),
        ("2024-02-29T10:20:30", False),
        ("2024-02-29T10:20:30+25:00", False),
        ("yesterday", False),
    ],
)
def test_date_and_date_time_formats(value: str, valid: bool) -> None:
    manifest = {"id": "x", "kind": "html", "sha256": "0" * 64, "captured_at": value}
    assert (schema.problems("manifest", manifest) == []) is valid


def test_the_formats_are_ours_whatever_is_installed() -> None:
    """The checks do not depend on jsonschema's optional format packages (one of which
    compiled a grammar at import and cost every command seconds)."""
    checker = schema._format_checker()
    assert set(checker.checkers) == {"harness-date", "date", "date-time", "uri"}
