"""The storage contract of the node (docs/architecture.md §4; c2sp.org/tlog-tiles for what is stored).

The sequencer talks to storage only through :class:`Storage`; the default is
:class:`ledger_node.sqlite_storage.SqliteStorage` (one SQLite file in WAL mode).
The contract is written on the protocol, as sunlight writes it on its
``Backend`` (CONTRIBUTING.md §1): any implementation that keeps it keeps the node's
crash guarantees, which the fault-injection tests check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ledger_client import tiles


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    """The published checkpoint: its tree size and the full signed note (log signature and cosignatures)."""

    size: int
    note: bytes

    def __post_init__(self) -> None:
        if self.size < 0 or not self.note:
            raise ValueError("a stored checkpoint has a size of at least 0 and a non-empty note")


class Storage(Protocol):
    """Durable state of one log: sequenced entries, immutable tiles and bundles, one published checkpoint.

    Contract (every implementation keeps all of it):

    1. **Durable on return.** When a write method returns, its data survives a
       crash of the process and of the machine; when it raises, it wrote
       nothing (each write is one transaction).
    2. **Entries are sequenced once.** ``append_entries(first, entries)`` stores
       entry ``first + i`` for each ``i``; ``first`` must equal
       :meth:`entry_count`, otherwise it raises
       :class:`~ledger_node.errors.StorageError` and writes nothing. An index is
       never reassigned, and an entry's bytes never change. The same entry bytes
       are never stored twice (:meth:`find_entries` finds them by leaf hash).
    3. **Tiles and bundles are immutable.** Writing a tile or bundle that exists
       with the same bytes is a no-op; with other bytes it raises
       :class:`~ledger_node.errors.StorageError`. A partial tile or bundle may be
       deleted once the full one at the same place is stored (tlog-tiles allows
       it); nothing else is ever deleted.
    4. **The checkpoint is replaced only by compare-and-swap.**
       :meth:`swap_checkpoint` installs ``new`` only if the stored checkpoint is
       exactly ``expected`` (``None``: none yet), otherwise it raises
       :class:`~ledger_node.errors.CheckpointConflictError`. The caller has
       already written every tile and bundle ``new`` implies.
    5. **Reads see only returned writes**, and never a torn one.
    """

    def entry_count(self) -> int:
        """How many entries are sequenced (published or not)."""
        ...

    def append_entries(self, first: int, entries: Sequence[tuple[bytes, bytes]]) -> None:
        """Sequence ``(leaf_hash, entry)`` pairs at ``first, first + 1, ...`` (rule 2)."""
        ...

    def append_with_tiles(
        self,
        first: int,
        entries: Sequence[tuple[bytes, bytes]],
        hash_tiles: Mapping[tiles.TileId, bytes],
        bundles: Mapping[tiles.BundleId, bytes],
    ) -> None:
        """:meth:`append_entries` and :meth:`write_tiles` in one transaction (one commit per batch)."""
        ...

    def find_entries(self, leaf_hashes: Sequence[bytes]) -> dict[bytes, int]:
        """The index of each stored entry among ``leaf_hashes`` (by leaf hash); absent ones are left out."""
        ...

    def read_entries(self, start: int, end: int) -> list[bytes]:
        """Entries ``start .. end - 1``, all of which are sequenced."""
        ...

    def write_tiles(self, hash_tiles: Mapping[tiles.TileId, bytes], bundles: Mapping[tiles.BundleId, bytes]) -> None:
        """Store tiles and bundles in one transaction (rule 3)."""
        ...

    def read_tile(self, tile: tiles.TileId) -> bytes | None:
        """The stored bytes of exactly this tile id, or None."""
        ...

    def read_bundle(self, bundle: tiles.BundleId) -> bytes | None:
        """The stored bytes of exactly this bundle id, or None."""
        ...

    def read_checkpoint(self) -> StoredCheckpoint | None:
        """The published checkpoint, or None before the first one."""
        ...

    def swap_checkpoint(self, expected: StoredCheckpoint | None, new: StoredCheckpoint) -> None:
        """Replace ``expected`` by ``new`` atomically (rule 4)."""
        ...

    def close(self) -> None:
        """Release the storage; nothing may be called afterwards."""
        ...
