"""The checks behind a verdict as a table: a row per finding (status, reason code, plain-words fact), then notes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from trade import explanations
from trade.verdicts import Evidence, Verdict
from workstation.models import status_style
from workstation.models.row_table import Index, RowTableModel
from workstation.plain_text import tooltip

#: The row's evidence (a tuple of ``trade.verdicts.Evidence``).
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 2
_GUIDE_HINT = "(F1: the user guide lists every code.)"


@dataclass(frozen=True, slots=True)
class _Row:
    status: str  # a Status value, or "NOTE"
    code: str
    fact: str
    evidence: tuple[Evidence, ...]


class FindingsModel(RowTableModel[_Row]):
    """Rows of one verdict. With no finding, one row says the verdict and its summary.

    The status column has an icon and the status word; every text here comes from the
    rules or the ledger and is shown as plain text by the view.
    """

    HEADERS = ("Status", "Reason", "What the records say")

    def set_verdict(self, verdict: Verdict | None) -> None:
        self.set_rows([] if verdict is None else _rows(verdict))

    def evidence(self, row: int) -> tuple[Evidence, ...]:
        return self.row_at(row).evidence if 0 <= row < self.rowCount() else ()

    def texts(self, row: _Row) -> tuple[str, ...]:
        return (status_style.words(row.status), row.code, row.fact)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """As every table, except that the reason column's tooltip explains the code (``trade.explanations``)."""
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 1:
            code = self.row_at(index.row()).code
            try:
                item = explanations.explain(code) if code else None
            except explanations.UnknownCodeError:
                item = None
            if item is not None:
                return tooltip(f"{item.code}: {item.meaning}\nLook next: {item.next_step}\n{_GUIDE_HINT}")
        return super().data(index, role)

    def other_role(self, row: _Row, column: int, role: int) -> object:
        if role == EVIDENCE_ROLE:
            return row.evidence
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_style.icon(row.status)
        return None


def _rows(verdict: Verdict) -> list[_Row]:
    rows = [_Row(f.effective_status.value, f.reason.value, f.fact, f.evidence) for f in verdict.findings]
    if not rows:
        rows.append(_Row(verdict.status.value, "", verdict.summary, verdict.evidence))
    rows += [_Row("NOTE", n.kind.value, n.text, n.evidence) for n in verdict.notes]
    return rows
