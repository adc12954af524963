"""Configuration: `[tool.harness]` in pyproject.toml, read once into a frozen object.

This module is the one schema of the harness's settings: the `[tool.harness]` table and the
command-line options that override it are checked by the same validators. Every number is
finite and in its range (NaN, infinities, negatives and a meaningless zero are refused), every
documented key is accepted, every unknown key is named, and every wrong type is a UsageError
naming the key, the file and the fix.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harness import confine
from harness.comparison.tolerance import Policy, policy_from
from harness.errors import UsageError
from harness.registry import ExtractorConfig


@dataclass(frozen=True)
class Number:
    """The rule for one number: whole or not, its range, and an example value for the fix.

    `low_open` makes the low end exclusive (a timeout of 0 s means nothing).
    """

    whole: bool
    low: float
    high: float
    example: str
    low_open: bool = False
    meaning: str = ""

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        low = f"more than {self.low:g}" if self.low_open else f"at least {self.low:g}"
        return f"{kind} {low} and at most {self.high:g}" + (
            f" ({self.meaning})" if self.meaning else ""
        )

    def problem(self, value: object) -> str | None:
        """Why `value` breaks the rule, or None when it is fine."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{value!r} is not {self.describe()}"
        if self.whole and not isinstance(value, int):
            return f"{value!r} is not a whole number"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{value!r} is not a finite number"
        too_low = value <= self.low if self.low_open else value < self.low
        if too_low or value > self.high:
            return f"{value!r} is out of range: give {self.describe()}"
        return None


#: Every number of `[tool.harness]` and of the command line, by key (options use `_`).
NUMBERS: dict[str, Number] = {
    "timeout": Number(False, 0, 1e6, "60", low_open=True, meaning="seconds"),
    "memory_mb": Number(True, 0, 1 << 30, "2048", meaning="MiB; 0: no limit"),
    "max_page_mb": Number(False, 0, 1e6, "20", low_open=True, meaning="MB"),
    "jobs": Number(True, 1, 1024, "2", meaning="worker processes"),
    "max_bytes": Number(True, 1, 1 << 40, "20971520", meaning="bytes"),
    "top": Number(True, 0, 1 << 31, "10", meaning="pages"),
    "worst": Number(True, 0, 1 << 31, "10", meaning="pages"),
    "tolerance": Number(False, 0, 1, "0.01", meaning="a score difference"),
    "page_tolerance": Number(False, 0, 1, "0.05", meaning="a score difference"),
    "min_similarity": Number(False, 0, 1, "0.98"),
}

#: The keys of `[tool.harness]`: every one the README documents.
KEYS = (
    "captures",
    "goldens",
    "pending",
    "envs",
    "tolerance",
    "extractors",
    "enable",
    "timeout",
    "memory_mb",
    "max_page_mb",
)

EXTRACTOR_KEYS = ("use", "factory", "options", "enabled")


def number(key: str, value: object, *, where: str | Path) -> float:
    """`value` checked against the rule for `key`; a UsageError naming the key otherwise."""
    rule = NUMBERS[key]
    if problem := rule.problem(value):
        raise UsageError(problem, where=where, field=key, fix=f"write {key} = {rule.example}")
    return float(value)  # type: ignore[arg-type]


def option(key: str) -> Callable[[str], Any]:
    """An argparse `type=` for the option of `key`: the same rule as `[tool.harness]`.

    A bad value is an argparse error: the usage and the reason, exit status 2.
    """
    rule = NUMBERS[key]

    def parse(text: str) -> int | float:
        try:
            value: int | float = int(text) if rule.whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not {rule.describe()}; e.g. {rule.example}"
            ) from None
        if problem := rule.problem(value):
            raise argparse.ArgumentTypeError(f"{problem}; e.g. {rule.example}")
        return value

    parse.__name__ = key
    return parse


