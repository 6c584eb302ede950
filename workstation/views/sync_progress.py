"""Sync progress in the status bar: what is happening, a progress bar, and a cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from workstation.services.sync_service import SyncProgress


class SyncProgressWidget(QWidget):
    """Hidden when no sync runs.

    Signals:
        cancel_requested(): the officer pressed Cancel.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Synchronizing…", self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Synchronization progress")
        self.bar.setMaximumWidth(220)
        self.bar.setRange(0, 0)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Cancel the synchronization (what was verified so far is kept)")
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def set_running(self, running: bool) -> None:
        if running:
            self.label.setText("Synchronizing…")
            self.bar.setRange(0, 0)
        self.setVisible(running)

    def show_progress(self, progress: SyncProgress) -> None:
        self.bar.setRange(0, max(progress.total, 1))
        self.bar.setValue(progress.done)
        self.label.setText(f"Verified {progress.done:,} of {progress.total:,} new entries")
