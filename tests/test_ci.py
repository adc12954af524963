"""CI detection."""

from __future__ import annotations

import pytest

from harness.goldens.ci import in_ci


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"CI": "true"}, "CI"),
        ({"CI": "1"}, "CI"),
        ({"CI": "yes"}, "CI"),
        ({"GITHUB_ACTIONS": "true"}, "GITHUB_ACTIONS"),
        ({"CI": "false", "GITHUB_ACTIONS": "true"}, "GITHUB_ACTIONS"),
        ({"CI": "true", "GITHUB_ACTIONS": "true"}, "CI"),
        ({"CI": ""}, None),
        ({"CI": "  "}, None),
        ({"CI": "0"}, None),
        ({"CI": "false"}, None),
        ({"CI": "False"}, None),
        ({"GITHUB_ACTIONS": "FALSE"}, None),
        ({"JENKINS_URL": "x"}, None),
    ],
)
def test_in_ci_names_the_variable_that_says_so(
    environ: dict[str, str], expected: str | None
) -> None:
    assert in_ci(environ) == expected
