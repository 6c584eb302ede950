"""``workstation --demo`` (or a script that runs it) as a process of its own on an X server, with its stderr in a file.

The suite's Xvfb is used when ``DISPLAY`` is set, else the command runs under ``xvfb-run``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import processes

START_TIMEOUT = 240.0
END_TIMEOUT = 60.0
ROOT = Path(__file__).parents[2]


def is_node(proc: processes.ProcessInfo) -> bool:
    return "ledger_node serve" in proc.cmdline


def is_witness(proc: processes.ProcessInfo) -> bool:
    return "ledger_node witness" in proc.cmdline


class RunningDemo:
    """``workstation --demo`` as a process of its own, with its stderr in a file."""

    def __init__(self, home: Path, log: Path, module: tuple[str, ...] = ("workstation", "--demo")) -> None:
        env = {**os.environ, "XDG_DATA_HOME": str(home)}
        env.pop("QT_QPA_PLATFORM", None)  # a real X server, as an officer's desktop
        command = [sys.executable, "-m", *module]
        self._marker = f"-m {module[0]}"
        if not env.get("DISPLAY"):
            command = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", *command]
        self.home = home
        self.stderr_path = log
        with log.open("wb") as err:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
        self.pid = self.process.pid

    def workstation_pid(self) -> int | None:
        """The application's own process (below ``xvfb-run`` when that wraps it)."""
        if self._marker in (p.cmdline if (p := processes.read(self.pid)) else ""):
            return self.pid
        found = [p.pid for p in processes.descendants(self.pid) if self._marker in p.cmdline]
        return found[0] if found else None

    def wait_for_children(self) -> tuple[int, list[int]]:
        """Wait until the node, its witness and the demo profile are up; returns (app pid, all its descendants)."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.stderr()
            pid = self.workstation_pid()
            if pid is not None:
                below = processes.descendants(pid)
                nodes = [p.pid for p in below if is_node(p)]
                witnesses = [p.pid for p in below if is_witness(p)]
                if nodes and witnesses and self.window_built():
                    return pid, [p.pid for p in below]  # the node, its witness and any worker processes
            time.sleep(0.2)
        pytest.fail(f"the demo did not start within {START_TIMEOUT} s:\n{self.stderr()}")

    def window_built(self) -> bool:
        """The demo profile's cache exists once the launcher opened it (the window is built right after)."""
        return any(self.home.glob("*/profiles/demo/cache.db")) or any(self.home.glob("**/demo/cache.db"))

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def crash_log(self) -> str:
        logs = list(self.home.glob("**/crash.log"))
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=END_TIMEOUT)
