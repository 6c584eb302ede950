"""About: the versions of the app, Python, Qt, PySide6 and SQLCipher, and the ledger this profile trusts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from workstation.services.versions import Versions


class AboutDialog(QDialog):
    """A form of versions; Esc or Enter closes it."""

    def __init__(self, versions: Versions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About the workstation")
        title = QLabel("Customs verification workstation", self)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, value in (
            ("Version", versions.app),
            ("Python", versions.python),
            ("Qt", versions.qt),
            ("PySide6", versions.pyside),
            ("SQLCipher", versions.sqlcipher),
            ("Ledger origin", versions.origin),
        ):
            label = QLabel(value, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", label)
            self.values[name] = label
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
