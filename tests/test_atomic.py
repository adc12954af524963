"""Writes are atomic: a writer killed mid-approval, or two approving at once, never leave a
truncated or mixed golden: only the old file or a new one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from harness import confine
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.record import Record

WRITER = """
import sys
from pathlib import Path
import pytest

from harness import confine
from harness.goldens import golden
from harness.goldens.golden import Golden
from harness.record import Record

path, tag = Path(sys.argv[1]), sys.argv[2]
body = tuple(f"{tag} paragraph {i} " + "word " * 200 for i in range(2000))
n = 0
while True:
    n += 1
    golden.write(path, Golden("demo", "1", "cap", "a" * 64, Record(title=f"{tag} {n}", body=body)))
    print(n, flush=True)
"""


def start_writer(path: Path, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag], stdout=subprocess.PIPE, text=True
    )


def check_whole(path: Path, tags: tuple[str, ...]) -> str:
    """The golden parses, validates and holds one writer's complete record."""
    found = golden.read(path)
    assert found is not None
    tag = found.record.title.split()[0] if found.record.title else ""
    assert tag in tags and len(found.record.body) in (2000, 1)
    assert all(p.startswith(tag) for p in found.record.body if len(found.record.body) > 1)
    return tag


def test_killed_writer_leaves_the_old_or_the_new_golden(tmp_path: Path) -> None:
    path = tmp_path / "goldens" / "demo" / "cap.json"
    golden.write(path, Golden("demo", "1", "cap", "a" * 64, Record(title="old 0", body=("old",))))
    for round_number in range(8):
        writer = start_writer(path, "new")
        assert writer.stdout is not None
        writer.stdout.readline()  # it has written at least once and is writing again
        time.sleep(0.01 * (round_number % 4))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        check_whole(path, ("old", "new"))


def test_two_approvals_at_once_do_not_corrupt_the_golden(tmp_path: Path) -> None:
    """The reader checks the golden until each writer has replaced it several times while the
    reader kept reading: synchronised on the writers' progress, never on the clock, so a busy
    machine that is slow to start the writers only makes the test take longer."""
    path = tmp_path / "goldens" / "demo" / "cap.json"
    writers = [start_writer(path, "left"), start_writer(path, "right")]
    written = [Counter(w) for w in writers]
    seen: set[str] = set()
    checks_after_both = 0
    try:
        while checks_after_both < 3 or min(c.count for c in written) < 3:
            assert all(w.poll() is None for w in writers), "a writer ended"
            if path.exists():
                seen.add(check_whole(path, ("left", "right")))
                if min(c.count for c in written) > 0:
                    checks_after_both += 1
    finally:
        for writer in writers:
            writer.send_signal(signal.SIGTERM)
            writer.wait()
    check_whole(path, ("left", "right"))
    assert seen  # the reader saw whole goldens while both wrote
    leftovers = [p.name for p in path.parent.iterdir() if p.name != "cap.json"]
    assert all(name.endswith(".tmp") for name in leftovers)


class Counter:
    """How many goldens a writer has written, as it reports them on its stdout."""

    def __init__(self, writer: subprocess.Popen[str]) -> None:
        self.count = 0
        self.thread = threading.Thread(target=self._follow, args=(writer,), daemon=True)
        self.thread.start()

    def _follow(self, writer: subprocess.Popen[str]) -> None:
        assert writer.stdout is not None
        for line in writer.stdout:
            self.count = int(line)


def test_golden_json_is_always_valid_after_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    writer = start_writer(path, "x")
    assert writer.stdout is not None
    writer.stdout.readline()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    json.loads(path.read_text("utf-8"))


def test_a_failed_write_names_the_file_meant_not_its_temporary(tmp_path: Path) -> None:
    (tmp_path / "taken.json").mkdir()  # the rename onto it fails
    with pytest.raises(OSError) as caught:
        confine.write_atomic(tmp_path, tmp_path / "taken.json", "{}")
    assert caught.value.filename == str(tmp_path / "taken.json")
    assert ".tmp" not in str(caught.value)
    assert [p.name for p in tmp_path.iterdir()] == ["taken.json"]
