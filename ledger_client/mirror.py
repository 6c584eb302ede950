"""The verified mirror of the log inside the encrypted cache, and the client's trusted state.

What lives here (docs/architecture.md §5, "Who owns what in the cache"): every entry
up to the last verified checkpoint with its verification outcome, the verified
checkpoints (evidence), the checkpoint a sync is working toward, and fork
evidence. Nothing here knows about trade; ``workstation.store`` keeps its own
tables in the same database, and may keep a table derived from the entries in step
with them through a :class:`MirrorListener` (told inside the transaction that
stores or drops entries, so that both commit or roll back together).

Entries are stored only after their leaf hashes were checked against tiles
tied to a verified checkpoint, and the trusted checkpoint moves only by
compare-and-swap, after a consistency proof (:mod:`ledger_client.sync`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ledger_client import logged_records, migrations, sqlcipher_store
from ledger_client.credentials.data_integrity import VerifiedProof
from ledger_client.errors import LogForkError, StateConflictError
from ledger_client.logged_records import LoggedCredential, RecordFailure, Registration, RejectedEntry

OWNER = "ledger_client.mirror"

SCHEMA = [
    # version 1
    """
    CREATE TABLE entries (
        idx INTEGER PRIMARY KEY,
        leaf_hash BLOB NOT NULL,
        entry BLOB NOT NULL,
        failure TEXT,
        reason TEXT,
        credential_id TEXT,
        record_type TEXT,
        issuer TEXT,
        party TEXT
    );
    CREATE INDEX entries_credential_id ON entries (credential_id);
    CREATE INDEX entries_record_type ON entries (record_type, idx);
    CREATE INDEX entries_party ON entries (party);
    CREATE TABLE checkpoints (
        size INTEGER NOT NULL,
        note BLOB NOT NULL,
        verified_at INTEGER NOT NULL
    );
    CREATE TABLE ledger_state (
        name TEXT PRIMARY KEY,
        note BLOB NOT NULL
    );
    CREATE TABLE fork_evidence (
        id INTEGER PRIMARY KEY,
        detected_at INTEGER NOT NULL,
        message TEXT NOT NULL,
        trusted_note BLOB NOT NULL,
        new_note BLOB NOT NULL,
        proof TEXT NOT NULL,
        acknowledged_at INTEGER
    )
    """,
    # version 2: what each believed registration binds (so a sync never re-reads them), and
    # the rejected entries indexed (so counting them reads no entry); filled from version 1 by
    # ``_fill_registrations``
    """
    CREATE TABLE registrations (
        idx INTEGER PRIMARY KEY,
        issuer TEXT NOT NULL,
        party TEXT NOT NULL,
        keys TEXT NOT NULL,
        dids TEXT NOT NULL
    );
    CREATE INDEX entries_rejected ON entries (idx) WHERE failure IS NOT NULL
    """,
]


#: The one index a long append drops and builds again (:meth:`Mirror.bulk_append`); also run at open.
_CREDENTIAL_ID_INDEX = "CREATE INDEX IF NOT EXISTS entries_credential_id ON entries (credential_id)"


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """One mirrored entry and what its verification found.

    Attributes:
        failure: None when the record is believed; else why not.
        reason: plain words for ``failure``.
        proof: the proof the sync verified, for an entry handed to a listener as it is stored
            (never stored itself: None for an entry read back, or one whose proof did not verify).
    """

    index: int
    leaf_hash: bytes
    entry: bytes
    failure: RecordFailure | None
    reason: str | None
    credential_id: str | None
    record_type: str | None
    issuer: str | None
    party: str | None
    proof: VerifiedProof | None = None

    @property
    def believed(self) -> bool:
        return self.failure is None


@dataclass(frozen=True, slots=True)
class ForkEvidence:
    """A recorded fork or rollback, kept for the alert and for reports."""

    id: int
    detected_at: int
    message: str
    trusted_note: bytes
    new_note: bytes
    proof: tuple[bytes, ...]
    acknowledged_at: int | None


class MirrorListener(Protocol):
    """Keeps something derived from the entries in step with them (one per mirror: :meth:`Mirror.set_listener`).

    Both methods run inside the mirror's write transaction: what they write commits
    or rolls back with the entries. An exception from them rolls the change back.
    """

    def entries_stored(self, entries: Sequence[StoredEntry]) -> None:
        """``entries`` (consecutive, in log order) were just appended, each with the proof this sync verified."""

    def entries_discarded(self, start: int) -> None:
        """Every entry from ``start`` on was just dropped."""


_ENTRY_COLUMNS = "idx, leaf_hash, entry, failure, reason, credential_id, record_type, issuer, party"


def _entry(row: sqlcipher_store.Row, proof: VerifiedProof | None = None) -> StoredEntry:
    idx, leaf, entry, failure, reason, cid, rtype, issuer, party = row
    return StoredEntry(
        index=sqlcipher_store.as_int(idx),
        leaf_hash=sqlcipher_store.as_bytes(leaf),
        entry=sqlcipher_store.as_bytes(entry),
        failure=RecordFailure(failure) if isinstance(failure, str) else None,
        reason=sqlcipher_store.as_optional_str(reason),
        credential_id=sqlcipher_store.as_optional_str(cid),
        record_type=sqlcipher_store.as_optional_str(rtype),
        issuer=sqlcipher_store.as_optional_str(issuer),
        party=sqlcipher_store.as_optional_str(party),
        proof=proof,
    )


class Mirror:
    """The mirror tables of one cache database (created or migrated on construction).

    Implements the client's ``StateStore`` contract: the trusted checkpoint is
    durable once :meth:`advance` returns, and it is replaced only when the
    caller names the note it replaces (compare-and-swap).
    """

    def __init__(self, conn: sqlcipher_store.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._listener: MirrorListener | None = None
        before = migrations.current_version(conn, OWNER)
        migrations.apply(conn, path, OWNER, SCHEMA)
        if 0 < before < 2:
            self._fill_registrations()
        conn.execute(_CREDENTIAL_ID_INDEX)  # a no-op, unless a bulk append was cut short

    def _fill_registrations(self) -> None:
        """Version 1 to 2: record what the believed registrations already mirrored bind."""
        rows = [
            (stored.index, stored.issuer, found.party, json.dumps(list(found.keys)), json.dumps(list(found.dids)))
            for stored in self.entries(record_type=logged_records.PARTY_REGISTRATION)
            if stored.believed
            and stored.issuer is not None
            and (found := logged_records.registration_in(stored.entry)) is not None
        ]
        with sqlcipher_store.transaction(self._conn, self._path):
            self._conn.executemany(
                "INSERT INTO registrations (idx, issuer, party, keys, dids) VALUES (?,?,?,?,?)", rows
            )

    def set_listener(self, listener: MirrorListener | None) -> None:
        """Tell ``listener`` (in place of any other) of every entry stored or discarded from now on."""
        self._listener = listener

    @property
    def connection(self) -> sqlcipher_store.Connection:
        return self._conn

    @property
    def path(self) -> Path:
        return self._path

    # ------------------------------------------------------------------ state

    def _state(self, name: str) -> bytes | None:
        row = self._conn.execute("SELECT note FROM ledger_state WHERE name = ?", (name,)).fetchone()
        return sqlcipher_store.as_bytes(row[0]) if row else None

    def trusted_note(self) -> bytes | None:
        """The signed note of the last verified checkpoint, or None before the first sync."""
        return self._state("trusted")

    def pending_note(self) -> bytes | None:
        """The verified checkpoint an unfinished sync was working toward."""
        return self._state("pending")

    def set_pending(self, note: bytes) -> None:
        with sqlcipher_store.transaction(self._conn, self._path):
            self._conn.execute(
                "INSERT INTO ledger_state (name, note) VALUES ('pending', ?) "
                "ON CONFLICT (name) DO UPDATE SET note = excluded.note",
                (note,),
            )

    def advance(self, expected: bytes | None, note: bytes, size: int, *, now: int) -> None:
        """Make ``note`` the trusted checkpoint if the trusted one is still ``expected``.

        Raises:
            StateConflictError: another writer changed the trusted checkpoint.
        """
        with sqlcipher_store.transaction(self._conn, self._path):
            if self.trusted_note() != expected:
                raise StateConflictError("the trusted checkpoint changed during the sync")
            count = self.entry_count()
            assert count == size, f"advancing to size {size} with {count} entries mirrored"
            self._conn.execute(
                "INSERT INTO ledger_state (name, note) VALUES ('trusted', ?) "
                "ON CONFLICT (name) DO UPDATE SET note = excluded.note",
                (note,),
            )
            self._conn.execute("DELETE FROM ledger_state WHERE name = 'pending'")
            self._conn.execute("INSERT INTO checkpoints (size, note, verified_at) VALUES (?, ?, ?)", (size, note, now))

    def checkpoint_history(self) -> list[tuple[int, bytes, int]]:
        rows = self._conn.execute("SELECT size, note, verified_at FROM checkpoints ORDER BY rowid").fetchall()
        return [
            (sqlcipher_store.as_int(r[0]), sqlcipher_store.as_bytes(r[1]), sqlcipher_store.as_int(r[2])) for r in rows
        ]

    # ------------------------------------------------------------------ entries

    def entry_count(self) -> int:
        row = self._conn.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries").fetchone()
        assert row is not None
        return sqlcipher_store.as_int(row[0])

    def count_rejected(self, *, start: int = 0) -> int:
        """How many entries from ``start`` on are published but not believed."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM entries WHERE idx >= ? AND failure IS NOT NULL", (start,)
        ).fetchone()
        assert row is not None
        return sqlcipher_store.as_int(row[0])

    def store(self, records: Sequence[LoggedCredential | RejectedEntry]) -> None:
        """Append verified-or-rejected entries, in one transaction; indexes must continue the log."""
        if not records:
            return
        rows: list[tuple[sqlcipher_store.SqlValue, ...]] = []
        for r in records:
            if isinstance(r, LoggedCredential):
                rows.append(
                    (r.index, r.leaf_hash, r.entry, None, None, r.credential_id, r.record_type, r.issuer, r.party)
                )
            else:
                rows.append(
                    (
                        r.index,
                        r.leaf_hash,
                        r.entry,
                        r.failure.value,
                        r.reason,
                        r.credential_id,
                        r.record_type,
                        r.issuer,
                        None,
                    )
                )
        bindings = [
            (
                r.index,
                r.issuer,
                r.registration.party,
                json.dumps(list(r.registration.keys)),
                json.dumps(list(r.registration.dids)),
            )
            for r in records
            if isinstance(r, LoggedCredential) and r.registration is not None
        ]
        with sqlcipher_store.transaction(self._conn, self._path):
            first = self.entry_count()
            assert records[0].index == first, f"entry {records[0].index} stored where {first} comes next"
            self._conn.executemany(f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
            self._conn.executemany(
                "INSERT INTO registrations (idx, issuer, party, keys, dids) VALUES (?,?,?,?,?)", bindings
            )
            if self._listener is not None:
                self._listener.entries_stored([_entry(row, r.proof) for row, r in zip(rows, records, strict=True)])

    @contextlib.contextmanager
    def bulk_append(self) -> Iterator[None]:
        """Around many :meth:`store` calls (a first sync of a long log).

        Credential ids are random, so once the log outgrows the page cache their
        index costs a page read, re-encrypted and written for nearly every entry
        stored, more the longer the log. Here it is dropped, and built once at the
        end from the sorted ids (also when the block ends by an exception). Lookups
        by credential id stay correct meanwhile, only slower; a process killed in
        between leaves the index to the next open.
        """
        with sqlcipher_store.transaction(self._conn, self._path):
            self._conn.execute("DROP INDEX IF EXISTS entries_credential_id")
        try:
            yield
        finally:
            with sqlcipher_store.transaction(self._conn, self._path):
                self._conn.execute(_CREDENTIAL_ID_INDEX)

    def discard_from(self, index: int) -> None:
        """Drop entries from ``index`` on (entries stored toward a checkpoint that was never trusted)."""
        with sqlcipher_store.transaction(self._conn, self._path):
            self._conn.execute("DELETE FROM entries WHERE idx >= ?", (index,))
            self._conn.execute("DELETE FROM registrations WHERE idx >= ?", (index,))
            if self._listener is not None:
                self._listener.entries_discarded(index)

    def entry(self, index: int) -> StoredEntry | None:
        row = self._conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE idx = ?", (index,)).fetchone()
        return _entry(row) if row else None

    def entries(
        self, *, record_type: str | None = None, start: int = 0, end: int | None = None
    ) -> Iterator[StoredEntry]:
        """Every entry from ``start`` (up to ``end``, excluded) in log order, optionally of one record type."""
        stop = (1 << 62) if end is None else end
        if record_type is None:
            cursor = self._conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx", (start, stop)
            )
        else:
            cursor = self._conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE record_type = ? AND idx >= ? AND idx < ? ORDER BY idx",
                (record_type, start, stop),
            )
        for row in cursor:
            yield _entry(row)

    def registrations(self, *, upto: int) -> Iterator[tuple[str, Registration]]:
        """(issuer, what it binds) of each believed registration before ``upto``, in log order."""
        cursor = self._conn.execute(
            "SELECT issuer, party, keys, dids FROM registrations WHERE idx < ? ORDER BY idx", (upto,)
        )
        for issuer, party, keys, dids in cursor:
            bound = tuple(json.loads(sqlcipher_store.as_str(keys)))
            web = tuple(json.loads(sqlcipher_store.as_str(dids)))
            yield sqlcipher_store.as_str(issuer), Registration(sqlcipher_store.as_str(party), bound, web)

    def by_credential_id(self, credential_id: str) -> list[StoredEntry]:
        rows = self._conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE credential_id = ? ORDER BY idx", (credential_id,)
        ).fetchall()
        return [_entry(r) for r in rows]

    def leaf_hashes(self) -> list[bytes]:
        return [
            sqlcipher_store.as_bytes(r[0]) for r in self._conn.execute("SELECT leaf_hash FROM entries ORDER BY idx")
        ]

    # ------------------------------------------------------------------ forks

    def record_fork(self, error: LogForkError, *, now: int) -> int:
        """Keep the evidence of a fork or rollback; returns its id."""
        with sqlcipher_store.transaction(self._conn, self._path):
            cursor = self._conn.execute(
                "INSERT INTO fork_evidence (detected_at, message, trusted_note, new_note, proof) VALUES (?,?,?,?,?)",
                (
                    now,
                    str(error),
                    error.trusted_checkpoint,
                    error.new_checkpoint,
                    json.dumps([p.hex() for p in error.proof]),
                ),
            )
            return int(cursor.lastrowid or 0)

    def forks(self, *, unacknowledged_only: bool = False) -> list[ForkEvidence]:
        query = "SELECT id, detected_at, message, trusted_note, new_note, proof, acknowledged_at FROM fork_evidence"
        if unacknowledged_only:
            query += " WHERE acknowledged_at IS NULL"
        rows = self._conn.execute(query + " ORDER BY id").fetchall()
        evidence = []
        for r in rows:
            ack = r[6]
            evidence.append(
                ForkEvidence(
                    id=sqlcipher_store.as_int(r[0]),
                    detected_at=sqlcipher_store.as_int(r[1]),
                    message=sqlcipher_store.as_str(r[2]),
                    trusted_note=sqlcipher_store.as_bytes(r[3]),
                    new_note=sqlcipher_store.as_bytes(r[4]),
                    proof=tuple(bytes.fromhex(h) for h in json.loads(sqlcipher_store.as_str(r[5]))),
                    acknowledged_at=None if ack is None else sqlcipher_store.as_int(ack),
                )
            )
        return evidence

    def acknowledge_fork(self, fork_id: int, *, now: int) -> None:
        with sqlcipher_store.transaction(self._conn, self._path):
            self._conn.execute(
                "UPDATE fork_evidence SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
                (now, fork_id),
            )
