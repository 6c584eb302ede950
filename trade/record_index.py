"""The records a check may consult, indexed in memory; and reading a log's entries into them.

``RecordIndex`` is the in-memory ``trade.record_source.RecordSource``: every record of a
small ledger held in dicts (the tests, the demo, ``read_ledger``). The workstation keeps
its records in tables instead (``workstation.store.trade_tables``).

``read_ledger`` verifies every entry with ``ledger_client.credentials`` (no I/O: the
entries are bytes already fetched and proven by the caller), binds signers in log
order, and keeps failed entries as ``FailedRecord``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from ledger_client import party_keys, proofs
from ledger_client.credentials import (
    JsonObject,
    VerifiedCredential,
    VerifiedProof,
    check_verified_proof,
    parse_date_time_stamp,
    parse_json_object,
    recorded_proof,
    verify_proof,
)
from ledger_client.errors import LedgerError
from trade import record_source, record_types, records, traceability
from trade.record_types import (
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
from trade.verdicts import Reason


@dataclass(frozen=True, slots=True)
class RecordIndex:
    """Every record, by type and by the ids the checks look up. Build with ``RecordIndex.build``."""

    records: tuple[TradeRecord | FailedRecord, ...]
    parties: dict[str, PartyRegistration] = field(default_factory=dict)
    certifications: dict[str, CertificationOfOrigin] = field(default_factory=dict)
    statuses: dict[str, list[CertificationStatus]] = field(default_factory=dict)
    verifications: list[OriginVerification] = field(default_factory=list)
    recordations: list[TrademarkRecordation] = field(default_factory=list)
    licences: dict[str, TrademarkLicence] = field(default_factory=dict)
    events: dict[str, list[LicenceEvent]] = field(default_factory=dict)
    profiles: dict[str, list[ProductProfile]] = field(default_factory=dict)
    sightings: dict[str, list[SerialSighting]] = field(default_factory=dict)
    entry_lines: dict[str, EntrySummaryLine] = field(default_factory=dict)
    failed: dict[str, list[FailedRecord]] = field(default_factory=dict)
    goods: dict[str, list[CertificationOfOrigin]] = field(default_factory=dict)
    rights_records: dict[str, RightsRecord] = field(default_factory=dict)
    # Secondary indexes, so that a lookup reads what it needs and never scans the ledger:
    #: the certifications (first of each id) naming a party as exporter, producer or certifier;
    certifications_by_party: dict[str, list[CertificationOfOrigin]] = field(default_factory=dict)
    #: the entry lines (first of each id) citing a certification, and filed under an entry number;
    lines_by_certification: dict[str, list[EntrySummaryLine]] = field(default_factory=dict)
    lines_by_entry: dict[str, list[EntrySummaryLine]] = field(default_factory=dict)
    #: the origin verifications of a party, and those naming a certification;
    verifications_by_party: dict[str, list[OriginVerification]] = field(default_factory=dict)
    verifications_by_certification: dict[str, list[OriginVerification]] = field(default_factory=dict)
    #: (folded legal name, party id) of every registered party, sorted: name prefixes are a range.
    party_names: list[tuple[str, str]] = field(default_factory=list)
    #: the licences (first of each id) granted to a licensee.
    licences_by_licensee: dict[str, list[TrademarkLicence]] = field(default_factory=dict)

    @classmethod
    def build(cls, items: Iterable[TradeRecord | FailedRecord]) -> RecordIndex:
        """Index records in log order (a later record with the same id does not replace the first)."""
        everything = tuple(items)
        index = cls(everything)
        for item in everything:
            index._add(item, _append)
        return index

    def extended(self, items: Iterable[TradeRecord | FailedRecord]) -> RecordIndex:
        """This index plus ``items`` (the entries that follow it in the log), as a new index.

        Equal to ``build`` over all the records, at the cost of the new ones: the
        maps are copied (references only) and the lists that grow are replaced, so
        a reader still holding this index never sees it change.
        """
        added = tuple(items)
        copied: dict[str, object] = {
            f.name: (list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value)
            for f in dataclasses.fields(self)
            if f.name != "records" and (value := getattr(self, f.name)) is not None
        }
        index = RecordIndex(self.records + added, **copied)  # type: ignore[arg-type]  # each field, copied
        for item in added:
            index._add(item, _appended)
        return index

    def _add(self, item: TradeRecord | FailedRecord, grow: _Grow) -> None:
        match item:
            case FailedRecord():
                for key in {item.claimed_id, *item.claimed_refs} - {None}:
                    assert key is not None
                    grow(self.failed, key, item)
            case PartyRegistration():
                earlier = self.parties.get(item.party_id)
                self.parties[item.party_id] = item  # a later registration replaces the earlier one
                if earlier is not None:
                    self.party_names.remove((fold_name(earlier.legal_name), earlier.party_id))
                bisect.insort(self.party_names, (fold_name(item.legal_name), item.party_id))
            case CertificationOfOrigin():
                first = self.certifications.setdefault(item.certification_id, item)
                if first.provenance.log_index == item.provenance.log_index:  # the goods of one credential
                    grow(self.goods, item.certification_id, item)
                if first is item:
                    certifier = item.certifier.party_id or item.provenance.signer_party
                    for party in dict.fromkeys(p for p in (item.exporter, item.producer, certifier) if p):
                        grow(self.certifications_by_party, party, item)
            case RightsRecord():
                self.rights_records.setdefault(item.rights_id, item)
            case CertificationStatus():
                grow(self.statuses, item.certification_id, item)
            case OriginVerification():
                self.verifications.append(item)
                grow(self.verifications_by_party, item.party_id, item)
                for certification_id in dict.fromkeys(item.certification_ids):
                    grow(self.verifications_by_certification, certification_id, item)
            case TrademarkRecordation():
                self.recordations.append(item)
            case TrademarkLicence():
                if self.licences.setdefault(item.licence_id, item) is item:
                    grow(self.licences_by_licensee, item.licensee, item)
            case LicenceEvent():
                grow(self.events, item.licence_id, item)
            case ProductProfile():
                grow(self.profiles, item.profile_id, item)
            case SerialSighting():
                grow(self.sightings, item.serial, item)
            case EntrySummaryLine():
                if self.entry_lines.setdefault(item.line.line_id, item) is item:
                    if item.line.certification_id is not None:
                        grow(self.lines_by_certification, item.line.certification_id, item)
                    grow(self.lines_by_entry, item.line.entry_number, item)

    def parties_named(self, folded_prefix: str, limit: int | None = None) -> list[PartyRegistration]:
        """The parties whose folded name (:func:`fold_name`) starts with ``folded_prefix`` (the first ``limit``)."""
        found: list[PartyRegistration] = []
        for name, party_id in self.party_names[bisect.bisect_left(self.party_names, (folded_prefix, "")) :]:
            if not name.startswith(folded_prefix) or len(found) == limit:
                break
            found.append(self.parties[party_id])
        return found

    def verifications_about(
        self, parties: Iterable[str | None], certification_ids: Iterable[str]
    ) -> list[OriginVerification]:
        """The verifications of any of ``parties`` or naming any of ``certification_ids``, in log order."""
        return record_source.in_log_order(
            [
                *(self.verifications_by_party.get(party or "", ()) for party in parties),
                *(self.verifications_by_certification.get(cid, ()) for cid in certification_ids),
            ]
        )

    def records_at(self, log_index: int) -> tuple[TradeRecord | FailedRecord, ...]:
        """The records read from the entry at ``log_index`` (``records`` is in log order: a binary search)."""
        start = bisect.bisect_left(self.records, log_index, key=_log_index)
        end = bisect.bisect_right(self.records, log_index, lo=start, key=_log_index)
        return self.records[start:end]

    def lines_of_entry(self, entry: str) -> tuple[EntrySummaryLine, ...]:
        """The entry lines whose line id or entry number is ``entry``, in log order."""
        by_id = self.entry_lines.get(entry)
        return tuple(record_source.in_log_order([self.lines_by_entry.get(entry, ()), () if by_id is None else [by_id]]))

    def certification(self, certification_id: str, hs: str | None = None) -> CertificationOfOrigin | None:
        """The certification with this id; of one listing several goods, the good whose HS subheading is ``hs``
        (else its first good, so the mismatch is reported against it).
        """
        return record_source.good_for(self.goods.get(certification_id, ()), hs) or self.certifications.get(
            certification_id
        )

    def failed_for(self, *record_ids: str | None) -> tuple[FailedRecord, ...]:
        """Failed entries that claim to be, or to be about, any of these ids."""
        found: dict[int, FailedRecord] = {}
        for record_id in record_ids:
            for failed in self.failed.get(record_id or "", ()):
                found.setdefault(failed.log_index, failed)
        return tuple(found.values())

    # The rest of ``RecordSource``: each a dict or list lookup.

    @property
    def size(self) -> int:
        return _log_index(self.records[-1]) + 1 if self.records else 0

    def goods_of(self, certification_id: str) -> Sequence[CertificationOfOrigin]:
        return self.goods.get(certification_id, ())

    def statuses_of(self, certification_id: str) -> Sequence[CertificationStatus]:
        return self.statuses.get(certification_id, ())

    def party(self, party_id: str | None) -> PartyRegistration | None:
        return self.parties.get(party_id or "")

    def party_country(self, party_id: str | None) -> str | None:
        return record_source.party_country(self, party_id)

    def party_name(self, party_id: str | None) -> str:
        return record_source.party_name(self, party_id)

    def parties_with_key(self, did: str) -> list[PartyRegistration]:
        found = [party for party in self.parties.values() if did in party.keys]
        return sorted(found, key=lambda party: party.provenance.log_index)

    def certifications_of_party(self, party_id: str) -> Sequence[CertificationOfOrigin]:
        return self.certifications_by_party.get(party_id, ())

    def verifications_of_party(self, party_id: str) -> Sequence[OriginVerification]:
        return self.verifications_by_party.get(party_id, ())

    def lines_citing(self, certification_id: str) -> Sequence[EntrySummaryLine]:
        return self.lines_by_certification.get(certification_id, ())

    def entry_line(self, line_id: str) -> EntrySummaryLine | None:
        return self.entry_lines.get(line_id)

    def licence(self, licence_id: str) -> TrademarkLicence | None:
        return self.licences.get(licence_id)

    def licences_to(self, licensee: str) -> Sequence[TrademarkLicence]:
        return self.licences_by_licensee.get(licensee, ())

    def recordations_of(self, mark: str) -> Sequence[TrademarkRecordation]:
        wanted = mark.upper()
        return [r for r in self.recordations if r.mark.upper() == wanted]

    def rights(self, rights_id: str) -> RightsRecord | None:
        return self.rights_records.get(rights_id)

    def events_of(self, licence_id: str) -> Sequence[LicenceEvent]:
        return self.events.get(licence_id, ())

    def profiles_of(self, profile_id: str) -> Sequence[ProductProfile]:
        return self.profiles.get(profile_id, ())

    def sightings_of(self, serial: str) -> Sequence[SerialSighting]:
        return self.sightings.get(serial, ())

    def records_named(self, record_id: str) -> tuple[TradeRecord | FailedRecord, ...]:
        return tuple(item for item in self.records if record_id in names_of(item))

    def signers(self, cbp_issuer: str) -> SignerDirectory:
        return replay_bindings(self.records, cbp_issuer)


def names_of(item: TradeRecord | FailedRecord) -> set[str]:
    """The ids a record answers to: its record id and credential id (a failed entry's claimed id)."""
    evidence = item.evidence if isinstance(item, FailedRecord) else item.provenance.evidence
    return {name for name in (evidence.record_id, evidence.credential_id) if name is not None}


def replay_bindings(items: Iterable[TradeRecord | FailedRecord], cbp_issuer: str) -> SignerDirectory:
    """The directory after reading ``items`` in log order: CBP's key and what its registrations bind.

    Only CBP-signed registrations bind (``read_logged`` binds exactly these), so replaying
    them alone gives the directory a reading of every entry would leave.
    """
    signers = SignerDirectory(cbp_issuer)
    for item in items:
        if isinstance(item, PartyRegistration) and item.provenance.signer_party == record_types.CBP_PARTY:
            signers.bind(item)
    return signers


@functools.lru_cache(maxsize=1 << 17)  # every registered party's name is folded once, not at each lookup
def fold_name(text: str) -> str:
    """Case- and accent-insensitive form of a name (``Fábrica`` and ``fabrica`` fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def _log_index(record: TradeRecord | FailedRecord) -> int:
    return record.log_index if isinstance(record, FailedRecord) else record.provenance.log_index


_T = TypeVar("_T")


class _Grow(Protocol):
    """How a list in a map grows: in place while building, by replacement while extending."""

    def __call__(self, lists: dict[str, list[_T]], key: str, item: _T, /) -> None: ...


def _append(lists: dict[str, list[_T]], key: str, item: _T) -> None:
    lists.setdefault(key, []).append(item)


def _appended(lists: dict[str, list[_T]], key: str, item: _T) -> None:
    """Replace the list rather than grow it: an older index may share it."""
    lists[key] = [*lists.get(key, ()), item]


def read_ledger(entries: Sequence[bytes], *, cbp_issuer: str, at: datetime, first_index: int = 0) -> RecordIndex:
    """Verify and parse log entries in order.

    Args:
        entries: the log's entries (JCS bytes of secured credentials), in log order.
        cbp_issuer: CBP's pinned did:key.
        at: the verification time (aware).
        first_index: the log index of ``entries[0]``.

    A credential that fails ``verify_credential`` becomes a ``FailedRecord`` with
    ``BAD_SIGNATURE``; one whose signer is not bound, ``UNREGISTERED_SIGNER``.
    """
    signers = SignerDirectory(cbp_issuer)
    parsed: list[TradeRecord | FailedRecord] = []
    for offset, entry in enumerate(entries):
        parsed.extend(read_entry_records(entry, first_index + offset, signers=signers, at=at))
    return RecordIndex.build(parsed)


def read_logged(
    entry: bytes, log_index: int, leaf_hash: bytes, *, proof_verified: bool, signers: SignerDirectory
) -> tuple[TradeRecord | FailedRecord, ...]:
    """Parse one entry the mirror verified at sync, using its outcome (one verification per entry).

    Args:
        proof_verified: the mirror's outcome for condition (1): the proof verified and
            the issuer controls the key (an entry it stored as ``BAD_SIGNATURE`` is False).
        signers: CBP's key and the bindings of the registrations read so far (condition 2
            is applied again here: it is a table lookup, not a signature check).

    The proof is rebuilt with ``data_integrity.recorded_proof`` (every step but the
    signature); the data model is judged at the credential's ``validFrom``, the time
    the mirror judged it (inside the validity period for a blanket stated in it).
    An entry whose proof did not verify, or whose ``@context`` or model is not the
    ledger's, becomes a ``FailedRecord`` with ``BAD_SIGNATURE``, as :func:`read_entry_records` makes it.
    """
    try:
        document = parse_json_object(entry.decode("utf-8"), what="ledger entry")
    except (UnicodeDecodeError, LedgerError):
        return (FailedRecord(Reason.MALFORMED_RECORD, log_index, leaf_hash, None, None),)
    if not proof_verified:
        return (_bad_signature(document, log_index, leaf_hash),)
    try:
        proof = recorded_proof(document, at=_valid_from(document), keys=party_keys.WEB_KEYS)
    except (LedgerError, ValueError):
        return (_bad_signature(document, log_index, leaf_hash),)
    return read_verified(proof, log_index, leaf_hash, signers=signers)


def read_verified(
    proof: VerifiedProof, log_index: int, leaf_hash: bytes, *, signers: SignerDirectory
) -> tuple[TradeRecord | FailedRecord, ...]:
    """Parse one entry from the proof the sync verified for it (:func:`read_logged` without rebuilding it).

    ``proof`` is what ``ledger_client.logged_records.examine`` verified at the credential's
    ``validFrom`` (``ledger_client.StoredEntry.proof``): exactly what :func:`read_logged`
    rebuilds with ``recorded_proof`` from the stored entry, so both give the same records.
    The data model is checked here, as there, at the same time and with the ledger's contexts.
    """
    document = proof.document
    try:
        verified = check_verified_proof(
            proof, at=_model_time(document, _valid_from(document)), allowed_contexts=record_types.CONTEXTS[1:]
        )
    except (LedgerError, ValueError):
        return (_bad_signature(document, log_index, leaf_hash),)
    return _parsed(verified, log_index, leaf_hash, signers)


def _valid_from(document: JsonObject) -> datetime:
    """The credential's ``validFrom``: the time the mirror verified it at.

    Raises:
        ValueError: it has none, or not a dateTimeStamp (the mirror refuses such entries).
    """
    text = document.get("validFrom")
    return parse_date_time_stamp(text if isinstance(text, str) else "")


def _bad_signature(document: JsonObject, log_index: int, leaf_hash: bytes) -> FailedRecord:
    subject = document.get("credentialSubject")
    claimed = subject.get("id") if isinstance(subject, dict) else None
    kinds = document.get("type")
    claimed_type = (
        next((t for t in kinds if isinstance(t, str) and t != "VerifiableCredential"), None)
        if isinstance(kinds, list)
        else None
    )
    return FailedRecord(
        Reason.BAD_SIGNATURE,
        log_index,
        leaf_hash,
        claimed_type,
        claimed if isinstance(claimed, str) else _credential_id(document),
        records.claimed_refs(document),
    )


def read_entry(entry: bytes, log_index: int, *, signers: SignerDirectory, at: datetime) -> TradeRecord | FailedRecord:
    """Verify and parse one entry into its first record (``read_entry_records`` gives them all)."""
    return read_entry_records(entry, log_index, signers=signers, at=at)[0]


def read_entry_records(
    entry: bytes, log_index: int, *, signers: SignerDirectory, at: datetime
) -> tuple[TradeRecord | FailedRecord, ...]:
    """Verify and parse one entry; a registration signed by CBP binds its keys in ``signers``.

    A Traceability ``USMCACertificationOfOrigin`` states its blanket period as the credential's
    ``validFrom``..``validUntil``: the origin rules judge that period against the import date,
    so its validity is checked at ``validFrom`` rather than ``at`` (the proof still at ``at``).
    """
    leaf = proofs.leaf_hash(entry)
    try:
        document = parse_json_object(entry.decode("utf-8"), what="ledger entry")
    except (UnicodeDecodeError, LedgerError):
        return (FailedRecord(Reason.MALFORMED_RECORD, log_index, leaf, None, None),)
    try:
        verified = _verify(document, at)
    except LedgerError:
        return (_bad_signature(document, log_index, leaf),)
    return _parsed(verified, log_index, leaf, signers)


def _parsed(
    verified: VerifiedCredential, log_index: int, leaf: bytes, signers: SignerDirectory
) -> tuple[TradeRecord | FailedRecord, ...]:
    found = records.parse_records(verified, log_index=log_index, leaf_hash=leaf, signers=signers)
    for record in found:
        if isinstance(record, PartyRegistration) and record.provenance.signer_party == record_types.CBP_PARTY:
            signers.bind(record)
    return found


def _credential_id(document: JsonObject) -> str | None:
    """A Traceability credential's id is its record id (its subject has none)."""
    value = document.get("id")
    return value if isinstance(value, str) else None


_BLANKET_IN_VALIDITY = frozenset({traceability.USMCA_CERTIFICATION})


def _verify(document: JsonObject, at: datetime) -> VerifiedCredential:
    proof = verify_proof(document, at=at, keys=party_keys.WEB_KEYS)
    return check_verified_proof(proof, at=_model_time(document, at), allowed_contexts=record_types.CONTEXTS[1:])


def _model_time(document: JsonObject, at: datetime) -> datetime:
    """When the data model is judged: ``at``, or inside the validity period for a blanket in it."""
    types = document.get("type")
    if isinstance(types, list) and _BLANKET_IN_VALIDITY.intersection(t for t in types if isinstance(t, str)):
        return _inside_period(document) or at
    return at


def _inside_period(document: JsonObject) -> datetime | None:
    """A moment inside the credential's validity period: its ``validFrom``, else just before ``validUntil``."""
    for name, shift in (("validFrom", timedelta(0)), ("validUntil", timedelta(microseconds=-1))):
        text = document.get(name)
        if isinstance(text, str):
            try:
                return parse_date_time_stamp(text) + shift
            except ValueError:
                return None  # the model check reports the bad date
    return None
