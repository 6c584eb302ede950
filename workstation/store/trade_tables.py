"""The trade index as tables of the encrypted cache: a ``RecordSource`` that answers each question with a query.

Three tables (``workstation.store.schema`` step 3):

- ``trade_records (log_index, position, record)``: every record read from a mirrored
  entry (``position`` is its place among the entry's records), encoded by
  :mod:`workstation.store.record_codec`;
- ``trade_refs (kind, key, log_index, position)``: the keys each record is found by
  (:mod:`workstation.store.trade_rows`); its primary key is the lookup index;
- ``trade_bindings (log_index, binding)``: what each CBP-signed registration binds
  (``record_types.Binding`` as JSON), replayed in log order to read the entries that
  follow: a short scan proportional to the parties, not the ledger.

Nothing here holds the ledger in memory: a question reads the rows its key names
and decodes those records (a small LRU keeps the recently decoded ones). The
rows are written by :func:`write` and dropped by :func:`delete_from`, both inside
the caller's transaction (``workstation.store.trade_view`` calls them inside the
mirror's own).
"""

from __future__ import annotations

import collections
import json
import threading
from collections.abc import Iterable, Sequence
from typing import TypeVar

from ledger_client import cache
from trade import record_index, record_source
from trade.record_types import (
    CBP_PARTY,
    Binding,
    CertificationOfOrigin,
    CertificationStatus,
    EntrySummaryLine,
    FailedRecord,
    LicenceEvent,
    OriginVerification,
    PartyRegistration,
    ProductProfile,
    RightsRecord,
    SerialSighting,
    SignerDirectory,
    TrademarkLicence,
    TrademarkRecordation,
    TradeRecord,
)
from workstation.store import record_codec, trade_rows
from workstation.store.trade_rows import Ref

Item = TradeRecord | FailedRecord
_T = TypeVar("_T")

#: Decoded records kept for the next questions (a lookup asks about the same few records several times).
_LRU_SIZE = 4096
#: The highest code point: ``prefix + _TOP`` bounds every key that starts with ``prefix``.
_TOP = "\U0010ffff"

_JOINED = (
    "SELECT r.log_index, r.position, r.record, f.key FROM trade_refs f "
    "JOIN trade_records r ON r.log_index = f.log_index AND r.position = f.position "
)


def covered(conn: cache.Connection) -> int:
    """How many mirrored entries the trade tables (and ``trade_keys``) hold."""
    row = conn.execute("SELECT entries FROM trade_index_state WHERE id = 1").fetchone()
    return cache.as_int(row[0]) if row else 0


def set_covered(conn: cache.Connection, entries: int) -> None:
    conn.execute(
        "INSERT INTO trade_index_state (id, entries) VALUES (1, ?) "
        "ON CONFLICT (id) DO UPDATE SET entries = excluded.entries",
        (entries,),
    )


def write(conn: cache.Connection, by_entry: Sequence[tuple[int, Sequence[Item]]]) -> None:
    """Store the records of consecutive entries, (log index, records) each, with their refs (no transaction)."""
    firsts: set[tuple[Ref, str]] = set()  # ids first seen in this batch
    records: list[tuple[int, int, bytes]] = []
    refs: list[tuple[int, str, int, int]] = []
    bindings: list[tuple[int, str]] = []
    for log_index, items in by_entry:
        for position, item in enumerate(items):
            records.append((log_index, position, record_codec.encode(item)))
            first = _first_of_id(conn, item, firsts)
            refs.extend((int(kind), key, log_index, position) for kind, key in trade_rows.refs_of(item, first=first))
            if isinstance(item, PartyRegistration) and item.provenance.signer_party == CBP_PARTY:
                bindings.append((log_index, _binding_text(Binding.of(item))))
    conn.executemany("INSERT INTO trade_records (log_index, position, record) VALUES (?, ?, ?)", records)
    refs.sort()  # in key order, each page of the refs' B-tree is visited once per batch, not once per row
    conn.executemany("INSERT OR IGNORE INTO trade_refs (kind, key, log_index, position) VALUES (?, ?, ?, ?)", refs)
    conn.executemany("INSERT INTO trade_bindings (log_index, binding) VALUES (?, ?)", bindings)


def _binding_text(binding: Binding) -> str:
    return json.dumps(
        [binding.party, list(binding.keys), list(binding.dids), list(binding.importer_numbers), binding.staff]
    )


def _binding(text: str) -> Binding:
    party, keys, dids, numbers, staff = json.loads(text)
    return Binding(party, tuple(keys), tuple(dids), tuple(numbers), staff)


def _first_of_id(conn: cache.Connection, item: Item, firsts: set[tuple[Ref, str]]) -> bool:
    identity = trade_rows.identity(item)
    if identity is None or identity in firsts:
        return False
    kind, key = identity
    if conn.execute("SELECT 1 FROM trade_refs WHERE kind = ? AND key = ? LIMIT 1", (int(kind), key)).fetchone():
        return False
    firsts.add(identity)
    return True


