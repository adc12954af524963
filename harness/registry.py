"""The registry: every extractor, built-in or third-party, comes in through entry points."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from harness.errors import UsageError
from harness.extractor import Extractor

if TYPE_CHECKING:
    from harness.config import Config

GROUP = "harness.extractors"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class Factory(Protocol):
    def __call__(self, name: str, options: Mapping[str, Any]) -> Extractor: ...


@dataclass(frozen=True)
class ExtractorConfig:
    """One `[tool.harness.extractors.NAME]` table.

    `use` names a registered extractor to configure under this new name, `factory` a
    "module:function" of the project's own; `options` go to the factory.
    """

    name: str
    use: str | None = None
    factory: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True)
class Entry:
    """A registered extractor known by its name alone: where its factory is and its options.

    Nothing is imported to know an entry: `load` imports the factory's module and calls it,
    which only a worker process does (`harness.running.pool`), so a module that exits, crashes or
    prints at import never reaches the command that lists or runs it.
    """

    name: str
    factory: str  # "module:attribute", from an entry point or a `factory =` setting
    options: Mapping[str, Any] = field(default_factory=dict)
    where: str = f"entry points '{GROUP}'"
    project: Path | None = None  # a `factory =` setting's project: its root is importable

    def load(self) -> Extractor:
        """Import the factory and build the extractor (in a worker process). A project's own
        factory is imported as the project's code, its root first on the import path (as
        pytest puts a rootdir conftest's folder), with no PYTHONPATH to set."""
        if self.project is not None and str(self.project) not in sys.path:
            sys.path.insert(0, str(self.project))
        built = _import_factory(self.factory, self.where)(self.name, self.options)
        if not isinstance(built, Extractor):
            raise UsageError(
                f"factory {self.factory!r} returned {type(built).__name__}, not an Extractor",
                where=self.where,
                fix="return harness.Extractor(...) from the factory",
            )
        return built


@dataclass(frozen=True)
class Registry:
    """Every registered extractor by name, and which of them run by default."""

    extractors: Mapping[str, Entry]
    enabled: tuple[str, ...] = ()

    def names(self) -> list[str]:
        """The enabled extractors, in name order."""
        return list(self.enabled)

    def get(self, name: str) -> Entry:
        if name not in self.extractors:
            raise UsageError(
                f"unknown extractor {name!r}",
                where="--extractor",
                fix=f"use one of: {', '.join(sorted(self.extractors)) or '(none registered)'}",
            )
        return self.extractors[name]

    def select(self, names: list[str] | None) -> list[Entry]:
        """The named extractors (the enabled ones when none are named), unknown names refused."""
        return [self.get(n) for n in (names or self.names())]


def discover() -> dict[str, str]:
    """The factories ("module:attribute") of the entry-point group, by name, imported not;
    a name two distributions register is refused."""
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for point in entry_points(group=GROUP):
        if point.name in found:
            raise UsageError(
                f"extractor name {point.name!r} is registered twice: "
                f"{found[point.name]} and {point.value}",
                where=f"entry points '{GROUP}'",
                fix="uninstall one of the two packages, or rename one entry point; "
                f"registered: {', '.join(sorted(found))}",
            )
        found[point.name] = point.value
    return found


def distribution(entry: Entry) -> str | None:
    """The distribution whose version an extractor's behaviour follows: the library a
    built-in adapter wraps, or the third-party distribution that registers the entry point;
    None for a project's own factory (or an entry point no distribution owns)."""
    from importlib.metadata import entry_points

    from harness.extractors import LIBRARIES

    module = entry.factory.partition(":")[0]
    if module in LIBRARIES:
        return LIBRARIES[module]
    for point in entry_points(group=GROUP):
        if point.value == entry.factory and entry.project is None and point.dist is not None:
            name: str = point.dist.metadata["Name"]
            return None if name == "capture-harness" else name
    return None


def from_config(config: Config) -> Registry:
    """The registry a project's configuration describes."""
    return build(config.extractors, config.enable, project=config.root)


def build(
    configs: Mapping[str, ExtractorConfig] | None = None,
    enable: Sequence[str] | None = None,
    *,
    project: Path | None = None,
) -> Registry:
    """Every discovered extractor plus the project's own, by name (nothing is imported);
    `enable` (or `enabled = false`) chooses which run by default."""
    factories = discover()
    configs = configs or {}
    extractors: dict[str, Entry] = {}
    for name, factory in factories.items():
        conf = configs.get(name)
        if conf is None or (conf.use is None and conf.factory is None):
            extractors[name] = Entry(name, factory, conf.options if conf else {})
    for name, conf in configs.items():
        if conf.use is None and conf.factory is None:
            if name not in factories:
                raise UsageError(
                    f"configures unknown extractor {name!r}",
                    where=f"[tool.harness.extractors.{name}]",
                    fix="add `use = NAME` or `factory = 'module:function'`; registered: "
                    + ", ".join(sorted(factories)),
                )
            continue
        if name in factories:
            raise UsageError(
                f"name {name!r} is already a registered extractor",
                where=f"[tool.harness.extractors.{name}]",
                fix="give this configuration another name; registered: "
                + ", ".join(sorted(factories)),
            )
        extractors[name] = _configured(name, conf, factories, project)
    for name in extractors:
        _check_name(name)
    unknown = sorted(set(enable or ()) - set(extractors))
    if unknown:
        raise UsageError(
            f"enables unknown extractor(s) {', '.join(unknown)}",
            where="[tool.harness] enable",
            fix=f"registered: {', '.join(sorted(extractors))}",
        )
    enabled = tuple(
        name
        for name in sorted(extractors)
        if (name not in configs or configs[name].enabled) and (enable is None or name in enable)
    )
    return Registry(dict(sorted(extractors.items())), enabled)


def _check_name(name: str) -> None:
    """An extractor's name names a folder of goldens: it must be a plain, portable name."""
    if not _NAME.match(name) or ".." in name:
        raise UsageError(
            f"extractor name {name!r} cannot name a folder of goldens",
            where=f"[tool.harness.extractors] or entry point group '{GROUP}'",
            fix="use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )


def _configured(
    name: str, conf: ExtractorConfig, factories: Mapping[str, str], project: Path | None
) -> Entry:
    where = f"[tool.harness.extractors.{name}]"
    if conf.use is not None:
        if conf.use not in factories:
            raise UsageError(
                f"uses unknown extractor {conf.use!r}",
                where=where,
                field="use",
                fix=f"use one of: {', '.join(sorted(factories))}",
            )
        return Entry(name, factories[conf.use], conf.options, where)
    assert conf.factory is not None
    if ":" not in conf.factory:
        raise UsageError(
            f"cannot load factory {conf.factory!r}: it names no function",
            where=where,
            field="factory",
            fix="give 'package.module:function', importable from the project",
        )
    return Entry(name, conf.factory, conf.options, where, project)


def _import_factory(spec: str, where: str) -> Factory:
    module, _, attr = spec.partition(":")
    try:
        found: Any = import_module(module)
        for part in attr.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError, ValueError) as error:
        raise UsageError(
            f"cannot load factory {spec!r}: {error}",
            where=where,
            field="factory",
            fix="give 'package.module:function', importable from the project",
        ) from None
    factory: Factory = found
    return factory
