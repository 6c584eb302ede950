"""The History table: one audit line per row in words, and the proxy that sorts and filters it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from workstation.models.audit_model import format_time
from workstation.models.row_table import ROW_ROLE, RowTableModel
from workstation.services.history_rows import HistoryFilter, HistoryRow

HISTORY_ROW_ROLE = ROW_ROLE
#: A value to sort by: the time and the checkpoint size sort as numbers, the rest as text.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class HistoryTableModel(RowTableModel[HistoryRow]):
    """When, who, lookup, the key input in words, the date judged at, verdict, checkpoint size (all plain text)."""

    HEADERS = ("When", "Who", "Lookup", "Key input", "As of", "Verdict", "Checkpoint size")

    def set_history(self, rows: Sequence[HistoryRow]) -> None:
        self.set_rows(rows)

    def texts(self, row: HistoryRow) -> tuple[str, ...]:
        return (
            format_time(row.at),
            row.who,
            row.lookup,
            row.key_input,
            row.as_of.isoformat() if row.as_of else "",
            row.verdict or "no verdict",
            "" if row.checkpoint_size is None else f"{row.checkpoint_size:,}",
        )

    def other_role(self, row: HistoryRow, column: int, role: int) -> object:
        if role != SORT_ROLE:
            return None
        if column == 0:
            return row.at
        if column == 6:
            return -1 if row.checkpoint_size is None else row.checkpoint_size
        return self.texts(row)[column].casefold()


class HistoryFilterProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` and keeps the rows a :class:`HistoryFilter` matches."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = HistoryFilter()
        self.setSortRole(SORT_ROLE)

    @property
    def history_filter(self) -> HistoryFilter:
        return self._filter

    def set_history_filter(self, wanted: HistoryFilter) -> None:
        self.beginFilterChange()
        self._filter = wanted
        self.endFilterChange()

    def filterAcceptsRow(  # noqa: N802 - Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if not isinstance(model, HistoryTableModel) or source_parent.isValid():
            return True
        return self._filter.matches(model.row_at(source_row))
