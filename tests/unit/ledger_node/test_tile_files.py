"""``--tiles-dir``: atomic, immutable files in Tessera's POSIX layout, and catching up after a crash."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ledger_client import tiles
from ledger_node.errors import StorageError
from ledger_node.sqlite_storage import SqliteStorage
from ledger_node.storage import StoredCheckpoint
from ledger_node.tile_files import TileFiles
from ledger_node.tree import StoredTiles, TreeEdge
from tests.helpers.tile_log import TileLog, leaf_entries


def test_tiles_and_bundles_land_at_their_tlog_tiles_paths(tmp_path: Path) -> None:
    files = TileFiles(tmp_path / "out")
    log = TileLog.from_entries(leaf_entries(300))
    files.write_resources(log.published_tiles(300), log.published_bundles(300))
    files.write_checkpoint(b"note\n")
    names = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert names == [
        "checkpoint", "tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1", "tile/entries/000", "tile/entries/001.p/44"
    ]  # fmt: skip
    assert (tmp_path / "out/tile/0/001.p/44").read_bytes() == log.tile_bytes(tiles.TileId(0, 1, 44))
    assert stat.S_IMODE((tmp_path / "out/tile/0/000").stat().st_mode) == 0o644


def test_an_immutable_file_never_changes(tmp_path: Path) -> None:
    files = TileFiles(tmp_path)
    tile = tiles.TileId(0, 0, 1)
    files.write_resources({tile: bytes(32)}, {})
    files.write_resources({tile: bytes(32)}, {})  # the same bytes again: fine
    with pytest.raises(StorageError, match="would change"):
        files.write_resources({tile: b"\x01" * 32}, {})
    assert (tmp_path / tile.path()).read_bytes() == bytes(32)


def test_the_checkpoint_is_replaced_whole(tmp_path: Path) -> None:
    files = TileFiles(tmp_path)
    files.write_checkpoint(b"first\n")
    files.write_checkpoint(b"second\n")
    assert files.read_checkpoint() == b"second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint"]  # no temporary file left behind


def test_catch_up_writes_what_the_directory_lacks_then_the_checkpoint(tmp_path: Path) -> None:
    storage = SqliteStorage(tmp_path / "db.sqlite3", "test.example/files")
    entries = leaf_entries(700)
    storage.append_entries(0, [(TileLog.from_entries([e]).rows[0][0], e) for e in entries])
    edge = TreeEdge(0, [], [])
    extension = edge.extend(entries, [TileLog.from_entries([e]).rows[0][0] for e in entries])
    storage.write_tiles(extension.hash_tiles, extension.bundles)
    published = StoredCheckpoint(700, b"signed note of size 700\n")
    files = TileFiles(tmp_path / "out")
    assert files.catch_up(StoredTiles(storage), published) == len(tiles.tiles_for_size(700)) + 3 + 1
    assert files.read_checkpoint() == published.note
    (tmp_path / "out/tile/entries/001").unlink()
    assert files.catch_up(StoredTiles(storage), published) == 1
    assert files.catch_up(StoredTiles(storage), published) == 0
    storage.close()


def test_an_unwritable_directory_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(StorageError, match="cannot be created"):
        TileFiles(tmp_path / "file" / "below")
