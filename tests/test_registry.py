"""The registry: entry points (faked here), project extractors, unknown and duplicate names."""

from __future__ import annotations

import importlib.metadata
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from harness import registry
from harness.errors import UsageError
from harness.registry import ExtractorConfig


def fake_points(monkeypatch: pytest.MonkeyPatch, *points: tuple[str, str]) -> None:
    found = [EntryPoint(name, value, registry.GROUP) for name, value in points]
    monkeypatch.setattr(  # where the registry looks them up, when it does
        importlib.metadata, "entry_points", lambda group: found if group == registry.GROUP else []
    )


def test_builtins_are_registered_through_entry_points() -> None:
    names = registry.build().names()
    assert {"text", "trafilatura"} <= set(names)


def test_third_party_entry_point_is_discovered(
    monkeypatch: pytest.MonkeyPatch, project: Path
) -> None:
    fake_points(
        monkeypatch,
        ("text", "harness.extractors.text:extractor"),
        ("demo3", "demo_extractor:extractor"),
    )
    found = registry.build()
    assert found.names() == ["demo3", "text"]
    assert found.get("demo3").load().version == "1.0"


def test_duplicate_name_is_an_error_listing_what_is_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_points(
        monkeypatch,
        ("text", "harness.extractors.text:extractor"),
        ("text", "other_pkg.module:extractor"),
    )
    with pytest.raises(UsageError, match="registered twice") as caught:
        registry.build()
    assert "other_pkg.module:extractor" in caught.value.message


def test_unknown_name_lists_the_registered_ones() -> None:
    with pytest.raises(UsageError) as caught:
        registry.build().get("nope")
    assert "text" in caught.value.message and "trafilatura" in caught.value.message


def test_project_factory_and_second_configuration_of_one_library(project: Path) -> None:
    configs = {
        "demo": ExtractorConfig("demo", factory="demo_extractor:extractor"),
        "trafilatura-precise": ExtractorConfig(
            "trafilatura-precise", use="trafilatura", options={"favor_precision": True}
        ),
    }
    found = registry.build(configs)
    assert found.get("trafilatura-precise").load().options["favor_precision"] is True
    assert found.get("trafilatura").load().options.get("favor_precision") is None
    assert found.get("demo").load().fields == ("title", "published", "body")


def test_disabled_extractor_is_left_out() -> None:
    found = registry.build({"trafilatura": ExtractorConfig("trafilatura", enabled=False)})
    assert "trafilatura" not in found.names()


def test_configuring_an_unknown_extractor_is_an_error() -> None:
    with pytest.raises(UsageError, match="configures unknown extractor"):
        registry.build({"nope": ExtractorConfig("nope", options={"x": 1})})


def test_configuration_may_not_shadow_a_registered_name() -> None:
    with pytest.raises(UsageError, match="already a registered extractor"):
        registry.build({"text": ExtractorConfig("text", use="trafilatura")})


def test_unknown_option_is_refused_with_the_known_ones() -> None:
    found = registry.build(
        {"trafilatura": ExtractorConfig("trafilatura", options={"favour": True})}
    )
    with pytest.raises(UsageError, match="favor_precision"):
        found.get("trafilatura").load()


def test_bad_factory_is_named() -> None:
    found = registry.build({"x": ExtractorConfig("x", factory="no_such_module:f")})
    with pytest.raises(UsageError, match="cannot load factory"):
        found.get("x").load()


def test_enable_chooses_what_runs_by_default_but_all_stay_registered() -> None:
    found = registry.build(None, enable=["text"])
    assert found.names() == ["text"]
    assert "trafilatura" in found.extractors
    assert [e.name for e in found.select(["trafilatura"])] == ["trafilatura"]
    with pytest.raises(UsageError, match="enables unknown"):
        registry.build(None, enable=["nope"])


@pytest.mark.parametrize("bad", ["../escape", "a/b", "x" * 101, "naïve"])
def test_names_that_cannot_name_a_goldens_folder_are_refused(bad: str, project: Path) -> None:
    with pytest.raises(UsageError, match="cannot name a folder of goldens"):
        registry.build({bad: ExtractorConfig(bad, factory="demo_extractor:extractor")})


def test_each_extractor_names_the_distribution_its_version_follows() -> None:
    import inspect
    from importlib import import_module

    from harness.extractors import LIBRARIES

    found = registry.build()
    assert registry.distribution(found.get("trafilatura")) == "trafilatura"
    assert registry.distribution(found.get("readability")) == "readability-lxml"
    assert registry.distribution(found.get("text")) is None  # the harness's own
    for module, library in LIBRARIES.items():  # the library the adapter really checks for
        assert f'installed(name, "{library}"' in inspect.getsource(import_module(module))
