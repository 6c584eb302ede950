"""The evidence of a fork or rollback: both signed checkpoints and the proof, as plain text; acknowledging it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import ledger_client
from workstation import messages
from workstation.models.audit_model import format_time
from workstation.views import theme


def describe(evidence: Sequence[ledger_client.ForkEvidence]) -> str:
    """The evidence as text: every byte of both notes, decoded leniently (it is untrusted)."""
    parts = []
    for item in evidence:
        proof = "\n".join(p.hex() for p in item.proof) or "(none offered)"
        parts.append(
            f"Alert {item.id}, detected {format_time(item.detected_at)}\n"
            f"What was found: {item.message}\n\n"
            "Checkpoint this workstation had verified:\n"
            f"{item.trusted_note.decode('utf-8', 'replace')}\n"
            "Checkpoint the ledger then presented:\n"
            f"{item.new_note.decode('utf-8', 'replace')}\n"
            f"Consistency proof offered:\n{proof}\n"
        )
    return ("\n" + "-" * 72 + "\n").join(parts)


class EvidenceDialog(QDialog):
    """Shows the unacknowledged alerts; the officer confirms they recorded them before acknowledging.

    Signals:
        acknowledged(list): the ids of the alerts the officer acknowledged.
    """

    acknowledged = Signal(list)

    def __init__(self, evidence: Sequence[ledger_client.ForkEvidence], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Security alert: evidence")
        self._ids = [item.id for item in evidence]
        intro = QLabel(messages.FORK_ALERT, self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        theme.set_tone(intro, "tone", "error")
        theme.emphasize(intro, 1.0)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Security evidence")
        self.text.setTabChangesFocus(True)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setPlainText(describe(evidence) if evidence else "No unacknowledged alerts.")
        self.confirm = QCheckBox(
            "I have &recorded this evidence and reported it. The evidence stays in the cache.", self
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.acknowledge_button = QPushButton("&Acknowledge", self)
        self.acknowledge_button.setEnabled(False)
        self.buttons.addButton(self.acknowledge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button = QPushButton("&Copy evidence", self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.confirm.toggled.connect(self._on_confirm_toggled)
        self.confirm.setEnabled(bool(evidence))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.resize(820, 560)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    @Slot(bool)
    def _on_confirm_toggled(self, checked: bool) -> None:
        self.acknowledge_button.setEnabled(checked and bool(self._ids))

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.confirm.isChecked() and self._ids:
            self.acknowledged.emit(list(self._ids))
            self.accept()
