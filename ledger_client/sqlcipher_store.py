"""The officer's encrypted cache file: SQLCipher via ``sqlcipher3``, the only module importing it.

One file per officer profile, opened with the officer's passphrase. Beside it
lives a small plaintext *profile card* (``<cache>.card.json``) that says which
ledger the cache mirrors and holds an Argon2id check value of the passphrase,
so that the three ways an open can fail get their own errors:

* the passphrase does not match the card: :class:`WrongPassphraseError`;
* the passphrase matches but the file does not open or is damaged:
  :class:`CacheCorruptedError`, after the file is moved aside (never deleted);
  opening reads only the first pages, so damage further in is found by the
  first read that reaches it or by :func:`check_integrity` (run in the
  background or on demand), and reported the same way;
* the card names another ledger: :class:`ForeignCacheError`.

The check value costs an attacker what SQLCipher's own key derivation costs
(more: Argon2id is memory-hard), so it gives nothing away. A full disk and a
read-only file or folder raise :class:`CacheWriteError`.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

import nacl.pwhash
import nacl.utils
import sqlcipher3.dbapi2 as sqlcipher

from ledger_client.errors import CacheCorruptedError, CacheWriteError, ForeignCacheError, WrongPassphraseError

CARD_SUFFIX = ".card.json"
CARD_FORMAT = "customs-workstation cache card v1"
_KDF = nacl.pwhash.argon2id
_OPS, _MEM = _KDF.OPSLIMIT_INTERACTIVE, _KDF.MEMLIMIT_INTERACTIVE

#: One value of a row, as SQLite hands it back.
SqlValue = int | float | str | bytes | None
Row = tuple[SqlValue, ...]


class Cursor(Protocol):
    """The part of a DB-API cursor the stores use."""

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Row | None: ...

    def fetchall(self) -> list[Row]: ...

    def __iter__(self) -> Iterator[Row]: ...


class Connection(Protocol):
    """The part of a DB-API connection the stores use (``sqlcipher3`` ships no type information)."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Sequence[SqlValue] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[SqlValue]], /) -> Cursor: ...

    def close(self) -> None: ...


DatabaseError = sqlcipher.DatabaseError
OperationalError = sqlcipher.OperationalError


def as_int(value: SqlValue) -> int:
    assert isinstance(value, int), f"expected an integer column, got {type(value).__name__}"
    return value


def as_bytes(value: SqlValue) -> bytes:
    assert isinstance(value, bytes), f"expected a blob column, got {type(value).__name__}"
    return value


def as_str(value: SqlValue) -> str:
    assert isinstance(value, str), f"expected a text column, got {type(value).__name__}"
    return value


def as_optional_str(value: SqlValue) -> str | None:
    return None if value is None else as_str(value)


@dataclass(frozen=True, slots=True)
class CacheCard:
    """The plaintext card beside a cache file."""

    origin: str
    salt: bytes
    check: bytes

    def to_json(self) -> str:
        return json.dumps(
            {"format": CARD_FORMAT, "origin": self.origin, "salt": self.salt.hex(), "check": self.check.hex()},
            indent=2,
        )


def _check_value(passphrase: str, salt: bytes) -> bytes:
    return _KDF.kdf(32, passphrase.encode("utf-8"), salt, opslimit=_OPS, memlimit=_MEM)


def card_path(path: Path) -> Path:
    return path.with_name(path.name + CARD_SUFFIX)


