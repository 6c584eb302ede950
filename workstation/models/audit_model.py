"""A table of audit records (newest first) for the History view."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.store.audit import AuditRecord

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("When", "Officer", "Check", "Verdict", "Checkpoint", "Input")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


def format_time(at: int) -> str:
    return datetime.datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")


class AuditTableModel(QAbstractTableModel):
    """One row per audit record; :data:`RECORD_ROLE` gives the record itself.

    Verdicts are shown as words (never as a colour alone); input text is the
    officer's own JSON, shown as plain text by the view.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[AuditRecord] = []

    def set_records(self, records: Sequence[AuditRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> AuditRecord:
        return self._records[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and signature
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        rec = self._records[index.row()]
        if role == RECORD_ROLE:
            return rec
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(rec, index.column())
        return None

    @staticmethod
    def _text(rec: AuditRecord, column: int) -> str | None:
        texts = (
            format_time(rec.at),
            rec.officer,
            rec.action,
            rec.verdict or "no verdict",
            "" if rec.checkpoint_size is None else f"size {rec.checkpoint_size}",
            rec.input,
        )
        return texts[column] if 0 <= column < len(texts) else None