@dataclass(frozen=True)
class Config:
    """Where captures, goldens and pending outputs live, the tolerances and the extractors."""

    root: Path
    captures: Path
    goldens: Path
    pending: Path
    envs: Path = Path(".harness/envs")
    policy: Policy = field(default_factory=Policy)
    extractors: Mapping[str, ExtractorConfig] = field(default_factory=dict)
    enable: tuple[str, ...] | None = None
    timeout: float = 60.0
    memory_mb: int = 0
    max_page_mb: float = 20.0
    source: Path | None = None

    @property
    def max_page_bytes(self) -> int:
        """`max_page_mb` in bytes: the most any page (or WARC record) may inflate to."""
        return int(self.max_page_mb * 1024 * 1024)

    def with_paths(
        self,
        *,
        captures: Path | None = None,
        goldens: Path | None = None,
        pending: Path | None = None,
        flag: str = "--{}",
    ) -> Config:
        """The same configuration with command-line paths put in (`flag` spells an option's
        name from its key: `--{}`, or `--harness-{}` for the pytest plugin)."""
        here = Path.cwd()
        changed = replace(
            self,
            captures=confine.named_root(captures, here, where=flag.format("captures"))
            if captures
            else self.captures,
            goldens=confine.named_root(goldens, here, where=flag.format("goldens"))
            if goldens
            else self.goldens,
            pending=confine.named_root(pending, here, where=flag.format("pending"))
            if pending
            else self.pending,
        )
        given = {k: v is not None for k, v in (("captures", captures), ("goldens", goldens))}
        given["pending"] = pending is not None
        names = {
            key: flag.format(key)
            if given.get(key)
            else f"{key} (of {self.source or 'the defaults'})"
            for key in ("captures", "goldens", "pending")
        }
        refuse_overlap(changed, names, where=flag.format("goldens" if goldens else "captures"))
        return changed


def refuse_overlap(config: Config, names: Mapping[str, str], *, where: str) -> None:
    """Captures, goldens and pending outputs in one folder, or one inside another, are
    refused: a run cleans pending files, an approval writes goldens, and each would take the
    other's files for its own (a run deleting approved goldens, a golden read as a capture).

    `names` says how each key was given (`--goldens`, `goldens`), for the message."""
    paths = {"captures": config.captures, "goldens": config.goldens, "pending": config.pending}
    keys = list(paths)
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            a, b = paths[first], paths[second]
            if a == b:
                how = f"are the same folder ({a})"
            elif a.is_relative_to(b) or b.is_relative_to(a):
                inner, outer = (first, second) if a.is_relative_to(b) else (second, first)
                how = f"overlap: {names[inner]} ({paths[inner]}) is inside {names[outer]} " + (
                    f"({paths[outer]})"
                )
            else:
                continue
            raise UsageError(
                f"{names[first]} and {names[second]} {how}",
                where=where,
                fix="give captures, goldens and pending folders of their own, none inside another",
            )


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.harness] table, from `start` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            tool = _read(candidate).get("tool", {})
            if isinstance(tool, Mapping) and "harness" in tool:
                return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only a command that reads the configuration pays for the parser

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
    table: Any = _read(pyproject)["tool"]["harness"] if pyproject else {}
    if not isinstance(table, Mapping):
        raise UsageError(
            f"{table!r} is not a table",
            where=pyproject or "pyproject.toml",
            field="tool.harness",
            fix="write a [tool.harness] table with keys such as captures = 'captures'",
        )
    return from_table(table, root=root, source=pyproject)


