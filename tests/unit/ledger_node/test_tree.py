"""TreeEdge builds the tiles and roots of the golang/mod test log byte for byte (tiled_tree_leaf_n_70000.json)."""

from __future__ import annotations

import hashlib

import pytest

from ledger_client import merkle, tiles
from ledger_node.tree import TreeEdge, encode_bundle, perfect_root
from tests.helpers import assets
from tests.helpers.tile_log import TileLog, leaf_entries

VECTOR = assets.load("tiled_tree_leaf_n_70000")
SIZES = sorted(int(s) for s in VECTOR["root_by_tree_size_hex"])


def _grow(sizes: list[int]) -> tuple[TreeEdge, dict[str, bytes], dict[int, bytes]]:
    """Extend an empty edge to each size in turn; returns every tile written (by path) and the roots."""
    edge = TreeEdge(0, [], [])
    written: dict[str, bytes] = {}
    roots = {0: edge.root()}
    for size in sizes:
        entries = leaf_entries(size - edge.size, start=edge.size)
        extension = edge.extend(entries, [merkle.leaf_hash(e) for e in entries])
        assert extension.size == size
        written.update({t.path(): data for t, data in extension.hash_tiles.items()})
        written.update({b.path(): data for b, data in extension.bundles.items()})
        roots[size] = extension.root
    return edge, written, roots


def test_roots_match_the_vector_at_every_listed_size() -> None:
    _, _, roots = _grow([s for s in SIZES if s])
    for size_text, root_hex in VECTOR["root_by_tree_size_hex"].items():
        assert roots[int(size_text)].hex() == root_hex, size_text


def test_tiles_written_at_each_size_are_byte_identical_to_the_vector() -> None:
    _, written, _ = _grow([s for s in SIZES if s])
    for expected in VECTOR["tiles_for_tree_size"].values():
        for tile in expected:
            assert hashlib.sha256(written[tile["path"]]).hexdigest() == tile["sha256_of_tile_bytes"], tile["path"]


@pytest.mark.parametrize("batch", [1, 7, 255, 256, 1000])
def test_any_batching_gives_the_tiles_of_the_independent_builder(batch: int) -> None:
    total = 3 * 256 + 5 if batch < 256 else 70_000
    edge = TreeEdge(0, [], [])
    written: dict[tiles.TileId | tiles.BundleId, bytes] = {}
    while edge.size < total:
        entries = leaf_entries(min(batch, total - edge.size), start=edge.size)
        extension = edge.extend(entries, [merkle.leaf_hash(e) for e in entries])
        written.update(extension.hash_tiles.items())
        written.update(extension.bundles.items())
    reference = TileLog.from_entries(leaf_entries(total))
    for tile, data in reference.published_tiles().items():
        assert written[tile] == data, tile.path()
    for bundle, data in reference.published_bundles().items():
        assert written[bundle] == data, bundle.path()
    assert edge.root() == reference.root()


def test_an_edge_loaded_from_its_tiles_continues_where_it_stopped() -> None:
    first, written, _ = _grow([300])

    def read_tile(tile: tiles.TileId) -> bytes:
        return written[tile.path()]

    loaded = TreeEdge.load(300, read_tile, lambda a, b: leaf_entries(b - a, start=a))
    assert loaded.root() == first.root()
    more = leaf_entries(70_000 - 300, start=300)
    assert (
        loaded.extend(more, [merkle.leaf_hash(e) for e in more]).root.hex() == VECTOR["root_by_tree_size_hex"]["70000"]
    )


def test_empty_tree_has_the_empty_root_and_no_tiles() -> None:
    edge = TreeEdge(0, [], [])
    assert edge.root() == merkle.EMPTY_ROOT
    extension = edge.extend([], [])
    assert extension.hash_tiles == {}
    assert extension.bundles == {}


def test_bundle_records_are_length_prefixed() -> None:
    assert encode_bundle([b"one", b"two"]) == bytes.fromhex("00036f6e65000374776f")
    assert perfect_root([merkle.leaf_hash(b"a")]) == merkle.leaf_hash(b"a")
