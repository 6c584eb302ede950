"""Trade records parsed from credentials that ``ledger_client.credentials`` verified (types: ``trade.record_types``).

One record per credential type of docs/architecture.md §3. Each carries its ``Provenance``
(log index, leaf hash, credential id, signer) so every verdict can cite its
evidence. A credential that failed verification is kept as a ``FailedRecord``,
flagged with its reason and never believed.

The subject members each type reads are listed in ``trade.record_parsing`` and in
``docs/demo-ledger.md``; the credential ``@context`` is ``CONTEXTS`` (the last URL
names our own vocabulary).
"""

from __future__ import annotations

from dataclasses import replace

from ledger_client.credentials import JsonObject, VerifiedCredential
from trade import record_parsing, traceability
from trade.record_types import FailedRecord, Provenance, RecordType, SignerDirectory, TradeRecord, Vocabulary
from trade.subject_reader import RecordFormatError, SubjectReader
from trade.verdicts import Reason

__all__ = ["claimed_refs", "parse_record", "parse_records"]


_OWN_TYPES = frozenset(record_parsing.PARSERS)


def parse_record(
    credential: VerifiedCredential, *, log_index: int, leaf_hash: bytes, signers: SignerDirectory
) -> TradeRecord | FailedRecord:
    """Turn a verified credential into its trade record.

    1. Its ``type`` must name one record type; its subject must be one object with an ``id``.
    2. Its signer must be bound to a party (CBP's pinned key or a CBP-signed registration earlier
       on the log), and be the party the record says signed it: CBP for registrations,
       verifications, recordations, sightings and entry lines; the certifier; the licensor;
       the profile's owner. Otherwise ``UNREGISTERED_SIGNER``.
    3. The subject must have the record's shape, else ``MALFORMED_RECORD``.
    """
    document = credential.document
    types = [t for t in credential.claims.types if t in _OWN_TYPES]
    subject = document.get("credentialSubject")
    record_id = subject.get("id") if isinstance(subject, dict) else None
    claimed = record_id if isinstance(record_id, str) else None
    failed = FailedRecord(Reason.MALFORMED_RECORD, log_index, leaf_hash, types[0] if types else None, claimed)
    if len(types) != 1 or not isinstance(subject, dict) or claimed is None:  # step 1
        return failed
    record_type = RecordType(types[0])
    party = signers.party_of_signer(credential.issuer, credential.proof.verification_method.id)  # step 2
    if party is None:
        return FailedRecord(Reason.UNREGISTERED_SIGNER, log_index, leaf_hash, record_type.value, claimed)
    provenance = Provenance(record_type, claimed, credential.claims.id, log_index, leaf_hash, credential.issuer, party)
    reader = SubjectReader(subject, record_type.value)
    try:  # step 3
        record, claimed_signer = record_parsing.PARSERS[record_type](provenance, reader)
    except RecordFormatError as exc:
        return replace(failed, detail=str(exc))
    if claimed_signer is not None and claimed_signer != party and not _staff_sighting(record_type, party, signers):
        return FailedRecord(Reason.UNREGISTERED_SIGNER, log_index, leaf_hash, record_type.value, claimed)
    return record


def parse_records(
    credential: VerifiedCredential, *, log_index: int, leaf_hash: bytes, signers: SignerDirectory
) -> tuple[TradeRecord | FailedRecord, ...]:
    """Every trade record of a verified credential: ours give one; a Traceability credential may give several.

    A Traceability credential (``trade.traceability``) is bound to its signer the same way
    (step 2 of ``parse_record``); its records carry the credential id as record id (an entry
    summary line with several lines, ``<id>#<line>``) and ``Vocabulary.TRACEABILITY``.
    """
    kind = traceability.traceability_type(credential.claims.types)
    if kind is None:
        return (parse_record(credential, log_index=log_index, leaf_hash=leaf_hash, signers=signers),)
    record_type = traceability.TYPES[kind]
    claimed = credential.claims.id
    failed = FailedRecord(Reason.MALFORMED_RECORD, log_index, leaf_hash, kind, claimed)
    if claimed is None:
        return (replace(failed, detail=f"{kind}.id: is missing"),)
    party = signers.party_of_signer(credential.issuer, credential.proof.verification_method.id)
    if party is None:
        return (FailedRecord(Reason.UNREGISTERED_SIGNER, log_index, leaf_hash, kind, claimed),)
    provenance = Provenance(
        record_type,
        claimed,
        claimed,
        log_index,
        leaf_hash,
        credential.issuer,
        party,
        Vocabulary.TRACEABILITY,
    )
    try:
        found, claimed_signer = traceability.parse(credential, provenance, signers)
    except RecordFormatError as exc:
        return (replace(failed, detail=str(exc)),)
    if claimed_signer is not None and claimed_signer != party:
        return (FailedRecord(Reason.UNREGISTERED_SIGNER, log_index, leaf_hash, kind, claimed),)
    return found


def _staff_sighting(record_type: RecordType, party: str, signers: SignerDirectory) -> bool:
    """An officer records the serials seen at the port: a sighting may be signed by CBP's registered staff."""
    return record_type is RecordType.SERIAL_SIGHTING and signers.acts_for_cbp(party)


def claimed_refs(document: JsonObject) -> tuple[str, ...]:
    """Record ids an unverified document says it is about (for finding the checks that depend on it)."""
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        return ()
    refs: list[str] = []
    for name in ("certification", "certifications", "licence", "supersededBy", "profile", "child"):
        value = subject.get(name)
        values = value if isinstance(value, list) else [value]
        refs.extend(item for item in values if isinstance(item, str))
    return tuple(refs)
