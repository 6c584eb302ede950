"""Runs callables on a ``QThreadPool`` and reports back on the GUI thread with signals.

A :class:`Job` is the handle of one piece of work. The pool thread hands each
outcome to the job through a queued (private) signal; the job then emits its
public signals on the thread it lives in (the GUI thread), so a caller that
connects right after :meth:`WorkerPool.submit` never misses one. Expected errors
(those listed in ``expected``) arrive as ``failed``; anything else goes to
``sys.excepthook`` on the GUI thread, where the crash handler shows a plain
dialog and logs it (CONTRIBUTING.md §3 and §5). Model: napari ``src/napari/_qt/qthreading.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

#: Called by the work to report (done, total).
Progress = Callable[[int, int], None]
#: The work: given a progress callback, return a result (any object) or raise.
Work = Callable[[Progress], object]


class Job(QObject):
    """One submitted piece of work; its signals are emitted on the thread that submitted it.

    Signals:
        progress(int, int): (done, total), as reported by the work.
        finished(object): the work's return value.
        failed(Exception): the work raised one of the expected exceptions.
        done(): after ``finished`` or ``failed``, or after an unexpected error went to ``sys.excepthook``.
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(Exception)
    done = Signal()
    # From the pool thread to this job (queued).
    _progressed = Signal(int, int)
    _returned = Signal(object)
    _raised = Signal(object)
    _crashed = Signal(object)

    def __init__(self, name: str, expected: tuple[type[Exception], ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.expected = expected
        self._discarded = False
        self._progressed.connect(self._on_self_progressed)
        self._returned.connect(self._on_self_returned)
        self._raised.connect(self._on_self_raised)
        self._crashed.connect(self._on_self_crashed)

    def discard(self) -> None:
        """Drop whatever the work reports from now on (at shutdown)."""
        self._discarded = True

    @Slot(int, int)
    def _on_self_progressed(self, done: int, total: int) -> None:
        if not self._discarded:
            self.progress.emit(done, total)

    @Slot(object)
    def _on_self_returned(self, result: object) -> None:
        if not self._discarded:
            self.finished.emit(result)
        self.done.emit()

    @Slot(object)
    def _on_self_raised(self, exc: Exception) -> None:
        if not self._discarded:
            self.failed.emit(exc)
        self.done.emit()

    @Slot(object)
    def _on_self_crashed(self, exc: BaseException) -> None:
        try:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        finally:
            self.done.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job, work: Work) -> None:
        super().__init__()
        self._job = job
        self._work = work
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self._job
        try:
            result = self._work(job._progressed.emit)
        except job.expected as exc:
            job._raised.emit(exc)
        except Exception as exc:  # noqa: BLE001 - the pool's boundary: handed to sys.excepthook on the GUI thread
            job._crashed.emit(exc)
        else:
            job._returned.emit(result)


class WorkerPool(QObject):
    """Submits work to a ``QThreadPool``; keeps each :class:`Job` alive until it is done.

    Args:
        pool: the thread pool. The session's pool has one thread: the encrypted
            cache is one SQLite connection, so its readers and writers take turns.
    """

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._jobs: set[Job] = set()
        self._closed = False

    def submit(self, name: str, work: Work, *, expected: tuple[type[Exception], ...] = ()) -> Job:
        """Run ``work`` on the pool; connect to the returned job's signals before returning to the event loop."""
        job = Job(name, expected, self)
        self._jobs.add(job)
        job.done.connect(self._on_job_done)
        if self._closed:
            job.discard()  # after shutdown nothing new runs
        else:
            self._pool.start(_Runnable(job, work))
        return job

    @Slot()
    def _on_job_done(self) -> None:
        job = self.sender()
        if isinstance(job, Job):
            self._jobs.discard(job)
            job.deleteLater()

    def active_jobs(self) -> int:
        return len(self._jobs)

    def shutdown(self) -> None:
        """Wait for running work and drop its results; nothing submitted later runs (closing the session)."""
        self._closed = True
        for job in self._jobs:
            job.discard()
        self._pool.waitForDone()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (at shutdown, and in tests)."""
        return self._pool.waitForDone(msecs)
