"""The checks behind a verdict as a table: a row per finding (status, reason code, plain-words fact), then notes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from trade.verdicts import Evidence, Verdict
from workstation.models import status_style

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Status", "Reason", "What the records say")
#: The row's evidence (a tuple of ``trade.verdicts.Evidence``).
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class _Row:
    status: str  # a Status value, or "NOTE"
    code: str
    fact: str
    evidence: tuple[Evidence, ...]


class FindingsModel(QAbstractTableModel):
    """Rows of one verdict. With no finding, one row says the verdict and its summary.

    The status column has an icon and the status word; every text here comes from the
    rules or the ledger and is shown as plain text by the view.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_verdict(self, verdict: Verdict | None) -> None:
        self.beginResetModel()
        self._rows = [] if verdict is None else _rows(verdict)
        self.endResetModel()

    def evidence(self, row: int) -> tuple[Evidence, ...]:
        return self._rows[row].evidence if 0 <= row < len(self._rows) else ()

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
        row = self._rows[index.row()]
        column = index.column()
        if role == EVIDENCE_ROLE:
            return row.evidence
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = (status_style.words(row.status), row.code, row.fact)
            return texts[column] if 0 <= column < len(texts) else None
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_style.icon(row.status)
        return None


def _rows(verdict: Verdict) -> list[_Row]:
    rows = [_Row(f.effective_status.value, f.reason.value, f.fact, f.evidence) for f in verdict.findings]
    if not rows:
        rows.append(_Row(verdict.status.value, "", verdict.summary, verdict.evidence))
    rows += [_Row("NOTE", n.kind.value, n.text, n.evidence) for n in verdict.notes]
    return rows
