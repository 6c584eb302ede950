"""The trade records of the mirror, read and indexed for the rules, plus the lookup keys officers type.

Every mirrored entry is read again with ``trade.record_index.read_entry_records``, which
re-verifies its credential: the cache is encrypted and authenticated, and this
second check costs a fraction of a second on the demo ledger. The index is
rebuilt only when the mirror has grown. The keys officers complete on
(certificate ids, parties, HS codes, marks, licences, profiles and seasons,
serials, entry numbers) are kept in the ``trade_keys`` table of the cache.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import ledger_client
from ledger_client import cache
from trade import record_index, record_types

#: Kinds of lookup keys kept in ``trade_keys``.
KEY_KINDS = ("certificate", "party", "hs", "mark", "licence", "profile", "serial", "entry")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS trade_keys (kind TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
                                       PRIMARY KEY (kind, key))
"""


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name (``Fábrica`` and ``fabrica`` fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


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


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching keys that start with ``prefix`` (its ``%``, ``_`` and ``\\`` taken literally)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


class TradeView:
    """The rules' view of the mirror.

    Args:
        mirror: the verified mirror.
        cbp_issuer: CBP's pinned did:key (the first of the trust file's).
        clock: POSIX seconds now (the time credentials are re-verified at).
    """

    def __init__(self, mirror: ledger_client.Mirror, cbp_issuer: str, clock: Callable[[], int]) -> None:
        self._mirror = mirror
        self._cbp = cbp_issuer
        self._clock = clock
        self._index: record_index.RecordIndex | None = None
        self._size = -1
        conn = mirror.connection
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)

    @property
    def path(self) -> Path:
        return self._mirror.path

    def index(self) -> record_index.RecordIndex:
        """The record index over every mirrored entry (rebuilt when the mirror grew)."""
        size = self._mirror.entry_count()
        if self._index is None or size != self._size:
            at = datetime.fromtimestamp(self._clock(), tz=UTC)
            signers = record_types.SignerDirectory(self._cbp)
            items = [
                item
                for stored in self._mirror.entries()
                for item in record_index.read_entry_records(stored.entry, stored.index, signers=signers, at=at)
            ]
            self._index = record_index.RecordIndex.build(items)
            self._size = size
            self._store_keys(items)
        return self._index

    def _store_keys(self, items: list[record_types.TradeRecord | record_types.FailedRecord]) -> None:
        rows = [
            (kind, key, label)
            for item in items
            if not isinstance(item, record_types.FailedRecord)
            for kind, key, label in _keys_of(item)
        ]
        conn = self._mirror.connection
        with cache.transaction(conn, self._mirror.path):
            conn.execute("DELETE FROM trade_keys")
            conn.executemany("INSERT OR IGNORE INTO trade_keys (kind, key, label) VALUES (?, ?, ?)", rows)

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
