"""`harness review --web`'s server: the token, the loopback and its own page, or 403."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from harness.goldens import pending
from harness.goldens.review import Tally

if TYPE_CHECKING:
    from conftest import Served


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as got:
            return got.status, got.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _post(url: str, data: object, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    sent = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, json.dumps(data).encode(), sent, method="POST")
    try:
        with urllib.request.urlopen(request) as got:
            return got.status, json.loads(got.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_every_request_without_the_token_is_forbidden(served: Served) -> None:
    base = served.url.split("?")[0]
    assert _get(served.url)[0] == 200
    assert _get(base)[0] == 403
    assert _get(base + "items?token=wrong")[0] == 403
    assert _get(served.url.replace("/?", "/items?"), {"Host": "evil.example"})[0] == 403
    decide = served.url.replace("/?", "/decide?")
    assert _post(base + "decide", {"index": 0, "action": "accept"})[0] == 403
    origin = {"Origin": "http://evil.example"}
    assert _post(decide, {"index": 0, "action": "accept"}, origin)[0] == 403
    assert _post(decide, {"index": 0, "action": "explode"})[0] == 400
    assert list((served.config.goldens).iterdir()) == []  # nothing was decided


def test_the_page_holds_no_captured_text_and_a_strict_policy(
    served: Served, png: Callable[[int, int], bytes]
) -> None:
    with urllib.request.urlopen(served.url) as got:
        page = got.read().decode()
        policy = got.headers["Content-Security-Policy"]
    assert "<script>document.title" not in page and "Calm title" not in page
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    _, items = _get(served.url.replace("/?", "/items?"))
    found = json.loads(items)["items"]
    assert [i["capture"] for i in found] == ["calm", "evil"]
    assert found[1]["title"] == served.evil_title and found[1]["screenshot"] is True
    assert "cluster" in found[0]  # where grouping goes
    shot, data = _get(served.url.replace("/?", "/screenshot/1?"))
    assert shot == 200 and data == png(40, 30)


def test_decisions_go_through_approval_and_the_server_stops_when_none_are_left(
    served: Served,
) -> None:
    decide = served.url.replace("/?", "/decide?")
    assert _post(decide, {"index": 0, "action": "accept"})[0] == 200
    assert _post(decide, {"index": 0, "action": "accept"})[0] == 409  # decided already
    assert _post(decide, {"index": 1, "action": "reject"})[0] == 200
    assert served.finished() == Tally(accepted=1, rejected=1, skipped=0)
    golden = json.loads((served.config.goldens / "titles" / "calm.json").read_text())
    assert golden["record"]["title"] == "Calm title"
    assert not (served.config.goldens / "titles" / "evil.json").exists()
    assert pending.entries(served.config.pending) == []
    assert any(line.startswith("accepted titles[calm]") for line in served.lines)


def test_quit_leaves_the_rest_pending(served: Served) -> None:
    assert _post(served.url.replace("/?", "/quit?"), {})[0] == 200
    assert served.finished() == Tally(accepted=0, rejected=0, skipped=2)
    assert len(pending.entries(served.config.pending)) == 2


def test_the_web_review_is_refused_on_ci_like_the_terminal_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    monkeypatch.setenv("CI", "true")
    assert main(["review", "--web"]) == 2
    assert "refuses to review goldens on a CI machine" in capsys.readouterr().err


def test_items_come_grouped_by_drift_cluster_the_largest_first(served_clusters: Served) -> None:
    status, body = _get(served_clusters.url.replace("/?", "/items?"))
    assert status == 200
    items = json.loads(body)["items"]
    found = [(i["capture"], i["cluster"]) for i in items]
    assert found == [
        ("one", "titles-title-site-part-added"),
        ("two", "titles-title-site-part-added"),
        ("three", "titles-title-rewritten"),
    ]
