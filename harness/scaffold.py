"""Scaffold: what a project needs for the harness's workflow, added and never overwritten.

`harness init` is a thin layer over `scaffold`. Every file is written through
`harness.confine` (atomically, no link followed below the project, the umask's permissions).
A file that exists is kept as it is, except two that are appended to, their text preserved:
`pyproject.toml` without a `[tool.harness]` table gets one, checked to parse afterwards;
`.gitignore` without `.harness/` gets that line.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from harness import confine
from harness.errors import HarnessError

Action = Literal["created", "appended", "kept"]

HARNESS_TABLE = """\
[tool.harness]
captures = "captures"
goldens = "goldens"
# enable = ["mine"]                     # the extractors that run (default: every one)

# [tool.harness.extractors.mine]        # your own: a function (name, options) -> Extractor
# factory = "my_extractors:extractor"   # module:function, the module in this folder
"""

TEST_MODULE = """\
# One test per (extractor, capture), named like `mine[my-page]`, each comparing the
# extractor's output with its approved golden (see `harness run` for the same matrix).
from harness.plugin import golden_tests

test_goldens = golden_tests()
"""

TOX_ENV = """\
[testenv:goldens]
description = the golden tests: every extractor over every capture
skip_install = {skip_install}
deps = capture-harness=={version}
pass_env =
    CI
    GITHUB_ACTIONS
    HARNESS_*
commands =
    pytest tests/test_goldens.py {{posargs}}
"""

TOX_HEAD = """\
# `tox` runs the golden tests as CI does (CI never approves a golden).
[tox]
env_list = goldens

"""

WORKFLOW = """\
# The golden tests on every push and pull request. CI never approves: a drift fails the
# job, and a person approves it on their machine (`harness review` or `harness approve`)
# and commits the goldens.
name: goldens

on:
  push:
  pull_request:

jobs:
  goldens:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install -U pip tox
      - run: tox
