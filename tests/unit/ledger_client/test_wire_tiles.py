"""Tests of hash-tile and entry-bundle parsing (c2sp.org/tlog-tiles) on a real Tessera log and hostile bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger_client import merkle, tiles, wire_tiles
from ledger_client.errors import MalformedResponseError

ASSETS = Path(__file__).resolve().parents[2] / "assets"
TESSERA = json.loads((ASSETS / "tiled_log_tessera_testdata.json").read_text())
ENTRIES = [e.encode() for e in TESSERA["entries_ascii"]]


def _record(entry: bytes) -> bytes:
    return len(entry).to_bytes(2, "big") + entry


# ---------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("path", sorted(TESSERA["tiles_hex"]))
def test_tessera_tile_parses_to_the_leaf_hashes_of_its_entries(path: str) -> None:
    tile = tiles.TileId.from_path(path)
    hashes = wire_tiles.parse_hash_tile(bytes.fromhex(TESSERA["tiles_hex"][path]), tile)
    assert hashes == tuple(merkle.leaf_hash(e) for e in ENTRIES[: tile.width])


@pytest.mark.parametrize("path", sorted(TESSERA["entry_bundles_hex"]))
def test_tessera_bundle_parses_to_its_entries(path: str) -> None:
    bundle = tiles.BundleId.from_path(path)
    parsed = wire_tiles.parse_entry_bundle(bytes.fromhex(TESSERA["entry_bundles_hex"][path]), bundle)
    assert parsed == tuple(ENTRIES[: bundle.width])


def test_full_tile_splits_into_256_hashes() -> None:
    data = b"".join(bytes([i]) * 32 for i in range(256))
    hashes = wire_tiles.parse_hash_tile(data, tiles.TileId(2, 9))
    assert len(hashes) == 256
    assert hashes[255] == b"\xff" * 32


def test_empty_and_maximal_entries_are_records_too() -> None:
    big = b"\xab" * wire_tiles.MAX_ENTRY_BYTES
    data = _record(b"") + _record(big) + _record(b"x")
    assert wire_tiles.parse_entry_bundle(data, tiles.BundleId(0, 3)) == (b"", big, b"x")


# ---------------------------------------------------------------------------- lies


def test_tile_one_byte_short_is_refused() -> None:
    data = bytes.fromhex(TESSERA["tiles_hex"]["tile/0/000.p/3"])[:-1]
    with pytest.raises(MalformedResponseError, match=r"tile/0/000.p/3 is 95 bytes, not 96") as info:
        wire_tiles.parse_hash_tile(data, tiles.TileId(0, 0, 3))
    assert info.value.what == "hash tile"


def test_tile_with_an_extra_hash_is_refused() -> None:
    data = bytes.fromhex(TESSERA["tiles_hex"]["tile/0/000.p/4"])
    with pytest.raises(MalformedResponseError, match="is 128 bytes, not 96"):
        wire_tiles.parse_hash_tile(data, tiles.TileId(0, 0, 3))


def test_empty_tile_body_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="is 0 bytes, not 8192"):
        wire_tiles.parse_hash_tile(b"", tiles.TileId(0, 0))


def test_bundle_with_length_past_end_is_refused() -> None:
    data = _record(b"one") + b"\x00\x09two"
    with pytest.raises(MalformedResponseError, match="record 1 claims 9 bytes, past the end") as info:
        wire_tiles.parse_entry_bundle(data, tiles.BundleId(0, 2))
    assert info.value.what == "entry bundle"


def test_bundle_with_truncated_length_prefix_is_refused() -> None:
    data = _record(b"one") + b"\x00"
    with pytest.raises(MalformedResponseError, match="record 1 has a truncated length prefix"):
        wire_tiles.parse_entry_bundle(data, tiles.BundleId(0, 2))


def test_bundle_with_trailing_bytes_is_refused() -> None:
    data = _record(b"one") + _record(b"two") + b"\x00"
    with pytest.raises(MalformedResponseError, match="1 bytes follow the last of 2 records"):
        wire_tiles.parse_entry_bundle(data, tiles.BundleId(0, 2))


def test_bundle_with_an_extra_record_is_refused() -> None:
    data = bytes.fromhex(TESSERA["entry_bundles_hex"]["tile/entries/000.p/5"])
    with pytest.raises(MalformedResponseError, match="bytes follow the last of 4 records"):
        wire_tiles.parse_entry_bundle(data, tiles.BundleId(0, 4))


def test_bundle_with_a_missing_record_is_refused() -> None:
    data = bytes.fromhex(TESSERA["entry_bundles_hex"]["tile/entries/000.p/4"])
    with pytest.raises(MalformedResponseError, match="holds 4 records, not 5"):
        wire_tiles.parse_entry_bundle(data, tiles.BundleId(0, 5))


def test_empty_bundle_body_is_refused() -> None:
    with pytest.raises(MalformedResponseError, match="holds 0 records, not 1"):
        wire_tiles.parse_entry_bundle(b"", tiles.BundleId(0, 1))


def test_bundle_over_the_size_cap_is_refused() -> None:
    data = bytes(wire_tiles.MAX_BUNDLE_BYTES + 1)
    with pytest.raises(MalformedResponseError, match="over the limit"):
        wire_tiles.parse_entry_bundle(data, tiles.BundleId(0))


# ---------------------------------------------------------------------------- fuzzing

_TILE_IDS = st.builds(tiles.TileId, st.integers(0, 63), st.integers(0, 1 << 40), st.integers(1, 256))
_BUNDLE_IDS = st.builds(tiles.BundleId, st.integers(0, 1 << 40), st.integers(1, 256))


@given(st.binary(max_size=9000), _TILE_IDS)
def test_any_bytes_parse_as_a_tile_or_raise_malformed_response(data: bytes, tile: tiles.TileId) -> None:
    try:
        hashes = wire_tiles.parse_hash_tile(data, tile)
    except MalformedResponseError:
        assert len(data) != 32 * tile.width
        return
    assert b"".join(hashes) == data
    assert all(len(h) == 32 for h in hashes)


_WIDTH_AND_BYTES = st.sampled_from([1, 2, 7, 255, 256]).flatmap(
    lambda w: st.tuples(st.just(w), st.binary(min_size=32 * w, max_size=32 * w))
)


@given(_WIDTH_AND_BYTES)
def test_right_length_bytes_always_parse_as_a_tile(case: tuple[int, bytes]) -> None:
    width, data = case
    assert len(wire_tiles.parse_hash_tile(data, tiles.TileId(0, 0, width))) == width


@given(st.binary(max_size=600), _BUNDLE_IDS)
def test_any_bytes_parse_as_a_bundle_or_raise_malformed_response(data: bytes, bundle: tiles.BundleId) -> None:
    try:
        entries = wire_tiles.parse_entry_bundle(data, bundle)
    except MalformedResponseError:
        return
    assert len(entries) == bundle.width
    assert b"".join(_record(e) for e in entries) == data


@given(st.lists(st.binary(max_size=40), min_size=1, max_size=256), st.binary(max_size=3))
def test_bundle_round_trips_and_any_tail_is_refused(entries: list[bytes], tail: bytes) -> None:
    data = b"".join(_record(e) for e in entries)
    bundle = tiles.BundleId(0, len(entries))
    assert wire_tiles.parse_entry_bundle(data, bundle) == tuple(entries)
    if tail:
        with pytest.raises(MalformedResponseError, match="bundle"):
            wire_tiles.parse_entry_bundle(data + tail, bundle)
    if data:
        with pytest.raises(MalformedResponseError, match="bundle"):
            wire_tiles.parse_entry_bundle(data[:-1], bundle)
