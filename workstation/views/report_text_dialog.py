"""A short text for a report step: the supervisor's comment when returning, the officer's remarks when revising."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class ReportTextDialog(QDialog):
    """Asks for one block of text; ``text_accepted(str)`` carries it (the shell hands it to the service).

    Args:
        title, prompt: our fixed words.
        action: the accept button's text (with its mnemonic).
        text: the current text (the remarks being revised).
        required: the button stays disabled while the text is blank (a return needs a comment).

    Signals:
        text_accepted(str): the officer pressed the accept button.
    """

    text_accepted = Signal(str)

    def __init__(
        self,
        title: str,
        prompt: str,
        action: str,
        *,
        text: str = "",
        required: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._required = required
        label = QLabel(prompt, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlainText(text)
        self.text.setTabChangesFocus(True)
        label.setBuddy(self.text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.accept_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.accept_button.setText(action)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._on_text_changed)
        self._on_text_changed()
        self.resize(520, 300)

    @Slot()
    def _on_text_changed(self) -> None:
        self.accept_button.setEnabled(not self._required or bool(self.text.toPlainText().strip()))

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.accept_button.isEnabled():
            return
        self.text_accepted.emit(self.text.toPlainText().strip())
        self.accept()
