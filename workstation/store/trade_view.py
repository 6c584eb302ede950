"""The trade records of the mirror, indexed for the rules in the cache's tables, plus the lookup keys officers type.

One verification per entry: the mirror checked each entry's proof once, at sync,
and stored the outcome beside it (``ledger_client.Mirror``). This view believes
that outcome: it parses each entry into its trade records and never checks a signature
again, so there is one evaluation time per entry (the credential's own ``validFrom``).
An entry a sync is storing comes with the proof the sync verified
(``trade.record_index.read_verified`` reads it as it is); one read back from the
cache has that proof rebuilt from its bytes (``trade.record_index.read_logged``).

The records live in the trade tables of the encrypted cache
(``workstation.store.trade_tables``), which answer the rules' questions by query:
opening a profile reads nothing in proportion to the ledger. The view is the
mirror's listener (``ledger_client.MirrorListener``): the entries a sync stores are
indexed inside the very transaction that stores them, and entries the mirror drops
are dropped from the tables in the transaction that drops them. The keys officers
complete on (certificate ids, parties, HS codes, marks, licences, profiles and
seasons, serials, entry numbers) are kept in ``trade_keys`` the same way, and the
number of entries covered in ``trade_index_state``.

A mirror ahead of its index (a cache of an earlier format, or entries stored
without the view listening) is caught up by :meth:`TradeView.source`, in bounded
batches of entries, each in its own transaction: a process killed in between
leaves the tables consistent, and the next call completes them.

Parsing an entry needs the signer bindings of the entries before it (a
``SignerDirectory``); the view rebuilds it only when it must index entries, by
replaying what the CBP-signed registrations bind (``trade_bindings``: proportional
to the parties, not the ledger), and keeps it while the entries follow on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import ledger_client
from ledger_client import cache
from trade import record_index, record_types
from workstation.store import schema, trade_tables

#: Kinds of lookup keys kept in ``trade_keys``.
KEY_KINDS = ("certificate", "party", "hs", "mark", "licence", "profile", "serial", "entry")

#: Entries read from the mirror per step while the index catches up (bounds the memory of one step).
_BATCH = 4096

Item = record_types.TradeRecord | record_types.FailedRecord


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


def _entry_keys(by_entry: Sequence[tuple[int, Sequence[Item]]]) -> list[tuple[str, str, str, int]]:
    """(kind, key, label, log index) rows of ``trade_keys`` for the records of these entries."""
    return [(kind, key, label, log_index) for log_index, items in by_entry for kind, key, label in keys_of(items)]


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching keys that start with ``prefix`` (its ``%``, ``_`` and ``\\`` taken literally)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def read_stored(
    stored: ledger_client.StoredEntry, signers: record_types.SignerDirectory
) -> tuple[record_types.TradeRecord | record_types.FailedRecord, ...]:
    """The trade records of one mirrored entry, from the outcome the mirror stored (no second check).

    An entry the sync is storing comes with the proof it verified (``stored.proof``), read as it
    is; one read back from the cache has its proof rebuilt by ``read_logged`` (the same proof).
    """
    if stored.proof is not None:
        return record_index.read_verified(stored.proof, stored.index, stored.leaf_hash, signers=signers)
    proof_verified = stored.failure is not ledger_client.RecordFailure.BAD_SIGNATURE
    return record_index.read_logged(
        stored.entry, stored.index, stored.leaf_hash, proof_verified=proof_verified, signers=signers
    )


class TradeView:
    """The rules' view of the mirror, kept in the cache's trade tables (and the mirror's listener).

    Args:
        mirror: the verified mirror; the view makes itself its listener.
        cbp_issuer: CBP's pinned did:key (the first of the trust file's).
        clock: POSIX seconds now (kept for callers; the view itself never judges time).
    """

    def __init__(self, mirror: ledger_client.Mirror, cbp_issuer: str, clock: Callable[[], int]) -> None:
        self._mirror = mirror
        self._cbp = cbp_issuer
        self._clock = clock
        self._lock = threading.RLock()
        #: the bindings after the first ``_signers_end`` entries (rebuilt when indexing starts elsewhere).
        self._signers: record_types.SignerDirectory | None = None
        self._signers_end = -1
        schema.migrate(mirror.connection, mirror.path)
        self._tables = trade_tables.TradeTables(mirror.connection)
        mirror.set_listener(self)

    @property
    def path(self) -> Path:
        return self._mirror.path

    @property
    def size(self) -> int:
        """How many mirrored entries the trade tables hold."""
        return trade_tables.covered(self._mirror.connection)

    def source(self) -> trade_tables.TradeTables:
        """The records of every mirrored entry, as tables the rules query.

        Entries the mirror holds but the tables do not yet (a cache of an earlier format,
        entries stored while nobody listened) are indexed first, in bounded batches.
        """
        with self._lock:
            conn = self._mirror.connection
            size = self._mirror.entry_count()
            if trade_tables.covered(conn) > size:  # entries were dropped while nobody listened
                with cache.transaction(conn, self._mirror.path):
                    self._drop_from(size)
            while (start := trade_tables.covered(conn)) < size:
                end = min(size, start + _BATCH)
                with cache.transaction(conn, self._mirror.path):
                    self._index(list(self._mirror.entries(start=start, end=end)))
            return self._tables

    # ------------------------------------------------------------------ ledger_client.MirrorListener

    def entries_stored(self, entries: Sequence[ledger_client.StoredEntry]) -> None:
        """Index entries the mirror is storing, inside its transaction (unless the index is behind)."""
        with self._lock:
            if entries and trade_tables.covered(self._mirror.connection) == entries[0].index:
                self._index(entries)

    def entries_discarded(self, start: int) -> None:
        """Drop what the dropped entries gave, inside the mirror's transaction."""
        with self._lock:
            if trade_tables.covered(self._mirror.connection) > start:
                self._drop_from(start)

    # ------------------------------------------------------------------ inside a transaction

    def _index(self, entries: Sequence[ledger_client.StoredEntry]) -> None:
        """Read consecutive entries that follow the tables' coverage into them (the caller's transaction)."""
        if not entries:
            return
        first = entries[0].index
        signers = self._signers_at(first)
        by_entry = [(stored.index, read_stored(stored, signers)) for stored in entries]
        conn = self._mirror.connection
        trade_tables.write(conn, by_entry)
        conn.executemany(
            "INSERT OR IGNORE INTO trade_keys (kind, key, label, log_index) VALUES (?, ?, ?, ?)", _entry_keys(by_entry)
        )
        end = entries[-1].index + 1
        trade_tables.set_covered(conn, end)
        self._signers_end = end
        self._tables.forget()

    def _signers_at(self, first: int) -> record_types.SignerDirectory:
        """The bindings after the entries before ``first`` (kept from the last batch when it ended there)."""
        if self._signers is None or self._signers_end != first:
            self._signers = self._tables.signers_before(self._cbp, first)
            self._signers_end = first
        return self._signers

    def _drop_from(self, start: int) -> None:
        conn = self._mirror.connection
        trade_tables.delete_from(conn, start)
        conn.execute("DELETE FROM trade_keys WHERE log_index >= ?", (start,))
        trade_tables.set_covered(conn, start)
        self._signers = None
        self._tables.forget()

    def keys(self, kind: str, prefix: str = "", limit: int = 50) -> list[tuple[str, str]]:
        """(key, label) pairs of one kind whose key starts with ``prefix``, for completion."""
        if kind not in KEY_KINDS:
            raise ValueError(f"no lookup keys of kind {kind!r}")
        self.source()
        rows = self._mirror.connection.execute(
            "SELECT key, label FROM trade_keys WHERE kind = ? AND key LIKE ? ESCAPE '\\' ORDER BY key LIMIT ?",
            (kind, _like_prefix(prefix), limit),
        ).fetchall()
        return [(cache.as_str(r[0]), cache.as_str(r[1])) for r in rows]
