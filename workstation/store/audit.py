"""The audit log: every check an officer ran (who, when, input, verdict, checkpoint size), never dropped."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ledger_client import cache
from workstation.store import schema


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One line of the audit log.

    Attributes:
        input: the officer's input as JSON text; result: the full outcome as JSON text.
    """

    id: int
    at: int
    officer: str
    action: str
    input: str
    verdict: str | None
    checkpoint_size: int | None
    result: str | None


class AuditLog:
    """Append-only log of checks and report steps."""

    def __init__(self, conn: cache.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._grouped = False
        schema.migrate(conn, path)

    @contextlib.contextmanager
    def group(self) -> Iterator[None]:
        """Write the records made inside in one transaction (one disk sync for a batch of checks).

        Nothing inside is kept if the block fails; a group inside a group is part of the outer one.
        """
        if self._grouped:
            yield
            return
        with cache.transaction(self._conn, self._path):
            self._grouped = True
            try:
                yield
            finally:
                self._grouped = False

    def record(
        self,
        *,
        at: int,
        officer: str,
        action: str,
        input: Mapping[str, object],
        verdict: str | None,
        checkpoint_size: int | None,
        result: Mapping[str, object] | None = None,
    ) -> int:
        with contextlib.nullcontext() if self._grouped else cache.transaction(self._conn, self._path):
            cursor = self._conn.execute(
                "INSERT INTO audit_log (at, officer, action, input, verdict, checkpoint_size, result) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    at,
                    officer,
                    action,
                    json.dumps(input, sort_keys=True, default=str),
                    verdict,
                    checkpoint_size,
                    None if result is None else json.dumps(result, sort_keys=True, default=str),
                ),
            )
            return int(cursor.lastrowid or 0)

    def recent(self, limit: int = 200) -> list[AuditRecord]:
        rows = self._conn.execute(
            "SELECT id, at, officer, action, input, verdict, checkpoint_size, result "
            "FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [self._record(r) for r in rows]

    def get(self, audit_id: int) -> AuditRecord | None:
        row = self._conn.execute(
            "SELECT id, at, officer, action, input, verdict, checkpoint_size, result FROM audit_log WHERE id = ?",
            (audit_id,),
        ).fetchone()
        return self._record(row) if row else None

    @staticmethod
    def _record(row: cache.Row) -> AuditRecord:
        size = row[6]
        return AuditRecord(
            id=cache.as_int(row[0]),
            at=cache.as_int(row[1]),
            officer=cache.as_str(row[2]),
            action=cache.as_str(row[3]),
            input=cache.as_str(row[4]),
            verdict=cache.as_optional_str(row[5]),
            checkpoint_size=None if size is None else cache.as_int(size),
            result=cache.as_optional_str(row[7]),
        )