"""

IGNORED = ".harness/"
IGNORE_LINES = "# pending review state of capture-harness (never approved goldens)\n.harness/\n"


@dataclass(frozen=True)
class Step:
    """What happened to one path of the project (relative, with `/`), and a note for it."""

    path: str
    action: Action
    note: str = ""


def scaffold(root: Path, *, version: str) -> list[Step]:
    """Add what the workflow needs under `root` (made if missing); never overwrite.

    A HarnessError names the file when one cannot be read, written or parsed."""
    root = _writable(root)
    steps = [_pyproject(root)]
    for folder in _folders(root):
        steps.append(_folder(root, folder))
    steps.append(_create(root, "tests/test_goldens.py", TEST_MODULE))
    steps.append(_tox(root, version))
    steps.append(_gitignore(root))
    steps.append(_create(root, ".github/workflows/goldens.yml", WORKFLOW))
    return steps


def tox_env(root: Path, version: str) -> str:
    """The tox environment that runs the golden tests: the project is installed when it is a
    package (its own dependencies come with it), else only capture-harness is."""
    skip = "false" if _is_package(root) else "true"
    return TOX_ENV.format(skip_install=skip, version=version)


def _writable(root: Path) -> Path:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot(root, error) from None
    if not root.is_dir():
        raise HarnessError("is not a folder", where=root, fix="run harness init in a folder")
    if not os.access(root, os.W_OK | os.X_OK):
        raise HarnessError(
            "cannot be written", where=root, fix="run harness init in a folder you can write"
        )
    return root.resolve()


def _cannot(path: Path, error: OSError) -> HarnessError:
    return HarnessError(
        error.strerror or type(error).__name__,
        where=error.filename or path,
        fix="check that the folder can be written (and is not a link to elsewhere)",
    )


def _exists(root: Path, path: str) -> bool:
    try:
        return confine.kind(root, path) is not None
    except OSError as error:
        raise _cannot(root / path, error) from None


def _write(root: Path, path: str, text: str) -> None:
    try:
        confine.write_atomic(root, path, text)
    except OSError as error:
        raise _cannot(root / path, error) from None


def _read(root: Path, path: str) -> str:
    try:
        return confine.read_text(root, path)
    except OSError as error:
        raise _cannot(root / path, error) from None
    except UnicodeDecodeError:
        raise HarnessError("is not UTF-8 text", where=root / path, fix="save it as UTF-8") from None


def _create(root: Path, path: str, text: str) -> Step:
    if _exists(root, path):
        return Step(path, "kept")
    _write(root, path, text)
    return Step(path, "created")


def _append(root: Path, path: str, old: str, addition: str) -> None:
    """Write `old` + `addition` (after a blank line) in place of `path`, keeping its mode."""
    mode = _mode(root, path)
    _write(root, path, _joined(old, addition))
    fd = confine.open_file(root, path)
    try:
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def _joined(old: str, addition: str) -> str:
    """`addition` after `old`, a blank line between them."""
    if not old.strip():
        return old + addition
    return old + ("\n" if old.endswith("\n") else "\n\n") + addition


def _mode(root: Path, path: str) -> int:
    fd = confine.open_file(root, path)
    try:
        return os.fstat(fd).st_mode & 0o7777
    finally:
        os.close(fd)


def _toml(text: str, where: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise HarnessError(
            f"is not valid TOML ({error})", where=where, fix="correct it, then run harness init"
        ) from None


def _pyproject(root: Path) -> Step:
    path = "pyproject.toml"
    if not _exists(root, path):
        _write(root, path, HARNESS_TABLE)
        return Step(path, "created")
    old = _read(root, path)
    tool = _toml(old, root / path).get("tool", {})
    if isinstance(tool, dict) and "harness" in tool:
        return Step(path, "kept", "it has [tool.harness]")
    new = _joined(old, HARNESS_TABLE)
    try:
        appended = tomllib.loads(new)["tool"]["harness"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        appended = None
    if not isinstance(appended, dict):
        raise HarnessError(
            "would not parse with a [tool.harness] table appended",
            where=root / path,
            fix=f"add this table to it by hand:\n{HARNESS_TABLE}",
        )
    _append(root, path, old, HARNESS_TABLE)
    return Step(path, "appended", "[tool.harness]")


def _folders(root: Path) -> list[str]:
    """The captures and goldens folders the configuration names, where they are plain
    relative paths inside the project (else the defaults)."""
    table = _toml(_read(root, "pyproject.toml"), root / "pyproject.toml")
    settings = table.get("tool", {}).get("harness", {})
    found = []
    for key in ("captures", "goldens"):
        value = settings.get(key, key) if isinstance(settings, dict) else key
        plain = isinstance(value, str) and not PurePosixPath(value).is_absolute()
        parts = PurePosixPath(value).parts if plain else ()
        found.append(value if parts and ".." not in parts and "." not in parts else key)
    return found


def _folder(root: Path, folder: str) -> Step:
    if _exists(root, folder):
        return Step(f"{folder}/", "kept")
    _write(root, f"{folder}/.gitkeep", "")
    return Step(f"{folder}/", "created", "with a .gitkeep")


def _tox(root: Path, version: str) -> Step:
    if _exists(root, "tox.ini"):
        if "[testenv:goldens]" in _read(root, "tox.ini"):
            return Step("tox.ini", "kept", "it has [testenv:goldens]")
        how = "add this environment to it, and goldens to its env_list:\n"
        return Step("tox.ini", "kept", how + tox_env(root, version))
    _write(root, "tox.ini", TOX_HEAD + tox_env(root, version))
    return Step("tox.ini", "created")


def _gitignore(root: Path) -> Step:
    path = ".gitignore"
    if not _exists(root, path):
        _write(root, path, IGNORE_LINES)
        return Step(path, "created")
    old = _read(root, path)
    if any(
        line.strip() in (IGNORED, IGNORED.rstrip("/"), "/" + IGNORED) for line in old.splitlines()
    ):
        return Step(path, "kept", f"it ignores {IGNORED}")
    _append(root, path, old, IGNORE_LINES)
    return Step(path, "appended", IGNORED)


def _is_package(root: Path) -> bool:
    if _exists(root, "setup.py") or _exists(root, "setup.cfg"):
        return True
    project = _toml(_read(root, "pyproject.toml"), root / "pyproject.toml").get("project")
    return isinstance(project, dict)
