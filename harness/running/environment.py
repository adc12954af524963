"""A rehearsal environment: this one, with some distributions at other versions.

Built once per set of inputs and kept under the project's `.harness/envs/<key>/`
(`[tool.harness] envs`), as Bazel or pip's wheel cache keep an entry: the key hashes the
requirements, the find-links folders (their files' names and sizes) and `--no-index`, every
distribution installed here with its version, where they are installed, the Python version
and the harness's version, so any change to them is a new environment, and a reused one is
what a new build would make.

The design works offline. The environment is a new venv (`python -m venv --without-pip`,
nothing downloaded) whose site-packages holds one `.pth` file that adds this environment's
site-packages *after* its own (`site.addsitedir`, so this environment's own `.pth` files, the
editable install of the project among them, work there too). The requirements are then
installed into the new venv by pip, run by the new venv's Python (pip itself comes from this
environment through the `.pth`): pip sees every distribution of this environment as installed,
so it installs only what the requirements change, and it never uninstalls anything outside
the new venv (it refuses to, "outside environment"). Every distribution installed here is a
constraint (`name==version`) except those the requirements name, so what they pull in keeps
this environment's pins. The new versions shadow the old ones: the new venv's site-packages
comes first on `sys.path`, and `importlib.metadata` (versions, entry points) finds them first.

A build happens in a temporary folder beside the cache entry, is checked (each requirement's
distribution has a version the requirement allows, and `harness` there is this project's),
then renamed into place: a half-built environment never has the entry's name, and an entry
without its marker file is a miss, removed and built again, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.errors import HarnessError, UsageError

if TYPE_CHECKING:
    from packaging.requirements import Requirement

MARKER = "harness-env.json"
LAYOUT = 1  # bump when the way an environment is built changes: every key changes with it
TAIL = 15  # lines of the installer's output shown when it fails

_PROBE = """
import importlib.metadata as m, json, sys
import harness
names = json.loads(sys.argv[1])
def version(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return None
print(json.dumps({"versions": {n: version(n) for n in names}, "harness": harness.__file__}))
"""


@dataclass(frozen=True)
class Request:
    """What an environment is asked for: requirements (pip's syntax), and where from."""

    requirements: tuple[str, ...]
    find_links: tuple[Path, ...] = ()
    no_index: bool = False

    def parsed(self) -> list[Requirement]:
        return [parse(text) for text in self.requirements]

    def names(self) -> list[str]:
        """The distributions the requirements name, as written."""
        return [r.name for r in self.parsed()]


@dataclass(frozen=True)
class Environment:
    """A built rehearsal environment; `reused` when it came from the cache."""

    path: Path
    key: str
    reused: bool

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"


def parse(text: str) -> Requirement:
    """A requirement as pip reads it (`trafilatura==2.0.0`), or a usage error naming it."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        found = Requirement(text)
    except InvalidRequirement as error:
        raise UsageError(
            f"is not a requirement: {error}",
            where=f"harness rehearse {text!r}",
            fix="write NAME==VERSION (or any pip requirement), e.g. 'trafilatura==2.0.0'",
        ) from None
    if found.url:
        raise UsageError(
            "is a URL requirement",
            where=f"harness rehearse {text!r}",
            fix="name a version (NAME==VERSION) and give wheels with --find-links DIR",
        )
    return found


def canonical(name: str) -> str:
    """A distribution's name as pip compares names (PEP 503)."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, str]:
    """Every distribution installed in this environment, by canonical name (first found)."""
    from importlib import metadata

    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonical(name), dist.version)
    return dict(sorted(found.items()))


def key(request: Request) -> str:
    """The cache key: a hash of every input a build depends on."""
    from harness import __version__

    inputs = {
        "layout": LAYOUT,
        "requirements": sorted(str(r) for r in request.parsed()),
        "find_links": [_listing(folder) for folder in request.find_links],
        "no_index": request.no_index,
        "installed": installed(),
        "layered_over": _parents(),
        "python": sys.version,
        "harness": __version__,
    }
    text = json.dumps(inputs, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _listing(folder: Path) -> dict[str, Any]:
    """A find-links folder as the key sees it: its path, and its files' names and sizes."""
    try:
        files = sorted((p.name, p.stat().st_size) for p in folder.iterdir() if p.is_file())
    except OSError as error:
        raise HarnessError(
            f"cannot be read: {error.strerror}",
            where=f"--find-links {folder}",
            fix="give a folder of wheels or sdists",
        ) from None
    return {"path": str(folder.resolve()), "files": files}


def ensure(envs: Path, request: Request) -> Environment:
    """The environment `request` asks for: from the cache under `envs`, or built there."""
    digest = key(request)
    final = envs / digest
    if _valid(final, digest):
        return Environment(final, digest, reused=True)
    if final.is_symlink():
        raise HarnessError(
            "is a symbolic link: refused",
            where=final,
            fix=f"remove it; the environment is built again under {envs}",
        )
    if final.exists():
        shutil.rmtree(final)  # a corrupt entry is a miss
    envs.mkdir(parents=True, exist_ok=True)
    import tempfile

    building = Path(tempfile.mkdtemp(prefix=f".building-{digest}-", dir=envs))
    try:
        _build(building, request, digest)
        try:
            os.rename(building, final)
        except OSError:  # built meanwhile by another rehearsal: use that one
            if not _valid(final, digest):
                raise
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return Environment(final, digest, reused=False)


def _valid(path: Path, digest: str) -> bool:
    try:
        if path.is_symlink() or not (path / "bin" / "python").exists():
            return False
        marker = json.loads((path / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("key") == digest


def _build(folder: Path, request: Request, digest: str) -> None:
    """Make the venv in `folder`, layer it over this environment, install, check."""
    _run([sys.executable, "-m", "venv", "--without-pip", str(folder)], request, "venv")
    python = folder / "bin" / "python"
    site = Path(
        _output([str(python), "-P", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    )
    (site / "_harness_parent.pth").write_text(_layer(), "utf-8")
    constraints = folder / "harness-constraints.txt"
    constraints.write_text(_constraints(request), "utf-8")
    _run(_installer(python, request, constraints), request, "pip")
    check(python, request)
    marker = {"key": digest, "requirements": list(request.requirements)}
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", "utf-8")


def _parents() -> list[str]:
    """This environment's site-packages folders, which a rehearsal environment layers over."""
    import site

    return [p for p in site.getsitepackages() if Path(p).is_dir()]


def _layer() -> str:
    """The `.pth` line that puts this environment's site-packages after the new venv's."""
    return f"import site; list(map(site.addsitedir, {_parents()!r}))\n"


def _constraints(request: Request) -> str:
    """This environment's pins, less the distributions the requirements name."""
    overridden = {canonical(name) for name in request.names()}
    pins = [f"{name}=={v}" for name, v in installed().items() if name not in overridden]
    return "# this environment's versions, kept by the rehearsal\n" + "\n".join(pins) + "\n"


def _installer(python: Path, request: Request, constraints: Path) -> list[str]:
    command = [str(python), "-P", "-m", "pip", "install", "--disable-pip-version-check"]
    command += ["--no-input"]
    command += ["--constraint", str(constraints)]
    for folder in request.find_links:
        command += ["--find-links", str(folder.resolve())]
    if request.no_index:
        command.append("--no-index")
    return [*command, *request.requirements]


def _run(command: list[str], request: Request, what: str) -> None:
    """Run a build step; on failure, a usage error with its last lines of output."""
    done = subprocess.run(
        command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return
    lines = (done.stdout + done.stderr).strip().splitlines()[-TAIL:]
    shown = "\n    ".join(lines) or "(no output)"
    raise UsageError(
        f"the environment could not be built ({what} exited {done.returncode}):\n    {shown}",
        where=f"harness rehearse {' '.join(request.requirements)}",
        fix="check the requirement's name and version (pip index versions NAME), or give "
        "--find-links DIR with its wheels; with --no-index every new distribution must be there",
    )


def _output(command: list[str]) -> str:
    done = subprocess.run(
        command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def versions(python: Path, names: list[str]) -> dict[str, str | None]:
    """The versions of `names` as the environment of `python` sees them (None: missing),
    and check that its `harness` is this project's."""
    found = json.loads(_output([str(python), "-P", "-c", _PROBE, json.dumps(names)]))
    import harness

    here = Path(harness.__file__).resolve().parent
    there = Path(found["harness"]).resolve().parent
    if there != here:
        raise HarnessError(
            f"its harness is {there}, not this project's {here}",
            where=f"rehearsal environment {python.parent.parent}",
            fix="do not name capture-harness among the requirements",
        )
    versions: dict[str, str | None] = found["versions"]
    return versions


def check(python: Path, request: Request) -> None:
    """Each requirement's distribution has, in the environment, a version it allows."""
    wanted = request.parsed()
    seen = versions(python, [r.name for r in wanted])
    for requirement in wanted:
        version = seen.get(requirement.name)
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            raise UsageError(
                f"the environment has {requirement.name} {version or '(none)'}, not "
                f"{requirement.specifier or 'installed'}",
                where=f"harness rehearse {str(requirement)!r}",
                fix="check that the installer can reach that version (--find-links DIR)",
            )
