"""A trust file path with a Browse button; emits the chosen path (the service reads it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class TrustFilePicker(QWidget):
    """A path field and "Browse…".

    Signals:
        chosen(str): a path was typed (Enter or focus out) or picked.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit(self)
        self.path.setAccessibleName("Trust file")
        self.path.setPlaceholderText("TRUST.json installed by your agency")
        self.browse = QPushButton("&Browse…", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(self.browse)
        self.setFocusProxy(self.path)
        self.path.editingFinished.connect(self._on_path_editing_finished)
        self.browse.clicked.connect(self._on_browse_clicked)
        self._last = ""

    @Slot()
    def _on_path_editing_finished(self) -> None:
        text = self.path.text().strip()
        if text and text != self._last:
            self._last = text
            self.chosen.emit(text)

    @Slot()
    def _on_browse_clicked(self) -> None:
        start = str(Path(self.path.text()).parent) if self.path.text() else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Choose the trust file", start, "Trust files (*.json);;All (*)")
        if name:
            self.path.setText(name)
            self._last = name
            self.chosen.emit(name)
