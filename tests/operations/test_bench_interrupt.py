"""Ctrl-C during `make bench`: the fan-out benchmark stops the bot it started and removes its
temporary folder, whatever moment the key is pressed at (issue 16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _children(parent: int) -> list[int]:
    """Processes whose parent is `parent` (read from /proc: Linux, as CI)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit code is left


def test_ctrl_c_stops_the_fanout_bot_and_removes_its_folder(tmp_path: Path) -> None:
    bench = subprocess.Popen(
        [sys.executable, "bench/fanout.py", "--sizes", "650", "--mode", "plain"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like a job in a terminal
    )
    try:
        deadline = time.monotonic() + 60
        bots: list[int] = []
        while not bots:
            assert time.monotonic() < deadline, "the bot never started"
            assert bench.poll() is None, bench.communicate()[0].decode()[-2000:]
            time.sleep(0.2)
            bots = _children(bench.pid)
        assert list(tmp_path.glob("peer-circle-fanout-*")), "its temporary folder"
        # Ctrl-C in a terminal: SIGINT to the foreground process group.
        os.killpg(bench.pid, signal.SIGINT)
        output = bench.communicate(timeout=60)[0].decode()
    finally:
        if bench.poll() is None:
            os.killpg(bench.pid, signal.SIGKILL)
            bench.wait()
    assert bench.returncode == 130, output[-2000:]
    assert "the bot was stopped and its temporary folder removed" in output
    assert "Traceback" not in output
    assert not [pid for pid in bots if _alive(pid)], "the bot is still running"
    assert list(tmp_path.glob("peer-circle-fanout-*")) == []
