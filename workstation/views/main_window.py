"""The main window: layout, menus and shortcuts only (CONTRIBUTING.md §5); every action is a signal for ``app.py``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from workstation.lookups.kind import LookupKind
from workstation.lookups.registry import LOOKUPS
from workstation.services.notifier import Notice
from workstation.views.history_view import HistoryView
from workstation.views.lookup_page import LookupPage
from workstation.views.status_banner import StatusBanner
from workstation.views.sync_progress import SyncProgressWidget

_NOTICE_MS = 8000


class MainWindow(QMainWindow):
    """Banner on top, the four lookups and the History as tabs, sync progress in the status bar.

    Signals:
        sync_requested(): File > Synchronize now (F5).
        settings_requested(): File > Settings (Ctrl+,).
        about_requested(): Help > About.
        help_requested(): Help > User guide (F1).
        evidence_requested(): the banner's or the View menu's "Security evidence".
        closed(): the window was closed (the application quits).
        draft_report_requested(): File > Draft report from the last result (Ctrl+R; enabled once a lookup finished).
        verify_report_requested(): File > Verify report (Ctrl+Shift+V).
        submit_credential_requested(): File > Submit credential (put a signed credential file on the ledger).
    """

    sync_requested = Signal()
    closed = Signal()
    settings_requested = Signal()
    about_requested = Signal()
    help_requested = Signal()
    evidence_requested = Signal()
    draft_report_requested = Signal()
    verify_report_requested = Signal()
    submit_credential_requested = Signal()
    batch_requested = Signal()

    def __init__(
        self,
        banner: StatusBanner,
        pages: Sequence[LookupPage],
        history: HistoryView,
        progress: SyncProgressWidget,
        *,
        profile_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Customs verification workstation — {profile_name}")
        self.banner = banner
        self.pages = {page.kind: page for page in pages}
        self.history = history
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for number, page in enumerate(pages, start=1):  # Alt+1 to Alt+4, as Ctrl+1 to Ctrl+4
            self.tabs.addTab(page, f"&{number} {LOOKUPS[page.kind].title}")
            page.notice.connect(self._show_page_notice)
        self.tabs.addTab(history, "Histor&y")
        self.reports: QWidget | None = None
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addWidget(banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.profile_label = QLabel(f"Profile: {profile_name}", self)
        self.profile_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(progress)
        self.statusBar().addPermanentWidget(self.profile_label)
        banner.evidence_requested.connect(self.evidence_requested)
        self._build_menus()
        self.resize(1100, 720)

    def _action(self, text: str, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.sync_action = self._action("&Synchronize now", "F5")
        self.sync_action.triggered.connect(self.sync_requested)
        self.settings_action = self._action("Se&ttings…", "Ctrl+,")
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = self._action("&Quit", "Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.batch_action = self._action("Check a &batch of entry lines…", "Ctrl+B")
        self.batch_action.triggered.connect(self.batch_requested)
        file_menu.addActions([self.sync_action, self.settings_action])
        file_menu.addSeparator()
        file_menu.addAction(self.batch_action)
        # Signed reports
        self.draft_report_action = self._action("&Draft report from the last result…", "Ctrl+R")
        self.draft_report_action.setEnabled(False)
        self.draft_report_action.triggered.connect(self.draft_report_requested)
        self.verify_report_action = self._action("&Verify report…", "Ctrl+Shift+V")
        self.verify_report_action.triggered.connect(self.verify_report_requested)
        self.submit_credential_action = self._action("S&ubmit credential…")
        self.submit_credential_action.triggered.connect(self.submit_credential_requested)
        file_menu.addActions([self.draft_report_action, self.verify_report_action, self.submit_credential_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu("&View")
        self.page_actions: dict[LookupKind, QAction] = {}
        for number, kind in enumerate(LookupKind, start=1):
            action = self._action(LOOKUPS[kind].label, f"Ctrl+{number}")
            action.triggered.connect(lambda _checked=False, k=kind: self.show_page(k))
            view_menu.addAction(action)
            self.page_actions[kind] = action
        view_menu.addSeparator()
        self.history_action = self._action("&History", "Ctrl+H")
        self.history_action.triggered.connect(self.show_history)
        self.evidence_action = self._action("Security &evidence…")
        self.evidence_action.triggered.connect(self.evidence_requested)
        self.reports_action = self._action("&Reports", "Ctrl+Shift+R")
        self.reports_action.setEnabled(False)  # until a reports view is added
        self.reports_action.triggered.connect(self.show_reports)
        view_menu.addActions([self.history_action, self.reports_action, self.evidence_action])

        help_menu = menus.addMenu("&Help")
        self.help_action = self._action("&User guide", QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.help_action.setShortcuts([QKeySequence("F1")])
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_action.triggered.connect(self.help_requested)
        self.about_action = self._action("&About")
        self.about_action.triggered.connect(self.about_requested)
        help_menu.addActions([self.help_action])
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        super().closeEvent(event)
        self.closed.emit()

    def show_page(self, kind: LookupKind) -> None:
        page = self.pages.get(kind)
        if page is not None:
            self.tabs.setCurrentWidget(page)
            page.focus_first_field()

    def show_history(self) -> None:
        self.tabs.setCurrentWidget(self.history)
        self.history.table.setFocus()

    # ---------------------------------------------------------------- signed reports

    def add_reports_view(self, view: QWidget) -> None:
        """Add the Reports tab (after the History)."""
        self.reports = view
        self.tabs.addTab(view, "&Reports")
        self.reports_action.setEnabled(True)

    def show_reports(self) -> None:
        if self.reports is not None:
            self.tabs.setCurrentWidget(self.reports)

    def set_draft_report_enabled(self, enabled: bool) -> None:
        self.draft_report_action.setEnabled(enabled)

    def set_verdicts_blocked(self, blocked: bool) -> None:
        for page in self.pages.values():
            page.set_verdicts_blocked(blocked)

    @Slot(str)
    def _show_page_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, _NOTICE_MS)

    def show_notice(self, notice: Notice) -> None:
        self.statusBar().showMessage(notice.text, _NOTICE_MS)

    def show_error(self, notice: Notice) -> None:
        """A non-modal message box: our text, and the evidence (plain text) under "Show Details"."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Workstation", notice.text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if notice.details:
            box.setDetailedText(notice.details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_security_alert(self, notice: Notice) -> None:
        self.statusBar().showMessage(notice.text)
        QApplication.alert(self)
