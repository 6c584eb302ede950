"""The splash shown while the embedded demo ledger starts (it takes a few seconds)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from workstation import messages


class DemoProgressDialog(QDialog):
    """An indeterminate progress dialog; the launcher closes it when the profile opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Customs verification workstation — demo")
        label = QLabel(messages.DEMO_STARTING)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        bar = QProgressBar()
        bar.setAccessibleName("Starting the demo ledger")
        bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(bar)
        self.setMinimumWidth(420)
