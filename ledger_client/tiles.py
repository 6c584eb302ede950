"""Tile geometry and resource paths of a tiled log (c2sp.org/tlog-tiles, RFC 9162 trees).

Spec: C2SP ``tlog-tiles.md`` at commit 5ba5ee83 (docs/protocol.md §3.1-3.4). A tile is
height 8: a level-``L`` tile ``N`` holds up to 256 consecutive hashes of the tree
row at height ``8L``. For a tree of ``size`` leaves the level-``L`` row has
``size >> 8L`` complete hashes, so a tile is *full* (256 hashes) or the one
*partial* tile at the right edge (1-255 hashes, path suffix ``.p/<W>``).

Everything here is pure arithmetic on our own values, except the ``from_path``
parsers, which accept text from outside (a request path, a listing) and
therefore raise only :class:`~ledger_client.errors.MalformedResponseError`
(``what="tile path"``). A bad argument of ours (a negative size, a width of 300)
is a ``ValueError``.

>>> TileId(0, 1234067).path()
'tile/0/x001/x234/067'
>>> TileId.from_path("tile/1/001.p/17")
TileId(level=1, index=1, width=17)
>>> [t.path() for t in tiles_for_size(257)]
['tile/0/000', 'tile/0/001.p/1', 'tile/1/000.p/1']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger_client.errors import MalformedResponseError

#: Tile height: a tile spans 8 levels of the tree (tlog-tiles "Merkle tree" section).
TILE_HEIGHT = 8
#: Hashes in a full tile (and entries in a full bundle).
TILE_WIDTH = 1 << TILE_HEIGHT
#: ``<L>`` is 0..63 in a path.
MAX_LEVEL = 63
#: Tree sizes fit in u64 (tlog-checkpoint).
MAX_TREE_SIZE = (1 << 64) - 1
#: Largest tile index a path may name (fits int64, like golang/mod ``sumdb/tlog``).
MAX_INDEX = (1 << 63) - 1
#: Longest path text we look at; a valid one is far shorter.
MAX_PATH_CHARS = 128

# ``<N>``: groups of three digits, every group but the last with an "x" prefix.
_INDEX_RE = re.compile(r"(?:x[0-9]{3}/)*[0-9]{3}")
_LEVEL_RE = re.compile(r"0|[1-9][0-9]?")
_WIDTH_RE = re.compile(r"[1-9][0-9]{0,2}")


def _check_index_width(index: int, width: int) -> None:
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"tile index {index} is outside 0..2**63-1")
    if not 1 <= width <= TILE_WIDTH:
        raise ValueError(f"tile width {width} is outside 1..{TILE_WIDTH}")


def encode_index(index: int) -> str:
    """``<N>`` of a tile path: base-1000 groups, "x" before all but the last.

    >>> encode_index(1234067)
    'x001/x234/067'
    """
    if index < 0:
        raise ValueError(f"tile index {index} is negative")
    groups = [f"{index % 1000:03d}"]
    index //= 1000
    while index:
        groups.append(f"x{index % 1000:03d}")
        index //= 1000
    return "/".join(reversed(groups))


def _suffix(width: int) -> str:
    return "" if width == TILE_WIDTH else f".p/{width}"


@dataclass(frozen=True, slots=True)
class TileId:
    """One hash tile: ``tile/<level>/<index>[.p/<width>]``.

    Raises:
        ValueError: level outside 0..63, width outside 1..256, or a negative index.
    """

    level: int
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if not 0 <= self.level <= MAX_LEVEL:
            raise ValueError(f"tile level {self.level} is outside 0..{MAX_LEVEL}")
        _check_index_width(self.index, self.width)

    @property
    def is_partial(self) -> bool:
        return self.width < TILE_WIDTH

    def path(self) -> str:
        """The resource path (no prefix); ``.p/<W>`` only for a partial tile."""
        return f"tile/{self.level}/{encode_index(self.index)}{_suffix(self.width)}"

    def full(self) -> TileId:
        """The full tile at the same place (what a partial one becomes once it fills)."""
        return TileId(self.level, self.index)

    @classmethod
    def from_path(cls, path: str) -> TileId:
        """Parse ``tile/<L>/<N>[.p/<W>]`` strictly (canonical text only).

        Raises:
            MalformedResponseError: anything but the canonical path of a valid tile.
        """
        rest = _strip(path, "tile/")
        level_text, _, rest = rest.partition("/")
        if not _LEVEL_RE.fullmatch(level_text):
            raise _bad_path(path, "tile level is not a decimal 0..63 without leading zeros")
        try:
            return cls(int(level_text), *_index_and_width(path, rest))
        except ValueError as exc:
            raise _bad_path(path, "the path names no valid tile") from exc


@dataclass(frozen=True, slots=True)
class BundleId:
    """One entry bundle: ``tile/entries/<index>[.p/<width>]``, entries ``256·index ...``.

    Raises:
        ValueError: width outside 1..256, or a negative index.
    """

    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        _check_index_width(self.index, self.width)

    @property
    def is_partial(self) -> bool:
        return self.width < TILE_WIDTH

    @property
    def first_entry(self) -> int:
        """Log index of the bundle's first record."""
        return self.index * TILE_WIDTH

    def path(self) -> str:
        return f"tile/entries/{encode_index(self.index)}{_suffix(self.width)}"

    def full(self) -> BundleId:
        return BundleId(self.index)

    @classmethod
    def from_path(cls, path: str) -> BundleId:
        """Parse ``tile/entries/<N>[.p/<W>]`` strictly.

        Raises:
            MalformedResponseError: anything but the canonical path of a valid bundle.
        """
        rest = _strip(path, "tile/entries/")
        try:
            return cls(*_index_and_width(path, rest))
        except ValueError as exc:
            raise _bad_path(path, "the path names no valid entry bundle") from exc


