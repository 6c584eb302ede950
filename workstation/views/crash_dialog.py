"""What the officer sees when the workstation itself fails: plain words and where the log is, no traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from workstation import messages


class CrashDialog(QDialog):
    """Says that something went wrong and where the crash log is; Close returns to the window."""

    def __init__(self, log_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The workstation hit a problem")
        text = QLabel(messages.CRASH, self)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.path = QLabel(log_path, self)
        self.path.setTextFormat(Qt.TextFormat.PlainText)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.path)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
