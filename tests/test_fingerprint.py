"""The key of a record: every input changes it, nothing else does; no extractor is imported."""

from __future__ import annotations

import sys
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import pytest

from harness.corpus.capture import create
from harness.registry import Entry
from harness.running import fingerprint
from harness.running.fingerprint import Toolchain

CHAIN = Toolchain("harness 1.0 abc", {"version": "3.11"}, "d" * 64)


def test_a_built_in_extractor_comes_from_its_distribution_unimported() -> None:
    sys.modules.pop("harness.extractors.trafilatura", None)
    entry = Entry("trafilatura", "harness.extractors.trafilatura:extractor")
    assert fingerprint.origin(entry) == f"capture-harness=={version('capture-harness')}"
    assert "harness.extractors.trafilatura" not in sys.modules


def test_a_project_factory_is_known_by_its_source(tmp_path: Path) -> None:
    package = tmp_path / "mine"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "extract.py").write_text("VERSION = '1'\n")
    entry = Entry("mine", "mine.extract:extractor", project=tmp_path)
    before = fingerprint.origin(entry)
    assert before is not None and fingerprint.origin(entry) == before
    (package / "extract.py").write_text("VERSION = '2'\n")
    assert fingerprint.origin(entry) not in (None, before)
    (tmp_path / "single.py").write_text("")
    assert fingerprint.origin(Entry("s", "single:extractor", project=tmp_path)) is not None


def test_code_of_unknown_origin_is_never_cached(tmp_path: Path) -> None:
    assert fingerprint.origin(Entry("x", "nowhere.at.all:f", project=tmp_path)) is None
    assert fingerprint.origin(Entry("x", "json:loads")) is None  # no entry point names it


def test_every_input_changes_the_key_and_only_its_own(tmp_path: Path) -> None:
    alpha = create(tmp_path, "alpha", b"<p>a</p>", kind="html")
    beta = create(tmp_path, "beta", b"<p>a</p>", kind="html", url="https://b.example/")
    entry = Entry("text", "harness.extractors.text:extractor", {"lines": True})

    def key(**change: object) -> str:
        chain = replace(CHAIN, **{k: v for k, v in change.items() if k in ("harness", "python")})
        found = fingerprint.inputs(
            change.get("entry", entry),  # type: ignore[arg-type]
            change.get("capture", alpha),  # type: ignore[arg-type]
            replace(chain, distributions=str(change.get("dists", CHAIN.distributions))),
            allow_network=bool(change.get("network", False)),
        )
        assert found is not None
        return fingerprint.digest(found)

    base = key()
    assert key() == base
    changed = [
        key(capture=beta),
        key(capture=replace(alpha, actual_sha256="e" * 64)),
        key(entry=replace(entry, options={"lines": False})),
        key(entry=replace(entry, name="text2")),
        key(harness="harness 1.1 abc"),
        key(python={"version": "3.12"}),
        key(dists="f" * 64),
        key(network=True),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def test_the_manifest_sha256_is_not_what_the_key_trusts(tmp_path: Path) -> None:
    capture = create(tmp_path, "alpha", b"<p>a</p>", kind="html")
    lying = replace(capture, actual_sha256="e" * 64)  # bytes read now differ, manifest the same
    inputs = fingerprint.capture_inputs(lying)
    assert inputs["bytes"] == "e" * 64


def test_the_tool_chain_covers_every_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = fingerprint.distributions()
    assert f"capture-harness=={version('capture-harness')}" in listed and listed == sorted(listed)
    before = fingerprint.toolchain()
    monkeypatch.setattr(fingerprint, "distributions", lambda: [*listed, "fake-dist==1.0"])
    assert fingerprint.toolchain().distributions != before.distributions
    assert fingerprint.toolchain().harness == before.harness


def test_a_new_version_of_an_extractor_distribution_changes_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    capture = create(tmp_path, "alpha", b"<p>a</p>", kind="html")
    entry = Entry("thirdparty", "thirdparty.adapter:extractor")

    def key(dist: str) -> str:
        monkeypatch.setattr(fingerprint, "_entry_points", lambda: {entry.factory: dist})
        found = fingerprint.inputs(entry, capture, CHAIN, allow_network=False)
        assert found is not None
        return fingerprint.digest(found)

    assert key("thirdparty==1.0") == key("thirdparty==1.0") != key("thirdparty==1.1")


def test_a_changed_view_changes_the_key(tmp_path: Path) -> None:
    """A rendered capture's text view is what a text extractor reads: new text there is a
    new input even when the page's HTML is the same bytes."""
    from harness.corpus.capture import load_capture

    folder = tmp_path / "captures"
    folder.mkdir()
    create(folder, "shown", b"<p>Built.</p>", kind="html", more={"page.txt": b"Built."})
    before = fingerprint.capture_inputs(load_capture(folder / "shown"))
    (folder / "shown" / "page.txt").write_bytes(b"Built again.")
    after = fingerprint.capture_inputs(load_capture(folder / "shown"))
    assert before["bytes"] == after["bytes"]
    assert before != after
