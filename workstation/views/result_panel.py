"""A lookup's answer: the verdict banner, a row per check, and the selected row's evidence.

Every text from the ledger or the rules is shown as plain text; the verdict is a word,
a symbol and a colour, never the colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.lookups.context import LookupContext
from workstation.lookups.outcome import LookupOutcome
from workstation.models import status_style
from workstation.models.findings_model import FindingsModel
from workstation.views import theme
from workstation.views.table_export import TableActions


def describe_age(seconds: int | None) -> str:
    if seconds is None:
        return "age unknown"
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} old"
    return f"{seconds} s old"


def describe_basis(outcome: LookupOutcome) -> str:
    """What an answer rests on: its as-of date, the verified checkpoint, the sync age, the audit line."""
    cp = outcome.checkpoint
    return (
        f"As of {outcome.as_of} · verified checkpoint of {cp.size:,} entries · last sync "
        f"{describe_age(cp.age_seconds)} · audit log #{outcome.audit_id}"
    )


def _plain_label(parent: QWidget, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class VerdictBanner(QFrame):
    """Status symbol and word on a coloured band, the one-sentence summary and the checkpoint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel(self)
        self.status = _plain_label(self, wrap=False)
        font = self.status.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.status.setFont(font)
        self.summary = _plain_label(self)
        self.checkpoint = _plain_label(self)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.summary)
        text.addWidget(self.checkpoint)
        row = QHBoxLayout(self)
        row.addWidget(self.icon)
        row.addWidget(self.status)
        row.addLayout(text, 1)
        self.show_text("No check run yet.", "Fill in the form and press Enter.")

    def show_status(self, key: str, summary: str, checkpoint: str) -> None:
        self.icon.setPixmap(status_style.icon(key, 28).pixmap(28, 28))
        self.icon.setAccessibleName(f"Verdict symbol: {status_style.words(key)}")
        self.icon.show()
        self.status.setText(status_style.words(key))
        theme.set_tone(self.status, "verdict", key)
        self.status.show()
        self.summary.setText(summary[:1].upper() + summary[1:])
        self.checkpoint.setText(checkpoint)

    def show_text(self, summary: str, detail: str = "") -> None:
        self.icon.hide()
        self.status.hide()
        self.status.clear()
        self.summary.setText(summary)
        self.checkpoint.setText(detail)


class ResultPanel(QWidget):
    """The banner, the findings table (``model``) and the evidence of the selected row."""

    def __init__(self, model: FindingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.context = LookupContext()
        self.outcome: LookupOutcome | None = None
        self.banner = VerdictBanner(self)
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setAccessibleName("Findings")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table_actions = TableActions(self.table, self._table_title)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.evidence = QPlainTextEdit(self)
        self.evidence.setReadOnly(True)
        self.evidence.setAccessibleName("Evidence of the selected finding")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setPlaceholderText("Select a row to see the records it rests on.")
        self.evidence.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.evidence)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    def _table_title(self) -> str:
        if self.outcome is None:
            return "Lookup result"
        o = self.outcome
        return f"{o.kind.value.capitalize()} check as of {o.as_of.isoformat()}: {o.verdict.status.value}"

    def show_outcome(self, outcome: LookupOutcome, context: LookupContext) -> None:
        self.outcome, self.context = outcome, context
        verdict = outcome.verdict
        self.banner.show_status(verdict.status.value, verdict.summary, describe_basis(outcome))
        self.model.set_verdict(verdict)
        self.table.resizeRowsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)

    def show_message(self, summary: str, detail: str = "") -> None:
        """No verdict: say why (running, refused, blocked)."""
        self.outcome = None
        self.banner.show_text(summary, detail)
        self.model.set_verdict(None)
        self.evidence.clear()

    def clear(self) -> None:
        self.show_message("No check run yet.", "Fill in the form and press Enter.")

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.evidence.setPlainText(self._describe(rows[0].row()) if rows else "")

    def _describe(self, row: int) -> str:
        evidence = self.model.evidence(row)
        code = self.model.index(row, 1).data() or self.model.index(row, 0).data()
        lines = [f"Records behind {code}:" if evidence else f"{code}: this row cites no ledger record."]
        for ev in evidence:
            lines += [
                "",
                f"{ev.record_type} {ev.record_id or '(no id)'}",
                f"    vocabulary: {ev.vocabulary}",
                f"    issuer:     {self.context.issuer(ev.log_index)}",
                f"    log index:  {ev.log_index}",
                f"    leaf hash:  {ev.leaf_hash.hex()}",
            ]
            if ev.credential_id:
                lines.append(f"    credential: {ev.credential_id}")
        if self.outcome is not None:
            cp = self.outcome.checkpoint
            lines += ["", f"Checkpoint: {cp.size:,} entries, last sync {describe_age(cp.age_seconds)}"]
        return "\n".join(lines)
