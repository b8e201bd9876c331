"""`make run` supervises its processes: a service or the gateway that dies is started again (with back-off,
logged), and stopping the runner still stops every process it started."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from .stack import Stack


def wait_restarted(stack: Stack, name: str, old_pid: int, timeout: float = 45) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = [r["pid"] for r in stack.state()[name]]
        if old_pid not in pids:
            try:
                if httpx.get(f"{stack.api}/health", timeout=5).status_code == 200:
                    return pids[0]
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    raise AssertionError(f"{name} was not restarted:\n{stack.log_file.read_text()[-3000:]}")


def alive(pid: int) -> bool:
    """Running and not a zombie (the state follows the parenthesised command name in /proc/<pid>/stat)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_service_and_gateway_come_back_and_stop_cleanly(fresh_stack: Stack) -> None:
    analysis_pid = fresh_stack.state()["analysis"][0]["pid"]
    os.kill(analysis_pid, signal.SIGKILL)
    new_analysis = wait_restarted(fresh_stack, "analysis", analysis_pid)
    assert new_analysis != analysis_pid

    gateway_pid = fresh_stack.state()["gateway"][0]["pid"]
    os.kill(gateway_pid, signal.SIGKILL)
    wait_restarted(fresh_stack, "gateway", gateway_pid)

    log = fresh_stack.log_file.read_text()
    assert "analysis on port" in log and "exited with -9; restarting in" in log
    assert "restarted (pid" in log

    pids = [r["pid"] for procs in fresh_stack.state().values() for r in procs]
    fresh_stack.stop()
    assert fresh_stack.process.returncode == 0
    assert [pid for pid in pids if alive(pid)] == []
