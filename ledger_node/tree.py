"""The right edge of a tiled Merkle tree, extended batch by batch (c2sp.org/tlog-tiles, RFC 9162 §2.1).

Spec: C2SP ``tlog-tiles.md`` at commit 5ba5ee83 (docs/protocol.md §3.1, §3.4). For a
tree of ``size`` leaves, level ``L`` has ``size >> 8L`` complete hashes; all but
the last ``(size >> 8L) % 256`` of them sit in full tiles that never change, so
the sequencer needs only the *edge*: the hashes of each level's partial tile
(and the entries of the partial bundle). Appending hashes into the edge yields
the tiles and bundles to write, and the edge alone gives the root (the perfect
subtrees named by the bits of ``size`` all lie in edge tiles).

Paths and geometry come from :mod:`ledger_client.tiles`; hashes from
:mod:`ledger_client.merkle`. Nothing here does I/O except through the
callables and the :class:`StoredTiles` adapter passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ledger_client import merkle, tiles, wire_tiles
from ledger_node.storage import Storage

_W = tiles.TILE_WIDTH


def perfect_root(hashes: Sequence[bytes]) -> bytes:
    """MTH of a power-of-two run of hashes (pairwise, RFC 9162 §2.1.1)."""
    level = list(hashes)
    while len(level) > 1:
        level = [merkle.node_hash(level[j], level[j + 1]) for j in range(0, len(level), 2)]
    return level[0]


def encode_bundle(entries: Sequence[bytes]) -> bytes:
    """``uint16 big-endian length || entry`` records, concatenated (docs/protocol.md §3.4)."""
    return b"".join(len(e).to_bytes(2, "big") + e for e in entries)


@dataclass(frozen=True, slots=True)
class Extension:
    """What one extension of the tree produced: the tiles and bundles to write, and the new root."""

    size: int
    root: bytes
    hash_tiles: dict[tiles.TileId, bytes]
    bundles: dict[tiles.BundleId, bytes]


class TreeEdge:
    """The partial tile of every level, and the partial bundle, of a tree of ``size`` leaves.

    Build it with :meth:`load` from stored tiles, then call :meth:`extend`.
    """

    def __init__(self, size: int, rows: list[list[bytes]], bundle_entries: list[bytes]) -> None:
        assert len(bundle_entries) == size % _W, "the partial bundle holds size mod 256 entries"
        self.size = size
        self._rows = rows
        self._bundle = bundle_entries

    @classmethod
    def load(
        cls,
        size: int,
        read_tile: Callable[[tiles.TileId], bytes],
        read_entries: Callable[[int, int], list[bytes]],
    ) -> TreeEdge:
        """The edge of the stored tree of ``size`` leaves, from its partial tiles and entries."""
        rows: list[list[bytes]] = []
        level = 0
        while (count := tiles.row_width(level, size)) > 0:
            partial = count % _W
            if partial:
                tile = tiles.tile_at(level, count // _W, size)
                rows.append(list(wire_tiles.parse_hash_tile(read_tile(tile)[: 32 * partial], tile)))
            else:
                rows.append([])
            level += 1
        start = size - size % _W
        return cls(size, rows, read_entries(start, size))

    def extend(self, entries: Sequence[bytes], leaf_hashes: Sequence[bytes]) -> Extension:
        """Append entries (with their leaf hashes); returns the new tiles, bundles and root."""
        assert len(entries) == len(leaf_hashes)
        old_size, new_size = self.size, self.size + len(entries)
        hash_tiles: dict[tiles.TileId, bytes] = {}
        carry: list[bytes] = list(leaf_hashes)
        level = 0
        while carry:
            if level == len(self._rows):
                self._rows.append([])
            row, index, up = self._rows[level], tiles.row_width(level, old_size) // _W, []
            for h in carry:
                row.append(h)
                if len(row) == _W:
                    hash_tiles[tiles.TileId(level, index)] = b"".join(row)
                    up.append(perfect_root(row))
                    row, index = [], index + 1
            if row:
                hash_tiles[tiles.TileId(level, index, len(row))] = b"".join(row)
            self._rows[level] = row
            carry, level = up, level + 1
        bundles: dict[tiles.BundleId, bytes] = {}
        index = old_size // _W
        for entry in entries:
            self._bundle.append(entry)
            if len(self._bundle) == _W:
                bundles[tiles.BundleId(index)] = encode_bundle(self._bundle)
                self._bundle, index = [], index + 1
        if self._bundle and entries:
            bundles[tiles.BundleId(index, len(self._bundle))] = encode_bundle(self._bundle)
        self.size = new_size
        return Extension(new_size, self.root(), hash_tiles, bundles)

    def root(self) -> bytes:
        """MTH(D[0:size]): fold the perfect subtrees named by the bits of ``size``, smallest first."""
        n = self.size
        if n == 0:
            return merkle.EMPTY_ROOT
        result: bytes | None = None
        for height in range(n.bit_length()):
            if n >> height & 1:
                level, sub = divmod(height, tiles.TILE_HEIGHT)
                start = (((n >> height) - 1) << sub) % _W
                node = perfect_root(self._rows[level][start : start + (1 << sub)])
                result = node if result is None else merkle.node_hash(node, result)
        assert result is not None
        return result


class StoredTiles:
    """A :class:`ledger_client.tile_proofs.TileSource` over storage, and the read path's tile lookup.

    A partial tile or bundle deleted after its full version was stored is
    answered with the full one's prefix: the bytes are the same (tlog-tiles).
    """

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    def find_tile(self, tile: tiles.TileId) -> bytes | None:
        data = self._storage.read_tile(tile)
        if data is None and tile.is_partial:
            full = self._storage.read_tile(tile.full())
            data = None if full is None else full[: 32 * tile.width]
        return data

    def find_bundle(self, bundle: tiles.BundleId) -> bytes | None:
        data = self._storage.read_bundle(bundle)
        if data is None and bundle.is_partial:
            full = self._storage.read_bundle(bundle.full())
            data = None if full is None else _first_records(full, bundle.width)
        return data

    def read_tile(self, tile: tiles.TileId) -> bytes:
        data = self.find_tile(tile)
        if data is None:
            raise LookupError(f"storage holds no {tile.path()}")
        return data


def _first_records(bundle: bytes, count: int) -> bytes:
    pos = 0
    for _ in range(count):
        pos += 2 + int.from_bytes(bundle[pos : pos + 2], "big")
    return bundle[:pos]
