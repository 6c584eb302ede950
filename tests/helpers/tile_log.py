"""An in-memory tiled log, written the way a tlog-tiles server writes it (c2sp.org/tlog-tiles).

Test and benchmark support, independent of ``ledger_client.tile_proofs``: it
hashes with :mod:`hashlib` directly, keeps for every tile level ``L`` the row of
complete hashes at tree height ``8L`` and cuts tiles and bundles out of those
rows for any tree size (a row for a smaller tree is a prefix of the row for a
bigger one, so one :class:`TileLog` serves every size up to its own).

>>> log = TileLog.from_entries(leaf_entries(257))
>>> sorted(t.path() for t in log.published_tiles(257))
['tile/0/000', 'tile/0/001.p/1', 'tile/1/000.p/1']
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ledger_client import tiles
from ledger_client.errors import TransportError

_HEIGHT = tiles.TILE_HEIGHT
_WIDTH = tiles.TILE_WIDTH


def leaf_entries(count: int, start: int = 0) -> list[bytes]:
    """The entries ``leaf <i>`` of the golang/mod test log (``tiled_tree_leaf_n_70000.json``)."""
    return [b"leaf %d" % i for i in range(start, start + count)]


def _leaf_hashes(entries: Sequence[bytes]) -> list[bytes]:
    sha = hashlib.sha256
    return [sha(b"\x00" + e).digest() for e in entries]


def _pair_up(row: Sequence[bytes]) -> list[bytes]:
    """One level up: node hashes of adjacent pairs; an odd last hash has no parent yet."""
    sha = hashlib.sha256
    return [sha(b"\x01" + row[j] + row[j + 1]).digest() for j in range(0, len(row) - 1, 2)]


def _perfect_root(hashes: Sequence[bytes]) -> bytes:
    level = list(hashes)
    while len(level) > 1:
        level = _pair_up(level)
    return level[0]


class TileLog:
    """The tile rows of a log of ``len(leaf_hashes)`` leaves.

    ``rows[L]`` holds every complete hash at tree height ``8L``, left to right.
    """

    def __init__(self, leaf_hashes: Sequence[bytes], entries: Sequence[bytes] = ()) -> None:
        self.size = len(leaf_hashes)
        self.entries = list(entries)
        self.rows: list[list[bytes]] = [list(leaf_hashes)]
        while len(self.rows[-1]) >= _WIDTH:
            row = self.rows[-1]
            for _ in range(_HEIGHT):
                row = _pair_up(row)
            self.rows.append(row)

    @classmethod
    def from_entries(cls, entries: Sequence[bytes]) -> TileLog:
        return cls(_leaf_hashes(entries), entries)

    def _node(self, height: int, index: int) -> bytes:
        level, sub = divmod(height, _HEIGHT)
        start = index << sub
        return _perfect_root(self.rows[level][start : start + (1 << sub)])

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves: fold the perfect subtrees named by the bits of ``size``."""
        n = self.size if size is None else size
        assert 0 <= n <= self.size
        if n == 0:
            return hashlib.sha256(b"").digest()
        result: bytes | None = None
        for height in range(n.bit_length()):
            if n >> height & 1:
                node = self._node(height, (n >> height) - 1)
                result = node if result is None else hashlib.sha256(b"\x01" + node + result).digest()
        assert result is not None
        return result

    def tile_bytes(self, tile: tiles.TileId) -> bytes:
        start = tile.index * _WIDTH
        row = self.rows[tile.level]
        assert start + tile.width <= len(row), f"{tile.path()} does not exist yet"
        return b"".join(row[start : start + tile.width])

    def published_tiles(self, size: int | None = None) -> dict[tiles.TileId, bytes]:
        """Every hash tile a server publishes at ``size``, by id."""
        n = self.size if size is None else size
        return {t: self.tile_bytes(t) for t in tiles.tiles_for_size(n)}

    def bundle_bytes(self, bundle: tiles.BundleId) -> bytes:
        records = self.entries[bundle.first_entry : bundle.first_entry + bundle.width]
        assert len(records) == bundle.width, f"{bundle.path()} does not exist yet"
        return b"".join(len(e).to_bytes(2, "big") + e for e in records)

    def published_bundles(self, size: int | None = None) -> dict[tiles.BundleId, bytes]:
        n = self.size if size is None else size
        return {b: self.bundle_bytes(b) for b in tiles.bundles_for_size(n)}


def build_tiles(num_leaves: int) -> tuple[bytes, dict[tiles.TileId, bytes]]:
    """Root and every tile of the log ``leaf 0 .. leaf <num_leaves-1>`` (1M leaves: a few seconds)."""
    log = TileLog(_leaf_hashes(leaf_entries(num_leaves)))
    return log.root(), log.published_tiles()


@dataclass
class DictTileSource:
    """A ``TileSource`` over a dict of tiles, recording every request.

    A missing tile is a 404 :class:`TransportError`. With ``fallback_to_full``, a
    missing partial tile is answered with its full successor if the dict holds
    one, like a transport that retries ``…/N`` after a 404 on ``…/N.p/W``.
    """

    served: Mapping[tiles.TileId, bytes]
    fallback_to_full: bool = False
    requests: list[tiles.TileId] = field(default_factory=list)

    def read_tile(self, tile: tiles.TileId) -> bytes:
        self.requests.append(tile)
        if tile in self.served:
            return self.served[tile]
        if self.fallback_to_full and tile.full() in self.served:
            return self.served[tile.full()]
        raise TransportError(f"no tile at {tile.path()}", url=tile.path(), status=404)
