"""Audit a whole tiled log: every hash tile (and, on request, every entry bundle) against a signed root.

c2sp.org/tlog-tiles, RFC 9162 §2.1; the same check as Tessera's ``fsck``. The
walk is top down, so the first thing that disagrees is the thing to blame:

1. The right-edge tile of every level is read and ``MTH(D[0:n])`` recomputed
   from them alone; it must equal the signed root. (Those tiles hold every node
   of the root, see :mod:`ledger_client.tile_proofs`.) When it does not, the
   edge is searched for the culprit: an edge hash that its full child tile does
   not reproduce, else a level-0 edge hash its entry does not reproduce (with
   ``entries``), else the root itself.
2. Depth first from the top tile, each full tile below a verified tile must
   hash (all 256 entries, pairwise) to its entry in that tile; with
   ``entries``, each level-0 tile's leaf hashes must equal the hashes of the
   entries of the bundle of the same index.

Memory is constant in the log's size: one tile per level (at most 8 KiB each,
eight levels for any 64-bit tree) is held at a time, and every tile is read
once (the edge tiles read in step 1 are reused in step 2). Tiles are asked for
at the widths the audited size implies; a partial tile a server no longer has
may be answered by its full successor (its prefix is used).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ledger_client import merkle, tile_proofs, tiles, wire_tiles
from ledger_client.errors import MalformedResponseError, TransportError

_Levels = tuple[tuple[bytes, ...], ...]


class AuditSource(Protocol):
    """Where tiles and bundles come from: a directory laid out as tlog-tiles, or a server.

    Contract: ``read(path, limit=...)`` returns the bytes stored at ``path`` (a
    tlog-tiles resource path). A resource that does not exist raises
    :class:`TransportError` with ``status`` 404; anything that could not be read
    raises :class:`TransportError` without a status (the audit then stops:
    nothing was learned about the log).
    """

    def read(self, path: str, *, limit: int) -> bytes: ...


class Kind(enum.Enum):
    """What disagreed."""

    HASH_TILE = "hash_tile"  # a full tile does not hash to its entry in the verified tile above
    EDGE_TILE = "edge_tile"  # a right-edge tile hash is not reproduced by what lies below it
    ENTRY = "entry"  # an entry does not hash to the leaf hash in its verified level-0 tile
    ROOT = "root"  # the tiles and entries agree with each other but not with the signed root
    MISSING = "missing"  # a tile or bundle the size implies is not served
    MALFORMED = "malformed"  # a tile or bundle is not in its format (wrong length, bad record)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """The first thing that does not agree with the signed root, with its coordinates and both hashes.

    Attributes:
        kind: see :class:`Kind`.
        path: the resource to blame (``tile/1/000``, ``tile/entries/003.p/9``).
        level, tile_index: the tile's coordinates (level -1 for an entry bundle).
        position: the hash (or record) within that resource, when known.
        entry_index: the log index of the entry, for ``ENTRY``.
        expected: the hash the verified side says it should be (``None`` for MISSING/MALFORMED).
        found: the hash recomputed from the resource (``None`` for MISSING/MALFORMED).
        checked_against: what ``expected`` comes from (a tile path and position, "signed root", ...).
        detail: one sentence for people.
    """

    kind: Kind
    path: str
    level: int
    tile_index: int
    detail: str
    position: int | None = None
    entry_index: int | None = None
    expected: bytes | None = None
    found: bytes | None = None
    checked_against: str | None = None


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What an audit of one tree size found."""

    size: int
    root: bytes
    tiles_checked: int
    bundles_checked: int
    entries_checked: int
    disagreement: Disagreement | None

    @property
    def ok(self) -> bool:
        return self.disagreement is None


class _StopError(Exception):
    """Carries the first disagreement out of the walk."""

    def __init__(self, found: Disagreement) -> None:
        super().__init__(found.detail)
        self.found = found


def _hash_levels(hashes: tuple[bytes, ...]) -> _Levels:
    levels = [hashes]
    for _ in range(tiles.TILE_HEIGHT):
        below = levels[-1]
        levels.append(tuple(merkle.node_hash(below[j], below[j + 1]) for j in range(0, len(below) - 1, 2)))
    return tuple(levels)


