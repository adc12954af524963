"""The version floors in pyproject.toml: declared, consistent, pinned, and really the floors.

`tox -e lowest` installs the lowest versions pyproject.toml allows and runs the suite there
(less the goldens). These tests keep the floors honest between such runs: every requirement
has a floor, no floor lets in a version known to break us, constraints.txt pins every
requirement inside its range, and, in the lowest env (HARNESS_FLOORS=1), what got installed is
exactly the declared floor, so the floor is what was tested, not something a dependency lifted.
"""

from __future__ import annotations

import os
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
SELF = canonicalize_name(PROJECT["name"])
FLOOR_OPERATORS = {">=", "==", "~="}

# Versions that install but break our adapters or tests; a floor must keep each of them out.
KNOWN_BROKEN = {
    ("syrupy", "4.6.1"): "GoldenExtension abstract: no read_snapshot_collection & co",
    ("syrupy", "4.9.1"): "GoldenExtension abstract: no read_snapshot_collection & co",
    ("syrupy", "5.2.0"): "no --snapshot-update-new-only",
    ("syrupy", "5.4.0"): "exits 0 when goldens are unused",
    ("syrupy", "5.5.0"): "breaks most golden integration tests (fixed in 5.5.1)",
    ("readability-lxml", "0.8.1"): "Document has no author()",
    ("newspaper4k", "0.9.2"): "knows fewer languages (no 'af')",
    ("goose3", "3.1.0"): "Article has no schema",
    ("goose3", "3.1.5"): "finds no authors",
    ("resiliparse", "0.15.1"): "main-content text drops the post-meta byline",
    ("boilerpy3", "1.0.3"): "ArticleExtractor takes no raise_on_failure",
    ("hypothesis", "6.84.0"): "characters() takes no categories=",
    ("deepdiff", "8.0.0"): "imports numpy unconditionally",
}


def requirements() -> list[tuple[str, Requirement]]:
    """Every requirement of the project and of each extra, but the extras naming the project."""
    found = [("dependencies", Requirement(text)) for text in PROJECT["dependencies"]]
    for extra, texts in PROJECT["optional-dependencies"].items():
        found += [(f"extra {extra!r}", Requirement(text)) for text in texts]
    return [(where, r) for where, r in found if canonicalize_name(r.name) != SELF]


def floor(requirement: Requirement) -> Version:
    (version,) = [s.version for s in requirement.specifier if s.operator in FLOOR_OPERATORS]
    return Version(version)


def specifiers() -> dict[str, SpecifierSet]:
    return {canonicalize_name(r.name): r.specifier for _, r in requirements()}


def pins() -> dict[str, Version]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        match = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*==\s*(\S+)\s*", line.split("#")[0])
        if match:
            found[canonicalize_name(match[1])] = Version(match[2])
    return found


def test_there_are_requirements_to_check() -> None:
    names = {canonicalize_name(r.name) for _, r in requirements()}
    assert {"syrupy", "pytest", "trafilatura", "hypothesis"} <= names


@pytest.mark.parametrize(("where", "requirement"), requirements(), ids=str)
def test_every_requirement_has_one_floor(where: str, requirement: Requirement) -> None:
    floors = [s for s in requirement.specifier if s.operator in FLOOR_OPERATORS]
    assert len(floors) == 1, f"{where}: {requirement} needs one floor (>=X), has {len(floors)}"


def test_a_package_named_twice_has_the_same_range_each_time() -> None:
    seen: dict[str, tuple[str, Requirement]] = {}
    for where, requirement in requirements():
        name = canonicalize_name(requirement.name)
        if name in seen:
            first_where, first = seen[name]
            assert requirement.specifier == first.specifier, (
                f"{name}: {first.specifier} in {first_where}, {requirement.specifier} in {where}"
            )
        seen[name] = (where, requirement)


@pytest.mark.parametrize(("package", "version"), sorted(KNOWN_BROKEN))
def test_no_floor_lets_in_a_version_known_to_break(package: str, version: str) -> None:
    declared = specifiers()
    assert package in declared, f"{package} is no longer a requirement: drop it from KNOWN_BROKEN"
    assert not declared[package].contains(version, prereleases=True), (
        f"{package}{declared[package]} allows {version}: {KNOWN_BROKEN[package, version]}"
    )


def test_constraints_pin_every_requirement_inside_its_range() -> None:
    pinned = pins()
    problems = [
        f"{name}: not pinned" if name not in pinned else f"{name}=={pinned[name]} not {spec}"
        for name, spec in specifiers().items()
        if name not in pinned or not spec.contains(pinned[name], prereleases=True)
    ]
    assert not problems, "constraints.txt vs pyproject.toml:\n" + "\n".join(problems)


@pytest.mark.skipif(
    not os.environ.get("HARNESS_FLOORS"), reason="only in the lowest env (tox -e lowest)"
)
@pytest.mark.parametrize(("where", "requirement"), requirements(), ids=str)
def test_the_lowest_env_installed_the_floor(where: str, requirement: Requirement) -> None:
    if requirement.marker is not None and not requirement.marker.evaluate():
        pytest.skip(f"{requirement} does not apply here")
    installed = Version(metadata.version(requirement.name))
    assert installed == floor(requirement), (
        f"{where}: {requirement} but the lowest install got {installed}: another requirement "
        f"lifts it, so the declared floor is untested; raise it to {installed}"
    )
