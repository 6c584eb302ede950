"""The History page: the audit log as columns, searched and filtered; a past check re-opened or run again.

Filters narrow by words, verdict, lookup and a date range; the table sorts by
any column. A selected check can be run again as of its own date or as of today,
and the page says what changed. The table copies (Ctrl+C), exports and prints
like every result table (:mod:`workstation.views.table_export`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import ledger_client
from workstation.models.history_model import HISTORY_ROW_ROLE, HistoryFilterProxy, HistoryTableModel
from workstation.services.history_rows import HistoryFilter, HistoryRow, RerunComparison
from workstation.services.history_service import AuditPage, HistoryService
from workstation.store.audit import AuditRecord
from workstation.views.table_export import TableActions

VERDICTS = ("PASS", "FAIL", "REVIEW", "NOT_FOUND", "UNVERIFIABLE")
LOOKUPS = ("origin", "licence", "product", "supplier")
_NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"


class _AuditTable(QTableView):
    """Enter re-opens the selected check (as double-click does)."""

    activated_by_key = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_by_key.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class _DateEdit(QDateEdit):
    """A date field that Tab leaves (QDateEdit's own Tab walks its sections, and "any" has none to walk)."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt names it)
        return QWidget.focusNextPrevChild(self, next)


def _date_edit(parent: QWidget, accessible: str) -> QDateEdit:
    edit = _DateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(_NO_DATE)
    edit.setSpecialValueText("any")
    edit.setDate(_NO_DATE)
    edit.setAccessibleName(accessible)
    return edit


def _day(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == _NO_DATE else date(value.year(), value.month(), value.day())


class HistoryView(QWidget):
    """The audit table with its filters, the selected record's input and result, and re-runs.

    Args:
        service: loads the audit log and runs past checks again.
        model: the table's rows (wrapped in a sorting, filtering proxy here).
        today: the date "as of today" means (the session's clock).

    Signals:
        reopen_requested(AuditRecord): show this past check again (the lookup pages handle it).
    """

    reopen_requested = Signal(AuditRecord)

    def __init__(
        self,
        service: HistoryService,
        model: HistoryTableModel,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._today = today
        self.model = model
        self.proxy = HistoryFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.table = _AuditTable(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Checks recorded in the audit log")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the key input
        self.table.setAlternatingRowColors(True)
        self.table_actions = TableActions(self.table, "Audit log: checks run on this workstation")
        self._build_filters()
        self.detail = QPlainTextEdit(self)
        self.detail.setAccessibleName("Input and result of the selected check")
        self.detail.setTabChangesFocus(True)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The selected check: what was asked and what the ledger answered")
        self.detail.setPlaceholderText("Select a check to see what was asked and what the ledger answered.")
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("History status")
        self.reopen_button = self._button("Re-ope&n check", "Re-open the selected check on its lookup page")
        self.rerun_then_button = self._button(
            "Run a&gain as of its date", "Run the selected check again as of its date"
        )
        self.rerun_today_button = self._button(
            "Run again &with today's date", "Run the selected check again as of today"
        )
        self.refresh_button = self._button("Reloa&d", "Reload the audit log")
        self.refresh_button.setEnabled(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.refresh_button, self.rerun_then_button, self.rerun_today_button, self.reopen_button):
            buttons.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._connect(service)

    def _button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        button.setEnabled(False)
        return button

    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("words in the officer, lookup, input, verdict or reasons")
        self.search.setAccessibleName("Search the history")
        self.search.setClearButtonEnabled(True)
        self.verdict_filter = QComboBox(self)
        self.verdict_filter.addItem("any", "")
        for verdict in VERDICTS:
            self.verdict_filter.addItem(verdict, verdict)
        self.verdict_filter.setAccessibleName("Only this verdict")
        self.lookup_filter = QComboBox(self)
        self.lookup_filter.addItem("any", "")
        for lookup in LOOKUPS:
            self.lookup_filter.addItem(lookup, lookup)
        self.lookup_filter.setAccessibleName("Only this lookup")
        self.since_edit = _date_edit(self, "Checks run on or after this day")
        self.until_edit = _date_edit(self, "Checks run on or before this day")
        self.clear_button = QPushButton("Cl&ear filters", self)
        self.clear_button.setAccessibleName("Clear the history filters")
        grid = QGridLayout()
        labelled = (
            ("Search te&xt:", self.search),
            ("Verdi&ct:", self.verdict_filter),
            ("Loo&kup:", self.lookup_filter),
            ("Fro&m:", self.since_edit),
            ("&To:", self.until_edit),
        )
        for column, (text, widget) in enumerate(labelled):
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 0, 2 * column)
            grid.addWidget(widget, 0, 2 * column + 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.clear_button, 0, 2 * len(labelled))
        self._filters = grid

    def _connect(self, service: HistoryService) -> None:
        service.loaded.connect(self._on_history_service_loaded)
        service.failed.connect(self._on_history_service_failed)
        service.rerun_finished.connect(self._on_history_service_rerun_finished)
        service.rerun_failed.connect(self._on_history_service_rerun_failed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.activated_by_key.connect(self._on_table_activated)
        self.reopen_button.clicked.connect(self._on_reopen_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self.rerun_then_button.clicked.connect(self._on_rerun_then_button_clicked)
        self.rerun_today_button.clicked.connect(self._on_rerun_today_button_clicked)
        self.search.textChanged.connect(self._apply_filters)
        self.verdict_filter.currentIndexChanged.connect(self._apply_filters)
        self.lookup_filter.currentIndexChanged.connect(self._apply_filters)
        self.since_edit.dateChanged.connect(self._apply_filters)
        self.until_edit.dateChanged.connect(self._apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)

    @Slot()
    def refresh(self) -> None:
        self.status.setText("Loading…")
        self._service.refresh()

    @Slot()
    def clear_filters(self) -> None:
        for widget in (self.search, self.verdict_filter, self.lookup_filter, self.since_edit, self.until_edit):
            widget.blockSignals(True)
        self.search.clear()
        self.verdict_filter.setCurrentIndex(0)
        self.lookup_filter.setCurrentIndex(0)
        self.since_edit.setDate(_NO_DATE)
        self.until_edit.setDate(_NO_DATE)
        for widget in (self.search, self.verdict_filter, self.lookup_filter, self.since_edit, self.until_edit):
            widget.blockSignals(False)
        self._apply_filters()

    def current_filter(self) -> HistoryFilter:
        return HistoryFilter(
            self.search.text(),
            str(self.verdict_filter.currentData() or ""),
            str(self.lookup_filter.currentData() or ""),
            _day(self.since_edit),
            _day(self.until_edit),
        )

    @Slot()
    def _apply_filters(self) -> None:
        self.proxy.set_history_filter(self.current_filter())
        self._say_count()

    def _say_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if not total:
            self.status.setText("No checks recorded yet.")
        elif shown == total:
            self.status.setText(f"{total} checks.")
        else:
            self.status.setText(f"{shown} of {total} checks match the filters.")

    @Slot(AuditPage)
    def _on_history_service_loaded(self, page: AuditPage) -> None:
        self.model.set_history(page.rows)
        self.detail.clear()
        self._enable_for(None)
        self._say_count()

    @Slot(ledger_client.LedgerError)
    def _on_history_service_failed(self, exc: ledger_client.LedgerError) -> None:
        self.status.setText(exc.user_message())

    def selected_row(self) -> HistoryRow | None:
        rows = self.table.selectionModel().selectedRows()
        if len(rows) != 1:
            return None
        row = rows[0].data(HISTORY_ROW_ROLE)
        return row if isinstance(row, HistoryRow) else None

    def _enable_for(self, row: HistoryRow | None) -> None:
        self.reopen_button.setEnabled(row is not None)
        can_rerun = row is not None and self._service.can_rerun and row.record.action.startswith("check ")
        self.rerun_then_button.setEnabled(can_rerun)
        self.rerun_today_button.setEnabled(can_rerun)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected_row()
        self._enable_for(row)
        self.detail.setPlainText("" if row is None else _describe(row.record))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        row = index.data(HISTORY_ROW_ROLE)
        if isinstance(row, HistoryRow):
            self.reopen_requested.emit(row.record)

    @Slot()
    def _on_reopen_button_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.reopen_requested.emit(row.record)

    @Slot()
    def _on_rerun_then_button_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.status.setText(f"Running check #{row.record.id} again as of its date…")
            self._service.rerun(row.record)

    @Slot()
    def _on_rerun_today_button_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            today = self._today()
            self.status.setText(f"Running check #{row.record.id} again as of {today.isoformat()}…")
            self._service.rerun(row.record, today)

    @Slot(RerunComparison)
    def _on_history_service_rerun_finished(self, comparison: RerunComparison) -> None:
        self.status.setText("Changed since the first run." if comparison.changed else "Nothing changed.")
        self.detail.setPlainText(comparison.describe())

    @Slot(str)
    def _on_history_service_rerun_failed(self, reason: str) -> None:
        self.status.setText(reason)


def _pretty(text: str | None) -> str:
    if text is None:
        return "(none)"
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def _describe(record: AuditRecord) -> str:
    return (
        f"Check: {record.action}    Officer: {record.officer}    Verdict: {record.verdict or 'no verdict'}\n"
        f"Checkpoint size: {record.checkpoint_size if record.checkpoint_size is not None else 'none'}\n\n"
        f"Input:\n{_pretty(record.input)}\n\nResult:\n{_pretty(record.result)}"
    )
