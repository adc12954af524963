"""Files named on the command line: only a regular file, only up to a limit, named in the
refusal; every option that reads one goes through `harness.userfile`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness import userfile
from harness.cli import main
from harness.errors import HarnessError


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_bytes(b"x" * 10)
    assert userfile.read_bytes(tmp_path / "f.txt", "--opt", limit=10) == b"x" * 10


def test_a_file_past_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_bytes(b"x" * 11)
    with pytest.raises(HarnessError, match="more than 10 bytes") as caught:
        userfile.read_bytes(tmp_path / "f.txt", "--opt", limit=10)
    assert caught.value.where == f"--opt {tmp_path / 'f.txt'}"


def test_a_folder_is_the_error_reading_it_gives(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        userfile.read_bytes(tmp_path, "--opt")


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_what_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = {"device": Path("/dev/zero"), "fifo": tmp_path / "fifo"}[kind]
    if kind == "fifo":
        os.mkfifo(path)  # no writer: a blocking open or read would wait for ever
    with pytest.raises(HarnessError, match="is not a regular file"):
        userfile.read_bytes(path, "--opt")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["truth", "alpha", "--body-file", "/dev/zero"], "--body-file /dev/zero"),
        (["truth", "alpha", "--from", "/dev/zero"], "--from /dev/zero"),
        (["add", "page.html", "--truth", "/dev/zero"], "--truth /dev/zero"),
        (["add", "page.html", "--truth", "fifo.html"], "--truth fifo.html"),
    ],
)
def test_every_option_refuses_a_device_or_fifo(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], option: str
) -> None:
    (project / "page.html").write_text("<title>t</title><p>p</p>")
    os.mkfifo(project / "fifo.html")
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2 and option in err and "is not a regular file" in err, err
    assert "Traceback" not in err and "internal error" not in err


def test_a_baseline_that_is_a_device_is_refused(project: Path) -> None:
    from harness.scoring import gate

    with pytest.raises(HarnessError, match="is not a regular file") as caught:
        gate.read(Path("/dev/zero"))
    assert caught.value.where == "--baseline /dev/zero"
