"""CI detection: goldens are never written on a CI machine unless the run insists."""

from __future__ import annotations

from collections.abc import Mapping

VARIABLES: tuple[str, ...] = ("CI", "GITHUB_ACTIONS")
_OFF = frozenset({"", "0", "false"})


def in_ci(environ: Mapping[str, str]) -> str | None:
    """The first variable saying this is a CI run (set, not empty, not "false"/"0"), or None."""
    for name in VARIABLES:
        if environ.get(name, "").strip().lower() not in _OFF:
            return name
    return None
