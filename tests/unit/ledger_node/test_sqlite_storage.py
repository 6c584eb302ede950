"""SqliteStorage keeps every rule of the Storage contract (ledger_node.storage)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger_client import merkle, tiles
from ledger_node.errors import CheckpointConflictError, ConfigurationError, StorageError
from ledger_node.sqlite_storage import SqliteStorage
from ledger_node.storage import StoredCheckpoint
from ledger_node.tree import StoredTiles

ORIGIN = "test.example/storage"


def _pairs(*entries: bytes) -> list[tuple[bytes, bytes]]:
    return [(merkle.leaf_hash(e), e) for e in entries]


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[SqliteStorage]:
    opened = SqliteStorage(tmp_path / "ledger.sqlite3", ORIGIN)
    yield opened
    opened.close()


def test_entries_survive_a_reopen(tmp_path: Path) -> None:
    first = SqliteStorage(tmp_path / "db", ORIGIN)
    first.append_entries(0, _pairs(b"a", b"b"))
    first.close()
    again = SqliteStorage(tmp_path / "db", ORIGIN)
    assert again.entry_count() == 2
    assert again.read_entries(0, 2) == [b"a", b"b"]
    assert again.find_entries([merkle.leaf_hash(b"b"), merkle.leaf_hash(b"z")]) == {merkle.leaf_hash(b"b"): 1}


def test_entries_appended_at_the_wrong_index_are_refused_and_nothing_is_written(storage: SqliteStorage) -> None:
    storage.append_entries(0, _pairs(b"a"))
    with pytest.raises(StorageError, match="would start at 5, but 1 are sequenced"):
        storage.append_entries(5, _pairs(b"b"))
    assert storage.entry_count() == 1


def test_the_same_entry_is_never_sequenced_twice(storage: SqliteStorage) -> None:
    storage.append_entries(0, _pairs(b"a"))
    with pytest.raises(StorageError, match="already sequenced"):
        storage.append_entries(1, _pairs(b"c", b"a"))
    assert storage.entry_count() == 1


def test_reading_entries_that_are_not_sequenced_fails(storage: SqliteStorage) -> None:
    with pytest.raises(StorageError, match="not all sequenced"):
        storage.read_entries(0, 1)


def test_rewriting_a_tile_with_the_same_bytes_is_a_no_op(storage: SqliteStorage) -> None:
    tile = tiles.TileId(0, 0, 1)
    storage.write_tiles({tile: b"x" * 32}, {})
    storage.write_tiles({tile: b"x" * 32}, {})
    assert storage.read_tile(tile) == b"x" * 32


def test_a_tile_never_changes_once_written(storage: SqliteStorage) -> None:
    tile = tiles.TileId(0, 0, 1)
    storage.write_tiles({tile: b"x" * 32}, {})
    with pytest.raises(StorageError, match="immutable tile"):
        storage.write_tiles({tiles.TileId(0, 1, 1): b"z" * 32, tile: b"y" * 32}, {})
    assert storage.read_tile(tile) == b"x" * 32
    assert storage.read_tile(tiles.TileId(0, 1, 1)) is None  # the whole write was refused


def test_a_bundle_never_changes_once_written(storage: SqliteStorage) -> None:
    bundle = tiles.BundleId(0, 1)
    storage.write_tiles({}, {bundle: b"\x00\x01a"})
    with pytest.raises(StorageError, match="immutable tile"):
        storage.write_tiles({}, {bundle: b"\x00\x01b"})
    assert storage.read_bundle(bundle) == b"\x00\x01a"


def test_partial_versions_are_dropped_once_full_and_served_from_its_prefix(storage: SqliteStorage) -> None:
    full = b"".join(bytes([i]) * 32 for i in range(256))
    records = b"".join(b"\x00\x01" + bytes([i]) for i in range(256))
    storage.write_tiles({tiles.TileId(0, 0, 3): full[:96]}, {tiles.BundleId(0, 3): records[:9]})
    storage.write_tiles({tiles.TileId(0, 0): full}, {tiles.BundleId(0): records})
    assert storage.read_tile(tiles.TileId(0, 0, 3)) is None
    reader = StoredTiles(storage)
    assert reader.find_tile(tiles.TileId(0, 0, 3)) == full[:96]
    assert reader.find_bundle(tiles.BundleId(0, 3)) == records[:9]


def test_checkpoint_is_replaced_only_by_compare_and_swap(storage: SqliteStorage) -> None:
    first, second = StoredCheckpoint(0, b"zero\n"), StoredCheckpoint(1, b"one\n")
    assert storage.read_checkpoint() is None
    storage.swap_checkpoint(None, first)
    with pytest.raises(CheckpointConflictError, match="not the one this swap expected"):
        storage.swap_checkpoint(None, second)
    with pytest.raises(CheckpointConflictError, match="not the one this swap expected"):
        storage.swap_checkpoint(StoredCheckpoint(0, b"other\n"), second)
    storage.swap_checkpoint(first, second)
    assert storage.read_checkpoint() == second


def test_a_data_directory_of_another_origin_is_refused(tmp_path: Path) -> None:
    SqliteStorage(tmp_path / "db", ORIGIN).close()
    with pytest.raises(ConfigurationError, match="another log origin"):
        SqliteStorage(tmp_path / "db", "other.example/log")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / "db").write_bytes(b"not sqlite at all, just some text " * 100)
    with pytest.raises(ConfigurationError, match="not a ledger database"):
        SqliteStorage(tmp_path / "db", ORIGIN)
