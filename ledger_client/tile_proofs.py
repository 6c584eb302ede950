"""Inclusion and consistency proofs built from tiles alone, tied to a signed root (c2sp.org/tlog-tiles, RFC 9162).

Spec: C2SP ``tlog-tiles.md`` at commit 5ba5ee83 and RFC 9162 §2.1; the method is
docs/protocol.md §3.5. Every hash a proof for tree size ``n`` needs is ``MTH(D[a:b])``
for a node-aligned range inside ``[0, n)``; :meth:`TileTree.subtree_hash`
computes it from tiles read at the widths ``n`` implies, and the generators of
:mod:`ledger_client.merkle` (RFC 6962 ``PATH`` / ``SUBPROOF``) use it as oracle.

No hash from a tile is used before it is tied to the signed root:

1. On construction, the right-edge (partial) tile of every level is read and
   ``MTH(D[0:n])`` is recomputed from them alone; it must equal the signed root.
   Those tiles hold every node of that root, so each of their hashes is then known.
2. A full tile is read only when needed; it must hash (all 256 entries, pairwise)
   to its entry in the tile one level up, itself verified by step 1 or 2.

A tile that breaks either rule raises :class:`~ledger_client.errors.TileMismatchError`
naming it. Each tile is read once, and all its inner node hashes (at most 255)
are kept, so a proof in a 1M-leaf tree reads about six tiles; only a full
level-0 tile is let go once :meth:`TileTree.verify_bundle` has used it (a sync
reads each bundle once, and keeping all of them would grow with the log).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ledger_client import merkle, tiles, wire_tiles
from ledger_client.errors import InclusionProofError, TileMismatchError

#: ``levels[k][j]``: the node of height ``k`` above the tile's entries, ``j``-th from the left.
_TileLevels = tuple[tuple[bytes, ...], ...]


class TileSource(Protocol):
    """Where tiles come from: the network layer, a cache, or a test log.

    Contract: ``read_tile(tile)`` returns the raw bytes served at ``tile.path()``
    (no checking needed; :class:`TileTree` checks everything). A partial tile
    may be gone once it filled (404): the source may then return the bytes of
    ``tile.full()`` instead, and only the first ``tile.width`` hashes are used.
    If the tile cannot be had, it raises :class:`~ledger_client.errors.TransportError`.
    """

    def read_tile(self, tile: tiles.TileId) -> bytes:
        """The bytes of ``tile`` (or of ``tile.full()`` for a vanished partial tile)."""
        ...


def _hash_levels(hashes: tuple[bytes, ...]) -> _TileLevels:
    """Every complete perfect subtree inside one tile, bottom up (level 0 = the tile entries)."""
    levels = [hashes]
    for _ in range(tiles.TILE_HEIGHT):
        below = levels[-1]
        levels.append(tuple(merkle.node_hash(below[j], below[j + 1]) for j in range(0, len(below) - 1, 2)))
    return tuple(levels)


class TileTree:
    """A tree of ``size`` leaves read from tiles, verified against its signed ``root``.

    Construction reads the right-edge tiles and checks the root (step 1 above),
    so an object that exists has a verified edge; later calls read full tiles
    lazily and check each against the verified tile above it (step 2).

    Args:
        size: the tree size of a checkpoint whose signature was already verified.
        root: that checkpoint's root hash.
        source: where to read tiles; only tiles that ``size`` implies are asked for.

    Raises:
        ValueError: size is 0 or over 2**64-1, or the root is not 32 bytes.
        TileMismatchError: the edge tiles do not reproduce ``root``.
        MalformedResponseError: a tile is not ``32 × width`` bytes.
        TransportError: from ``source``.
    """

    def __init__(self, size: int, root: bytes, source: TileSource) -> None:
        if not 0 < size <= tiles.MAX_TREE_SIZE:
            raise ValueError(f"a tree of size {size} has no tiles (size 0 has the empty root)")
        if len(root) != merkle.HASH_SIZE:
            raise ValueError(f"a root is 32 bytes, not {len(root)}")
        self._size = size
        self._root = bytes(root)
        self._source = source
        # Only verified tiles live here, by (level, index).
        self._tiles: dict[tuple[int, int], _TileLevels] = {}
        self._verify_edge()

    @property
    def size(self) -> int:
        return self._size

    @property
    def root(self) -> bytes:
        return self._root

    # ------------------------------------------------------------------ verification

    def _read(self, tile: tiles.TileId) -> _TileLevels:
        data = self._source.read_tile(tile)
        if tile.is_partial and len(data) == wire_tiles.MAX_TILE_BYTES:
            # A vanished partial tile answered by its full successor: keep its prefix.
            hashes = wire_tiles.parse_hash_tile(data, tile.full())[: tile.width]
        else:
            hashes = wire_tiles.parse_hash_tile(data, tile)
        return _hash_levels(hashes)

    def _verify_edge(self) -> None:
        """Step 1: the partial tile of each level must reproduce the signed root."""
        edge = self._edge_tiles()
        candidates = {(t.level, t.index): self._read(t) for t in edge}
        self._tiles = candidates  # provisional: MTH(D[0:n]) reads only these
        recomputed = self._mth(0, self._size)
        if recomputed != self._root:
            self._tiles = {}
            raise TileMismatchError(
                f"the right-edge tiles of a tree of size {self._size} do not reproduce its signed root",
                tile_paths=[t.path() for t in edge],
                size=self._size,
            )

    def _edge_tiles(self) -> list[tiles.TileId]:
        level, out = 0, []
        while (count := tiles.row_width(level, self._size)) > 0:
            if count % tiles.TILE_WIDTH:
                out.append(tiles.tile_at(level, count // tiles.TILE_WIDTH, self._size))
            level += 1
        return out

    def _verified(self, level: int, index: int) -> _TileLevels:
        """Step 2: a full tile, checked against its entry in the verified tile above."""
        known = self._tiles.get((level, index))
        if known is not None:
            return known
        tile = tiles.tile_at(level, index, self._size)
        assert not tile.is_partial, f"edge tile {tile.path()} was verified at construction"
        levels = self._read(tile)
        above = self._verified(level + 1, index // tiles.TILE_WIDTH)
        if levels[tiles.TILE_HEIGHT][0] != above[0][index % tiles.TILE_WIDTH]:
            raise TileMismatchError(
                f"tile {tile.path()} does not hash to its entry in the verified tile above",
                tile_paths=[tile.path()],
                size=self._size,
            )
        self._tiles[(level, index)] = levels
        return levels

    # ------------------------------------------------------------------ hashes

    def _node(self, height: int, index: int) -> bytes:
        where = tiles.tile_for_node(height, index, self._size)
        levels = self._verified(where.tile.level, where.tile.index)
        return levels[where.level_within_tile][where.index_within_tile]

    def _mth(self, start: int, end: int) -> bytes:
        width = end - start
        if width & (width - 1) == 0:
            height = width.bit_length() - 1
            return self._node(height, start >> height)
        k = merkle.split_point(width)
        return merkle.node_hash(self._mth(start, start + k), self._mth(start + k, end))

    def subtree_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) from verified tiles (a :data:`merkle.SubtreeOracle`).

        Raises:
            ValueError: the range is outside the tree, or ``start`` is not a
                multiple of the smallest power of two ``>= end - start`` (not a
                range ``PATH``/``SUBPROOF`` ever ask for).
        """
        if not 0 <= start < end <= self._size:
            raise ValueError(f"range [{start}, {end}) is outside a tree of size {self._size}")
        if start % (1 << (end - start - 1).bit_length()):
            raise ValueError(f"range [{start}, {end}) is not aligned to a tree node")
        return self._mth(start, end)

    def leaf_hash(self, index: int) -> bytes:
        """The verified leaf hash at ``index``, to check a fetched entry against.

        Raises:
            ValueError: ``index`` is not a leaf of the tree.
        """
        return self.subtree_hash(index, index + 1)

    def inclusion_proof(self, index: int) -> list[bytes]:
        """RFC 6962 ``PATH(index, D[0:size])`` from tiles, leaf sibling first.

        Raises:
            ValueError: ``index`` is not a leaf of the tree.
        """
        return merkle.inclusion_proof(index, self._size, self.subtree_hash)

    def consistency_proof(self, old_size: int) -> list[bytes]:
        """RFC 6962 ``PROOF(old_size, D[0:size])`` from tiles read at this tree's size.

        Raises:
            ValueError: unless ``0 < old_size <= size``.
        """
        return merkle.consistency_proof(old_size, self._size, self.subtree_hash)

    def verify_bundle(self, bundle: tiles.BundleId, entries: Sequence[bytes]) -> tuple[bytes, ...]:
        """Check that parsed bundle entries hash to the verified level-0 tile; returns their leaf hashes.

        Raises:
            ValueError: the bundle reaches past the tree, or ``entries`` is not ``bundle.width`` long.
            InclusionProofError: an entry does not hash to the leaf at its index.
        """
        if len(entries) != bundle.width or bundle.first_entry + bundle.width > self._size:
            raise ValueError(f"bundle {bundle.path()} with {len(entries)} entries is not in the tree")
        verified = self._verified(0, bundle.index)[0]  # the level-0 tile of the same index
        leaves = tuple(map(merkle.leaf_hash, entries))
        if leaves != verified[: len(leaves)]:
            offset = next(i for i, leaf in enumerate(leaves) if leaf != verified[i])
            index = bundle.first_entry + offset
            raise InclusionProofError(
                f"entry {index} of {bundle.path()} does not hash to the verified leaf",
                index=index,
                size=self._size,
            )
        if not tiles.tile_at(0, bundle.index, self._size).is_partial:
            # A bundle is read once: keep memory flat over a long log (a later need reads the tile again).
            del self._tiles[(0, bundle.index)]
        return leaves
