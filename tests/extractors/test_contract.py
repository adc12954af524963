"""What every built-in adapter promises: its entry point, declared fields, version, options,
and a clear `unavailable` entry when its library is missing."""

from __future__ import annotations

from importlib import metadata

import pytest

from harness import registry
from harness.errors import UsageError
from harness.record import FIELDS
from harness.running import runner

from .helpers import ADAPTERS, Adapter, all_pages

ALL = pytest.mark.parametrize("adapter", list(ADAPTERS.values()), ids=list(ADAPTERS))


@ALL
def test_registered_under_its_name(adapter: Adapter) -> None:
    extractor = registry.build().get(adapter.name).load()
    assert extractor.name == adapter.name
    assert extractor.fields == adapter.fields
    assert extractor.kinds == frozenset({"html"})


@ALL
def test_records_the_library_version(adapter: Adapter) -> None:
    extractor = adapter.make()
    assert extractor.available
    assert extractor.version == metadata.version(adapter.distribution)


@ALL
def test_gives_every_declared_field_and_nothing_else(adapter: Adapter) -> None:
    extractor = adapter.make()
    records = [runner.extract(extractor, capture).to_json() for capture in all_pages()]
    given = {field for record in records for field in FIELDS if record[field]}
    assert given == set(adapter.fields)


@ALL
def test_refuses_an_unknown_option_naming_the_known_ones(adapter: Adapter) -> None:
    with pytest.raises(UsageError) as refused:
        adapter.make(favour_speed=True)
    assert "unknown option 'favour_speed'" in refused.value.message
    assert f"[tool.harness.extractors.{adapter.name}.options]" in refused.value.message
    assert "known options:" in refused.value.message


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("readability", "min_text_length"),
        ("newspaper4k", "max_authors"),
        ("goose3", "parse_lists"),
        ("justext", "length_low"),
        ("resiliparse", "list_bullets"),
        ("htmldate", "extensive_search"),
    ],
)
def test_refuses_an_option_of_the_wrong_type(name: str, option: str) -> None:
    with pytest.raises(UsageError, match=option):
        ADAPTERS[name].make(**{option: "yes"})


@ALL
def test_unavailable_without_its_library(adapter: Adapter, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = metadata.version

    def version(distribution: str) -> str:
        if distribution == adapter.distribution:
            raise metadata.PackageNotFoundError(distribution)
        return installed(distribution)

    monkeypatch.setattr(metadata, "version", version)
    extractor = adapter.make()
    reason = (
        f"{adapter.distribution} is not installed: pip install 'capture-harness[{adapter.extra}]'"
    )
    assert (extractor.available, extractor.reason) == (False, reason)
    assert extractor.fields == adapter.fields
    assert extractor.describe()["reason"] == reason
    with pytest.raises(RuntimeError, match="pip install"):
        extractor.extract(all_pages()[0])