def _read_card(path: Path) -> CacheCard | None:
    try:
        raw = json.loads(card_path(path).read_text(encoding="utf-8"))
        if raw["format"] != CARD_FORMAT:
            return None
        return CacheCard(str(raw["origin"]), bytes.fromhex(raw["salt"]), bytes.fromhex(raw["check"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_error(path: Path, exc: BaseException) -> CacheWriteError:
    text = str(exc).lower()
    problem = "disk_full" if ("full" in text or getattr(exc, "errno", None) == 28) else "read_only"
    return CacheWriteError(
        f"the cache cannot be written ({problem.replace('_', ' ')})", path=str(path), problem=problem
    )


def move_aside(path: Path) -> Path | None:
    """Rename a damaged cache (and its card) out of the way; never delete it."""
    target = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    try:
        path.rename(target)
        if card_path(path).exists():
            card_path(path).rename(card_path(target))
    except OSError:
        return None
    return target


def is_damage(exc: BaseException) -> bool:
    """An sqlite error that means the file's pages do not decrypt or do not parse (not a busy or full disk)."""
    if not isinstance(exc, sqlcipher.DatabaseError) or isinstance(exc, sqlcipher.OperationalError):
        return False
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _damaged(path: Path) -> CacheCorruptedError:
    moved = move_aside(path)
    return CacheCorruptedError(
        "the cache file is damaged or not a cache", path=str(path), moved_to=str(moved) if moved else None
    )


class _GuardedCursor:
    """A cursor whose reads turn page damage into :class:`CacheCorruptedError`."""

    def __init__(self, cursor: Cursor, path: Path) -> None:
        self._cursor = cursor
        self._path = path

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    def fetchone(self) -> Row | None:
        try:
            return self._cursor.fetchone()
        except sqlcipher.DatabaseError as exc:
            if is_damage(exc):
                raise _damaged(self._path) from exc
            raise

    def fetchall(self) -> list[Row]:
        try:
            return self._cursor.fetchall()
        except sqlcipher.DatabaseError as exc:
            if is_damage(exc):
                raise _damaged(self._path) from exc
            raise

    def __iter__(self) -> Iterator[Row]:
        try:
            yield from self._cursor
        except sqlcipher.DatabaseError as exc:
            if is_damage(exc):
                raise _damaged(self._path) from exc
            raise


class _GuardedConnection:
    """The cache connection: every read or write that meets a damaged page raises :class:`CacheCorruptedError`.

    Opening a profile no longer reads the whole file (``PRAGMA quick_check`` took
    seconds on a large ledger), so damage is reported where it is met.
    """

    def __init__(self, conn: Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def execute(self, sql: str, parameters: Sequence[SqlValue] = (), /) -> Cursor:
        try:
            return _GuardedCursor(self._conn.execute(sql, parameters), self._path)
        except sqlcipher.DatabaseError as exc:
            if is_damage(exc):
                raise _damaged(self._path) from exc
            raise

    def executemany(self, sql: str, parameters: Iterable[Sequence[SqlValue]], /) -> Cursor:
        try:
            return _GuardedCursor(self._conn.executemany(sql, parameters), self._path)
        except sqlcipher.DatabaseError as exc:
            if is_damage(exc):
                raise _damaged(self._path) from exc
            raise

    def close(self) -> None:
        self._conn.close()


def _connect(path: Path, passphrase: str) -> Connection:
    conn = cast(Connection, sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = " + _quote(passphrase))
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_integrity(path: Path, passphrase: str, *, should_stop: Callable[[], bool] | None = None) -> bool:
    """Read every page of the cache (``PRAGMA quick_check``) on a connection of its own.

    Slow on a large cache (seconds per million entries): run it off the UI
    thread, after the profile is open, or on demand (``workstation check-cache``).
    A separate connection lets the session keep reading while it runs.

    Args:
        should_stop: polled while the check runs; when it returns True the check
            stops early (closing the profile) and this returns False.

    Returns:
        True when every page was read and found sound; False when stopped early.

    Raises:
        CacheCorruptedError: a page does not decrypt or the b-trees are damaged
            (the file is moved aside, as when opening finds the damage).
    """
    conn = cast(_RawConnection, _connect(path, passphrase))
    if should_stop is not None:
        conn.set_progress_handler(lambda: 1 if should_stop() else 0, 10_000)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if should_stop is not None and should_stop() and not is_damage(exc):
            return False
        if isinstance(exc, sqlcipher.OperationalError) and not is_damage(exc):
            raise
        raise _damaged(path) from exc
    conn.close()
    if [tuple(r) for r in rows] != [("ok",)]:
        problem = IntegrityCheckError("; ".join(str(r[0]) for r in rows[:5]))
        raise _damaged(path) from problem
    return True


class _RawConnection(Connection, Protocol):
    def set_progress_handler(self, handler: Callable[[], int], n: int, /) -> None: ...


class IntegrityCheckError(Exception):
    """What ``quick_check`` reported (kept as the cause of the CacheCorruptedError)."""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create(path: Path, passphrase: str, *, origin: str) -> Connection:
    """Create a new, empty encrypted cache for the ledger ``origin``.

    Raises:
        FileExistsError: a cache is already there (a caller's mistake).
        CacheWriteError: the folder is read-only or the disk is full.
    """
    if len(passphrase) < 1:
        raise ValueError("a cache needs a passphrase")
    if path.exists() or card_path(path).exists():
        raise FileExistsError(f"a cache already exists at {path}")
    salt = nacl.utils.random(_KDF.SALTBYTES)
    card = CacheCard(origin, salt, _check_value(passphrase, salt))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        card_path(path).write_text(card.to_json(), encoding="utf-8")
        conn = _connect(path, passphrase)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE cache_card (origin TEXT NOT NULL)")
        conn.execute("INSERT INTO cache_card VALUES (?)", (origin,))
        for owned in (path, card_path(path)):
            os.chmod(owned, 0o600)
    except (OSError, sqlcipher.OperationalError) as exc:
        raise _write_error(path, exc) from exc
    return _GuardedConnection(conn, path)


def open_existing(path: Path, passphrase: str, *, origin: str) -> Connection:
    """Open a cache, telling apart a wrong passphrase, a damaged file and another ledger.

    Raises:
        FileNotFoundError: there is no cache at ``path``.
        WrongPassphraseError, CacheCorruptedError, ForeignCacheError, CacheWriteError.
    """
    if not path.exists():
        raise FileNotFoundError(f"no cache at {path}")
    card = _read_card(path)
    if card is not None:
        if not hmac.compare_digest(_check_value(passphrase, card.salt), card.check):
            raise WrongPassphraseError("the passphrase does not open this cache", path=str(path))
        if card.origin != origin:
            raise ForeignCacheError(
                "the cache mirrors another ledger", path=str(path), expected=origin, found=card.origin
            )
    try:
        conn = _connect(path, passphrase)
        # Reads the header and the first pages only: nothing in proportion to the ledger.
        found = conn.execute("SELECT origin FROM cache_card").fetchone()
    except sqlcipher.DatabaseError as exc:
        if card is None:
            # Without a card a wrong passphrase and a damaged file look alike: say so, move nothing.
            raise WrongPassphraseError(
                "the cache does not open: wrong passphrase, or its card is missing and the file is damaged",
                path=str(path),
            ) from exc
        moved = move_aside(path)
        raise CacheCorruptedError(
            "the cache file is damaged or not a cache", path=str(path), moved_to=str(moved) if moved else None
        ) from exc
    if found is None or found[0] != origin:
        conn.close()
        raise ForeignCacheError(
            "the cache mirrors another ledger", path=str(path), expected=origin, found=str(found[0] if found else "")
        )
    if card is None:  # the card was lost: write it again now that the passphrase is proven
        salt = nacl.utils.random(_KDF.SALTBYTES)
        with contextlib.suppress(OSError):
            card_path(path).write_text(
                CacheCard(origin, salt, _check_value(passphrase, salt)).to_json(), encoding="utf-8"
            )
    return _GuardedConnection(conn, path)


@contextlib.contextmanager
def transaction(conn: Connection, path: Path) -> Iterator[Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any error; disk problems become CacheWriteError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher.OperationalError as exc:
        raise _write_error(path, exc) from exc
    try:
        yield conn
    except BaseException as exc:
        if conn.in_transaction:  # SQLite has already rolled back after SQLITE_FULL
            conn.execute("ROLLBACK")
        if is_write_failure(exc):
            raise _write_error(path, exc) from exc
        raise
    try:
        conn.execute("COMMIT")
    except sqlcipher.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _write_error(path, exc) from exc


def is_write_failure(exc: BaseException) -> bool:
    """An sqlite error that means the disk is full or the database is read-only."""
    if not isinstance(exc, sqlcipher.OperationalError):
        return False
    text = str(exc).lower()
    return "full" in text or "readonly" in text or "read-only" in text


def write_error(path: Path, exc: BaseException) -> CacheWriteError:
    return _write_error(path, exc)


__all__ = [
    "CacheCard",
    "Connection",
    "DatabaseError",
    "OperationalError",
    "card_path",
    "check_integrity",
    "create",
    "move_aside",
    "open_existing",
    "transaction",
]
