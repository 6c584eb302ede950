"""Versioned schema migrations for the stores that share the cache database.

Each owner (``ledger_client.mirror``, ``workstation.store``...) keeps its own
version in the ``schema_versions`` table and its own ordered list of steps;
step ``n`` takes the owner's schema from version ``n`` to ``n + 1``. A cache
written by a newer version than this code knows is refused, never rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ledger_client import sqlcipher_store
from ledger_client.errors import CacheSchemaError


def current_version(conn: sqlcipher_store.Connection, owner: str) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_versions (owner TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    row = conn.execute("SELECT version FROM schema_versions WHERE owner = ?", (owner,)).fetchone()
    return sqlcipher_store.as_int(row[0]) if row else 0


def apply(conn: sqlcipher_store.Connection, path: Path, owner: str, steps: Sequence[str]) -> int:
    """Bring ``owner``'s tables up to ``len(steps)``; returns the version.

    Raises:
        CacheSchemaError: the cache is newer than this code.
        CacheWriteError: the cache cannot be written.
    """
    version = current_version(conn, owner)
    if version > len(steps):
        raise CacheSchemaError(
            f"{owner} tables are at version {version}; this code knows {len(steps)}",
            path=str(path),
            version=version,
            supported=len(steps),
        )
    for target in range(version, len(steps)):
        with sqlcipher_store.transaction(conn, path):
            for statement in _statements(steps[target]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_versions (owner, version) VALUES (?, ?) "
                "ON CONFLICT (owner) DO UPDATE SET version = excluded.version",
                (owner, target + 1),
            )
    return len(steps)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (our scripts hold no ';' inside strings)."""
    return [s.strip() for s in script.split(";") if s.strip()]
