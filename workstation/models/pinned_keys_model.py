"""A table of the keys a trust file pins (role, name, key ID), for the first-run and settings dialogs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.services.trust_summary import PinnedKey

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Role", "Name", "Key ID")


class PinnedKeysModel(QAbstractTableModel):
    """One row per pinned key; names come from the agency's file and are shown as plain text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: list[PinnedKey] = []

    def set_keys(self, keys: Sequence[PinnedKey]) -> None:
        self.beginResetModel()
        self._keys = list(keys)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and signature
        return 0 if parent.isValid() else len(self._keys)

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
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            key = self._keys[index.row()]
            return (key.role, key.name, key.key_id)[index.column()] if 0 <= index.column() < 3 else None
        return None
