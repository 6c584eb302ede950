"""Tests of tlog-tiles geometry and paths against tests/assets/tile_paths.json (c2sp.org/tlog-tiles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger_client import tiles
from ledger_client.errors import MalformedResponseError

ASSETS = Path(__file__).resolve().parents[2] / "assets"
VECTORS = json.loads((ASSETS / "tile_paths.json").read_text())


def _cases(kind: str) -> list[dict[str, object]]:
    return [c for c in VECTORS["encode"] if c["kind"] == kind]


# ---------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("case", _cases("hash_tile"), ids=lambda c: c["path"])
def test_hash_tile_path_matches_vector_both_ways(case: dict[str, int | str]) -> None:
    tile = tiles.TileId(int(case["level"]), int(case["index"]), int(case["width"]))
    assert tile.path() == case["path"]
    assert tiles.TileId.from_path(str(case["path"])) == tile
    assert tiles.parse_path(str(case["path"])) == tile


@pytest.mark.parametrize("case", _cases("entry_bundle"), ids=lambda c: c["path"])
def test_bundle_path_matches_vector_both_ways(case: dict[str, int | str]) -> None:
    bundle = tiles.BundleId(int(case["index"]), int(case["width"]))
    assert bundle.path() == case["path"]
    assert tiles.BundleId.from_path(str(case["path"])) == bundle
    assert tiles.parse_path(str(case["path"])) == bundle


@pytest.mark.parametrize("case", _cases("index_encoding"), ids=lambda c: c["encoded"])
def test_index_encoding_matches_vector(case: dict[str, int | str]) -> None:
    assert tiles.encode_index(int(case["index"])) == case["encoded"]


@pytest.mark.parametrize("case", VECTORS["entry_index_to_bundle_path"], ids=lambda c: c["bundle_path"])
def test_bundle_for_entry_matches_vector(case: dict[str, int | str]) -> None:
    bundle = tiles.bundle_for_entry(int(case["entry_index"]), int(case["tree_size"]))
    assert bundle.path() == case["bundle_path"]
    assert bundle.first_entry <= int(case["entry_index"]) < bundle.first_entry + bundle.width


_PARSE_OK = [c for c in VECTORS["parse"] if c["expect"] == "ok"]
_PARSE_BAD = [c for c in VECTORS["parse"] if c["expect"] == "error"]
assert len(_PARSE_OK) + len(_PARSE_BAD) == len(VECTORS["parse"])


@pytest.mark.parametrize("case", _PARSE_OK, ids=lambda c: f"{c['level_segment']}/{c['index_segment']}")
def test_canonical_path_parses_to_vector_id(case: dict[str, int | str]) -> None:
    path = f"tile/{case['level_segment']}/{case['index_segment']}"
    tile = tiles.TileId.from_path(path)
    assert tile == tiles.TileId(int(case["level"]), int(case["index"]), int(case["width"]))
    assert tile.path() == path


@pytest.mark.parametrize("case", _PARSE_BAD, ids=lambda c: f"{c['level_segment']}/{c['index_segment']}")
def test_malformed_path_from_vectors_is_refused(case: dict[str, str]) -> None:
    path = f"tile/{case['level_segment']}/{case['index_segment']}"
    with pytest.raises(MalformedResponseError, match="not a tlog-tiles path") as info:
        tiles.TileId.from_path(path)
    assert info.value.what == "tile path"
    assert info.value.received == path.encode()


@pytest.mark.parametrize("case", VECTORS["node_to_tile"]["cases"], ids=lambda c: f"{c['tree_level']}-{c['tree_index']}")
def test_node_lives_in_vector_tile(case: dict[str, int]) -> None:
    height, index = case["tree_level"], case["tree_index"]
    where = tiles.tile_for_node(height, index, tiles.MAX_TREE_SIZE)
    assert (where.tile.level, where.tile.index) == (case["tile_level"], case["tile_index"])
    assert where.level_within_tile == case["level_within_tile"]
    assert where.index_within_tile == case["index_within_tile_row"]
    assert where.count == 1 << case["level_within_tile"]
    assert where.offset == (index << (height % 8)) % 256


@pytest.mark.parametrize("size", ["1", "255", "256", "257", "300"])
def test_tiles_for_size_matches_vector(size: str) -> None:
    expected = [(t["path"], t["width"]) for t in VECTORS["tiles_for_tree_size"][size]]
    assert [(t.path(), t.width) for t in tiles.tiles_for_size(int(size))] == expected


def test_tiles_for_size_70000_matches_vector() -> None:
    case = VECTORS["tiles_for_tree_size"]["70000"]
    got = tiles.tiles_for_size(70000)
    full0 = [t for t in got if t.level == 0 and not t.is_partial]
    assert len(full0) == case["full_level0_tiles"]["count"]
    assert full0[0].path() == case["full_level0_tiles"]["first"]
    assert full0[-1].path() == case["full_level0_tiles"]["last"]
    assert [(t.path(), t.width) for t in got[len(full0) :]] == [(t["path"], t["width"]) for t in case["other_tiles"]]


# ---------------------------------------------------------------------------- geometry


def test_empty_tree_has_no_tiles_and_no_bundles() -> None:
    assert tiles.tiles_for_size(0) == ()
    assert tiles.bundles_for_size(0) == ()


def test_bundles_follow_level_zero_tiles() -> None:
    assert [b.path() for b in tiles.bundles_for_size(513)] == [
        "tile/entries/000",
        "tile/entries/001",
        "tile/entries/002.p/1",
    ]


def test_node_tile_is_taken_at_the_width_the_size_implies() -> None:
    where = tiles.tile_for_node(1, 4, 300)  # leaves 8..9 of a 300-leaf tree
    assert where.tile == tiles.TileId(0, 0)
    where = tiles.tile_for_node(2, 65, 300)  # leaves 260..263
    assert (where.tile, where.offset, where.count) == (tiles.TileId(0, 1, 44), 4, 4)
    assert tiles.tile_for_node(8, 0, 300).tile == tiles.TileId(1, 0, 1)


def test_node_that_is_not_complete_has_no_tile() -> None:
    with pytest.raises(ValueError, match="not complete in a tree of size 300"):
        tiles.tile_for_node(3, 37, 300)  # leaves 296..303
    with pytest.raises(ValueError, match="not complete"):
        tiles.tile_for_node(0, -1, 300)


def test_entry_outside_tree_has_no_bundle() -> None:
    with pytest.raises(ValueError, match="outside a tree of size 256"):
        tiles.bundle_for_entry(256, 256)


def test_tile_beyond_the_row_does_not_exist() -> None:
    with pytest.raises(ValueError, match="has no tile 1 at level 0"):
        tiles.tile_at(0, 1, 256)
    with pytest.raises(ValueError, match=r"outside 0\.\.2"):
        tiles.tile_at(0, 0, -1)


@pytest.mark.parametrize(
    ("level", "index", "width", "why"),
    [
        (64, 0, 256, "level 64"),
        (-1, 0, 256, "level -1"),
        (0, -1, 256, "index -1"),
        (0, 0, 0, "width 0"),
        (0, 0, 257, "width 257"),
        (0, 1 << 63, 256, "index"),
    ],
)
def test_tile_id_refuses_impossible_values(level: int, index: int, width: int, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        tiles.TileId(level, index, width)


def test_bundle_id_refuses_impossible_values() -> None:
    with pytest.raises(ValueError, match="width 0"):
        tiles.BundleId(0, 0)
    with pytest.raises(ValueError, match="negative"):
        tiles.encode_index(-1)


def test_full_tile_path_never_carries_p_256() -> None:
    assert tiles.TileId(3, 7, 256).path() == "tile/3/007"
    assert tiles.TileId(3, 7, 9).full() == tiles.TileId(3, 7)
    assert tiles.BundleId(7, 9).full().path() == "tile/entries/007"


# ---------------------------------------------------------------------------- strict parsing


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/000.p/0",  # width zero
        "tile/0/000.p/256",  # a full tile has no suffix
        "tile/0/000.p/007",  # width with leading zeros
        "tile/00/000",  # level with a leading zero
        "tile/0/x000/123",  # index with a leading zero group
        "tile/0/x1/123",  # short group
        "tile/0/0001",  # four digits
        "tile/0/x001/x234",  # last group carries an x
        "tile/0/000/",  # trailing slash
        "tile/entries/000",  # a bundle is not a hash tile
        "tile/0/000.p/5/",  # trailing junk
        "/tile/0/000",  # leading slash
        "tile/0/00١",  # a non-ASCII digit
        "tile/0/" + "x001/" * 40 + "000",  # over the length cap
    ],
)
def test_non_canonical_tile_path_is_refused(path: str) -> None:
    with pytest.raises(MalformedResponseError, match="not a tlog-tiles path"):
        tiles.TileId.from_path(path)


@pytest.mark.parametrize(
    "path",
    ["tile/entries/000.p/256", "tile/entries/x000/001", "tile/entries/", "tile/entries/000.p/0", "tile/0/000"],
)
def test_non_canonical_bundle_path_is_refused(path: str) -> None:
    with pytest.raises(MalformedResponseError, match="not a tlog-tiles path"):
        tiles.BundleId.from_path(path)


def test_parse_path_refuses_a_checkpoint_path() -> None:
    with pytest.raises(MalformedResponseError, match="does not start with 'tile/'"):
        tiles.parse_path("checkpoint")


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_malformed_response(text: str) -> None:
    try:
        parsed = tiles.parse_path(text)
    except MalformedResponseError:
        return
    assert parsed.path() == text


_PATHLIKE = st.lists(
    st.sampled_from(["tile/", "entries/", "0", "1", "9", "x", "/", ".p/", "00", "255", "256", "63", "64"]),
    max_size=14,
).map("".join)


@given(_PATHLIKE)
def test_path_like_text_parses_only_when_canonical(text: str) -> None:
    try:
        parsed = tiles.parse_path(text)
    except MalformedResponseError:
        return
    assert parsed.path() == text


@given(
    st.integers(0, tiles.MAX_LEVEL),
    st.integers(0, tiles.MAX_INDEX),
    st.integers(1, tiles.TILE_WIDTH),
)
def test_every_tile_id_round_trips_through_its_path(level: int, index: int, width: int) -> None:
    tile = tiles.TileId(level, index, width)
    assert tiles.TileId.from_path(tile.path()) == tile
    bundle = tiles.BundleId(index, width)
    assert tiles.BundleId.from_path(bundle.path()) == bundle


@given(st.integers(1, 1 << 18))
def test_tiles_for_size_covers_exactly_the_complete_rows(size: int) -> None:
    level_counts: dict[int, int] = {}
    for tile in tiles.tiles_for_size(size):
        level_counts[tile.level] = level_counts.get(tile.level, 0) + tile.width
    assert level_counts == {lv: size >> (8 * lv) for lv in range(8) if size >> (8 * lv)}


@given(st.integers(1, tiles.MAX_TREE_SIZE))
def test_last_entry_bundle_ends_at_the_tree_size(size: int) -> None:
    edge = tiles.bundle_for_entry(size - 1, size)
    assert edge.first_entry + edge.width == size
