"""The worker pool: results, expected errors and progress arrive on the GUI thread; the unexpected reach the hook."""

from __future__ import annotations

import gc
import sys
import threading
from types import TracebackType

import pytest
from pytestqt.qtbot import QtBot

import ledger_client
from workstation.services.worker import Progress, WorkerPool


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot, pool: WorkerPool) -> None:
    seen: list[tuple[int, int, int]] = []

    def work(progress: Progress) -> int:
        for i in range(1, 4):
            progress(i, 3)
        return threading.get_ident()

    job = pool.submit("count", work)
    job.progress.connect(lambda d, t: seen.append((d, t, threading.get_ident())))
    with qtbot.assert_not_emitted(job.failed), qtbot.wait_signal(job.finished, timeout=5_000) as blocker:
        pass
    gui = threading.get_ident()
    assert blocker.args[0] != gui
    assert [(d, t) for d, t, _ in seen] == [(1, 3), (2, 3), (3, 3)] and {g for *_, g in seen} == {gui}


def test_expected_errors_arrive_as_failed(qtbot: QtBot, pool: WorkerPool) -> None:
    def work(_p: Progress) -> None:
        raise ledger_client.TransportError("refused", url="http://127.0.0.1:1/")

    job = pool.submit("fail", work, expected=(ledger_client.LedgerError,))
    with qtbot.assert_not_emitted(job.finished), qtbot.wait_signal(job.failed, timeout=5_000) as blocker:
        pass
    assert isinstance(blocker.args[0], ledger_client.TransportError)


def test_unexpected_errors_reach_the_excepthook_and_end_the_job(
    qtbot: QtBot, pool: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked: list[BaseException] = []

    def hook(_t: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        hooked.append(exc)

    monkeypatch.setattr(sys, "excepthook", hook)  # stands in for the crash dialog

    def work(_p: Progress) -> None:
        raise KeyError("our own bug")

    job = pool.submit("bug", work, expected=(ledger_client.LedgerError,))
    with qtbot.assert_not_emitted(job.failed), qtbot.wait_signal(job.done, timeout=5_000):
        pass
    assert len(hooked) == 1 and isinstance(hooked[0], KeyError)


def test_after_shutdown_results_are_dropped(qtbot: QtBot, pool: WorkerPool) -> None:
    job = pool.submit("late", lambda _p: 1)
    with qtbot.assert_not_emitted(job.finished):
        pool.shutdown()
        qtbot.wait_signal(job.done, timeout=5_000).wait()


def test_emitting_many_signals_keeps_true_alive(qtbot: QtBot, pool: WorkerPool) -> None:
    """The PySide6 6.12 emit workaround (workstation.services.emit_refcount) is in place."""
    # Garbage left by earlier tests (parsed ledgers hold many references to True) must not be freed while
    # counting: collect it now and keep the collector off until the count is taken.
    gc.collect()
    gc.disable()
    try:
        job = pool.submit("count", lambda progress: [progress(i, 3000) for i in range(3000)])
        before = sys.getrefcount(True)
        with qtbot.wait_signal(job.finished, timeout=10_000):
            pass
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    assert after >= before - 50  # other code may hold a few references fewer, never thousands
