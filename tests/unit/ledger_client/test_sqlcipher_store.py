"""The encrypted cache file: each way of failing to open it has its own error, and nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ledger_client import logged_records, migrations, mirror, sqlcipher_store
from ledger_client.errors import (
    CacheCorruptedError,
    CacheSchemaError,
    CacheWriteError,
    ForeignCacheError,
    WrongPassphraseError,
)
from tests.helpers.credential_log import CredentialLog

ORIGIN = "test.example/ledger"
SECRET = "officer passphrase 1"


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    path = tmp_path / "profiles" / "officer.cache"
    conn = sqlcipher_store.create(path, SECRET, origin=ORIGIN)
    log = CredentialLog()
    log.register("P-SECRETIVE-TRADER")
    m = mirror.Mirror(conn, path)
    registry = logged_records.PartyRegistry([log.cbp.did])
    m.store([logged_records.check_entry(log.entries[0], 0, registry)])
    conn.close()
    return path


def test_reopening_with_the_passphrase_finds_the_mirror(cache_path: Path) -> None:
    conn = sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)
    assert mirror.Mirror(conn, cache_path).entry_count() == 1


def test_cache_file_and_card_are_private_to_the_officer(cache_path: Path) -> None:
    assert cache_path.stat().st_mode & 0o077 == 0
    assert sqlcipher_store.card_path(cache_path).stat().st_mode & 0o077 == 0


def test_plaintext_of_a_record_never_appears_in_the_file(cache_path: Path) -> None:
    raw = cache_path.read_bytes() + (
        cache_path.with_name(cache_path.name + "-wal").read_bytes()
        if cache_path.with_name(cache_path.name + "-wal").exists()
        else b""
    )
    assert b"P-SECRETIVE-TRADER" not in raw
    assert b"PartyRegistration" not in raw
    assert b"SQLite format 3" not in raw


def test_wrong_passphrase_is_named_as_such_and_moves_nothing(cache_path: Path) -> None:
    with pytest.raises(WrongPassphraseError, match="passphrase does not open"):
        sqlcipher_store.open_existing(cache_path, "not the passphrase", origin=ORIGIN)
    assert cache_path.exists()


def test_cache_of_another_ledger_is_refused(cache_path: Path) -> None:
    with pytest.raises(ForeignCacheError) as info:
        sqlcipher_store.open_existing(cache_path, SECRET, origin="other.example/log")
    assert (info.value.expected, info.value.found) == ("other.example/log", ORIGIN)


@pytest.mark.parametrize("damage", ["truncated", "random bytes", "flipped byte"])
def test_damaged_cache_is_moved_aside_not_deleted(cache_path: Path, damage: str) -> None:
    data = cache_path.read_bytes()
    if damage == "truncated":
        cache_path.write_bytes(data[: len(data) // 3 + 100])
    elif damage == "random bytes":
        cache_path.write_bytes(os.urandom(len(data)))
    else:
        cache_path.write_bytes(data[:5000] + bytes([data[5000] ^ 0xFF]) + data[5001:])
    for wal in cache_path.parent.glob("*-wal"):
        wal.unlink()
    with pytest.raises(CacheCorruptedError, match="damaged") as info:
        sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)
    moved = info.value.moved_to
    assert moved is not None and Path(moved).exists() and not cache_path.exists()
    assert Path(moved).stat().st_size > 0


def test_without_its_card_a_wrong_passphrase_still_moves_nothing(cache_path: Path) -> None:
    sqlcipher_store.card_path(cache_path).unlink()
    with pytest.raises(WrongPassphraseError, match="card is missing"):
        sqlcipher_store.open_existing(cache_path, "wrong", origin=ORIGIN)
    assert cache_path.exists()
    sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN).close()
    assert sqlcipher_store.card_path(cache_path).exists()  # written again once the passphrase was proven


def test_read_only_cache_refuses_writes_and_keeps_its_data(cache_path: Path) -> None:
    """Opened read-only by SQLite itself, so that the test means the same as root and as a user."""
    import sqlcipher3.dbapi2 as raw_sqlcipher  # the test reaches below the store to make the file read-only

    conn = raw_sqlcipher.connect(f"file:{cache_path}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA key = " + sqlcipher_store._quote(SECRET))
    with pytest.raises(CacheWriteError) as info, sqlcipher_store.transaction(conn, cache_path):
        conn.execute("DELETE FROM entries")
    assert info.value.problem == "read_only"
    conn.close()
    reopened = sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)
    assert mirror.Mirror(reopened, cache_path).entry_count() == 1


def test_cache_from_a_newer_version_is_refused(cache_path: Path) -> None:
    conn = sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)
    conn.execute("UPDATE schema_versions SET version = 99 WHERE owner = ?", (mirror.OWNER,))
    with pytest.raises(CacheSchemaError, match="version 99"):
        mirror.Mirror(conn, cache_path)
    assert migrations.current_version(conn, mirror.OWNER) == 99


def test_creating_over_an_existing_cache_is_refused(cache_path: Path) -> None:
    with pytest.raises(FileExistsError):
        sqlcipher_store.create(cache_path, SECRET, origin=ORIGIN)


def test_full_disk_is_named_and_the_mirror_is_unchanged(cache_path: Path) -> None:
    """A full disk is simulated with SQLite's page limit, which fails the same way (SQLITE_FULL)."""
    conn = sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)
    m = mirror.Mirror(conn, cache_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    big = [
        logged_records.RejectedEntry(i, bytes(32), os.urandom(60_000), logged_records.RecordFailure.BAD_SIGNATURE, "x")
        for i in range(1, 4)
    ]
    with pytest.raises(CacheWriteError) as info:
        m.store(big)
    assert info.value.problem == "disk_full"
    assert m.entry_count() == 1
