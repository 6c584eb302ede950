"""A supplier's records as a table: certifications, revocations, verifications and withholdings."""

from __future__ import annotations

from collections.abc import Sequence

from workstation.lookups.context import SupplierRecord
from workstation.models.row_table import RowTableModel


class RecordsModel(RowTableModel[SupplierRecord]):
    """One row per :class:`SupplierRecord` (ledger text: the view shows it as plain text)."""

    HEADERS = ("Record", "Id", "Date", "Details", "Log index")

    def set_records(self, rows: Sequence[SupplierRecord]) -> None:
        self.set_rows(rows)

    def texts(self, row: SupplierRecord) -> tuple[str, ...]:
        return (row.kind, row.record_id, row.when, row.detail, str(row.log_index))
