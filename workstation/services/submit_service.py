"""Putting a credential file on the ledger from the GUI: ``workstation.submission`` on the session pool.

The check, the submission and the wait for a witnessed checkpoint all run off the UI
thread; the outcome comes back as a signal and as a notice to the officer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

import ledger_client
from workstation import submission
from workstation.services import worker
from workstation.services.notifier import Notice, Notifier
from workstation.session import Session

EXPECTED = (submission.SubmissionRefusedError, submission.NotIncludedError, ledger_client.LedgerError, OSError)


class SubmitService(QObject):
    """Submits one credential file at a time.

    Signals:
        submitted(Submitted): the mirror now proves the credential.
        failed(Exception): it was refused here, refused by the node, not yet included, or unreadable.
    """

    submitted = Signal(submission.Submitted)
    failed = Signal(Exception)

    def __init__(
        self,
        opened: Session,
        pool: worker.WorkerPool,
        notifier: Notifier,
        client_factory: Callable[[], ledger_client.LedgerClient] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = opened
        self._pool = pool
        self._notifier = notifier
        self._client_factory = client_factory or opened.client

    def submit_file(self, path: Path) -> worker.Job:
        opened, factory = self._session, self._client_factory

        def work(_progress: worker.Progress) -> submission.Submitted:
            text = path.read_bytes()
            at = datetime.fromtimestamp(opened.clock(), tz=UTC)
            index = opened.trade_view().source()
            prepared = submission.prepare(text, index, cbp_issuer=opened.trust.issuer_keys[0], at=at)
            return submission.submit(factory(), opened.mirror, prepared)

        job = self._pool.submit("submit credential", work, expected=EXPECTED)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        assert isinstance(result, submission.Submitted)
        kinds = ", ".join(
            f"{r.provenance.record_type.value} {r.provenance.record_id} ({r.provenance.vocabulary.value})"
            for r in result.records
        )
        self._notifier.info.emit(
            Notice(f"Credential logged at index {result.index}, under a checkpoint of {result.checkpoint_size}.", kinds)
        )
        self.submitted.emit(result)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        if isinstance(exc, ledger_client.LedgerError):
            self._notifier.report(exc)
        elif isinstance(exc, submission.SubmissionRefusedError):
            self._notifier.error.emit(Notice(f"The credential was not submitted ({exc.reason}).", exc.detail))
        elif isinstance(exc, submission.NotIncludedError):
            self._notifier.warning.emit(
                Notice("The node logged the credential; no witnessed checkpoint covers it yet.", str(exc))
            )
        else:
            self._notifier.error.emit(Notice("The credential file could not be read.", str(exc)))
        self.failed.emit(exc)
