"""Reads the audit log for the History view and runs past checks again, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from workstation.lookups.inputs import InputError
from workstation.lookups.runner import LookupRunner, NotACheckError
from workstation.services import worker
from workstation.services.history_rows import HistoryRow, RerunComparison, compare, with_as_of
from workstation.store.audit import AuditLog, AuditRecord


@dataclass(frozen=True, slots=True)
class AuditPage:
    """The most recent audit records, newest first, each read as a :class:`HistoryRow`."""

    records: tuple[AuditRecord, ...]

    @property
    def rows(self) -> tuple[HistoryRow, ...]:
        return tuple(HistoryRow.of(r) for r in self.records)


class HistoryService(QObject):
    """Loads recent audit records; runs one again as of its own date or another.

    Args:
        audit: the session's audit log.
        pool: the session pool.
        runner: builds the session's lookup runner (None: re-runs are not offered).

    Signals:
        loaded(AuditPage): the records, newest first.
        failed(LedgerError): the cache could not be read.
        rerun_finished(RerunComparison): a past check ran again; what changed.
        rerun_failed(str): it could not run (a plain sentence: blocked, not a check, input no longer valid).
    """

    loaded = Signal(AuditPage)
    failed = Signal(ledger_client.LedgerError)
    rerun_finished = Signal(RerunComparison)
    rerun_failed = Signal(str)

    def __init__(
        self,
        audit: AuditLog,
        pool: worker.WorkerPool,
        runner: Callable[[], LookupRunner] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._pool = pool
        self._runner = runner

    @property
    def can_rerun(self) -> bool:
        return self._runner is not None

    def refresh(self, limit: int = 500) -> worker.Job:
        audit = self._audit
        job = self._pool.submit(
            "read audit log", lambda _p: AuditPage(tuple(audit.recent(limit))), expected=(ledger_client.LedgerError,)
        )
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    def rerun(self, record: AuditRecord, as_of: date | None = None) -> worker.Job:
        """Run ``record``'s check again with the same input, as of its own date (None) or ``as_of``."""
        if self._runner is None:
            raise RuntimeError("this history has no lookup runner")
        make_runner = self._runner

        def run(_p: worker.Progress) -> RerunComparison:
            runner = make_runner()
            target = record if as_of is None else with_as_of(record, as_of)
            outcome = runner.rerun(target)
            return compare(record, outcome.as_of, outcome.to_json())

        job = self._pool.submit(
            "run a past check again", run, expected=(ledger_client.LedgerError, InputError, NotACheckError)
        )
        job.finished.connect(self._on_rerun_job_finished)
        job.failed.connect(self._on_rerun_job_failed)
        return job

    @Slot(object)
    def _on_job_finished(self, page: object) -> None:
        assert isinstance(page, AuditPage)
        self.loaded.emit(page)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        assert isinstance(exc, ledger_client.LedgerError)
        self.failed.emit(exc)

    @Slot(object)
    def _on_rerun_job_finished(self, comparison: object) -> None:
        assert isinstance(comparison, RerunComparison)
        self.rerun_finished.emit(comparison)

    @Slot(Exception)
    def _on_rerun_job_failed(self, exc: Exception) -> None:
        if isinstance(exc, ledger_client.LedgerError):
            self.rerun_failed.emit(exc.user_message())
        else:
            self.rerun_failed.emit(f"This check cannot be run again: {exc}")