def delete_from(conn: cache.Connection, start: int) -> None:
    """Drop the records of the entries from ``start`` on (no transaction)."""
    conn.execute("DELETE FROM trade_records WHERE log_index >= ?", (start,))
    conn.execute("DELETE FROM trade_refs WHERE log_index >= ?", (start,))
    conn.execute("DELETE FROM trade_bindings WHERE log_index >= ?", (start,))


class TradeTables:
    """The ``RecordSource`` over the trade tables of one cache connection.

    Args:
        conn: the cache (its ``workstation.store`` schema at step 3 or later).
    """

    def __init__(self, conn: cache.Connection) -> None:
        self._conn = conn
        self._decoded: collections.OrderedDict[tuple[int, int], Item] = collections.OrderedDict()
        self._lock = threading.Lock()
        #: records decoded since the source was made (a test counts what opening a profile reads).
        self.decoded_count = 0

    def forget(self) -> None:
        """Drop the decoded records (entries were added or dropped)."""
        with self._lock:
            self._decoded.clear()

    # ------------------------------------------------------------------ reading rows

    def _decode(self, log_index: int, position: int, blob: cache.SqlValue, *, remember: bool = True) -> Item:
        where = (log_index, position)
        with self._lock:
            found = self._decoded.get(where)
            if found is not None:
                self._decoded.move_to_end(where)
                return found
        record = record_codec.decode(cache.as_bytes(blob))
        with self._lock:
            self.decoded_count += 1
            if not remember:
                return record
            self._decoded[where] = record
            if len(self._decoded) > _LRU_SIZE:
                self._decoded.popitem(last=False)
        return record

    def _rows(self, sql: str, parameters: Sequence[cache.SqlValue], *, remember: bool = True) -> list[Item]:
        """The records of rows (log_index, position, record), decoded (``remember``: kept in the LRU)."""
        return [
            self._decode(cache.as_int(r[0]), cache.as_int(r[1]), r[2], remember=remember)
            for r in self._conn.execute(sql, parameters)
        ]

    def _all(self, kind: Ref, key: str, of: type[_T]) -> list[_T]:
        """Every record found by (kind, key), in log order."""
        found = self._rows(
            _JOINED + "WHERE f.kind = ? AND f.key = ? ORDER BY f.log_index, f.position", (int(kind), key)
        )
        return [item for item in found if isinstance(item, of)]

    def _first(self, kind: Ref, key: str, of: type[_T]) -> _T | None:
        found = self._rows(
            _JOINED + "WHERE f.kind = ? AND f.key = ? ORDER BY f.log_index, f.position LIMIT 1", (int(kind), key)
        )
        return next((item for item in found if isinstance(item, of)), None)

    def _current(self, registrations: Iterable[PartyRegistration]) -> list[PartyRegistration]:
        """The registrations that are still their party's latest."""
        return [
            r
            for r in registrations
            if (now := self.party(r.party_id)) is not None and now.provenance.log_index == r.provenance.log_index
        ]

    # ------------------------------------------------------------------ RecordSource

    @property
    def size(self) -> int:
        return covered(self._conn)

    def certification(self, certification_id: str, hs: str | None = None) -> CertificationOfOrigin | None:
        goods = self.goods_of(certification_id)
        return record_source.good_for(goods, hs) or (goods[0] if goods else None)

    def goods_of(self, certification_id: str) -> Sequence[CertificationOfOrigin]:
        kind = int(Ref.CERTIFICATION)
        found = self._rows(
            _JOINED + "WHERE f.kind = ? AND f.key = ? AND f.log_index = "
            "(SELECT MIN(log_index) FROM trade_refs WHERE kind = ? AND key = ?) ORDER BY f.position",
            (kind, certification_id, kind, certification_id),
        )
        return [item for item in found if isinstance(item, CertificationOfOrigin)]

    def statuses_of(self, certification_id: str) -> Sequence[CertificationStatus]:
        return self._all(Ref.STATUS, certification_id, CertificationStatus)

    def failed_for(self, *record_ids: str | None) -> tuple[FailedRecord, ...]:
        found: dict[int, FailedRecord] = {}
        for record_id in record_ids:
            for failed in self._all(Ref.FAILED, record_id or "", FailedRecord):
                found.setdefault(failed.log_index, failed)
        return tuple(found.values())

    def party(self, party_id: str | None) -> PartyRegistration | None:
        found = self._rows(
            _JOINED + "WHERE f.kind = ? AND f.key = ? ORDER BY f.log_index DESC, f.position DESC LIMIT 1",
            (int(Ref.PARTY), party_id or ""),
        )
        return next((item for item in found if isinstance(item, PartyRegistration)), None)

    def party_country(self, party_id: str | None) -> str | None:
        return record_source.party_country(self, party_id)

    def party_name(self, party_id: str | None) -> str:
        return record_source.party_name(self, party_id)

    def parties_named(self, folded_prefix: str, limit: int | None = None) -> list[PartyRegistration]:
        rows = self._conn.execute(
            _JOINED + "WHERE f.kind = ? AND f.key >= ? AND f.key < ? ORDER BY f.key, f.log_index",
            (int(Ref.PARTY_NAME), folded_prefix, folded_prefix + _TOP),
        )
        current: dict[str, PartyRegistration] = {}
        last_name = None
        for log_index, position, blob, name in rows:  # read only as far as the limit needs (a name's ties included)
            if limit is not None and len(current) >= limit and name != last_name:
                break
            item = self._decode(cache.as_int(log_index), cache.as_int(position), blob)
            if isinstance(item, PartyRegistration) and self._current([item]):
                current[item.party_id] = item
                last_name = name
        ordered = sorted(current.values(), key=lambda r: (record_index.fold_name(r.legal_name), r.party_id))
        return ordered[:limit]

    def parties_with_key(self, did: str) -> list[PartyRegistration]:
        current = {r.party_id: r for r in self._current(self._all(Ref.PARTY_KEY, did, PartyRegistration))}
        return sorted(current.values(), key=lambda r: r.provenance.log_index)

    def certifications_of_party(self, party_id: str) -> Sequence[CertificationOfOrigin]:
        return self._all(Ref.CERTIFICATION_OF_PARTY, party_id, CertificationOfOrigin)

    def verifications_of_party(self, party_id: str) -> Sequence[OriginVerification]:
        return self._all(Ref.VERIFICATION_OF_PARTY, party_id, OriginVerification)

    def verifications_about(
        self, parties: Iterable[str | None], certification_ids: Iterable[str]
    ) -> list[OriginVerification]:
        return record_source.in_log_order(
            [
                *(self.verifications_of_party(party or "") for party in parties),
                *(self._all(Ref.VERIFICATION_OF_CERTIFICATION, cid, OriginVerification) for cid in certification_ids),
            ]
        )

    def lines_citing(self, certification_id: str) -> Sequence[EntrySummaryLine]:
        return self._all(Ref.LINE_CITING, certification_id, EntrySummaryLine)

    def lines_of_entry(self, entry: str) -> tuple[EntrySummaryLine, ...]:
        by_id = self.entry_line(entry)
        lines = self._all(Ref.LINE_OF_ENTRY, entry, EntrySummaryLine)
        return tuple(record_source.in_log_order([lines, () if by_id is None else [by_id]]))

    def entry_line(self, line_id: str) -> EntrySummaryLine | None:
        return self._first(Ref.LINE, line_id, EntrySummaryLine)

    def licence(self, licence_id: str) -> TrademarkLicence | None:
        return self._first(Ref.LICENCE, licence_id, TrademarkLicence)

    def licences_to(self, licensee: str) -> Sequence[TrademarkLicence]:
        return self._all(Ref.LICENCE_TO, licensee, TrademarkLicence)

    def recordations_of(self, mark: str) -> Sequence[TrademarkRecordation]:
        return self._all(Ref.RECORDATION, mark.upper(), TrademarkRecordation)

    def rights(self, rights_id: str) -> RightsRecord | None:
        return self._first(Ref.RIGHTS, rights_id, RightsRecord)

    def events_of(self, licence_id: str) -> Sequence[LicenceEvent]:
        return self._all(Ref.EVENT, licence_id, LicenceEvent)

    def profiles_of(self, profile_id: str) -> Sequence[ProductProfile]:
        return self._all(Ref.PROFILE, profile_id, ProductProfile)

    def sightings_of(self, serial: str) -> Sequence[SerialSighting]:
        return self._all(Ref.SIGHTING, serial, SerialSighting)

    def records_at(self, log_index: int) -> tuple[Item, ...]:
        return tuple(
            self._rows(
                "SELECT log_index, position, record FROM trade_records WHERE log_index = ? ORDER BY position",
                (log_index,),
            )
        )

    def records_named(self, record_id: str) -> tuple[Item, ...]:
        return tuple(
            self._rows(
                _JOINED + "WHERE f.kind = ? AND f.key = ? ORDER BY f.log_index, f.position", (int(Ref.NAMED), record_id)
            )
        )

    def signers(self, cbp_issuer: str) -> SignerDirectory:
        return self.signers_before(cbp_issuer, self.size)

    def signers_before(self, cbp_issuer: str, end: int) -> SignerDirectory:
        """The directory after reading the entries before ``end``: the CBP registrations among them, replayed."""
        signers = SignerDirectory(cbp_issuer)
        rows = self._conn.execute("SELECT binding FROM trade_bindings WHERE log_index < ? ORDER BY log_index", (end,))
        for (text,) in rows:
            signers.apply(_binding(cache.as_str(text)))
        return signers
