"""File ▸ Check a batch of entry lines…: progress while the lines are checked, then a sortable, filterable table.

Double-clicking a line (or Enter) opens its full result: the verdict, the findings and
the records they rest on. The table copies, exports and prints like every result table.
*Draft report from this batch* (Alt+D, once the lines are checked) drafts one report on
the whole batch, with progress; it then awaits a supervisor in the Reports tab.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.batch import BatchResult, LineResult
from workstation.lookups.context import LookupContext
from workstation.models.batch_model import LINE_ROLE, MALFORMED, BatchFilterProxy, BatchResultsModel
from workstation.models.findings_model import FindingsModel
from workstation.services.batch_service import BatchService
from workstation.services.report_service import ReportService, StoredReport, user_message
from workstation.views.result_panel import ResultPanel
from workstation.views.table_export import TableActions

VERDICTS = ("PASS", "FAIL", "REVIEW", "NOT_FOUND", "UNVERIFIABLE", MALFORMED)


class LineResultDialog(QDialog):
    """One line's full result (a :class:`ResultPanel`), or why it could not be checked."""

    def __init__(self, line: LineResult, context: LookupContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setWindowTitle(f"Row {line.row}: entry {line.entry or '(none)'}")
        self.panel = ResultPanel(FindingsModel(), self)
        if line.outcome is not None:
            self.panel.show_outcome(line.outcome, context)
        else:
            self.panel.show_message("Not checked", f"Row {line.row}, field {line.error_field}: {line.error}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)


class BatchDialog(QDialog):
    """Runs one batch file through the :class:`BatchService` and shows its results.

    Args:
        reports: drafts a report from the batch (without it the dialog offers no report).
    """

    def __init__(
        self,
        service: BatchService,
        path: Path,
        parent: QWidget | None = None,
        *,
        reports: ReportService | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._reports = reports
        self._drafting = False
        self.path = path
        self.batch_result: BatchResult | None = None
        self.drafted_report: StoredReport | None = None
        self.line_dialog: LineResultDialog | None = None
        self.setWindowTitle(f"Batch of entry lines — {path.name}")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Lines checked")
        self.progress.setFormat("%v of %m lines checked")
        self.progress.setRange(0, 0)
        self.summary = QLabel("Reading the file…", self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Batch summary")
        self.model = BatchResultsModel(self)
        self.proxy = BatchFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._results_table()
        self.table_actions = TableActions(self.table, self._title)
        filters = self._controls()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.draft_button = QPushButton("&Draft report from this batch", self)
        self.draft_button.setAccessibleName("Draft one report from this batch")
        self.draft_button.setAccessibleDescription(
            "A summary of every line and a section for each line that is not PASS, for a supervisor to approve"
        )
        self.draft_button.setAutoDefault(False)  # Enter keeps meaning Check again: it never drafts a report
        self.draft_button.setEnabled(False)
        self.draft_button.setVisible(reports is not None)
        self.buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.report_status = QLabel(self)
        self.report_status.setTextFormat(Qt.TextFormat.PlainText)
        self.report_status.setWordWrap(True)
        self.report_status.setAccessibleName("Report from this batch")
        self.report_status.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.report_status)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 650)
        self._connect(service)

    def _controls(self) -> QHBoxLayout:
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("entry, importer, certification or reason")
        self.search.setAccessibleName("Search the results")
        self.verdict_filter = QComboBox(self)
        self.verdict_filter.setAccessibleName("Only this verdict")
        self.verdict_filter.addItem("any", "")
        for verdict in VERDICTS:
            self.verdict_filter.addItem("not checked" if verdict == MALFORMED else verdict, verdict)
        filters = QHBoxLayout()
        for text, widget in (("Search te&xt:", self.search), ("Verdi&ct:", self.verdict_filter)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1 if widget is self.search else 0)
        self.as_of_edit = QDateEdit(QDate.currentDate(), self)
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setAccessibleName("Judge every line as of this date")
        self.rerun_button = QPushButton("Check a&gain as of this date", self)
        self.rerun_button.setAccessibleName("Check every line again as of the date given")
        self.rerun_button.setEnabled(False)
        as_of_label = QLabel("&As of:", self)
        as_of_label.setBuddy(self.as_of_edit)
        filters.addWidget(as_of_label)
        filters.addWidget(self.as_of_edit)
        filters.addWidget(self.rerun_button)
        return filters

    def _connect(self, service: BatchService) -> None:
        service.progress.connect(self._on_service_progress)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.search.textChanged.connect(self._apply_filter)
        self.verdict_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.rerun_button.clicked.connect(self.start)
        self.table.activated.connect(self._on_table_activated)  # Enter (and, on some platforms, double-click)
        self.draft_button.clicked.connect(self.draft_report)
        if self._reports is not None:
            self._reports.drafting.connect(self._on_reports_drafting)
            self._reports.drafted.connect(self._on_reports_drafted)
            self._reports.failed.connect(self._on_reports_failed)

    def _results_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setAccessibleName("Results, one row per entry line")
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        return table

    def _title(self) -> str:
        return f"Batch of entry lines: {self.path.name}"

    def as_of(self) -> date:
        value = self.as_of_edit.date()
        return date(value.year(), value.month(), value.day())

    @Slot()
    def start(self) -> None:
        """Check every line of the file as of the date shown (today unless changed)."""
        self.rerun_button.setEnabled(False)
        self.draft_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.summary.setText(f"Reading {self.path.name}…")
        self._service.run(self.path, self.as_of())

    @Slot(int, int)
    def _on_service_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.summary.setText(f"Checking {total:,} lines…")

    @Slot(BatchResult)
    def _on_service_finished(self, result: BatchResult) -> None:
        self.batch_result = result
        total = len(result.results)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(total)
        self.model.set_rows(result.results)
        counts = ", ".join(
            f"{count:,} {'not checked' if verdict == MALFORMED else verdict}"
            for verdict, count in result.summary.items()
        )
        size = result.checkpoint.get("size")
        basis = f" on the verified checkpoint of {size:,} entries" if isinstance(size, int) else ""
        self.summary.setText(f"{total:,} lines checked as of {self.as_of().isoformat()}{basis}: {counts}.")
        self.rerun_button.setEnabled(True)
        self.draft_button.setEnabled(not self._drafting)
        self.table.setFocus()

    @Slot(str)
    def _on_service_failed(self, reason: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.summary.setText(reason)
        self.rerun_button.setEnabled(True)

    @Slot()
    def draft_report(self) -> None:
        """Draft one report on the checked batch (off the GUI thread; progress in the bar)."""
        if self._reports is None or self.batch_result is None or self._drafting:
            return
        self._drafting = True
        self.draft_button.setEnabled(False)
        self.rerun_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setFormat("%v of %m sections drafted")
        self._show_report_status(f"Drafting one report from the {len(self.batch_result.results):,} lines…")
        self._reports.draft_batch(self.batch_result, self.path.name)

    def _show_report_status(self, text: str) -> None:
        self.report_status.setText(text)
        self.report_status.show()

    def _drafting_done(self) -> None:
        self._drafting = False
        self.progress.setFormat("%v of %m lines checked")
        total = len(self.batch_result.results) if self.batch_result is not None else 0
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(total)
        self.draft_button.setEnabled(self.batch_result is not None)
        self.rerun_button.setEnabled(True)

    @Slot(int, int)
    def _on_reports_drafting(self, done: int, total: int) -> None:
        if self._drafting:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    @Slot(StoredReport)
    def _on_reports_drafted(self, report: StoredReport) -> None:
        if not self._drafting or report.content.batch is None:
            return  # another report's draft
        self._drafting_done()
        self.drafted_report = report
        sections = len(report.content.batch.sections)
        self._show_report_status(
            f"Report {report.report_id} drafted from this batch: a summary of every line and {sections:,} "
            f"section{'' if sections == 1 else 's'} (one per line not PASS). It awaits a supervisor in the Reports tab."
        )

    @Slot(Exception)
    def _on_reports_failed(self, exc: Exception) -> None:
        if not self._drafting:
            return
        self._drafting_done()
        self._show_report_status(f"The report was not drafted: {user_message(exc)}")

    @Slot()
    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.search.text(), str(self.verdict_filter.currentData() or ""))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        line = index.data(LINE_ROLE)
        if not isinstance(line, LineResult):
            return
        if self.line_dialog is not None and self.line_dialog.line is line:
            return  # one double-click may emit both signals: it is open already
        if self.line_dialog is not None:
            self.line_dialog.close()
        self.line_dialog = LineResultDialog(line, self._service.context_of(line), self)
        self.line_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.line_dialog.destroyed.connect(self._on_line_dialog_destroyed)
        self.line_dialog.open()

    @Slot()
    def _on_line_dialog_destroyed(self) -> None:
        self.line_dialog = None
