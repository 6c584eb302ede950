"""A witness's own state: the latest checkpoint it cosigned for each origin, in SQLite (WAL).

c2sp.org/tlog-witness requires the comparison of the request's old size with
the stored size and the update to be one atomic step per origin:
:meth:`WitnessState.compare_and_update` is one ``BEGIN IMMEDIATE`` transaction
that installs the new checkpoint only if the stored size is still the expected one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ledger_node.errors import ConfigurationError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checkpoints (
    origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class CosignedCheckpoint:
    """The latest checkpoint cosigned for one origin, with the note as the monitors see it."""

    size: int
    root: bytes
    note: bytes


class WitnessState:
    """SQLite state of one witness, bound to its key (a directory of another witness key is refused).

    Raises:
        ConfigurationError: the file is not ours or belongs to another witness key.
    """

    def __init__(self, path: str | Path, witness_vkey: str) -> None:
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE name = 'vkey'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('vkey', ?)", (witness_vkey,))
            elif row[0] != witness_vkey:
                raise ConfigurationError("the data directory belongs to another witness key")
        except sqlite3.DatabaseError as exc:
            raise ConfigurationError(f"{path} is not a witness database") from exc

    def latest(self, origin: str) -> CosignedCheckpoint | None:
        row = self._db.execute("SELECT size, root, note FROM checkpoints WHERE origin = ?", (origin,)).fetchone()
        return None if row is None else CosignedCheckpoint(int(row[0]), bytes(row[1]), bytes(row[2]))

    def compare_and_update(self, origin: str, expected_size: int, new: CosignedCheckpoint) -> int | None:
        """Store ``new`` if the stored size (0 when none) is ``expected_size``; else return the stored size."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            row = self._db.execute("SELECT size FROM checkpoints WHERE origin = ?", (origin,)).fetchone()
            stored = 0 if row is None else int(row[0])
            if stored != expected_size:
                self._db.execute("ROLLBACK")
                return stored
            self._db.execute(
                "INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, ?)", (origin, new.size, new.root, new.note)
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return None

    def close(self) -> None:
        self._db.close()
