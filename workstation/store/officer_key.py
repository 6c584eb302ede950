"""The officer's registered signing key, kept inside the encrypted cache (never in a plain file)."""

from __future__ import annotations

from pathlib import Path

from ledger_client import cache
from ledger_client.credentials import SigningKey
from workstation.store import schema


class OfficerKeyStore:
    """At most one key per profile: the key CBP registered for this officer."""

    def __init__(self, conn: cache.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        schema.migrate(conn, path)

    def save(self, key: SigningKey, *, name: str) -> None:
        with cache.transaction(self._conn, self._path):
            self._conn.execute(
                "INSERT INTO officer_key (id, name, did, seed) VALUES (1, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, did = excluded.did, seed = excluded.seed",
                (name, key.did, key.seed),
            )

    def load(self) -> tuple[SigningKey, str] | None:
        """The key and its name, or None when no key was stored."""
        row = self._conn.execute("SELECT name, seed FROM officer_key WHERE id = 1").fetchone()
        if row is None:
            return None
        return SigningKey.from_seed(cache.as_bytes(row[1])), cache.as_str(row[0])
