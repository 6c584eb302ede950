"""The trade records of the mirror, indexed for the rules, plus the lookup keys officers type.

One verification per entry: the mirror checked each entry's proof once, at sync,
and stored the outcome beside it (``ledger_client.Mirror``). This view believes
that outcome: it parses each entry into its trade record with
``trade.record_index.read_logged`` and never checks a signature again, so there
is one evaluation time per entry (the credential's own ``validFrom``).

The index grows with the mirror: after a sync only the new entries are read.
The keys officers complete on (certificate ids, parties, HS codes, marks,
licences, profiles and seasons, serials, entry numbers) are kept in the
``trade_keys`` table of the cache, with the number of entries they cover in
``trade_index_state``; both are written in one transaction, so a process
killed in between leaves them consistent, and the next read completes them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import ledger_client
from ledger_client import cache
from trade import record_index, record_types
from workstation.store import schema

#: Kinds of lookup keys kept in ``trade_keys``.
KEY_KINDS = ("certificate", "party", "hs", "mark", "licence", "profile", "serial", "entry")

#: Entries read from the mirror per step while the index grows (bounds the memory of one step).
_BATCH = 4096


#: Case- and accent-insensitive form of a name (``Fábrica`` and ``fabrica`` fold alike).
fold = record_index.fold_name


def _keys_of(record: record_types.TradeRecord) -> Iterable[tuple[str, str, str]]:
    match record:
        case record_types.PartyRegistration():
            yield "party", record.party_id, record.legal_name
        case record_types.CertificationOfOrigin():
            yield "certificate", record.certification_id, record.certification_id
            if record.hs is not None:
                yield "hs", str(record.hs), str(record.hs)
        case record_types.TrademarkRecordation():
            yield "mark", record.mark, record.mark
        case record_types.TrademarkLicence():
            yield "licence", record.licence_id, record.licence_id
        case record_types.ProductProfile():
            yield "profile", f"{record.profile_id} {record.season}", f"{record.profile_id} {record.season}"
        case record_types.SerialSighting():
            yield "serial", record.serial, record.serial
        case record_types.EntrySummaryLine():
            yield "entry", record.line.line_id, f"{record.line.line_id} ({record.line.entry_number})"
        case _:
            return


def keys_of(items: Iterable[record_types.TradeRecord | record_types.FailedRecord]) -> list[tuple[str, str, str]]:
    """(kind, key, label) rows for the believed records among ``items``."""
    return [
        (kind, key, label)
        for item in items
        if not isinstance(item, record_types.FailedRecord)
        for kind, key, label in _keys_of(item)
    ]


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching keys that start with ``prefix`` (its ``%``, ``_`` and ``\\`` taken literally)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def read_stored(
    stored: ledger_client.StoredEntry, signers: record_types.SignerDirectory
) -> tuple[record_types.TradeRecord | record_types.FailedRecord, ...]:
    """The trade records of one mirrored entry, from the outcome the mirror stored (no second check)."""
    proof_verified = stored.failure is not ledger_client.RecordFailure.BAD_SIGNATURE
    return record_index.read_logged(
        stored.entry, stored.index, stored.leaf_hash, proof_verified=proof_verified, signers=signers
    )


class TradeView:
    """The rules' view of the mirror.

    Args:
        mirror: the verified mirror.
        cbp_issuer: CBP's pinned did:key (the first of the trust file's).
        clock: POSIX seconds now (kept for callers; the view itself never judges time).
    """

    def __init__(self, mirror: ledger_client.Mirror, cbp_issuer: str, clock: Callable[[], int]) -> None:
        self._mirror = mirror
        self._cbp = cbp_issuer
        self._clock = clock
        self._index = record_index.RecordIndex.build(())
        self._signers = record_types.SignerDirectory(cbp_issuer)
        self._size = 0
        self._lock = threading.Lock()
        schema.migrate(mirror.connection, mirror.path)

    @property
    def path(self) -> Path:
        return self._mirror.path

    @property
    def size(self) -> int:
        """How many mirrored entries the index holds."""
        return self._size

    def index(self) -> record_index.RecordIndex:
        """The record index over every mirrored entry (the entries added since the last call are read now)."""
        with self._lock:
            size = self._mirror.entry_count()
            if size < self._size:  # entries toward an untrusted checkpoint were dropped: start again
                self._index = record_index.RecordIndex.build(())
                self._signers = record_types.SignerDirectory(self._cbp)
                self._size = 0
            while self._size < size:
                self._grow(min(size, self._size + _BATCH))
            return self._index

    def _grow(self, end: int) -> None:
        batch = [
            item
            for stored in self._mirror.entries(start=self._size, end=end)
            for item in read_stored(stored, self._signers)
        ]
        self._index = self._index.extended(batch)
        self._store_keys(batch, start=self._size, end=end)
        self._size = end

    def _stored_size(self) -> int:
        row = self._mirror.connection.execute("SELECT entries FROM trade_index_state WHERE id = 1").fetchone()
        return cache.as_int(row[0]) if row else 0

    def _store_keys(
        self, batch: list[record_types.TradeRecord | record_types.FailedRecord], *, start: int, end: int
    ) -> None:
        """Add the keys of entries ``start``..``end`` unless a previous run stored them already."""
        conn = self._mirror.connection
        with cache.transaction(conn, self._mirror.path):
            stored = self._stored_size()
            if stored > self._mirror.entry_count():  # keys of dropped entries: rebuild them from here
                conn.execute("DELETE FROM trade_keys")
                stored = 0
            if stored >= end:
                return
            skip = max(stored - start, 0)
            conn.executemany(
                "INSERT OR IGNORE INTO trade_keys (kind, key, label) VALUES (?, ?, ?)", keys_of(batch[skip:])
            )
            conn.execute(
                "INSERT INTO trade_index_state (id, entries) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET entries = excluded.entries",
                (end,),
            )

    def keys(self, kind: str, prefix: str = "", limit: int = 50) -> list[tuple[str, str]]:
        """(key, label) pairs of one kind whose key starts with ``prefix``, for completion."""
        if kind not in KEY_KINDS:
            raise ValueError(f"no lookup keys of kind {kind!r}")
        self.index()
        rows = self._mirror.connection.execute(
            "SELECT key, label FROM trade_keys WHERE kind = ? AND key LIKE ? ESCAPE '\\' ORDER BY key LIMIT ?",
            (kind, _like_prefix(prefix), limit),
        ).fetchall()
        return [(cache.as_str(r[0]), cache.as_str(r[1])) for r in rows]
