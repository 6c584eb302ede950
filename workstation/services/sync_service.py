"""Background sync: ``LedgerClient.sync`` on the session pool, with progress, cancel and typed outcomes.

A :class:`~ledger_client.LogForkError` is a security alert (its evidence is
already in the mirror): it goes to ``Notifier.security_alert`` and to
``fork_detected``; syncing then pauses until the alert is acknowledged. A
:class:`~ledger_client.TransportError` means offline: the mirror stays usable
on its last verified checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from workstation import messages
from workstation.services import worker
from workstation.services.notifier import Notice, Notifier


class SyncCancelledError(Exception):
    """The officer cancelled the sync (raised inside the worker at the next progress report)."""


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Entries verified and stored so far, of this sync's total."""

    done: int
    total: int


class SyncService(QObject):
    """Runs one sync at a time off the GUI thread.

    Args:
        client_factory: builds the ledger client for each sync (``Session.client``).
        pool: the session pool.
        notifier: where the officer hears about failures.

    Signals:
        running_changed(bool): a sync started (True) or ended, however it ended (False).
        progress(SyncProgress): entries verified so far.
        finished(SyncResult): the mirror is at the node's new verified checkpoint.
        failed(LedgerError): the sync failed; nothing trusted changed (the fork case also emits fork_detected).
        offline(TransportError): the node could not be reached.
        fork_detected(LogForkError): the node contradicted a checkpoint it signed before.
        cancelled(): the officer cancelled; the mirror keeps what was verified so far.
    """

    running_changed = Signal(bool)
    progress = Signal(SyncProgress)
    finished = Signal(ledger_client.SyncResult)
    failed = Signal(ledger_client.LedgerError)
    offline = Signal(ledger_client.TransportError)
    fork_detected = Signal(ledger_client.LogForkError)
    cancelled = Signal()

    def __init__(
        self,
        client_factory: Callable[[], ledger_client.LedgerClient],
        pool: worker.WorkerPool,
        notifier: Notifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_factory = client_factory
        self._pool = pool
        self._notifier = notifier
        self._running = False
        self._cancel_requested = False
        self._paused = False

    @property
    def running(self) -> bool:
        return self._running

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        """Refuse new syncs while a security alert is unacknowledged (each would store the same evidence again)."""
        self._paused = paused

    def sync(self) -> bool:
        """Start a sync; returns False (and does nothing) if one is running or syncing is paused."""
        if self._running:
            return False
        if self._paused:
            self._notifier.warning.emit(Notice(messages.SYNC_PAUSED))
            return False
        self._running = True
        self._cancel_requested = False
        factory = self._client_factory

        def run(progress: worker.Progress) -> ledger_client.SyncResult:
            def report(done: int, total: int) -> None:
                progress(done, total)
                if self._cancel_requested:
                    raise SyncCancelledError

            return factory().sync(report)

        job = self._pool.submit("sync", run, expected=(ledger_client.LedgerError, SyncCancelledError))
        job.progress.connect(self._on_job_progress)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.done.connect(self._on_job_done)
        self.running_changed.emit(True)
        return True

    def cancel(self) -> None:
        """Stop the running sync at its next commit (every few thousand entries, and before trusting)."""
        if self._running:
            self._cancel_requested = True

    @Slot(int, int)
    def _on_job_progress(self, done: int, total: int) -> None:
        self.progress.emit(SyncProgress(done, total))

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        assert isinstance(result, ledger_client.SyncResult)
        self._end()
        self.finished.emit(result)
        self._notifier.info.emit(
            Notice(f"Synchronized: {result.new_entries} new entries, checkpoint size {result.checkpoint.size}.")
        )

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        self._end()
        if isinstance(exc, SyncCancelledError):
            self.cancelled.emit()
            self._notifier.warning.emit(Notice(messages.SYNC_CANCELLED))
            return
        assert isinstance(exc, ledger_client.LedgerError)
        if isinstance(exc, ledger_client.LogForkError):
            self._paused = True
            self.fork_detected.emit(exc)
        elif isinstance(exc, ledger_client.TransportError):
            self.offline.emit(exc)
        self.failed.emit(exc)
        self._notifier.report(exc)

    @Slot()
    def _on_job_done(self) -> None:
        self._end()  # after an unexpected error, which went to the crash handler

    def _end(self) -> None:
        if self._running:
            self._running = False
            self.running_changed.emit(False)
