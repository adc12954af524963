"""Fuzzing the settings: random `[tool.harness]` tables and random command-line option values
end in exit 0, 1 or 2 with a message, never in a traceback.

Everything runs in-process (`harness.cli.main`) in a small project with two tiny captures and
the quick `demo` extractor, so a few hundred examples take seconds.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness import config
from harness.cli import main
from harness.errors import UsageError

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

KNOWN = [*config.KEYS, "extractor", "capture", "use", "factory", "options", "enabled"]
TOLERANCE_KEYS = ["title", "published", "body", "casefold", "precision", "min_similarity"]
NUMBERS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 0.5, 2, 1e308, float("nan"), float("inf"), -float("inf")]),
)
SCALARS = st.one_of(
    NUMBERS, st.booleans(), st.text(max_size=12), st.sampled_from(["demo", "text", "day", "x:y"])
)
KEYS = st.one_of(st.sampled_from(KNOWN + TOLERANCE_KEYS), st.text(min_size=1, max_size=8))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
TABLES = st.dictionaries(KEYS, VALUES, max_size=6)


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c for c in text
    )
    return f'"{escaped}"'


def toml_value(value: Any) -> str:
    """A value as TOML (inline tables and arrays; TOML has no null)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


@pytest.fixture
def small_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    """The demo project as the working folder; yields it and its pyproject text."""
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    yield tmp_path, (tmp_path / "pyproject.toml").read_text()
    os.chdir(tmp_path.parent)


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    """Run the command in-process; its exit status, having checked stderr has no traceback."""
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse: a usage error
        code = stop.code if isinstance(stop.code, int) else 2
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    assert code in (0, 1, 2), (argv, code, err)
    if code == 2:
        assert err.strip(), "a usage error says what is wrong"
    return code


@FUZZ
@given(table=TABLES)
def test_any_table_is_a_config_or_a_usage_error(tmp_path: Path, table: dict[str, Any]) -> None:
    try:
        loaded = config.from_table(table, root=tmp_path)
    except UsageError as error:
        assert error.fix and error.where, error.message
        return
    for number in (loaded.timeout, loaded.max_page_mb, loaded.memory_mb):
        assert math.isfinite(number) and number >= 0
    assert loaded.timeout > 0 and loaded.max_page_mb > 0


@FUZZ
@given(table=TABLES, extractors=st.dictionaries(KEYS, VALUES, max_size=3))
def test_any_pyproject_table_ends_in_a_message(
    small_project: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    table: dict[str, Any],
    extractors: dict[str, Any],
) -> None:
    root, original = small_project
    lines = [f"{toml_string(k)} = {toml_value(v)}" for k, v in table.items()]
    extra = "\n".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in extractors.items())
    kept = [line for line in original.splitlines() if line.split(" = ")[0].strip() not in table]
    text = "\n".join(kept).replace("[tool.harness]", "[tool.harness]\n" + "\n".join(lines), 1)
    if extractors:
        text += "\n[tool.harness.extractors.fuzzed]\n" + extra + "\n"
    (root / "pyproject.toml").write_text(text + "\n")
    try:
        import tomllib

        tomllib.loads((root / "pyproject.toml").read_text())
    except tomllib.TOMLDecodeError:
        return  # the emitter made a clash (a key given twice): not the harness's input
    codes = {run_cli(["extractors"], capsys), run_cli(["pending"], capsys)}
    if not table and not extractors:
        assert codes == {0}


OPTION_VALUES = st.one_of(
    st.sampled_from(
        ["1", "2", "0", "-1", "-5", "nan", "inf", "-inf", "1e9", "1e400", "2.5", "", "x", "0.5"]
    ),
    st.text(max_size=6),
)


@FUZZ
@given(
    options=st.lists(
        st.tuples(
            st.sampled_from(["--jobs", "--timeout", "--memory-mb", "--format", "--capture"]),
            OPTION_VALUES,
        ),
        max_size=3,
    ),
    command=st.sampled_from(["run", "compare"]),
)
def test_run_and_compare_options(
    small_project: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    options: list[tuple[str, str]],
    command: str,
) -> None:
    argv = ["run", "--extractor", "demo"] if command == "run" else ["compare", "demo", "text"]
    for name, value in options:
        if name == "--jobs" and value not in ("1", "2"):
            value = value if not value.isdigit() else "0"  # no hundreds of workers
        if name == "--memory-mb" and value.isdigit() and 0 < int(value) < 256:
            value = "0"  # a tiny memory limit is valid, and slow to fail: not the point here
        argv += [f"{name}={value}"]
    run_cli(argv, capsys)


@FUZZ
@given(
    source=st.one_of(
        st.sampled_from(
            ["page.html", "missing.html", "http://127.0.0.1:9/", "https://", "ftp://x/", "x.warc"]
        ),
        st.text(max_size=10),
    ),
    options=st.lists(
        st.tuples(
            st.sampled_from(["--timeout", "--max-bytes", "--id", "--kind", "--record"]),
            OPTION_VALUES,
        ),
        max_size=3,
    ),
)
def test_add_options(
    small_project: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    source: str,
    options: list[tuple[str, str]],
) -> None:
    root, _ = small_project
    (root / "page.html").write_text("<title>Fuzz</title><p>A page to add.</p>")
    (root / "x.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n")
    argv = ["add", source, *(f"{name}={value}" for name, value in options)]
    if source.startswith("http"):
        argv += ["--timeout=2"]  # a closed port: refused at once, this bounds it anyway
    run_cli(argv, capsys)


@FUZZ
@given(
    options=st.lists(
        st.tuples(
            st.sampled_from(["--tolerance", "--page-tolerance", "--worst", "--jobs"]),
            OPTION_VALUES,
        ),
        max_size=3,
    )
)
def test_score_options(
    small_project: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    options: list[tuple[str, str]],
) -> None:
    argv = ["score", "--extractor", "demo"]
    for name, value in options:
        if name == "--jobs" and value not in ("1", "2"):
            value = value if not value.isdigit() else "0"
        argv += [f"{name}={value}"]
    run_cli(argv, capsys)
