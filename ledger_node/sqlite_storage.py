"""The default :class:`~ledger_node.storage.Storage`: one SQLite database in WAL mode.

Durability (contract rule 1) comes from ``journal_mode=WAL`` with
``synchronous=FULL``: a commit returns after the WAL is fsynced. Each write
method is one ``BEGIN IMMEDIATE`` transaction. Every thread gets its own
connection, so readers (the HTTP handlers) never wait for the sequencer's
writes (WAL readers see the last committed state, rule 5).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from ledger_client import tiles
from ledger_node.errors import CheckpointConflictError, ConfigurationError, StorageError
from ledger_node.storage import StoredCheckpoint

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, leaf BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tiles (
    level INTEGER NOT NULL, idx INTEGER NOT NULL, width INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (level, idx, width)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoint (one INTEGER PRIMARY KEY CHECK (one = 1), size INTEGER NOT NULL,
    note BLOB NOT NULL);
"""
#: Bundles share the tiles table at this pseudo-level (tile levels are 0..63).
_BUNDLE_LEVEL = -1
#: Leaf hashes looked up in one query (SQLite allows 32766 parameters).
_LOOKUP_CHUNK = 1024


class SqliteStorage:
    """SQLite storage of one log, bound to the origin it was created for.

    Args:
        path: the database file (created with its schema when missing).
        origin: the log's origin; a database created for another origin is refused.

    Raises:
        ConfigurationError: the file belongs to another origin or is not a database of ours.
    """

    def __init__(self, path: str | Path, origin: str) -> None:
        self._path = str(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            conn = self._conn()
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE name = 'origin'").fetchone()
            if row is None:
                with self._write() as db:
                    db.execute("INSERT INTO meta VALUES ('origin', ?)", (origin,))
            elif row[0] != origin:
                raise ConfigurationError("the data directory belongs to another log origin")
        except sqlite3.DatabaseError as exc:
            raise ConfigurationError(f"{self._path} is not a ledger database") from exc

    # ------------------------------------------------------------------ connections

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()

    # ------------------------------------------------------------------ entries

    def entry_count(self) -> int:
        row = self._conn().execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries").fetchone()
        return int(row[0])

    def append_entries(self, first: int, entries: Sequence[tuple[bytes, bytes]]) -> None:
        with self._write() as db:
            _insert_entries(db, first, entries)

    def append_with_tiles(
        self,
        first: int,
        entries: Sequence[tuple[bytes, bytes]],
        hash_tiles: Mapping[tiles.TileId, bytes],
        bundles: Mapping[tiles.BundleId, bytes],
    ) -> None:
        with self._write() as db:
            _insert_entries(db, first, entries)
            _insert_tiles(db, hash_tiles, bundles)

    def find_entries(self, leaf_hashes: Sequence[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        conn = self._conn()
        for first in range(0, len(leaf_hashes), _LOOKUP_CHUNK):  # one query per chunk, not one per entry
            chunk = leaf_hashes[first : first + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                (bytes(leaf), int(idx))
                for leaf, idx in conn.execute(f"SELECT leaf, idx FROM entries WHERE leaf IN ({marks})", chunk)  # noqa: S608 - only placeholders
            )
        return found

    def read_entries(self, start: int, end: int) -> list[bytes]:
        rows = (
            self._conn()
            .execute("SELECT data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx", (start, end))
            .fetchall()
        )
        if len(rows) != end - start:
            raise StorageError(f"entries {start}..{end - 1} are not all sequenced")
        return [bytes(r[0]) for r in rows]

    # ------------------------------------------------------------------ tiles and bundles

    def write_tiles(self, hash_tiles: Mapping[tiles.TileId, bytes], bundles: Mapping[tiles.BundleId, bytes]) -> None:
        with self._write() as db:
            _insert_tiles(db, hash_tiles, bundles)

    def _read(self, level: int, index: int, width: int) -> bytes | None:
        row = (
            self._conn()
            .execute("SELECT data FROM tiles WHERE level = ? AND idx = ? AND width = ?", (level, index, width))
            .fetchone()
        )
        return None if row is None else bytes(row[0])

    def read_tile(self, tile: tiles.TileId) -> bytes | None:
        return self._read(tile.level, tile.index, tile.width)

    def read_bundle(self, bundle: tiles.BundleId) -> bytes | None:
        return self._read(_BUNDLE_LEVEL, bundle.index, bundle.width)

    # ------------------------------------------------------------------ checkpoint

    def read_checkpoint(self) -> StoredCheckpoint | None:
        row = self._conn().execute("SELECT size, note FROM checkpoint WHERE one = 1").fetchone()
        return None if row is None else StoredCheckpoint(int(row[0]), bytes(row[1]))

    def swap_checkpoint(self, expected: StoredCheckpoint | None, new: StoredCheckpoint) -> None:
        with self._write() as db:
            row = db.execute("SELECT size, note FROM checkpoint WHERE one = 1").fetchone()
            current = None if row is None else StoredCheckpoint(int(row[0]), bytes(row[1]))
            if current != expected:
                raise CheckpointConflictError("the stored checkpoint is not the one this swap expected")
            db.execute("INSERT OR REPLACE INTO checkpoint VALUES (1, ?, ?)", (new.size, new.note))


def _insert_entries(db: sqlite3.Connection, first: int, entries: Sequence[tuple[bytes, bytes]]) -> None:
    count = int(db.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries").fetchone()[0])
    if count != first:
        raise StorageError(f"entries would start at {first}, but {count} are sequenced")
    try:
        db.executemany(
            "INSERT INTO entries (idx, leaf, data) VALUES (?, ?, ?)",
            ((first + i, leaf, data) for i, (leaf, data) in enumerate(entries)),
        )
    except sqlite3.IntegrityError as exc:
        raise StorageError("an entry is already sequenced") from exc


def _insert_tiles(
    db: sqlite3.Connection, hash_tiles: Mapping[tiles.TileId, bytes], bundles: Mapping[tiles.BundleId, bytes]
) -> None:
    items = [(t.level, t.index, t.width, data) for t, data in hash_tiles.items()]
    items += [(_BUNDLE_LEVEL, b.index, b.width, data) for b, data in bundles.items()]
    for level, index, width, data in items:
        old = db.execute(
            "SELECT data FROM tiles WHERE level = ? AND idx = ? AND width = ?", (level, index, width)
        ).fetchone()
        if old is not None:
            if bytes(old[0]) != data:
                raise StorageError(f"an immutable tile (level {level}, index {index}) would change")
            continue
        db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (level, index, width, data))
        if width == tiles.TILE_WIDTH:  # the partial versions are now redundant (tlog-tiles)
            db.execute("DELETE FROM tiles WHERE level = ? AND idx = ? AND width < ?", (level, index, width))
