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


def _checkpointed(path: Path) -> bytes:
    """The cache's bytes with its write-ahead log folded in (so that damage to the file is damage to the data)."""
    conn = sqlcipher_store.open_existing(path, SECRET, origin=ORIGIN)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    conn.close()
    for wal in path.parent.glob("*-wal"):
        wal.unlink()
    return path.read_bytes()


def _page_of_entries(path: Path) -> int:
    conn = sqlcipher_store.open_existing(path, SECRET, origin=ORIGIN)
    row = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'entries'").fetchone()
    conn.close()
    assert row is not None and isinstance(row[0], int)
    return row[0]


def _assert_moved_aside(error: CacheCorruptedError, path: Path) -> None:
    moved = error.moved_to
    assert moved is not None and Path(moved).exists() and not path.exists()
    assert Path(moved).stat().st_size > 0


@pytest.mark.parametrize("damage", ["truncated", "random bytes"])
def test_damaged_cache_is_moved_aside_not_deleted(cache_path: Path, damage: str) -> None:
    data = _checkpointed(cache_path)
    if damage == "truncated":
        cache_path.write_bytes(data[:100])
    else:
        cache_path.write_bytes(os.urandom(len(data)))
    with pytest.raises(CacheCorruptedError, match="damaged") as info:
        sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)
    _assert_moved_aside(info.value, cache_path)


def _damage_entries_page(cache_path: Path) -> None:
    page = _page_of_entries(cache_path)
    data = _checkpointed(cache_path)
    at = (page - 1) * 4096 + 2000  # inside the entries table's page: its HMAC no longer matches
    cache_path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])


def test_a_damaged_page_is_reported_by_the_first_read_that_reaches_it(cache_path: Path) -> None:
    """Opening reads only the first pages; the mirror's first read of the damaged page reports it."""
    _damage_entries_page(cache_path)
    conn = sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN)  # the open itself stays cheap
    with pytest.raises(CacheCorruptedError, match="damaged") as info:
        mirror.Mirror(conn, cache_path).entry(0)
    conn.close()
    _assert_moved_aside(info.value, cache_path)


def test_the_integrity_check_finds_a_damaged_page_the_open_did_not_read(cache_path: Path) -> None:
    _damage_entries_page(cache_path)
    sqlcipher_store.open_existing(cache_path, SECRET, origin=ORIGIN).close()
    with pytest.raises(CacheCorruptedError, match="damaged") as info:
        sqlcipher_store.check_integrity(cache_path, SECRET)
    _assert_moved_aside(info.value, cache_path)


def test_the_integrity_check_passes_a_sound_cache(cache_path: Path) -> None:
    sqlcipher_store.check_integrity(cache_path, SECRET)
    assert cache_path.exists()


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
