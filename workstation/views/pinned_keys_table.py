"""A read-only table of the keys a trust file pins (shared by the first-run and settings dialogs)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workstation.models.pinned_keys_model import PinnedKeysModel


class PinnedKeysTable(QTableView):
    """Shows a :class:`PinnedKeysModel`: role, key name, key ID."""

    def __init__(self, model: PinnedKeysModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Pinned keys")
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setMinimumHeight(130)
