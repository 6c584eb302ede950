"""Runs every step of a signed report on the worker pool: draft, list, approve, return, revise, export, verify.

The reports API (``workstation.reports``) is headless; this service only moves its
calls off the GUI thread and reports back with typed signals. Dialogs and the
Reports tab ask it and listen; they never read files, keys or the cache themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

import ledger_client
from workstation import batch, messages
from workstation.demo_ledger import demo_trust
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.runner import LookupRunner, NotACheckError
from workstation.reports import keystore
from workstation.reports.errors import (
    ReportBuildError,
    ReportError,
    ReportFileWriteError,
    ReportStateError,
    ReportUnreadableError,
    ReportVerificationError,
)
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.verify import (
    QrCheck,
    ReportVerification,
    supervisor_standing,
    verify_qr_on_ledger,
    verify_report,
)
from workstation.reports.workflow import ReportState, ReportWorkflow, StoredReport
from workstation.services import worker
from workstation.session import Session
from workstation.store.audit import AuditRecord

__all__ = ["ExportedReport", "KeyFileInfo", "ReplacementDraft", "ReportList", "ReportService", "StoredReport"]

#: The errors a report step reports as ``failed`` (anything else is a crash).
EXPECTED: tuple[type[Exception], ...] = (ledger_client.LedgerError, OSError)
PAGE_SIZES = ("a4", "letter")


@dataclass(frozen=True, slots=True)
class ReportList:
    """The reports in the cache, most recently changed first."""

    reports: tuple[StoredReport, ...]


@dataclass(frozen=True, slots=True)
class ExportedReport:
    """An approved report's PDF was written to ``destination`` (and the export audited)."""

    report_id: str
    destination: str


@dataclass(frozen=True, slots=True)
class KeyFileInfo:
    """A supervisor key file that can be offered for approval; ``needs_passphrase`` when it is protected."""

    path: str
    needs_passphrase: bool


@dataclass(frozen=True, slots=True)
class ReplacementDraft:
    """The check of an approved report, run again on the current mirror, ready to draft its replacement."""

    outcome: LookupOutcome
    supersedes: str


@dataclass(frozen=True, slots=True)
class _Failed:
    error: ReportVerificationError


def is_demo_ledger(opened: Session) -> bool:
    """Whether the profile pins the published DEMO CBP key (only then is the DEMO supervisor key offered)."""
    return str(demo_trust().get("cbp_issuer_key")) in opened.trust.issuer_keys


def demo_key_path() -> str:
    return str(keystore.demo_key_path())


def _rerun(runner: LookupRunner, audited: AuditRecord) -> LookupOutcome:
    """Run an audited check again with the same input and date (to draft a replacement report)."""
    try:
        return runner.rerun(audited)
    except NotACheckError as exc:
        raise ReportBuildError("the report's check cannot be run again", problem="not_a_check") from exc


