"""The open workstation: one session's services wired to the main window and its dialogs.

Built by :func:`workstation.app.build_shell`; it owns the session and closes it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Slot
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QFileDialog

import ledger_client
from workstation import guide, messages, profiles
from workstation.lookups.inputs import InputError
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.runner import NotACheckError, audited_query
from workstation.models.findings_model import FindingsModel
from workstation.models.reports_model import ReportsTableModel
from workstation.services import versions, worker
from workstation.services.auto_sync import AutoSync
from workstation.services.batch_service import BatchService
from workstation.services.connection_service import ConnectionService
from workstation.services.history_service import HistoryService
from workstation.services.ledger_state import LedgerStateService
from workstation.services.lookup_service import LookupAnswer
from workstation.services.notifier import Notice, Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.report_service import (
    ExportedReport,
    ReplacementDraft,
    ReportService,
    StoredReport,
    demo_key_path,
    user_message,
)
from workstation.services.submit_service import SubmitService
from workstation.services.sync_service import SyncService
from workstation.services.trust_summary import TrustSummary
from workstation.session import Session
from workstation.store.audit import AuditRecord
from workstation.views import theme
from workstation.views.about_dialog import AboutDialog
from workstation.views.approve_report_dialog import ApproveReportDialog
from workstation.views.batch_dialog import BatchDialog
from workstation.views.draft_report_dialog import DraftReportDialog
from workstation.views.evidence_dialog import EvidenceDialog
from workstation.views.help_dialog import HelpDialog
from workstation.views.main_window import MainWindow
from workstation.views.report_text_dialog import ReportTextDialog
from workstation.views.reports_view import ReportsView
from workstation.views.settings_dialog import SettingsDialog
from workstation.views.verify_report_dialog import VerifyReportDialog

#: How often the banner's ages are recomputed (no I/O: the clock only).
AGE_TICK_MS = 30_000


class Shell(QObject):
    """Opens dialogs on the window's requests and routes results between services and views.

    Signals:
        none: the parts it holds have their own.
    """

    def __init__(
        self,
        opened: Session,
        window: MainWindow,
        *,
        pool: worker.WorkerPool,
        notifier: Notifier,
        profile_service: ProfileService,
        sync: SyncService,
        state: LedgerStateService,
        history: HistoryService,
        auto_sync: AutoSync,
        clock: Callable[[], int],
        reports: ReportService | None = None,
    ) -> None:
        super().__init__()
        self.session = opened
        self.window = window
        self.pool = pool
        self.notifier = notifier
        self.profile_service = profile_service
        self.sync = sync
        self.state = state
        self.history = history
        self.auto_sync = auto_sync
        self._clock = clock
        self.dialog: QDialog | None = None
        self.help_dialog: HelpDialog | None = None
        self._help_code = ""
        # The full cache check reads every page (seconds on a large ledger): on a thread of its own,
        # so that the session pool keeps answering lookups while it runs.
        self._check_pool = worker.WorkerPool(QThreadPool(self), self)
        self._closing = threading.Event()
        self._age_timer = QTimer(self)
        self._age_timer.timeout.connect(state.tick)
        self._age_timer.start(AGE_TICK_MS)
        window.sync_requested.connect(sync.sync)
        sync.finished.connect(self._on_sync_finished)
        window.settings_requested.connect(self._on_window_settings_requested)
        window.about_requested.connect(self._on_window_about_requested)
        window.help_requested.connect(self._on_window_help_requested)
        window.evidence_requested.connect(self._on_window_evidence_requested)
        window.history.reopen_requested.connect(self._on_history_reopen_requested)
        window.tabs.currentChanged.connect(self._on_tabs_current_changed)
        profile_service.settings_saved.connect(self._on_profile_service_settings_saved)
        self.submit = SubmitService(opened, pool, notifier, parent=self)
        self.submit.submitted.connect(self._on_submit_submitted)
        window.submit_credential_requested.connect(self._on_window_submit_credential_requested)
        self.batch = BatchService(opened, pool, parent=self)
        window.batch_requested.connect(self._on_window_batch_requested)
        self.reports: ReportService | None = None
        self.reports_view: ReportsView | None = None
        self.last_outcome: LookupOutcome | None = None
        if reports is not None:
            self._wire_reports(reports)

    def start(self) -> None:
        """Show the window, read the mirror's state and start a sync."""
        self.window.show()
        self.state.refresh()
        self.history.refresh()
        self.read_index()  # the mirror as it is, so that a lookup need not wait for the sync or build it
        self.sync.sync()
        self.check_cache()

    def read_index(self) -> worker.Job:
        """Get the session ready for lookups (``Session.prepare_lookups``), on the session pool (queued before them)."""
        opened = self.session
        return self.pool.submit(
            "index the mirror", lambda _progress: opened.prepare_lookups(), expected=(ledger_client.LedgerError,)
        )

    def check_cache(self) -> worker.Job:
        """Read every page of the cache in the background; damage is reported like a damaged cache at open."""
        opened, closing = self.session, self._closing
        job = self._check_pool.submit(
            "check the cache", lambda _p: opened.check_cache(closing.is_set), expected=(ledger_client.LedgerError,)
        )
        job.failed.connect(self._on_cache_check_failed)
        return job

    @Slot(Exception)
    def _on_cache_check_failed(self, exc: Exception) -> None:
        if isinstance(exc, ledger_client.LedgerError):
            self.notifier.report(exc)

    @Slot(ledger_client.SyncResult)
    def _on_sync_finished(self, _result: ledger_client.SyncResult) -> None:
        """Catch the trade tables up now, on the pool (the sync indexed what it stored; an older cache may lag)."""
        self.read_index()

    def close(self) -> None:
        """Stop timers, wait for running work, close the window and the session."""
        self._age_timer.stop()
        self.auto_sync.set_interval_minutes(0)
        self.sync.cancel()
        self._closing.set()
        self._check_pool.shutdown()
        self.pool.shutdown()
        if self.dialog is not None:
            self.dialog.close()
        if self.help_dialog is not None:
            self.help_dialog.close()
        self.window.close()
        self.session.close()

    def _show_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None and self.sender() is self.dialog:
            self.dialog.deleteLater()
            self.dialog = None

    @Slot()
    def _on_window_settings_requested(self) -> None:
        summary = TrustSummary.from_config(self.session.trust, self.session.settings.trust)
        dialog = SettingsDialog(
            self.profile_service,
            self.session.profile,
            self.session.settings,
            summary,
            self.window,
            connection=ConnectionService(self.pool, self.window),
            defaults=self.session.agency,
        )
        dialog.theme_chosen.connect(self._on_settings_theme_chosen)
        self._show_dialog(dialog)

    @Slot(str)
    def _on_settings_theme_chosen(self, value: str) -> None:
        chosen = theme.Theme(value)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, chosen)
        try:
            theme.save_choice(theme.choice_path(), chosen)
        except OSError as exc:
            self.window.statusBar().showMessage(f"The display choice could not be kept: {exc}", 8000)

    @Slot(profiles.ProfileSettings)
    def _on_profile_service_settings_saved(self, settings: profiles.ProfileSettings) -> None:
        self.auto_sync.set_interval_minutes(settings.auto_sync_minutes)

    @Slot()
    def _on_window_submit_credential_requested(self) -> None:
        dialog = QFileDialog(self.window, "Submit a signed credential", "", "Credentials (*.json)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._on_submit_file_selected)
        self._show_dialog(dialog)

    @Slot()
    def _on_window_batch_requested(self) -> None:
        dialog = QFileDialog(self.window, "Check a batch of entry lines", "", "Entry lines (*.csv)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._on_batch_file_selected)
        self._show_dialog(dialog)

    @Slot(str)
    def _on_batch_file_selected(self, path: str) -> None:
        QTimer.singleShot(0, lambda: self.open_batch(Path(path)))  # after the file dialog has finished

    def open_batch(self, path: Path) -> BatchDialog:
        """Check every line of ``path`` and show the results as they arrive."""
        dialog = BatchDialog(self.batch, path, self.window, reports=self.reports)
        self._show_dialog(dialog)
        dialog.start()
        return dialog

    @Slot(str)
    def _on_submit_file_selected(self, path: str) -> None:
        self.submit.submit_file(Path(path))

    @Slot(object)
    def _on_submit_submitted(self, _result: object) -> None:
        self.state.refresh()

    @Slot()
    def _on_window_about_requested(self) -> None:
        opened = self.session
        job = self.pool.submit(
            "read versions", lambda _p: versions.read_versions(opened), expected=(ledger_client.LedgerError,)
        )
        job.finished.connect(self._on_versions_job_finished)

    @Slot(object)
    def _on_versions_job_finished(self, found: object) -> None:
        assert isinstance(found, versions.Versions)
        self._show_dialog(AboutDialog(found, self.window))

    @Slot()
    def _on_window_help_requested(self) -> None:
        """F1: the guide, opened at the reason code of the selected check when a findings table has the focus."""
        self._help_code = _focused_reason_code()
        if self.help_dialog is not None:
            self._open_guide_at_code(self.help_dialog)
            self.help_dialog.raise_()
            self.help_dialog.activateWindow()
            return
        job = self.pool.submit("read the user guide", lambda _p: guide.read_guide(), expected=(OSError,))
        job.finished.connect(self._on_guide_job_finished)
        job.failed.connect(self._on_guide_job_failed)

    @Slot(object)
    def _on_guide_job_finished(self, found: object) -> None:
        assert isinstance(found, guide.Guide)
        if self.help_dialog is None:  # F1 pressed twice before the pages were read: one dialog
            self.help_dialog = HelpDialog(found, self.window)
            self.help_dialog.finished.connect(self._on_help_dialog_finished)
        self._open_guide_at_code(self.help_dialog)
        self.help_dialog.show()

    def _open_guide_at_code(self, dialog: HelpDialog) -> None:
        if self._help_code:
            dialog.show_code(self._help_code)

    @Slot(Exception)
    def _on_guide_job_failed(self, exc: Exception) -> None:
        self.notifier.error.emit(Notice("The user guide could not be read: the installation is incomplete.", str(exc)))

    @Slot(int)
    def _on_help_dialog_finished(self, _result: int) -> None:
        if self.help_dialog is not None:
            self.help_dialog.deleteLater()
            self.help_dialog = None

    @Slot()
    def _on_window_evidence_requested(self) -> None:
        facts = self.state.status.facts
        dialog = EvidenceDialog(facts.forks if facts else (), self.window)
        dialog.acknowledged.connect(self._on_evidence_acknowledged)
        self._show_dialog(dialog)

    @Slot(list)
    def _on_evidence_acknowledged(self, fork_ids: list[int]) -> None:
        self.state.acknowledge_forks(tuple(fork_ids))

    @Slot(AuditRecord)
    def _on_history_reopen_requested(self, record: AuditRecord) -> None:
        try:
            kind, query, as_of = audited_query(record)
        except (NotACheckError, InputError):
            kind = None
        page = self.window.pages.get(kind) if kind is not None else None
        if page is not None and page.reopen(query, as_of):
            self.window.show_page(page.kind)
            return
        self.window.statusBar().showMessage("This kind of check cannot be re-opened yet.", 8000)

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.window.tabs.currentWidget() is self.window.history:
            self.window.history.refresh()
        elif self.reports_view is not None and self.window.tabs.currentWidget() is self.reports_view:
            self.reports_view.refresh()

    # ---------------------------------------------------------------- signed reports

    def _wire_reports(self, reports: ReportService) -> None:
        """The Reports tab, File ▸ Draft report… (enabled by any finished lookup) and File ▸ Verify report…."""
        self.reports = reports
        reports.setParent(self)
        view = ReportsView(reports, ReportsTableModel())
        self.reports_view = view
        self.window.add_reports_view(view)
        for page in self.window.pages.values():
            page.service.finished.connect(self._on_lookup_finished)
        self.window.draft_report_requested.connect(self._on_window_draft_report_requested)
        self.window.verify_report_requested.connect(self._on_window_verify_report_requested)
        view.approve_requested.connect(self._on_reports_approve_requested)
        view.return_requested.connect(self._on_reports_return_requested)
        view.revise_requested.connect(self._on_reports_revise_requested)
        view.export_requested.connect(self._on_reports_export_requested)
        view.supersede_requested.connect(self._on_reports_supersede_requested)
        reports.replacement_ready.connect(self._on_reports_replacement_ready)
        reports.drafted.connect(self._on_reports_drafted)
        reports.approved.connect(self._on_reports_approved)
        reports.exported.connect(self._on_reports_exported)
        reports.failed.connect(self._on_reports_failed)

    def _report_service(self) -> ReportService:
        assert self.reports is not None, "reports are wired"
        return self.reports

    @Slot(LookupAnswer)
    def _on_lookup_finished(self, answer: LookupAnswer) -> None:
        self.last_outcome = answer.outcome
        self.window.set_draft_report_enabled(True)

    @Slot()
    def _on_window_draft_report_requested(self) -> None:
        if self.last_outcome is None:
            self.window.statusBar().showMessage(messages.REPORT_NO_RESULT, 8000)
            return
        self._show_dialog(DraftReportDialog(self._report_service(), self.last_outcome, parent=self.window))

    @Slot()
    def _on_window_verify_report_requested(self) -> None:
        self._show_dialog(VerifyReportDialog(self._report_service(), self.window))

    @Slot(StoredReport)
    def _on_reports_approve_requested(self, report: StoredReport) -> None:
        reports = self._report_service()
        demo = demo_key_path() if reports.offers_demo_key else None
        self._show_dialog(ApproveReportDialog(reports, report, demo_key=demo, parent=self.window))

    @Slot(StoredReport)
    def _on_reports_return_requested(self, report: StoredReport) -> None:
        reports, report_id = self._report_service(), report.report_id
        dialog = ReportTextDialog(
            f"Return report {report_id}",
            "Comment for the officer (what to check or change):",
            "&Return to officer",
            required=True,
            parent=self.window,
        )
        dialog.text_accepted.connect(lambda comment: reports.return_to_officer(report_id, comment))
        self._show_dialog(dialog)

    @Slot(StoredReport)
    def _on_reports_revise_requested(self, report: StoredReport) -> None:
        reports, report_id = self._report_service(), report.report_id
        prompt = "Officer's remarks (printed in the report and signed):"
        if report.comment:
            prompt = f"{prompt}\nThe supervisor's comment: {report.comment}"
        dialog = ReportTextDialog(
            f"Revise report {report_id}", prompt, "&Save and resubmit", text=report.content.remarks, parent=self.window
        )
        dialog.text_accepted.connect(lambda remarks: reports.revise(report_id, remarks))
        self._show_dialog(dialog)

    @Slot(StoredReport)
    def _on_reports_export_requested(self, report: StoredReport) -> None:
        reports, report_id = self._report_service(), report.report_id
        dialog = QFileDialog(self.window, f"Export report {report_id}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setNameFilter("PDF files (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"{report_id}.pdf")
        dialog.fileSelected.connect(lambda path: reports.export(report_id, path))
        self._show_dialog(dialog)

    @Slot(StoredReport)
    def _on_reports_supersede_requested(self, report: StoredReport) -> None:
        self._report_service().prepare_replacement(report.report_id)

    @Slot(ReplacementDraft)
    def _on_reports_replacement_ready(self, replacement: ReplacementDraft) -> None:
        self._show_dialog(
            DraftReportDialog(
                self._report_service(), replacement.outcome, supersedes=replacement.supersedes, parent=self.window
            )
        )

    @Slot(StoredReport)
    def _on_reports_drafted(self, report: StoredReport) -> None:
        self.notifier.info.emit(Notice(f"Report {report.report_id} drafted; it awaits a supervisor's review."))
        self.window.show_reports()

    @Slot(StoredReport)
    def _on_reports_approved(self, report: StoredReport) -> None:
        self.notifier.info.emit(Notice(f"Report {report.report_id} approved and signed; it can be exported."))

    @Slot(ExportedReport)
    def _on_reports_exported(self, exported: ExportedReport) -> None:
        self.notifier.info.emit(Notice(f"Report {exported.report_id} saved to {exported.destination}."))

    @Slot(Exception)
    def _on_reports_failed(self, exc: Exception) -> None:
        if self.dialog is not None:
            return  # the open dialog shows it
        details = exc.details() if isinstance(exc, ledger_client.LedgerError) else {"problem": str(exc)}
        self.notifier.error.emit(Notice(user_message(exc), "\n".join(f"{k}: {v}" for k, v in details.items())))


def _focused_reason_code() -> str:
    """The code of the current row of the findings table that has the keyboard focus, or ""."""
    view = QApplication.focusWidget()
    if not isinstance(view, QAbstractItemView):
        return ""
    model, index = view.model(), view.currentIndex()
    if not isinstance(model, FindingsModel) or not index.isValid():
        return ""
    return model.row_at(index.row()).code
