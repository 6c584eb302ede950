"""Runs a batch of entry lines off the GUI thread: the file read, every line checked, progress reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from ledger_client.credentials import JsonValue
from workstation import batch
from workstation import session as session_module
from workstation.lookups.context import LookupContext
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.registry import LOOKUPS, parse_query
from workstation.services import worker

#: Progress is reported every this many lines (and at the last one).
PROGRESS_STEP = 10


class BatchFailedError(Exception):
    """The batch could not run at all (the file, or no verdict can be given); the message says why."""


class BatchService(QObject):
    """Checks every line of a batch file on the session's mirror.

    Signals:
        progress(int, int): lines done, lines in all.
        finished(BatchResult): every line's result.
        failed(str): the batch could not run (a plain sentence).
    """

    progress = Signal(int, int)
    finished = Signal(batch.BatchResult)
    failed = Signal(str)

    def __init__(self, opened: session_module.Session, pool: worker.WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = opened
        self._pool = pool
        self._contexts: dict[int, LookupContext] = {}

    def run(self, path: Path, as_of: date | None = None) -> worker.Job:
        opened = self._session

        def work(progress: worker.Progress) -> tuple[batch.BatchResult, dict[int, LookupContext]]:
            try:
                rows = batch.read_batch(path.read_bytes())
            except OSError as exc:
                raise BatchFailedError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
            except batch.BatchFileError as exc:
                raise BatchFailedError(f"{path.name} cannot be used: {exc}.") from exc
            runner = opened.lookups()
            opened.trade_view().source()  # caught up with the mirror before the audit lines are written in groups

            spec = LOOKUPS[LookupKind.ORIGIN]
            contexts: dict[int, LookupContext] = {}

            def check(raw: dict[str, JsonValue], when: date | None) -> LookupOutcome:
                outcome = runner.run(parse_query(LookupKind.ORIGIN, raw), when)
                contexts[outcome.audit_id] = spec.context(outcome.query, outcome, opened.trade_view().source())
                return outcome

            def step(done: int, total: int) -> None:
                if done == total or done % PROGRESS_STEP == 0:
                    progress(done, total)

            def checkpoint() -> dict[str, object]:
                history = opened.mirror.checkpoint_history()
                return {"size": history[-1][0] if history else None, "age_seconds": None}

            result = batch.run_batch(rows, check, as_of, checkpoint, progress=step, group=opened.audit.group)
            return result, contexts

        job = self._pool.submit(
            "check a batch of entry lines", work, expected=(BatchFailedError, ledger_client.LedgerError)
        )
        job.progress.connect(self.progress)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    def context_of(self, line: batch.LineResult) -> LookupContext:
        """The facts shown beside a line's verdict (who signed each record), as the lookup pages show them."""
        return self._contexts.get(line.audit_id or -1, LookupContext())

    @Slot(object)
    def _on_job_finished(self, answer: object) -> None:
        assert isinstance(answer, tuple)
        result, contexts = answer
        assert isinstance(result, batch.BatchResult)
        self._contexts = contexts
        self.finished.emit(result)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        self.failed.emit(exc.user_message() if isinstance(exc, ledger_client.LedgerError) else str(exc))