class ReportService(QObject):
    """Report steps over one open session, on the session pool (one thread: the cache's connection).

    Args:
        opened: the open session (only used on the pool).
        pool: the session pool.

    Signals:
        drafted(StoredReport): a draft (or a replacement draft, or a batch's draft) was saved.
        drafting(int, int): a batch's draft is being built: sections done, sections in all.
        listed(ReportList): answering :meth:`refresh` (also sent after every step that changes a report).
        approved(StoredReport): signed, rendered and sealed; ``pdf`` is the file to export.
        returned(StoredReport): sent back to the officer with the supervisor's comment.
        revised(StoredReport): the remarks changed; the report is a draft again.
        exported(ExportedReport): the PDF was written and the export audited.
        key_inspected(KeyFileInfo): answering :meth:`inspect_key`.
        replacement_ready(ReplacementDraft): answering :meth:`prepare_replacement`.
        verified(ReportVerification): the file passed every check.
        qr_verified(QrCheck): a scanned QR code's signature is a registered supervisor's (no file needed).
        verification_failed(ReportVerificationError): the file did not verify (its ``reason`` is stable).
        failed(LedgerError): a step could not run: a ``ReportError`` (wrong key passphrase, not a supervisor,
            wrong state, an export that could not be written: ``ReportFileWriteError``...) or another ``LedgerError``.
    """

    drafted = Signal(StoredReport)
    drafting = Signal(int, int)
    listed = Signal(ReportList)
    approved = Signal(StoredReport)
    returned = Signal(StoredReport)
    revised = Signal(StoredReport)
    exported = Signal(ExportedReport)
    key_inspected = Signal(KeyFileInfo)
    replacement_ready = Signal(ReplacementDraft)
    verified = Signal(ReportVerification)
    qr_verified = Signal(QrCheck)
    verification_failed = Signal(ReportVerificationError)
    failed = Signal(ledger_client.LedgerError)

    def __init__(self, opened: Session, pool: worker.WorkerPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = opened
        self._pool = pool
        self._workflow: ReportWorkflow | None = None
        self.offers_demo_key = is_demo_ledger(opened)

    @property
    def actor(self) -> str:
        """Who is at the workstation (the profile's name), as the audit log records it."""
        return self._session.profile.name

    # ---------------------------------------------------------------- on the pool only

    def _flow(self) -> ReportWorkflow:
        if self._workflow is None:
            self._workflow = ReportWorkflow.from_session(self._session)
        return self._workflow

    def _submit(self, name: str, work: worker.Work, done: SignalInstance) -> worker.Job:
        job = self._pool.submit(name, work, expected=EXPECTED)
        job.finished.connect(done)
        job.failed.connect(self._on_job_failed)
        return job

    # ---------------------------------------------------------------- steps

    def refresh(self) -> worker.Job:
        """Read every report (``listed`` follows)."""
        job = self._pool.submit("list reports", lambda _p: ReportList(tuple(self._flow().list())), expected=EXPECTED)
        job.finished.connect(self._on_list_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    def draft(self, outcome: LookupOutcome, remarks: str, supersedes: str | None = None) -> worker.Job:
        """Draft a report on ``outcome`` (with ``supersedes``: the replacement of an approved report)."""

        def work(_p: worker.Progress) -> StoredReport:
            evidence = LedgerEvidence.from_session(self._session)
            officer = evidence.officer(self._session)
            return self._flow().draft(outcome, evidence, officer=officer, remarks=remarks, supersedes=supersedes)

        return self._step("draft report", work, self.drafted)

    def draft_batch(self, result: batch.BatchResult, file_name: str, remarks: str = "") -> worker.Job:
        """Draft one report on a batch's results: a summary of every line, a section per line not PASS."""

        def work(progress: worker.Progress) -> StoredReport:
            evidence = LedgerEvidence.from_session(self._session)
            officer = evidence.officer(self._session)
            return self._flow().draft_batch(
                result, file_name, evidence, officer=officer, remarks=remarks, progress=progress
            )

        job = self._step("draft batch report", work, self.drafted)
        job.progress.connect(self.drafting)
        return job

    def return_to_officer(self, report_id: str, comment: str) -> worker.Job:
        actor = self.actor
        return self._step(
            "return report",
            lambda _p: self._flow().return_to_officer(report_id, supervisor=actor, comment=comment),
            self.returned,
        )

    def revise(self, report_id: str, remarks: str) -> worker.Job:
        actor = self.actor
        return self._step(
            "revise report", lambda _p: self._flow().revise(report_id, remarks=remarks, actor=actor), self.revised
        )

    def approve(self, report_id: str, key_path: str, passphrase: str | None, page_size: str = "letter") -> worker.Job:
        """Unlock the key (Argon2id: slow on purpose), then sign, render and seal the draft."""
        if page_size not in PAGE_SIZES:
            raise ValueError(f"page size {page_size!r} is not one of {PAGE_SIZES}")

        def work(_p: worker.Progress) -> StoredReport:
            key = keystore.load_supervisor_key(key_path, passphrase or None)
            evidence = LedgerEvidence.from_session(self._session)
            return self._flow().approve(report_id, key, evidence, page_size=page_size)

        return self._step("approve report", work, self.approved)

    def export(self, report_id: str, destination: str) -> worker.Job:
        """Write an approved report's PDF to ``destination`` and note the export in the audit log."""
        actor = self.actor

        def work(_p: worker.Progress) -> ExportedReport:
            flow = self._flow()
            stored = flow.get(report_id)
            if stored.state is not ReportState.APPROVED or stored.pdf is None:
                raise ReportStateError("only an approved report can be exported", report_id=report_id,
                                       state=stored.state.value)  # fmt: skip
            Path(destination).write_bytes(stored.pdf)
            flow.record_export(report_id, actor=actor, destination=destination)
            return ExportedReport(report_id, destination)

        return self._submit("export report", work, self.exported)

    def inspect_key(self, path: str) -> worker.Job:
        """Whether a supervisor key file needs its passphrase (``key_inspected``; ``failed`` if unusable)."""
        return self._submit(
            "inspect key", lambda _p: KeyFileInfo(path, keystore.needs_passphrase(path)), self.key_inspected
        )

    def prepare_replacement(self, report_id: str) -> worker.Job:
        """Run an approved report's check again, to draft the report that supersedes it."""
        opened = self._session

        def work(_p: worker.Progress) -> ReplacementDraft:
            stored = self._flow().get(report_id)
            if stored.state is not ReportState.APPROVED:
                raise ReportStateError("only an approved report can be superseded", report_id=report_id)
            audited = opened.audit.get(stored.audit_id) if stored.audit_id is not None else None
            if audited is None:
                raise ReportBuildError("the report's check is not in the audit log", problem="no_check",
                                       report_id=report_id)  # fmt: skip
            return ReplacementDraft(_rerun(opened.lookups(), audited), report_id)

        return self._submit("prepare replacement", work, self.replacement_ready)

    def verify_file(self, path: str) -> worker.Job:
        """Check a report file against the profile's pinned trust (``verified`` or ``verification_failed``).

        The file is checked as of its own checkpoint; the supervisor's registration is then also
        compared with the profile's current mirror (``ReportVerification.standing``).
        """
        trust = self._session.trust
        opened = self._session

        def work(_p: worker.Progress) -> ReportVerification | _Failed:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                return _Failed(ReportUnreadableError("the report file cannot be read", path=path,
                                                     problem=exc.strerror or str(exc)))  # fmt: skip
            try:
                verified = verify_report(data, trust)
            except ReportVerificationError as exc:
                return _Failed(exc)
            standing = supervisor_standing(verified, opened.trade_view().source(), opened.mirror)
            return replace(verified, standing=standing)

        job = self._pool.submit("verify report", work, expected=EXPECTED)
        job.finished.connect(self._on_verify_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    def verify_qr(self, text: str) -> worker.Job:
        """Check a scanned QR payload against the mirrored ledger (``qr_verified`` or ``verification_failed``)."""
        opened = self._session

        def work(_p: worker.Progress) -> QrCheck | _Failed:
            try:
                return verify_qr_on_ledger(text.strip(), opened.trade_view().source())
            except ReportVerificationError as exc:
                return _Failed(exc)

        job = self._pool.submit("verify QR", work, expected=EXPECTED)
        job.finished.connect(self._on_verify_job_finished)
        job.failed.connect(self._on_job_failed)
        return job

    def _step(self, name: str, work: worker.Work, done: SignalInstance) -> worker.Job:
        """A step that changes a report: its signal, then the refreshed list."""
        job = self._submit(name, work, done)
        job.finished.connect(self._on_step_job_finished)
        return job

    # ---------------------------------------------------------------- results

    @Slot(object)
    def _on_step_job_finished(self, _result: object) -> None:
        self.refresh()

    @Slot(object)
    def _on_list_job_finished(self, found: object) -> None:
        assert isinstance(found, ReportList)
        self.listed.emit(found)

    @Slot(object)
    def _on_verify_job_finished(self, result: object) -> None:
        if isinstance(result, _Failed):
            self.verification_failed.emit(result.error)
        elif isinstance(result, QrCheck):
            self.qr_verified.emit(result)
        else:
            assert isinstance(result, ReportVerification)
            self.verified.emit(result)

    @Slot(Exception)
    def _on_job_failed(self, exc: Exception) -> None:
        if isinstance(exc, OSError):  # only an export writes a file the officer chose
            exc = ReportFileWriteError("the report file cannot be written", problem=exc.strerror or type(exc).__name__)
        assert isinstance(exc, ledger_client.LedgerError), "the pool reports only the EXPECTED errors"
        self.failed.emit(exc)


def user_message(exc: Exception) -> str:
    """The fixed sentence to show for a failed step (never the exception's own text)."""
    if isinstance(exc, ReportError | ledger_client.LedgerError):
        return exc.user_message()
    if isinstance(exc, OSError):
        return messages.REPORT_FILE_NOT_WRITTEN
    return messages.REPORT_STEP_FAILED
