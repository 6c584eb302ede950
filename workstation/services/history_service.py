"""Reads the audit log for the History view, off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from workstation.services import worker
from workstation.store.audit import AuditLog, AuditRecord


@dataclass(frozen=True, slots=True)
class AuditPage:
    """The most recent audit records, newest first."""

    records: tuple[AuditRecord, ...]


class HistoryService(QObject):
    """Loads recent audit records.

    Args:
        audit: the session's audit log.
        pool: the session pool.

    Signals:
        loaded(AuditPage): the records, newest first.
        failed(LedgerError): the cache could not be read.
    """

    loaded = Signal(AuditPage)
    failed = Signal(ledger_client.LedgerError)

    def __init__(self, audit: AuditLog, pool: worker.WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audit = audit
        self._pool = pool

    def refresh(self, limit: int = 500) -> worker.Job:
        audit = self._audit
        job = self._pool.submit(
            "read audit log", lambda _p: AuditPage(tuple(audit.recent(limit))), expected=(ledger_client.LedgerError,)
        )
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    @Slot(object)
    def _on_job_finished(self, page: object) -> None:
        assert isinstance(page, AuditPage)
        self.loaded.emit(page)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        assert isinstance(exc, ledger_client.LedgerError)
        self.failed.emit(exc)