def from_table(table: Mapping[str, Any], *, root: Path, source: Path | None = None) -> Config:
    where = f"{source or 'pyproject.toml'} [tool.harness]"
    unknown = sorted(str(key) for key in set(table) - set(KEYS))
    if unknown:
        raise UsageError(
            f"unknown key(s) {', '.join(unknown)}",
            where=where,
            fix=f"known keys: {', '.join(KEYS)}",
        )
    config = Config(
        root=root,
        captures=_path(root, table.get("captures", "captures"), where, "captures"),
        goldens=_path(root, table.get("goldens", "goldens"), where, "goldens"),
        pending=_path(root, table.get("pending", ".harness/pending"), where, "pending"),
        envs=_path(root, table.get("envs", ".harness/envs"), where, "envs"),
        policy=_policy(table.get("tolerance", {}), where),
        extractors=_extractors(table.get("extractors", {}), where),
        enable=_names(table.get("enable"), where),
        timeout=number("timeout", table.get("timeout", 60.0), where=where),
        memory_mb=int(number("memory_mb", table.get("memory_mb", 0), where=where)),
        max_page_mb=number("max_page_mb", table.get("max_page_mb", 20.0), where=where),
        source=source,
    )
    refuse_overlap(config, {key: key for key in ("captures", "goldens", "pending")}, where=where)
    return config


def _path(root: Path, value: Any, where: str, key: str) -> Path:
    """The folder `value` names, resolved. A path inside the project that is a symbolic
    link leading out of it is refused: only a path written as outside may be outside."""
    if not isinstance(value, str) or not value or "\x00" in value:
        raise UsageError(
            f"{value!r} is not a path", where=where, field=key, fix=f'write {key} = "folder"'
        )
    return confine.named_root(value, root, where=where, field=key)


def _policy(table: Any, where: str) -> Policy:
    if not isinstance(table, Mapping):
        raise UsageError(
            f"{table!r} is not a table",
            where=where,
            field="tolerance",
            fix="write [tool.harness.tolerance] with e.g. body = { min_similarity = 0.98 }",
        )
    try:
        return policy_from(table)
    except UsageError as error:  # name the file too
        file = where.removesuffix(" [tool.harness]")
        raise UsageError(
            error.problem, where=f"{file} {error.where}", field=error.field, fix=error.fix
        ) from None


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
    if not isinstance(table, Mapping):
        raise UsageError(
            f"{table!r} is not a table of extractor configurations",
            where=where,
            field="extractors",
            fix='write [tool.harness.extractors.NAME] tables, e.g. use = "trafilatura"',
        )
    file = where.removesuffix(" [tool.harness]")
    return {str(name): _extractor(str(name), conf, file) for name, conf in table.items()}


def _extractor(name: str, conf: Any, file: str) -> ExtractorConfig:
    where = f"{file} [tool.harness.extractors.{name}]"
    if not isinstance(conf, Mapping):
        raise UsageError(
            f"{conf!r} is not a table",
            where=f"{file} [tool.harness.extractors]",
            field=name,
            fix=f"write [tool.harness.extractors.{name}] with use, factory, options or enabled",
        )
    extra = sorted(str(key) for key in set(conf) - set(EXTRACTOR_KEYS))
    if extra:
        raise UsageError(
            f"unknown key(s) {', '.join(extra)}",
            where=where,
            fix=f"known keys: {', '.join(EXTRACTOR_KEYS)}",
        )
    for key, fix in (
        ("use", 'use = "trafilatura"'),
        ("factory", 'factory = "package.module:name"'),
    ):
        if key in conf and not (isinstance(conf[key], str) and conf[key]):
            raise UsageError(f"{conf[key]!r} is not a name", where=where, field=key, fix=fix)
    options = conf.get("options", {})
    if not isinstance(options, Mapping):
        raise UsageError(
            f"{options!r} is not a table",
            where=where,
            field="options",
            fix="write options = { favor_precision = true }",
        )
    enabled = conf.get("enabled", True)
    if not isinstance(enabled, bool):
        raise UsageError(
            f"{enabled!r} is not true or false",
            where=where,
            field="enabled",
            fix="write enabled = false (or leave it out)",
        )
    return ExtractorConfig(
        name=name,
        use=conf.get("use"),
        factory=conf.get("factory"),
        options=dict(options),
        enabled=enabled,
    )
