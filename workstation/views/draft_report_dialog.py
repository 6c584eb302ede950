"""Draft a report from a lookup's result: the outcome's summary, the officer's remarks, submit for review."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workstation.lookups.outcome import LookupOutcome
from workstation.services.report_service import ReportService, StoredReport, user_message
from workstation.views import theme


def outcome_summary(outcome: LookupOutcome) -> str:
    """What the report will state, as plain text (the verdict, its reasons and the facts behind them)."""
    v = outcome.verdict
    lines = [
        f"Check: {outcome.kind.value}, judged as of {outcome.as_of.isoformat()} (audit log #{outcome.audit_id})",
        f"Verdict: {v.status.value}",
        f"Reason codes: {', '.join(sorted(r.value for r in v.reasons)) or 'none'}",
    ]
    if outcome.supplier is not None:
        lines.append(f"Supplier rating: {outcome.supplier.rating.value}")
    lines.append(f"Summary: {v.summary}")
    lines += [f"  {f.reason.value}: {f.fact}" for f in v.findings]
    lines.append(f"Ledger checkpoint: {outcome.checkpoint.size} entries; {len(v.evidence)} record(s) cited")
    return "\n".join(lines)


class DraftReportDialog(QDialog):
    """Shows the result a report is drafted from and asks for the officer's remarks.

    The draft is saved by the :class:`ReportService`; the dialog closes on ``drafted`` and stays
    open with the message on ``failed``.

    Args:
        supersedes: the approved report this draft replaces (its check was run again).
    """

    def __init__(
        self,
        service: ReportService,
        outcome: LookupOutcome,
        *,
        supersedes: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._outcome = outcome
        self._supersedes = supersedes
        self._busy = False
        self.setWindowTitle("Draft report" if supersedes is None else f"Draft a report replacing {supersedes}")
        intro = QLabel(
            "The report states this result. A supervisor reviews the draft and approves it with their key."
            if supersedes is None
            else f"This draft replaces the approved report {supersedes} once a supervisor approves it. "
            "The check was run again on the current ledger.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.summary = QPlainTextEdit(self)
        self.summary.setAccessibleName("The result the report is drafted from")
        self.summary.setTabChangesFocus(True)
        self.summary.setReadOnly(True)
        self.summary.setPlainText(outcome_summary(outcome))
        remarks_label = QLabel("Officer's &remarks (printed in the report and signed):", self)
        self.remarks = QPlainTextEdit(self)
        self.remarks.setAccessibleName("Officer's remarks")
        self.remarks.setTabChangesFocus(True)
        self.remarks.setTabChangesFocus(True)
        self.remarks.setPlaceholderText("What you saw, what you decided to do next…")
        remarks_label.setBuddy(self.remarks)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        theme.set_tone(self.error, "tone", "error")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.submit_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.submit_button.setText("&Submit draft for review")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary, 2)
        layout.addWidget(remarks_label)
        layout.addWidget(self.remarks, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        service.drafted.connect(self._on_service_drafted)
        service.failed.connect(self._on_service_failed)
        self.remarks.setFocus()
        self.resize(640, 480)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self._busy = True
        self.submit_button.setEnabled(False)
        self.error.hide()
        self._service.draft(self._outcome, self.remarks.toPlainText().strip(), self._supersedes)

    @Slot(StoredReport)
    def _on_service_drafted(self, _report: StoredReport) -> None:
        if self._busy:
            self._busy = False
            self.accept()

    @Slot(Exception)
    def _on_service_failed(self, exc: Exception) -> None:
        if not self._busy:
            return
        self._busy = False
        self.submit_button.setEnabled(True)
        self.error.setText(user_message(exc))
        self.error.show()
