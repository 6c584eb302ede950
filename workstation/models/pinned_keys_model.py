"""A table of the keys a trust file pins (role, name, key ID), for the first-run and settings dialogs."""

from __future__ import annotations

from collections.abc import Sequence

from workstation.models.row_table import RowTableModel
from workstation.services.trust_summary import PinnedKey


class PinnedKeysModel(RowTableModel[PinnedKey]):
    """One row per pinned key; names come from the agency's file and are shown as plain text."""

    HEADERS = ("Role", "Name", "Key ID")

    def set_keys(self, keys: Sequence[PinnedKey]) -> None:
        self.set_rows(keys)

    def texts(self, row: PinnedKey) -> tuple[str, ...]:
        return (row.role, row.name, row.key_id)
