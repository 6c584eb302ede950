"""``workstation --demo`` leaves no ledger node or witness behind, however it ends.

Real processes: the application is started as ``python -m workstation --demo`` on an X
server (the suite's Xvfb, or ``xvfb-run`` when there is none), it starts the real demo
node and witness; the test sends it a signal and then reads ``/proc`` for survivors.
A normal quit is tested in this process (``app.run_gui`` with File ▸ Quit pressed).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.helpers import processes, running_app
from tests.helpers.running_app import END_TIMEOUT, START_TIMEOUT, is_node, is_witness
from workstation import app
from workstation.views.main_window import MainWindow


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the module: the demo ledger and profile are made once, later runs reuse them."""
    return tmp_path_factory.mktemp("demo-home")


@pytest.fixture
def running_demo(demo_home: Path, tmp_path: Path) -> Iterator[running_app.RunningDemo]:
    demo = running_app.RunningDemo(demo_home, tmp_path / "stderr.txt")
    try:
        yield demo
    finally:
        leftovers = processes.descendants(demo.pid)
        demo.end()
        for proc in processes.alive([p.pid for p in leftovers]):
            os.kill(proc.pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_quit_signal_ends_the_application_cleanly_with_its_demo_node_and_witness(
    running_demo: running_app.RunningDemo, sig: signal.Signals
) -> None:
    pid, children = running_demo.wait_for_children()
    os.kill(pid, sig)
    if pid == running_demo.pid:
        code = running_demo.process.wait(timeout=END_TIMEOUT)
        assert code == 128 + sig, running_demo.stderr()  # the loop quit and clean-up ran (not the default action)
    assert processes.wait_until_gone([pid], END_TIMEOUT) == []
    assert processes.wait_until_gone(children, END_TIMEOUT) == []
    assert "unexpected error" not in running_demo.stderr()
    assert "Traceback" not in running_demo.stderr()
    assert running_demo.crash_log() == ""


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSEGV], ids=lambda s: s.name)
def test_a_crashed_application_takes_its_demo_node_and_witness_with_it(
    running_demo: running_app.RunningDemo, sig: signal.Signals
) -> None:
    pid, children = running_demo.wait_for_children()
    os.kill(pid, sig)  # no handler runs: only the kernel's parent-death signal can end the children
    assert processes.wait_until_gone([pid], END_TIMEOUT) == []
    assert processes.wait_until_gone(children, END_TIMEOUT) == []


@pytest.mark.slow
def test_file_quit_ends_the_demo_node_and_witness(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs the crash hook; put it back after
    seen: list[int] = []
    own = os.getpid()

    def quit_once_the_window_is_up() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        below = processes.descendants(own)
        if windows and any(is_node(p) for p in below) and any(is_witness(p) for p in below):
            seen.extend(p.pid for p in below if is_node(p) or is_witness(p))
            timer.stop()
            windows[0].quit_action.trigger()

    timer = QTimer()
    timer.timeout.connect(quit_once_the_window_is_up)
    timer.start(200)
    QTimer.singleShot(int(START_TIMEOUT * 1000), qapp.quit)  # a start that never finishes ends the test, seen == []
    palette, sheet = qapp.palette(), qapp.styleSheet()
    try:
        assert app.run_gui(["workstation", "--demo"]) == 0
    finally:  # run_gui applies the display theme to the shared application: put it back for the next tests
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
    assert seen, "the window with its demo node and witness never came up"
    assert processes.wait_until_gone(seen, END_TIMEOUT) == []