def parse_path(path: str) -> TileId | BundleId:
    """Parse a tile or entry-bundle path (the node's router uses this).

    Raises:
        MalformedResponseError: the text is not a canonical tile or bundle path.
    """
    if path.startswith("tile/entries/"):
        return BundleId.from_path(path)
    return TileId.from_path(path)


def _bad_path(path: str, why: str) -> MalformedResponseError:
    return MalformedResponseError(
        f"not a tlog-tiles path: {why}",
        what="tile path",
        received=path.encode("utf-8", "replace"),
    )


def _strip(path: str, prefix: str) -> str:
    if len(path) > MAX_PATH_CHARS:
        raise _bad_path(path, f"longer than {MAX_PATH_CHARS} characters")
    if not path.startswith(prefix):
        raise _bad_path(path, f"does not start with {prefix!r}")
    return path[len(prefix) :]


def _index_and_width(path: str, text: str) -> tuple[int, int]:
    """``<N>[.p/<W>]`` to (index, width); the digit groups must be canonical."""
    index_text, dot_p, width_text = text.partition(".p/")
    width = TILE_WIDTH
    if dot_p:
        if not _WIDTH_RE.fullmatch(width_text) or int(width_text) >= TILE_WIDTH:
            raise _bad_path(path, "partial width is not a decimal 1..255 without leading zeros")
        width = int(width_text)
    if not _INDEX_RE.fullmatch(index_text):
        raise _bad_path(path, "tile index is not in x000/.../000 groups")
    index = int(index_text.replace("x", "").replace("/", ""))
    if index > MAX_INDEX or encode_index(index) != index_text:
        raise _bad_path(path, "tile index is too large or not canonical (leading x000 group)")
    return index, width


# ---------------------------------------------------------------------------- geometry


def _check_size(size: int) -> None:
    if not 0 <= size <= MAX_TREE_SIZE:
        raise ValueError(f"tree size {size} is outside 0..2**64-1")


def row_width(level: int, size: int) -> int:
    """Complete hashes in the level-``level`` tile row of a tree of ``size`` leaves."""
    _check_size(size)
    return size >> (TILE_HEIGHT * level)


def tile_at(level: int, index: int, size: int) -> TileId:
    """Tile ``index`` of row ``level`` at the width a tree of ``size`` implies.

    Raises:
        ValueError: the tree has no such tile yet.
    """
    available = row_width(level, size) - index * TILE_WIDTH
    if index < 0 or available <= 0:
        raise ValueError(f"a tree of size {size} has no tile {index} at level {level}")
    return TileId(level, index, min(available, TILE_WIDTH))


def tiles_for_size(size: int) -> tuple[TileId, ...]:
    """Every hash tile a log of ``size`` leaves serves, level by level, left to right.

    There are about ``size / 255`` of them: meant for the sizes a log really holds.
    """
    out: list[TileId] = []
    level = 0
    while (count := row_width(level, size)) > 0:
        full, partial = divmod(count, TILE_WIDTH)
        out.extend(TileId(level, n) for n in range(full))
        if partial:
            out.append(TileId(level, full, partial))
        level += 1
    return tuple(out)


def bundles_for_size(size: int) -> tuple[BundleId, ...]:
    """Every entry bundle a log of ``size`` leaves serves, left to right."""
    return tuple(BundleId(t.index, t.width) for t in tiles_for_size(size) if t.level == 0)


def bundle_for_entry(index: int, size: int) -> BundleId:
    """The bundle, at the width ``size`` implies, that holds entry ``index`` (at offset ``index % 256``).

    Raises:
        ValueError: the entry is not in a tree of ``size``.
    """
    _check_size(size)
    if not 0 <= index < size:
        raise ValueError(f"entry {index} is outside a tree of size {size}")
    tile = tile_at(0, index // TILE_WIDTH, size)
    return BundleId(tile.index, tile.width)


@dataclass(frozen=True, slots=True)
class NodeLocation:
    """Where a tree node lives: ``count`` entries of ``tile`` starting at ``offset``.

    The node's hash is the perfect-subtree hash of those entries.
    """

    tile: TileId
    offset: int
    count: int

    @property
    def level_within_tile(self) -> int:
        """Height of the node above the tile's entries (0..7)."""
        return self.count.bit_length() - 1

    @property
    def index_within_tile(self) -> int:
        """The node's position among the nodes of that height inside the tile."""
        return self.offset >> self.level_within_tile


def tile_for_node(height: int, index: int, size: int) -> NodeLocation:
    """Locate node (``height``, ``index``) — leaves ``[index·2^h, (index+1)·2^h)`` — in the tiles of ``size``.

    Raises:
        ValueError: the node is not complete in a tree of ``size``.
    """
    _check_size(size)
    if height < 0 or index < 0 or (index + 1) << height > size:
        raise ValueError(f"node ({height}, {index}) is not complete in a tree of size {size}")
    level, sub = divmod(height, TILE_HEIGHT)
    tile = tile_at(level, index >> (TILE_HEIGHT - sub), size)
    return NodeLocation(tile, (index << sub) % TILE_WIDTH, 1 << sub)
