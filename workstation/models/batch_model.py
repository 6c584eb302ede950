"""The batch results table: one row per entry line (verdict, reasons, entry, importer, certification), sortable
and filterable by words and verdict."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from workstation.batch import LineResult
from workstation.models import status_style
from workstation.models.row_table import ROW_ROLE, RowTableModel

LINE_ROLE = ROW_ROLE
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
MALFORMED = "MALFORMED"


class BatchResultsModel(RowTableModel[LineResult]):
    """Every line's result; a line that could not be checked says which field and why."""

    HEADERS = ("Row", "Verdict", "Reasons", "Entry", "Importer", "Certification")

    def texts(self, row: LineResult) -> tuple[str, ...]:
        reasons = " ".join(row.reasons) if row.verdict else f"{row.error_field}: {row.error}"
        verdict = status_style.words(row.verdict) if row.verdict else "Not checked"
        return (str(row.row), verdict, reasons, row.entry, row.importer, row.certification)

    def other_role(self, row: LineResult, column: int, role: int) -> object:
        if role == SORT_ROLE:
            return row.row if column == 0 else self.texts(row)[column].casefold()
        if role == Qt.ItemDataRole.DecorationRole and column == 1 and row.verdict:
            return status_style.icon(row.verdict)
        return None


class BatchFilterProxy(QSortFilterProxyModel):
    """Keeps the lines whose text holds every word typed and whose verdict is the one chosen ("" for any)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._verdict = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, verdict: str) -> None:
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self._verdict = verdict
        self.endFilterChange()

    def filterAcceptsRow(  # noqa: N802 - Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if not isinstance(model, BatchResultsModel) or source_parent.isValid():
            return True
        line = model.row_at(source_row)
        if self._verdict and (line.verdict or MALFORMED) != self._verdict:
            return False
        haystack = " ".join(model.texts(line)).casefold()
        return all(word in haystack for word in self._words)
