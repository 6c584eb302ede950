"""The records a check may consult, indexed for lookups; and reading a log's entries into them.

``read_ledger`` verifies every entry with ``ledger_client.credentials`` (no I/O: the
entries are bytes already fetched and proven by the caller), binds signers in log
order, and keeps failed entries as ``FailedRecord``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ledger_client import party_keys, proofs
from ledger_client.credentials import (
    JsonObject,
    VerifiedCredential,
    check_verified_proof,
    parse_date_time_stamp,
    parse_json_object,
    verify_proof,
)
from ledger_client.errors import LedgerError
from trade import record_types, records, traceability
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
    rights: dict[str, RightsRecord] = field(default_factory=dict)

    @classmethod
    def build(cls, items: Iterable[TradeRecord | FailedRecord]) -> RecordIndex:
        """Index records in log order (a later record with the same id does not replace the first)."""
        everything = tuple(items)
        index = cls(everything)
        for item in everything:
            index._add(item)
        return index

    def _add(self, item: TradeRecord | FailedRecord) -> None:
        match item:
            case FailedRecord():
                for key in {item.claimed_id, *item.claimed_refs} - {None}:
                    assert key is not None
                    self.failed.setdefault(key, []).append(item)
            case PartyRegistration():
                self.parties[item.party_id] = item  # a later registration replaces the earlier one
            case CertificationOfOrigin():
                first = self.certifications.setdefault(item.certification_id, item)
                if first.provenance.log_index == item.provenance.log_index:  # the goods of one credential
                    self.goods.setdefault(item.certification_id, []).append(item)
            case RightsRecord():
                self.rights.setdefault(item.rights_id, item)
            case CertificationStatus():
                self.statuses.setdefault(item.certification_id, []).append(item)
            case OriginVerification():
                self.verifications.append(item)
            case TrademarkRecordation():
                self.recordations.append(item)
            case TrademarkLicence():
                self.licences.setdefault(item.licence_id, item)
            case LicenceEvent():
                self.events.setdefault(item.licence_id, []).append(item)
            case ProductProfile():
                self.profiles.setdefault(item.profile_id, []).append(item)
            case SerialSighting():
                self.sightings.setdefault(item.serial, []).append(item)
            case EntrySummaryLine():
                self.entry_lines.setdefault(item.line.line_id, item)

    def certification(self, certification_id: str, hs: str | None = None) -> CertificationOfOrigin | None:
        """The certification with this id; of one listing several goods, the good whose HS subheading is ``hs``
        (else its first good, so the mismatch is reported against it).
        """
        goods = self.goods.get(certification_id, ())
        matching = [good for good in goods if good.hs is not None and good.hs.digits == hs]
        return matching[0] if matching else self.certifications.get(certification_id)

    def failed_for(self, *record_ids: str | None) -> tuple[FailedRecord, ...]:
        """Failed entries that claim to be, or to be about, any of these ids."""
        found: dict[int, FailedRecord] = {}
        for record_id in record_ids:
            for failed in self.failed.get(record_id or "", ()):
                found.setdefault(failed.log_index, failed)
        return tuple(found.values())

    def party_country(self, party_id: str | None) -> str | None:
        party = self.parties.get(party_id or "")
        return party.country.code if party else None

    def party_name(self, party_id: str | None) -> str:
        party = self.parties.get(party_id or "")
        return f"{party.legal_name} ({party.party_id})" if party else str(party_id)


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
        subject = document.get("credentialSubject")
        claimed = subject.get("id") if isinstance(subject, dict) else None
        kinds = document.get("type")
        claimed_type = (
            next((t for t in kinds if isinstance(t, str) and t != "VerifiableCredential"), None)
            if isinstance(kinds, list)
            else None
        )
        return (
            FailedRecord(
                Reason.BAD_SIGNATURE,
                log_index,
                leaf,
                claimed_type,
                claimed if isinstance(claimed, str) else _credential_id(document),
                records.claimed_refs(document),
            ),
        )
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
    types = document.get("type")
    when = at
    if isinstance(types, list) and _BLANKET_IN_VALIDITY.intersection(t for t in types if isinstance(t, str)):
        when = _inside_period(document) or at
    return check_verified_proof(proof, at=when, allowed_contexts=record_types.CONTEXTS[1:])


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
