"""An honest stand-in for a lookup form that has not been built yet: it gives no verdicts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.views.lookup_page import LookupKind, LookupPage


class PlaceholderPage(LookupPage):
    """Says that this lookup is being built; nothing else."""

    def __init__(self, kind: LookupKind, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        heading = QLabel(kind.title, self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        self.message = QLabel(
            "This lookup is being built. It gives no verdicts yet.\n"
            "The ledger mirror, the status banner, synchronisation and the history already work.",
            self,
        )
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
