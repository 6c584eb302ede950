"""The encrypted cache's public API: open or create it, run a transaction, apply a schema, read typed columns.

Applications keep their own tables in the profile's SQLCipher file (an audit
log, reports, a read model) through this module only; how the file is keyed,
carded and moved aside stays behind it, in ``sqlcipher_store`` and ``migrations``.
"""

from __future__ import annotations

from ledger_client.migrations import apply as apply_migrations
from ledger_client.migrations import current_version
from ledger_client.sqlcipher_store import (
    Connection,
    Row,
    SqlValue,
    as_bytes,
    as_int,
    as_optional_str,
    as_str,
    check_integrity,
    create,
    open_existing,
    transaction,
)

__all__ = [
    "Connection",
    "Row",
    "SqlValue",
    "apply_migrations",
    "as_bytes",
    "as_int",
    "as_optional_str",
    "as_str",
    "check_integrity",
    "create",
    "current_version",
    "open_existing",
    "transaction",
]
