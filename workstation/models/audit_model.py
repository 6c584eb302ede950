"""A table of audit records (newest first) for the History view."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from workstation.models.row_table import ROW_ROLE, RowTableModel
from workstation.store.audit import AuditRecord

RECORD_ROLE = ROW_ROLE


def format_time(at: int) -> str:
    return datetime.datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")


class AuditTableModel(RowTableModel[AuditRecord]):
    """One row per audit record; :data:`RECORD_ROLE` gives the record itself.

    Verdicts are shown as words (never as a colour alone); input text is the
    officer's own JSON, shown as plain text by the view.
    """

    HEADERS = ("When", "Officer", "Check", "Verdict", "Checkpoint", "Input")

    def set_records(self, records: Sequence[AuditRecord]) -> None:
        self.set_rows(records)

    def record(self, row: int) -> AuditRecord:
        return self.row_at(row)

    def texts(self, row: AuditRecord) -> tuple[str, ...]:
        return (
            format_time(row.at),
            row.officer,
            row.action,
            row.verdict or "no verdict",
            "" if row.checkpoint_size is None else f"size {row.checkpoint_size}",
            row.input,
        )
