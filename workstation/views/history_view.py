"""The History page: the audit log of checks run on this profile; any past check can be re-opened."""

from __future__ import annotations

import json

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
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

import ledger_client
from workstation.models.audit_model import RECORD_ROLE, AuditTableModel
from workstation.services.history_service import AuditPage, HistoryService
from workstation.store.audit import AuditRecord


class _AuditTable(QTableView):
    """Enter re-opens the selected check (as double-click does)."""

    activated_by_key = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_by_key.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class HistoryView(QWidget):
    """A table over :class:`AuditTableModel`, the selected record's input and result (plain text).

    Signals:
        reopen_requested(AuditRecord): show this past check again (the lookup pages handle it).
    """

    reopen_requested = Signal(AuditRecord)

    def __init__(self, service: HistoryService, model: AuditTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.model = model
        self.table = _AuditTable(self)
        self.table.setModel(model)
        self.table.setAccessibleName("Checks run")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAlternatingRowColors(True)
        self.detail = QPlainTextEdit(self)
        self.detail.setAccessibleName("Input and result of the selected check")
        self.detail.setTabChangesFocus(True)
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Select a check to see what was asked and what the ledger answered.")
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.reopen_button = QPushButton("Re-&open check", self)
        self.reopen_button.setEnabled(False)
        self.refresh_button = QPushButton("Refre&sh", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.reopen_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        service.loaded.connect(self._on_history_service_loaded)
        service.failed.connect(self._on_history_service_failed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.activated_by_key.connect(self._on_table_activated)
        self.reopen_button.clicked.connect(self._on_reopen_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)

    @Slot()
    def refresh(self) -> None:
        self.status.setText("Loading…")
        self._service.refresh()

    @Slot(AuditPage)
    def _on_history_service_loaded(self, page: AuditPage) -> None:
        self.model.set_records(page.records)
        self.detail.clear()
        self.reopen_button.setEnabled(False)
        count = len(page.records)
        self.status.setText("No checks recorded yet." if not count else f"{count} checks, newest first.")

    @Slot(ledger_client.LedgerError)
    def _on_history_service_failed(self, exc: ledger_client.LedgerError) -> None:
        self.status.setText(exc.user_message())

    def _selected(self) -> AuditRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        record = self.model.data(rows[0], RECORD_ROLE)
        return record if isinstance(record, AuditRecord) else None

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        record = self._selected()
        self.reopen_button.setEnabled(record is not None)
        self.detail.setPlainText("" if record is None else _describe(record))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        record = self.model.data(index, RECORD_ROLE)
        if isinstance(record, AuditRecord):
            self.reopen_requested.emit(record)

    @Slot()
    def _on_reopen_button_clicked(self) -> None:
        record = self._selected()
        if record is not None:
            self.reopen_requested.emit(record)


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
