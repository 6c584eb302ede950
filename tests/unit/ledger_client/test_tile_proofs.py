"""Tests of proofs built from tiles alone (docs/protocol.md §3.5, c2sp.org/tlog-tiles, RFC 9162) and of lying tiles."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger_client import merkle, tile_proofs, tiles, wire_tiles
from ledger_client.errors import (
    InclusionProofError,
    MalformedResponseError,
    TileMismatchError,
    TransportError,
    VerificationError,
)
from tests.helpers.tile_log import DictTileSource, TileLog, build_tiles, leaf_entries

ASSETS = Path(__file__).resolve().parents[2] / "assets"
TESSERA = json.loads((ASSETS / "tiled_log_tessera_testdata.json").read_text())
LEAF_N = json.loads((ASSETS / "tiled_tree_leaf_n_70000.json").read_text())
TESSERA_ROOTS = {int(n): base64.b64decode(r) for n, r in TESSERA["root_by_tree_size_b64"].items()}
LEAF_N_ROOTS = {int(n): bytes.fromhex(r) for n, r in LEAF_N["root_by_tree_size_hex"].items()}
TESSERA_TILES = {tiles.TileId.from_path(p): bytes.fromhex(h) for p, h in TESSERA["tiles_hex"].items()}


@pytest.fixture(scope="module")
def log_70000() -> TileLog:
    return TileLog.from_entries(leaf_entries(70000))


def _tree_70000(log: TileLog, size: int) -> tuple[tile_proofs.TileTree, DictTileSource]:
    source = DictTileSource(log.published_tiles(size))
    return tile_proofs.TileTree(size, LEAF_N_ROOTS[size], source), source


def _flip(data: bytes, byte: int, bit: int = 0) -> bytes:
    out = bytearray(data)
    out[byte] ^= 1 << bit
    return bytes(out)


# ---------------------------------------------------------------------------- a real Tessera log


@pytest.mark.parametrize("size", range(1, 16))
def test_tessera_proofs_rebuilt_from_tiles_are_byte_identical(size: int) -> None:
    source = DictTileSource(TESSERA_TILES)  # every size's tile, only one of which fits
    tree = tile_proofs.TileTree(size, TESSERA_ROOTS[size], source)
    inclusion = [c for c in TESSERA["inclusion"] if c["tree_size"] == size]
    consistency = [c for c in TESSERA["consistency"] if c["size2"] == size]
    assert len(inclusion) == size
    assert len(consistency) == size
    for case in inclusion:
        proof = tree.inclusion_proof(case["leaf_index"])
        assert proof == [base64.b64decode(p) for p in case["proof_b64"]]
        entry = TESSERA["entries_ascii"][case["leaf_index"]].encode()
        merkle.verify_inclusion(merkle.leaf_hash(entry), case["leaf_index"], size, proof, tree.root)
    for case in consistency:
        proof = tree.consistency_proof(case["size1"])
        assert proof == [base64.b64decode(p) for p in case["proof_b64"]]
        old_root = TESSERA_ROOTS[case["size1"]]
        merkle.verify_consistency(case["size1"], size, old_root, tree.root, proof)
    assert set(source.requests) == {tiles.TileId(0, 0, size)}
    assert len(source.requests) == 1


def test_all_tessera_vectors_were_used() -> None:
    assert len(TESSERA["inclusion"]) == 120
    assert len(TESSERA["consistency"]) == 120
    assert {c["tree_size"] for c in TESSERA["inclusion"]} == set(range(1, 16))


@pytest.mark.parametrize("size", range(1, 16))
def test_tessera_bundle_matches_the_verified_tile(size: int) -> None:
    tree = tile_proofs.TileTree(size, TESSERA_ROOTS[size], DictTileSource(TESSERA_TILES))
    bundle = tiles.bundle_for_entry(size - 1, size)
    data = bytes.fromhex(TESSERA["entry_bundles_hex"][bundle.path()])
    tree.verify_bundle(bundle, wire_tiles.parse_entry_bundle(data, bundle))


def test_tessera_tiles_of_the_wrong_size_are_refused() -> None:
    # The node serves the 5-entry tile where the checkpoint says 6: too short.
    source = DictTileSource({tiles.TileId(0, 0, 6): TESSERA_TILES[tiles.TileId(0, 0, 5)]})
    with pytest.raises(MalformedResponseError, match="is 160 bytes, not 192"):
        tile_proofs.TileTree(6, TESSERA_ROOTS[6], source)


def test_every_one_bit_change_of_a_tessera_tile_is_refused() -> None:
    good = TESSERA_TILES[tiles.TileId(0, 0, 7)]
    for byte in range(len(good)):
        source = DictTileSource({tiles.TileId(0, 0, 7): _flip(good, byte, byte % 8)})
        with pytest.raises(TileMismatchError, match="do not reproduce its signed root") as info:
            tile_proofs.TileTree(7, TESSERA_ROOTS[7], source)
        assert info.value.tile_paths == ("tile/0/000.p/7",)


@pytest.mark.parametrize("size", range(1, 16))
def test_tile_log_helper_writes_the_bytes_tessera_wrote(size: int) -> None:
    log = TileLog.from_entries([e.encode() for e in TESSERA["entries_ascii"]])
    assert log.root(size) == TESSERA_ROOTS[size]
    assert {t.path(): b.hex() for t, b in log.published_tiles(size).items()} == {
        f"tile/0/000.p/{size}": TESSERA["tiles_hex"][f"tile/0/000.p/{size}"]
    }
    assert {t.path(): b.hex() for t, b in log.published_bundles(size).items()} == {
        f"tile/entries/000.p/{size}": TESSERA["entry_bundles_hex"][f"tile/entries/000.p/{size}"]
    }


def test_bundle_entry_that_does_not_hash_to_its_leaf_is_refused() -> None:
    tree = tile_proofs.TileTree(5, TESSERA_ROOTS[5], DictTileSource(TESSERA_TILES))
    entries = [e.encode() for e in TESSERA["entries_ascii"][:5]]
    entries[3] = b"FOUR"
    with pytest.raises(InclusionProofError, match=r"entry 3 of tile/entries/000.p/5 does not hash") as info:
        tree.verify_bundle(tiles.BundleId(0, 5), entries)
    assert (info.value.index, info.value.size) == (3, 5)


def test_bundle_longer_than_the_tree_is_a_caller_error() -> None:
    tree = tile_proofs.TileTree(5, TESSERA_ROOTS[5], DictTileSource(TESSERA_TILES))
    entries = [e.encode() for e in TESSERA["entries_ascii"][:6]]
    with pytest.raises(ValueError, match="is not in the tree"):
        tree.verify_bundle(tiles.BundleId(0, 6), entries)


# ---------------------------------------------------------------------------- leaf <i>, up to 70000


def test_leaf_n_roots_match_vectors(log_70000: TileLog) -> None:
    for size, root in LEAF_N_ROOTS.items():
        assert log_70000.root(size) == root, size


@pytest.mark.parametrize("size", [str(n) for n in sorted(int(k) for k in LEAF_N["tiles_for_tree_size"])])
def test_leaf_n_tiles_match_every_vector_digest(log_70000: TileLog, size: str) -> None:
    expected = [(t["path"], t["width"], t["sha256_of_tile_bytes"]) for t in LEAF_N["tiles_for_tree_size"][size]]
    served = log_70000.published_tiles(int(size))
    got = [(t.path(), t.width, hashlib.sha256(data).hexdigest()) for t, data in served.items()]
    assert got == expected


@pytest.mark.parametrize("case", LEAF_N["inclusion"], ids=lambda c: f"{c['leaf_index']}-{c['tree_size']}")
def test_leaf_n_inclusion_proof_rebuilt_from_tiles(log_70000: TileLog, case: dict[str, object]) -> None:
    index, size = int(str(case["leaf_index"])), int(str(case["tree_size"]))
    tree, source = _tree_70000(log_70000, size)
    proof = tree.inclusion_proof(index)
    assert [p.hex() for p in proof] == case["proof_hex"]
    assert tree.leaf_hash(index) == merkle.leaf_hash(b"leaf %d" % index)
    assert set(source.requests) <= set(tiles.tiles_for_size(size))
    assert len(set(source.requests)) == len(source.requests), "a tile was read twice"


@pytest.mark.parametrize("case", LEAF_N["consistency"], ids=lambda c: f"{c['size1']}-{c['size2']}")
def test_leaf_n_consistency_proof_rebuilt_from_tiles(log_70000: TileLog, case: dict[str, object]) -> None:
    old, size = int(str(case["size1"])), int(str(case["size2"]))
    tree, source = _tree_70000(log_70000, size)
    proof = tree.consistency_proof(old)
    assert [p.hex() for p in proof] == case["proof_hex"]
    merkle.verify_consistency(old, size, log_70000.root(old), tree.root, proof)
    assert set(source.requests) <= set(tiles.tiles_for_size(size))


def test_proof_in_a_big_tree_reads_only_a_few_tiles(log_70000: TileLog) -> None:
    tree, source = _tree_70000(log_70000, 70000)
    edge = len(source.requests)
    assert edge == 3  # tile/0/273.p/112, tile/1/001.p/17, tile/2/000.p/1
    tree.inclusion_proof(12345)
    tree.inclusion_proof(12346)
    assert len(source.requests) == edge + 2  # tile/0/048, then tile/1/000 above it


def test_a_checked_bundle_lets_its_full_tile_go_and_a_second_check_reads_it_again() -> None:
    entries = leaf_entries(600)
    log = TileLog.from_entries(entries)
    source = DictTileSource(log.published_tiles(600))
    tree = tile_proofs.TileTree(600, log.root(600), source)
    edge = list(source.requests)  # tile/0/002.p/88, tile/1/000.p/2
    for bundle in tiles.bundles_for_size(600):
        first = bundle.first_entry
        assert tree.verify_bundle(bundle, entries[first : first + bundle.width]) == tuple(
            merkle.leaf_hash(e) for e in entries[first : first + bundle.width]
        )
    assert [t.path() for t in source.requests[len(edge) :]] == ["tile/0/000", "tile/0/001"]  # the edge tile is kept
    tree.verify_bundle(tiles.BundleId(0), entries[:256])
    tree.verify_bundle(tiles.BundleId(2, 88), entries[512:600])
    assert [t.path() for t in source.requests[len(edge) :]] == ["tile/0/000", "tile/0/001", "tile/0/000"]


def test_partial_tile_wider_than_checkpoint_is_never_requested(log_70000: TileLog) -> None:
    # The node already serves size 70000; we trust a checkpoint of size 65537.
    source = DictTileSource(log_70000.published_tiles(70000) | log_70000.published_tiles(65537))
    tree = tile_proofs.TileTree(65537, LEAF_N_ROOTS[65537], source)
    for index in (0, 65535, 65536):
        tree.inclusion_proof(index)
    tree.consistency_proof(1000)
    allowed = set(tiles.tiles_for_size(65537))
    assert source.requests
    assert set(source.requests) <= allowed
    assert tiles.TileId(0, 256, 1) in source.requests


def test_vanished_partial_tile_is_read_from_its_full_successor(log_70000: TileLog) -> None:
    # Every partial tile of size 300 is gone; only size-70000 (full) tiles remain.
    source = DictTileSource(log_70000.published_tiles(70000), fallback_to_full=True)
    tree = tile_proofs.TileTree(300, LEAF_N_ROOTS[300], source)
    reference = merkle.HashTree(leaf_entries(300))
    assert tree.inclusion_proof(299) == merkle.inclusion_proof(299, 300, reference.subtree_hash)
    assert tiles.TileId(0, 1, 44) in source.requests


def test_full_successor_from_another_log_is_refused(log_70000: TileLog) -> None:
    # tile/0/001.p/44 is gone; the "full successor" offered is from another log.
    served = log_70000.published_tiles(300)
    del served[tiles.TileId(0, 1, 44)]
    other = TileLog.from_entries([b"forged %d" % i for i in range(512)])
    served[tiles.TileId(0, 1)] = other.tile_bytes(tiles.TileId(0, 1))
    source = DictTileSource(served, fallback_to_full=True)
    with pytest.raises(TileMismatchError, match="right-edge tiles") as info:
        tile_proofs.TileTree(300, LEAF_N_ROOTS[300], source)
    assert info.value.tile_paths == ("tile/0/001.p/44", "tile/1/000.p/1")


def test_tile_with_one_flipped_hash_is_refused(log_70000: TileLog) -> None:
    served = log_70000.published_tiles(70000)
    lying = tiles.TileId(0, 5)
    served[lying] = _flip(served[lying], 32 * 17 + 4)
    tree = tile_proofs.TileTree(70000, LEAF_N_ROOTS[70000], DictTileSource(served))
    tree.inclusion_proof(256 * 6)  # a proof that does not lean on the lying tile still works
    with pytest.raises(TileMismatchError, match=r"tile tile/0/005 does not hash to its entry") as info:
        tree.inclusion_proof(256 * 5 + 17)
    assert info.value.tile_paths == ("tile/0/005",)
    assert info.value.size == 70000
    assert info.value.details()["tile_paths"] == ["tile/0/005"]


def test_level_one_tile_with_one_flipped_hash_is_refused(log_70000: TileLog) -> None:
    served = log_70000.published_tiles(70000)
    served[tiles.TileId(1, 0)] = _flip(served[tiles.TileId(1, 0)], 32 * 200, 7)
    tree = tile_proofs.TileTree(70000, LEAF_N_ROOTS[70000], DictTileSource(served))
    with pytest.raises(TileMismatchError, match=r"tile tile/1/000 does not hash") as info:
        tree.leaf_hash(0)
    assert isinstance(info.value, VerificationError)


def test_consistently_forged_subtree_is_refused_at_the_level_above(log_70000: TileLog) -> None:
    # A node rewrites entry 0..255 and the level-0 tile to match: the level-1 entry exposes it.
    served = log_70000.published_tiles(70000)
    served[tiles.TileId(0, 0)] = TileLog.from_entries([b"forged %d" % i for i in range(256)]).tile_bytes(
        tiles.TileId(0, 0)
    )
    tree = tile_proofs.TileTree(70000, LEAF_N_ROOTS[70000], DictTileSource(served))
    with pytest.raises(TileMismatchError, match="tile/0/000"):
        tree.inclusion_proof(3)


def test_edge_tile_with_one_flipped_hash_is_refused_before_any_proof(log_70000: TileLog) -> None:
    for lying in (tiles.TileId(0, 273, 112), tiles.TileId(1, 1, 17), tiles.TileId(2, 0, 1)):
        served = log_70000.published_tiles(70000)
        served[lying] = _flip(served[lying], 0)
        with pytest.raises(TileMismatchError, match="do not reproduce its signed root") as info:
            tile_proofs.TileTree(70000, LEAF_N_ROOTS[70000], DictTileSource(served))
        assert lying.path() in info.value.tile_paths


def test_tiles_that_do_not_match_the_signed_root_are_refused(log_70000: TileLog) -> None:
    with pytest.raises(TileMismatchError, match="do not reproduce its signed root"):
        tile_proofs.TileTree(70000, LEAF_N_ROOTS[65537], DictTileSource(log_70000.published_tiles(70000)))


def test_missing_tile_is_a_transport_error(log_70000: TileLog) -> None:
    served = log_70000.published_tiles(70000)
    del served[tiles.TileId(0, 7)]
    tree = tile_proofs.TileTree(70000, LEAF_N_ROOTS[70000], DictTileSource(served))
    with pytest.raises(TransportError, match="no tile at tile/0/007"):
        tree.inclusion_proof(7 * 256)


@pytest.mark.parametrize(
    ("size", "root", "why"),
    [(0, merkle.EMPTY_ROOT, "has no tiles"), (1, b"\x00" * 31, "32 bytes"), (1 << 64, b"\x00" * 32, "has no tiles")],
)
def test_impossible_tree_is_a_caller_error(size: int, root: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        tile_proofs.TileTree(size, root, DictTileSource({}))


def test_ranges_outside_or_across_nodes_are_caller_errors() -> None:
    tree = tile_proofs.TileTree(15, TESSERA_ROOTS[15], DictTileSource(TESSERA_TILES))
    with pytest.raises(ValueError, match="outside a tree of size 15"):
        tree.inclusion_proof(15)
    with pytest.raises(ValueError, match="outside a tree of size 15"):
        tree.subtree_hash(8, 16)
    with pytest.raises(ValueError, match="not aligned to a tree node"):
        tree.subtree_hash(1, 3)
    with pytest.raises(ValueError, match="no consistency proof"):
        tree.consistency_proof(0)


# ---------------------------------------------------------------------------- every small tree


@pytest.fixture(scope="module")
def reference_1100() -> tuple[TileLog, merkle.HashTree]:
    entries = leaf_entries(1100)
    return TileLog.from_entries(entries), merkle.HashTree(entries)


@pytest.mark.parametrize("size", [*range(1, 65), 255, 256, 257, 511, 512, 513])
def test_every_proof_of_small_trees_matches_the_in_memory_tree(
    reference_1100: tuple[TileLog, merkle.HashTree], size: int
) -> None:
    log, ref = reference_1100
    tree = tile_proofs.TileTree(size, ref.root(size), DictTileSource(log.published_tiles(size)))
    prefix = merkle.HashTree(leaf_entries(size))
    step = 1 if size <= 64 else 7
    for i in range(0, size, step):
        assert tree.inclusion_proof(i) == merkle.inclusion_proof(i, size, prefix.subtree_hash)
    for old in range(1, size + 1, step):
        assert tree.consistency_proof(old) == merkle.consistency_proof(old, size, prefix.subtree_hash)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_proofs_match_the_in_memory_tree(
    reference_1100: tuple[TileLog, merkle.HashTree], data: st.DataObject
) -> None:
    log, ref = reference_1100
    size = data.draw(st.integers(1, 1100))
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(1, size))
    source = DictTileSource(log.published_tiles(size))
    tree = tile_proofs.TileTree(size, ref.root(size), source)
    assert tree.inclusion_proof(index) == merkle.inclusion_proof(index, size, ref.subtree_hash)
    proof = tree.consistency_proof(old)
    merkle.verify_consistency(old, size, ref.root(old), ref.root(size), proof)
    assert set(source.requests) <= set(tiles.tiles_for_size(size))


# ---------------------------------------------------------------------------- benchmark helper


def test_build_tiles_gives_the_log_a_server_would_publish() -> None:
    root, served = build_tiles(70000)
    assert root == LEAF_N_ROOTS[70000]
    assert list(served) == list(tiles.tiles_for_size(70000))
    tree = tile_proofs.TileTree(70000, root, DictTileSource(served))
    assert [p.hex() for p in tree.inclusion_proof(12345)] == next(
        c["proof_hex"] for c in LEAF_N["inclusion"] if (c["leaf_index"], c["tree_size"]) == (12345, 70000)
    )
