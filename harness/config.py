"""Configuration: `[tool.harness]` in pyproject.toml, read once into a frozen object."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harness import confine
from harness.errors import UsageError
from harness.registry import ExtractorConfig
from harness.tolerance import Policy, policy_from

KEYS = (
    "captures",
    "goldens",
    "pending",
    "tolerance",
    "extractors",
    "enable",
    "timeout",
    "memory_mb",
)


@dataclass(frozen=True)
class Config:
    """Where captures, goldens and pending outputs live, the tolerances and the extractors."""

    root: Path
    captures: Path
    goldens: Path
    pending: Path
    policy: Policy = field(default_factory=Policy)
    extractors: Mapping[str, ExtractorConfig] = field(default_factory=dict)
    enable: tuple[str, ...] | None = None
    timeout: float = 60.0
    memory_mb: int = 0
    max_page_mb: float = 20.0
    source: Path | None = None

    def with_paths(self, *, captures: Path | None = None, goldens: Path | None = None) -> Config:
        """The same configuration with command-line paths put in."""
        here = Path.cwd()
        return replace(
            self,
            captures=confine.named_root(captures, here, where="--captures")
            if captures
            else self.captures,
            goldens=confine.named_root(goldens, here, where="--goldens")
            if goldens
            else self.goldens,
        )


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.harness] table, from `start` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "harness" in _read(candidate).get("tool", {}):
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(
            f"is not valid TOML: {error}", where=path, fix="correct the file"
        ) from None


def load(start: Path | None = None) -> Config:
    """Read the configuration that applies at `start` (default: the working folder)."""
    start = (start or Path.cwd()).resolve()
    pyproject = find_pyproject(start)
    root = pyproject.parent if pyproject else start
    table: Mapping[str, Any] = _read(pyproject)["tool"]["harness"] if pyproject else {}
    return from_table(table, root=root, source=pyproject)


def from_table(table: Mapping[str, Any], *, root: Path, source: Path | None = None) -> Config:
    where = f"{source or 'pyproject.toml'} [tool.harness]"
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(
            f"unknown key(s) {', '.join(unknown)}",
            where=where,
            fix=f"known keys: {', '.join(KEYS)}",
        )
    return Config(
        root=root,
        captures=_path(root, table.get("captures", "captures"), where, "captures"),
        goldens=_path(root, table.get("goldens", "goldens"), where, "goldens"),
        pending=_path(root, table.get("pending", ".harness/pending"), where, "pending"),
        policy=policy_from(table.get("tolerance", {})),
        extractors=_extractors(table.get("extractors", {}), where),
        enable=_names(table.get("enable"), where),
        timeout=_number(table.get("timeout", 60.0), where, "timeout", float),
        memory_mb=int(_number(table.get("memory_mb", 0), where, "memory_mb", int)),
        max_page_mb=_number(table.get("max_page_mb", 20.0), where, "max_page_mb", float),
        source=source,
    )


def _path(root: Path, value: Any, where: str, key: str) -> Path:
    """The folder `value` names, resolved. A path inside the project that is a symbolic
    link leading out of it is refused: only a path written as outside may be outside."""
    if not isinstance(value, str) or not value:
        raise UsageError(
            f"{value!r} is not a path", where=where, field=key, fix=f'write {key} = "folder"'
        )
    return confine.named_root(value, root, where=where, field=key)


def _number(value: Any, where: str, key: str, kind: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise UsageError(
            f"{value!r} is not a number of at least 0",
            where=where,
            field=key,
            fix=f"write {key} = 30",
        )
    if kind is int and not isinstance(value, int):
        raise UsageError(
            f"{value!r} is not a whole number", where=where, field=key, fix=f"write {key} = 2048"
        )
    return float(value)


def _names(value: Any, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(
            f"{value!r} is not a list of extractor names",
            where=where,
            field="enable",
            fix='write enable = ["trafilatura", "text"]',
        )
    return tuple(value)


def _extractors(table: Any, where: str) -> dict[str, ExtractorConfig]:
    out = {}
    for name, conf in dict(table).items():
        if not isinstance(conf, Mapping):
            raise UsageError(
                "must be a table",
                where=f"{where}.extractors",
                field=name,
                fix=f"write [tool.harness.extractors.{name}]",
            )
        extra = sorted(set(conf) - {"use", "factory", "options", "enabled"})
        if extra:
            raise UsageError(
                f"unknown key(s) {', '.join(extra)}",
                where=f"[tool.harness.extractors.{name}]",
                fix="known keys: use, factory, options, enabled",
            )
        out[name] = ExtractorConfig(
            name=name,
            use=conf.get("use"),
            factory=conf.get("factory"),
            options=dict(conf.get("options", {})),
            enabled=bool(conf.get("enabled", True)),
        )
    return out
