"""The open workstation: one session's services wired to the main window and its dialogs.

Built by :func:`workstation.app.build_shell`; it owns the session and closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QDialog

import ledger_client
from workstation import profiles
from workstation.services import versions, worker
from workstation.services.auto_sync import AutoSync
from workstation.services.history_service import HistoryService
from workstation.services.ledger_state import LedgerStateService
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.sync_service import SyncService
from workstation.services.trust_summary import TrustSummary
from workstation.session import Session
from workstation.store.audit import AuditRecord
from workstation.views.about_dialog import AboutDialog
from workstation.views.evidence_dialog import EvidenceDialog
from workstation.views.main_window import MainWindow
from workstation.views.settings_dialog import SettingsDialog

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
        self._age_timer = QTimer(self)
        self._age_timer.timeout.connect(state.tick)
        self._age_timer.start(AGE_TICK_MS)
        window.sync_requested.connect(sync.sync)
        window.settings_requested.connect(self._on_window_settings_requested)
        window.about_requested.connect(self._on_window_about_requested)
        window.evidence_requested.connect(self._on_window_evidence_requested)
        window.history.reopen_requested.connect(self._on_history_reopen_requested)
        window.tabs.currentChanged.connect(self._on_tabs_current_changed)
        profile_service.settings_saved.connect(self._on_profile_service_settings_saved)

    def start(self) -> None:
        """Show the window, read the mirror's state and start a sync."""
        self.window.show()
        self.state.refresh()
        self.history.refresh()
        self.sync.sync()

    def close(self) -> None:
        """Stop timers, wait for running work, close the window and the session."""
        self._age_timer.stop()
        self.auto_sync.set_interval_minutes(0)
        self.sync.cancel()
        self.pool.shutdown()
        if self.dialog is not None:
            self.dialog.close()
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
        self._show_dialog(
            SettingsDialog(self.profile_service, self.session.profile, self.session.settings, summary, self.window)
        )

    @Slot(profiles.ProfileSettings)
    def _on_profile_service_settings_saved(self, settings: profiles.ProfileSettings) -> None:
        self.auto_sync.set_interval_minutes(settings.auto_sync_minutes)

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
        for page in self.window.pages.values():
            if page.reopen(record):
                self.window.show_page(page.kind)
                return
        self.window.statusBar().showMessage("This kind of check cannot be re-opened yet.", 8000)

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.window.tabs.currentWidget() is self.window.history:
            self.window.history.refresh()
