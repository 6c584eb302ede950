"""An officer's shift: the real application for more than ten simulated minutes; every timer slot with the clock moved.

``test_a_scripted_shift_...`` runs ``tests/gui/shift_officer.py`` as a process of its own:
``workstation --demo`` (``app.run_gui``: real demo node and witness processes, real
encrypted profile, real windows on Xvfb) with the application's clock and its periodic
timers running 30 times faster, and a scripted officer at the keyboard inside it (Qt test
input: a separate process cannot type into Qt widgets here). The test then ends it with
SIGTERM, as a desktop session's logout would.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PUBLISHED, ShellMaker, offline_fast_client
from tests.helpers import processes, running_app
from tests.helpers.running_app import END_TIMEOUT

SHIFT_MINUTES = 12
RESULT_TIMEOUT = 900.0


@pytest.fixture
def shift_process(tmp_path: Path) -> Iterator[running_app.RunningDemo]:
    run = running_app.RunningDemo(
        tmp_path / "home",
        tmp_path / "stderr.txt",
        module=("tests.gui.shift_officer", str(tmp_path / "shift.json"), str(SHIFT_MINUTES)),
    )
    try:
        yield run
    finally:
        leftovers = processes.descendants(run.pid)
        run.end()
        for proc in processes.alive([p.pid for p in leftovers]):
            os.kill(proc.pid, signal.SIGKILL)


@pytest.mark.slow
def test_a_scripted_shift_of_twelve_simulated_minutes_has_no_error_no_unasked_dialog_and_no_leftover_process(
    shift_process: running_app.RunningDemo, tmp_path: Path
) -> None:
    result_path = tmp_path / "shift.json"
    pid, children = shift_process.wait_for_children()
    assert processes.wait_until_file(result_path, RESULT_TIMEOUT), shift_process.stderr()
    shift = json.loads(result_path.read_text(encoding="utf-8"))
    below = processes.descendants(pid)  # the node and witness still run: the officer worked against them
    nodes = [p.pid for p in below if running_app.is_node(p) or running_app.is_witness(p)]
    assert len(nodes) == 2 and set(nodes) <= set(children)
    children = sorted({*children, *(p.pid for p in below)})  # and whatever worker processes run now

    os.kill(pid, signal.SIGTERM)
    if pid == shift_process.pid:
        assert shift_process.process.wait(timeout=END_TIMEOUT) == 128 + signal.SIGTERM
    assert processes.wait_until_gone([pid, *children], END_TIMEOUT) == []

    assert shift["problems"] == [], "\n".join(shift["steps"])
    assert shift["simulated_seconds"] >= SHIFT_MINUTES * 60
    # The banner's age tick (every 30 simulated s) and auto-sync (every simulated minute) fired many times.
    assert shift["status_changes"] >= SHIFT_MINUTES * 2
    assert shift["syncs_finished"] >= SHIFT_MINUTES // 2 and shift["syncs_failed"] == 0
    done = "\n".join(shift["steps"])
    for step in ("origin E-1031 -> FAIL", "license chain -> FAIL", "product check -> FAIL",
                 "supplier history (typed during a sync) -> REVIEW", "history shows", "settings saved",
                 "drafted R-", "approved R-", "exported R-",
                 "verified: ✓ Valid report: a DEMONSTRATION"):  # fmt: skip
        assert step in done
    assert shift_process.crash_log() == ""
    stderr = shift_process.stderr()
    assert "unexpected error" not in stderr.lower() and "Traceback" not in stderr


def _timers(*owners: QObject) -> list[QTimer]:
    """The timers our classes own (Qt's own, such as the status bar's message timer, are Qt's business)."""
    found: list[QTimer] = []
    for owner in owners:
        ours = (t for t in owner.findChildren(QTimer) if type(t.parent()).__module__.startswith("workstation."))
        found.extend(t for t in ours if t not in found)
    return found


def test_every_timer_of_the_open_window_fires_with_the_clock_moved_on(qtbot: QtBot, make_shell: ShellMaker) -> None:
    """Each QTimer of the shell, its services and the window, fired 40 times as 20 simulated minutes pass."""
    now = [1_750_000_000]
    shell = make_shell(client_factory=offline_fast_client, clock=lambda: now[0])
    with qtbot.assert_not_emitted(shell.sync.failed), qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
    qtbot.wait_until(lambda: shell.state.status.facts is not None and shell.state.status.facts.entries == PUBLISHED)
    shell.auto_sync.set_interval_minutes(1)
    timers = _timers(shell, shell.auto_sync, shell.state, shell.sync, shell.window)
    assert len(timers) >= 2  # at least the banner's age and auto-sync
    errors: list[object] = []
    for signal_ in (shell.notifier.error, shell.notifier.security_alert):
        signal_.connect(errors.append)
    ages = []
    for _ in range(40):
        now[0] += 30
        for timer in timers:
            timer.timeout.emit()  # what the event loop does when the interval is up
        qtbot.wait_until(lambda: not shell.sync.running and shell.pool.active_jobs() == 0, timeout=20_000)
        ages.append(shell.state.status.checkpoint_age)
    assert errors == []
    assert shell.state.status.now == now[0]
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert dialogs == []
    assert ages == sorted(ages) and ages[-1] is not None and ages[0] is not None and ages[-1] > ages[0]
