"""The Reports tab: drafts, returned and approved reports; review, approve, return, revise, export, supersede.

The view shows and asks: each button is a request signal the shell turns into a dialog,
and the :class:`ReportService` does the work and reports the new list.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation import messages
from workstation.models.reports_model import ReportsTableModel, report_text
from workstation.reports.workflow import ReportState
from workstation.services.report_service import ReportList, ReportService, StoredReport, user_message
from workstation.views import theme

_NO_REPORTS = "No reports yet: run a lookup, then File ▸ Draft report from the last result… (Ctrl+R)."


class ReportsView(QWidget):
    """A table over :class:`ReportsTableModel`, the selected report as plain text, and its actions.

    Buttons are enabled by the selected report's state: a draft can be approved, returned or
    revised; a returned report revised; an approved one only exported or superseded.

    Signals:
        approve_requested(StoredReport), return_requested(StoredReport), revise_requested(StoredReport),
        export_requested(StoredReport), supersede_requested(StoredReport): the shell opens the dialog.
    """

    approve_requested = Signal(StoredReport)
    return_requested = Signal(StoredReport)
    revise_requested = Signal(StoredReport)
    export_requested = Signal(StoredReport)
    supersede_requested = Signal(StoredReport)

    def __init__(self, service: ReportService, model: ReportsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_view")
        self._service = service
        self.model = model
        self._select_after_refresh: str | None = None
        self.table = QTableView(self)
        self.table.setAccessibleName("Reports")
        self.table.setTabKeyNavigation(False)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QPlainTextEdit(self)
        self.detail.setAccessibleName("The selected report")
        self.detail.setTabChangesFocus(True)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Select a report to review it.")
        self.state_hint = QLabel(self)
        self.state_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.state_hint.setWordWrap(True)
        self.approve_button = QPushButton("&Approve…", self)
        self.return_button = QPushButton("Re&turn with comment…", self)
        self.revise_button = QPushButton("Rev&ise remarks…", self)
        self.export_button = QPushButton("&Export PDF…", self)
        self.supersede_button = QPushButton("S&upersede…", self)
        self.refresh_button = QPushButton("Refre&sh", self)
        self._lay_out()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.refresh_button.clicked.connect(self.refresh)
        service.listed.connect(self._on_service_listed)
        service.failed.connect(self._on_service_failed)
        for done in (service.drafted, service.approved, service.returned, service.revised):
            done.connect(self._on_service_report_changed)
        self._show_selected()

    def _lay_out(self) -> None:
        self._requests = {
            self.approve_button: self.approve_requested,
            self.return_button: self.return_requested,
            self.revise_button: self.revise_requested,
            self.export_button: self.export_requested,
            self.supersede_button: self.supersede_requested,
        }
        buttons = QHBoxLayout()
        for button in self._requests:
            buttons.addWidget(button)
            button.clicked.connect(self._on_action_button_clicked)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        theme.set_tone(self.error, "tone", "error")
        self.error.hide()
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.state_hint)
        right_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self._service.refresh()

    def selected(self) -> StoredReport | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.report(rows[0].row()) if rows else None

    def select(self, report_id: str) -> bool:
        row = self.model.row_of(report_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    # ---------------------------------------------------------------- service answers

    @Slot(ReportList)
    def _on_service_listed(self, found: ReportList) -> None:
        keep = self._select_after_refresh or (current.report_id if (current := self.selected()) else None)
        self._select_after_refresh = None
        self.model.set_reports(found.reports)
        if not (keep and self.select(keep)):
            self._show_selected()
        self.error.hide()

    @Slot(StoredReport)
    def _on_service_report_changed(self, report: StoredReport) -> None:
        self._select_after_refresh = report.report_id

    @Slot(Exception)
    def _on_service_failed(self, exc: Exception) -> None:
        if self.isVisible():
            self.error.setText(user_message(exc))
            self.error.show()

    # ---------------------------------------------------------------- selection and actions

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        report = self.selected()
        state = report.state if report else None
        approved = state is ReportState.APPROVED
        self.approve_button.setEnabled(state is ReportState.DRAFT)
        self.return_button.setEnabled(state is ReportState.DRAFT)
        self.revise_button.setEnabled(state in (ReportState.DRAFT, ReportState.RETURNED))
        self.export_button.setEnabled(approved)
        self.supersede_button.setEnabled(  # a batch's report is replaced by drafting the batch again
            approved and report is not None and not report.superseded_by and report.content.batch is None
        )
        if report is None:
            self.detail.clear()
            self.state_hint.setText("No report selected." if self.model.rowCount() else _NO_REPORTS)
            return
        self.detail.setPlainText(report_text(report))
        hints = {
            ReportState.DRAFT: "Draft: a supervisor can approve it with their key, or return it with a comment.",
            ReportState.RETURNED: "Returned: revise the remarks to send it back for review.",
            ReportState.APPROVED: messages.REPORT_APPROVED_READ_ONLY,
        }
        self.state_hint.setText(hints[report.state])

    @Slot()
    def _on_action_button_clicked(self) -> None:
        report = self.selected()
        button = self.sender()
        if report is None or not isinstance(button, QPushButton) or button not in self._requests:
            return
        self._requests[button].emit(report)
