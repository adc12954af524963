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