def _tile_hash(levels: _Levels) -> bytes:
    """The hash a full tile stands for one level up."""
    return levels[tiles.TILE_HEIGHT][0]


Progress = Callable[[int, int, int], None]
"""Called now and then with (tiles checked, bundles checked, level-0 tiles in the tree)."""


class _Walk:
    def __init__(self, size: int, root: bytes, source: AuditSource, entries: bool, progress: Progress | None) -> None:
        self.size = size
        self.root = root
        self.source = source
        self.entries = entries
        self.progress = progress
        self.tiles_checked = 0
        self.bundles_checked = 0
        self.entries_checked = 0
        self.level0_tiles = -(-size // tiles.TILE_WIDTH)
        self.edge: dict[int, _Levels] = {}

    # ------------------------------------------------------------------ reading

    def _fetch(self, path: str, limit: int, level: int, index: int) -> bytes:
        try:
            return self.source.read(path, limit=limit)
        except TransportError as exc:
            if exc.status == 404:
                raise _StopError(Disagreement(Kind.MISSING, path, level, index, f"{path} is not served")) from exc
            raise
        except MalformedResponseError as exc:  # over its size limit
            raise _StopError(Disagreement(Kind.MALFORMED, path, level, index, str(exc))) from exc

    def _fetch_either(self, resource: tiles.TileId | tiles.BundleId, limit: int, level: int) -> bytes:
        """The partial resource, or when it is gone its full successor; a miss names the partial one."""
        try:
            return self._fetch(resource.path(), limit, level, resource.index)
        except _StopError as missing:
            if not resource.is_partial or missing.found.kind is not Kind.MISSING:
                raise
            try:
                return self._fetch(resource.full().path(), limit, level, resource.index)
            except _StopError as again:
                if again.found.kind is Kind.MISSING:
                    raise missing from None
                raise

    def read_tile(self, tile: tiles.TileId) -> _Levels:
        data = self._fetch_either(tile, wire_tiles.MAX_TILE_BYTES, tile.level)
        try:
            if tile.is_partial and len(data) == wire_tiles.MAX_TILE_BYTES:
                hashes = wire_tiles.parse_hash_tile(data, tile.full())[: tile.width]
            else:
                hashes = wire_tiles.parse_hash_tile(data, tile)
        except MalformedResponseError as exc:
            raise _StopError(Disagreement(Kind.MALFORMED, tile.path(), tile.level, tile.index, str(exc))) from exc
        self.tiles_checked += 1
        if self.progress is not None and self.tiles_checked % 1024 == 0:
            self.progress(self.tiles_checked, self.bundles_checked, self.level0_tiles)
        return _hash_levels(hashes)

    def read_bundle(self, bundle: tiles.BundleId) -> tuple[bytes, ...]:
        data = self._fetch_either(bundle, wire_tiles.MAX_BUNDLE_BYTES, -1)
        try:
            return wire_tiles.parse_entry_bundle(data, bundle)
        except MalformedResponseError as exc:
            if bundle.is_partial:  # perhaps its full successor answered: keep the partial bundle's records
                try:
                    return wire_tiles.parse_entry_bundle(data, bundle.full())[: bundle.width]
                except MalformedResponseError:
                    pass
            raise _StopError(Disagreement(Kind.MALFORMED, bundle.path(), -1, bundle.index, str(exc))) from exc

    # ------------------------------------------------------------------ step 1: the edge

    def edge_tiles(self) -> Iterator[tiles.TileId]:
        level = 0
        while (count := tiles.row_width(level, self.size)) > 0:
            if count % tiles.TILE_WIDTH:
                yield tiles.tile_at(level, count // tiles.TILE_WIDTH, self.size)
            level += 1

    def _edge_node(self, height: int, index: int) -> bytes:
        where = tiles.tile_for_node(height, index, self.size)
        levels = self.edge.get(where.tile.level)
        if levels is None or where.tile.index != tiles.row_width(where.tile.level, self.size) // tiles.TILE_WIDTH:
            raise AssertionError(f"node ({height}, {index}) of the root is not in an edge tile")  # pragma: no cover
        return levels[where.level_within_tile][where.index_within_tile]

    def _edge_mth(self, start: int, end: int) -> bytes:
        width = end - start
        if width & (width - 1) == 0:
            height = width.bit_length() - 1
            return self._edge_node(height, start >> height)
        k = merkle.split_point(width)
        return merkle.node_hash(self._edge_mth(start, start + k), self._edge_mth(start + k, end))

    def check_edge(self) -> None:
        edge = list(self.edge_tiles())
        for tile in edge:
            self.edge[tile.level] = self.read_tile(tile)
        recomputed = self._edge_mth(0, self.size)
        if recomputed == self.root:
            return
        for tile in reversed(edge):  # from the top: an edge hash its full child does not reproduce
            if tile.level == 0:
                continue
            for j, stored in enumerate(self.edge[tile.level][0]):
                child = tiles.TileId(tile.level - 1, tile.index * tiles.TILE_WIDTH + j)
                found = _tile_hash(self.read_tile(child))
                if found != stored:
                    raise _StopError(
                        Disagreement(
                            Kind.EDGE_TILE,
                            tile.path(),
                            tile.level,
                            tile.index,
                            f"{tile.path()} (which the signed root does not accept) holds at position {j}"
                            f" a hash that {child.path()} does not reproduce",
                            position=j,
                            expected=found,
                            found=stored,
                            checked_against=child.path(),
                        )
                    )
        if self.entries and 0 in self.edge:
            tile = edge[0]
            leaves = self.edge[0][0]
            bundle = tiles.BundleId(tile.index, tile.width)
            for j, entry in enumerate(self.read_bundle(bundle)):
                found = merkle.leaf_hash(entry)
                if found != leaves[j]:
                    raise _StopError(
                        Disagreement(
                            Kind.EDGE_TILE,
                            tile.path(),
                            0,
                            tile.index,
                            f"{tile.path()} (which the signed root does not accept) holds at position {j}"
                            f" a leaf hash that entry {bundle.first_entry + j} does not reproduce",
                            position=j,
                            entry_index=bundle.first_entry + j,
                            expected=found,
                            found=leaves[j],
                            checked_against=f"{bundle.path()} record {j}",
                        )
                    )
        only = edge[0] if len(edge) == 1 else None
        raise _StopError(
            Disagreement(
                Kind.ROOT,
                only.path() if only else "checkpoint",
                only.level if only else -1,
                only.index if only else -1,
                f"{only.path() if only else 'the right-edge tiles'} of a tree of size {self.size}"
                " do not reproduce the signed root, and nothing below them disagrees",
                expected=self.root,
                found=recomputed,
                checked_against="signed root",
            )
        )

    # ------------------------------------------------------------------ step 2: depth first

    def visit(self, level: int, index: int, levels: _Levels) -> None:
        """Check everything below the verified tile (``level``, ``index``)."""
        if level == 0:
            self._check_bundle(index, levels[0])
            return
        for j, stored in enumerate(levels[0]):
            child_index = index * tiles.TILE_WIDTH + j
            child = self.read_tile(tiles.TileId(level - 1, child_index))
            found = _tile_hash(child)
            if found != stored:
                path = tiles.TileId(level - 1, child_index).path()
                above = tiles.tile_at(level, index, self.size).path()
                raise _StopError(
                    Disagreement(
                        Kind.HASH_TILE,
                        path,
                        level - 1,
                        child_index,
                        f"{path} does not hash to entry {j} of the verified tile {above}",
                        position=self._first_bad_leaf(level - 1, child_index, child),
                        expected=stored,
                        found=found,
                        checked_against=f"{above} position {j}",
                    )
                )
            self.visit(level - 1, child_index, child)
        # The edge tile one level down lies just right of the children of this row's last tile.
        below = tiles.row_width(level - 1, self.size)
        if index == (tiles.row_width(level, self.size) - 1) // tiles.TILE_WIDTH and below % tiles.TILE_WIDTH:
            self.visit(level - 1, below // tiles.TILE_WIDTH, self.edge[level - 1])

    def _first_bad_leaf(self, level: int, index: int, child: _Levels) -> int | None:
        """For a rejected level-0 tile, with entries: which leaf hash its bundle does not reproduce."""
        if level != 0 or not self.entries:
            return None
        entries = self.read_bundle(tiles.BundleId(index))
        return next((j for j, e in enumerate(entries) if merkle.leaf_hash(e) != child[0][j]), None)

    def _check_bundle(self, index: int, leaves: tuple[bytes, ...]) -> None:
        if not self.entries:
            return
        bundle = tiles.BundleId(index, len(leaves))
        for j, entry in enumerate(self.read_bundle(bundle)):
            found = merkle.leaf_hash(entry)
            if found != leaves[j]:
                tile = tiles.TileId(0, index, len(leaves))
                raise _StopError(
                    Disagreement(
                        Kind.ENTRY,
                        bundle.path(),
                        -1,
                        index,
                        f"entry {bundle.first_entry + j} ({bundle.path()} record {j}) does not hash to"
                        f" its leaf in the verified tile {tile.path()}",
                        position=j,
                        entry_index=bundle.first_entry + j,
                        expected=leaves[j],
                        found=found,
                        checked_against=f"{tile.path()} position {j}",
                    )
                )
        self.bundles_checked += 1
        self.entries_checked += len(leaves)
        if self.progress is not None and self.bundles_checked % 1024 == 0:
            self.progress(self.tiles_checked, self.bundles_checked, self.level0_tiles)

    def run(self) -> None:
        self.check_edge()
        top = max(self.edge)
        self.visit(top, 0, self.edge[top])


def audit_tree(
    size: int, root: bytes, source: AuditSource, *, entries: bool = False, progress: Progress | None = None
) -> AuditResult:
    """Check that the tiles (and with ``entries`` the bundles) of ``source`` reproduce ``root`` at ``size``.

    ``size`` and ``root`` must come from a checkpoint whose signature was checked.

    Raises:
        ValueError: the root is not 32 bytes or the size is outside 0..2**64-1.
        TransportError: the source could not be read (no status: nothing was learned).
    """
    if len(root) != merkle.HASH_SIZE:
        raise ValueError(f"a root is 32 bytes, not {len(root)}")
    if not 0 <= size <= tiles.MAX_TREE_SIZE:
        raise ValueError(f"tree size {size} is outside 0..2**64-1")
    walk = _Walk(size, root, source, entries, progress)
    found: Disagreement | None = None
    if size == 0:
        if root != merkle.root_hash([]):
            found = Disagreement(
                Kind.ROOT,
                "checkpoint",
                -1,
                -1,
                "a checkpoint of size 0 must carry the empty-tree root",
                expected=merkle.root_hash([]),
                found=root,
                checked_against="RFC 9162 empty tree",
            )
    else:
        try:
            walk.run()
        except _StopError as stop:
            found = stop.found
    if progress is not None:
        progress(walk.tiles_checked, walk.bundles_checked, walk.level0_tiles)
    return AuditResult(size, root, walk.tiles_checked, walk.bundles_checked, walk.entries_checked, found)


def old_root_from_tiles(old_size: int, size: int, root: bytes, source: AuditSource) -> bytes:
    """``MTH(D[0:old_size])`` from the tiles of a tree of ``size`` that an audit just accepted.

    The tiles are read again through :class:`ledger_client.tile_proofs.TileTree`,
    which ties every one it uses to ``root``, so a source that changes its
    answers between two reads cannot slip a different old root in.

    Raises:
        TileMismatchError, MalformedResponseError, TransportError: from the tile reads.
        ValueError: unless ``0 < old_size <= size``.
    """

    class _Tiles:
        def read_tile(self, tile: tiles.TileId) -> bytes:
            try:
                return source.read(tile.path(), limit=wire_tiles.MAX_TILE_BYTES)
            except TransportError as exc:
                if exc.status == 404 and tile.is_partial:
                    return source.read(tile.full().path(), limit=wire_tiles.MAX_TILE_BYTES)
                raise

    if not 0 < old_size <= size:
        raise ValueError(f"no old root of size {old_size} in a tree of size {size}")
    return tile_proofs.TileTree(size, root, _Tiles()).subtree_hash(0, old_size)
