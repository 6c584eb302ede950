"""A supplier's records as a table: certifications, revocations, verifications and withholdings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.services.lookup_context import SupplierRecord

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Record", "Id", "Date", "Details", "Log index")


class RecordsModel(QAbstractTableModel):
    """One row per :class:`SupplierRecord` (ledger text: the view shows it as plain text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SupplierRecord] = []

    def set_records(self, rows: Sequence[SupplierRecord]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and signature
        return 0 if parent.isValid() else len(self._rows)

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self._rows[index.row()]
        texts = (r.kind, r.record_id, r.when, r.detail, str(r.log_index))
        return texts[index.column()] if 0 <= index.column() < len(texts) else None
