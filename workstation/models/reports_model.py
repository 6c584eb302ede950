"""A table of drafted, returned and approved reports for the Reports tab (most recently changed first)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.reports.workflow import ReportState, StoredReport

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Report", "State", "Check", "Verdict", "Officer", "Changed", "Note")
REPORT_ROLE = Qt.ItemDataRole.UserRole + 1
_STATE_WORDS = {
    ReportState.DRAFT: "Draft: awaiting review",
    ReportState.RETURNED: "Returned to the officer",
    ReportState.APPROVED: "✓ Approved",
}


def state_words(report: StoredReport) -> str:
    """The report's state in words (never a colour alone)."""
    if report.state is ReportState.APPROVED and report.superseded_by:
        return "Approved, superseded"
    return _STATE_WORDS[report.state]


def note(report: StoredReport) -> str:
    """What the officer should know about a row: the supervisor's comment, or what replaces what."""
    if report.state is ReportState.RETURNED and report.comment:
        return f"Comment: {report.comment}"
    if report.superseded_by:
        return f"Superseded by {report.superseded_by}"
    if report.content.supersedes:
        return f"Replaces {report.content.supersedes}"
    return ""


class ReportsTableModel(QAbstractTableModel):
    """One row per stored report; :data:`REPORT_ROLE` gives the :class:`StoredReport` itself.

    Remarks and comments are people's text: the view shows them as plain text only.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reports: list[StoredReport] = []

    def set_reports(self, reports: Sequence[StoredReport]) -> None:
        self.beginResetModel()
        self._reports = list(reports)
        self.endResetModel()

    def report(self, row: int) -> StoredReport:
        return self._reports[row]

    def row_of(self, report_id: str) -> int | None:
        for row, report in enumerate(self._reports):
            if report.report_id == report_id:
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and signature
        return 0 if parent.isValid() else len(self._reports)

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
        if not index.isValid() or not 0 <= index.row() < len(self._reports):
            return None
        report = self._reports[index.row()]
        if role == REPORT_ROLE:
            return report
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(report, index.column())
        return None

    @staticmethod
    def _text(report: StoredReport, column: int) -> str | None:
        c = report.content
        changed = datetime.datetime.fromtimestamp(report.updated_at).strftime("%Y-%m-%d %H:%M")
        texts = (report.report_id, state_words(report), c.kind, c.verdict, c.officer.name, changed, note(report))
        return texts[column] if 0 <= column < len(texts) else None


def report_text(report: StoredReport) -> str:
    """The report as plain text for review (remarks, comments and facts are shown as typed, never as markup)."""
    c = report.content
    lines = [
        f"Report id: {c.report_id}",
        f"State: {state_words(report)}",
        f"Check: {c.kind}, judged as of {c.as_of}",
        f"Verdict: {c.verdict}",
        f"Reason codes: {', '.join(c.reasons) or 'none'}",
    ]
    if c.supplier is not None:
        lines.append(f"Supplier rating: {c.supplier.rating}")
    lines += [f"Summary: {c.summary}", f"Officer: {c.officer.name}", f"Drafted: {c.created_at}"]
    if c.supervisor is not None:
        lines.append(f"Approved by: {c.supervisor.name} at {c.approved_at}")
    if c.supersedes:
        lines.append(f"Replaces: {c.supersedes}")
    if report.superseded_by:
        lines.append(f"Superseded by: {report.superseded_by}")
    if report.comment:
        lines += ["", "Supervisor's comment:", report.comment]
    lines += ["", "Officer's remarks:", c.remarks or "(none)", "", "Checks:"]
    lines += [f"  {check.status}  {check.reason}: {check.fact}" for check in c.checks] or ["  (none)"]
    if c.notes:
        lines += ["", "Notes:"] + [f"  {n.code}: {n.text}" for n in c.notes]
    lines += [
        "",
        f"Evidence: {len(c.evidence.records)} record(s) under checkpoint {c.evidence.checkpoint_size} "
        f"of {c.evidence.origin}",
    ]
    return "\n".join(lines)
