"""Records are parsed only from verified credentials; failures are kept, flagged and never believed."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import rfc8785

from ledger_client import merkle
from ledger_client.credentials import ProofOptions, SigningKey, sign_credential, verify_credential
from trade import record_types, records
from trade.demo import documents
from trade.demo.anchors import ANCHOR_CERTS
from trade.demo.parties import BY_ID
from trade.record_index import read_ledger
from trade.record_types import CertificationOfOrigin, FailedRecord, PartyRegistration, SignerDirectory
from trade.verdicts import Reason

AT = datetime(2025, 7, 1, tzinfo=UTC)
CBP = SigningKey.from_seed(b"C" * 32)
NOPAL = SigningKey.from_seed(b"N" * 32)
CENZONTLE = SigningKey.from_seed(b"Z" * 32)


def secure(record_type: str, subject: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    document = {
        "@context": list(record_types.CONTEXTS),
        "id": f"urn:test:{subject['id']}",
        "type": ["VerifiableCredential", record_type],
        "issuer": key.did,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": subject,
    }
    return sign_credential(document, key, ProofOptions(created=datetime(2024, 1, 1, tzinfo=UTC)))


def registration(party_id: str, key: SigningKey, signer: SigningKey = CBP) -> bytes:
    draft = documents.registration(BY_ID[party_id], key.did)
    return rfc8785.dumps(secure("PartyRegistration", draft.subject, signer))


def certification(key: SigningKey = NOPAL, **changes: Any) -> dict[str, Any]:
    subject = copy.deepcopy(documents.certification(ANCHOR_CERTS[0]).subject)
    subject.update(changes)
    return secure("CertificationOfOrigin", subject, key)


def read(*entries: bytes) -> list[Any]:
    return list(read_ledger(list(entries), cbp_issuer=CBP.did, at=AT).records)


def test_registered_signer_record_carries_its_evidence() -> None:
    cert_bytes = rfc8785.dumps(certification())
    parsed = read(registration("P-NOPAL", NOPAL), cert_bytes)
    assert isinstance(parsed[0], PartyRegistration)
    cert = parsed[1]
    assert isinstance(cert, CertificationOfOrigin)
    assert cert.certification_id == "C-U-001"
    assert cert.provenance.log_index == 1
    assert cert.provenance.leaf_hash == merkle.leaf_hash(cert_bytes)
    assert cert.provenance.signer_party == "P-NOPAL"
    assert cert.blanket is not None
    assert cert.blanket.start == date(2025, 1, 1)
    assert cert.provenance.evidence.record_id == "C-U-001"


def test_unregistered_signer_is_flagged() -> None:
    (failed,) = read(rfc8785.dumps(certification()))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.UNREGISTERED_SIGNER
    assert failed.claimed_id == "C-U-001"


def test_signer_must_be_the_party_the_record_names() -> None:
    parsed = read(registration("P-CENZONTLE", CENZONTLE), rfc8785.dumps(certification(CENZONTLE)))
    assert isinstance(parsed[1], FailedRecord)
    assert parsed[1].reason is Reason.UNREGISTERED_SIGNER


def test_registration_counts_only_from_its_log_position() -> None:
    parsed = read(rfc8785.dumps(certification()), registration("P-NOPAL", NOPAL))
    assert isinstance(parsed[0], FailedRecord)
    assert parsed[0].reason is Reason.UNREGISTERED_SIGNER


def test_registration_not_signed_by_cbp_binds_nothing() -> None:
    parsed = read(
        registration("P-NOPAL", NOPAL),
        registration("P-CENZONTLE", CENZONTLE, signer=NOPAL),
        rfc8785.dumps(certification(CENZONTLE, certifier={"id": "P-CENZONTLE", "role": "exporter"})),
    )
    assert isinstance(parsed[1], FailedRecord)
    assert parsed[1].reason is Reason.UNREGISTERED_SIGNER
    assert isinstance(parsed[2], FailedRecord)


def test_altered_record_is_bad_signature_and_keeps_its_claims() -> None:
    signed = certification()
    signed["credentialSubject"]["goods"]["hsCode"] = "7323.99"
    (failed,) = read(rfc8785.dumps(signed))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.BAD_SIGNATURE
    assert (failed.claimed_type, failed.claimed_id) == ("CertificationOfOrigin", "C-U-001")


def test_verified_but_malformed_subject() -> None:
    bad = rfc8785.dumps(certification(countryOfOrigin="MEX"))
    parsed = read(registration("P-NOPAL", NOPAL), bad)
    assert isinstance(parsed[1], FailedRecord)
    assert parsed[1].reason is Reason.MALFORMED_RECORD
    (junk,) = read(b"not json")
    assert isinstance(junk, FailedRecord)
    assert junk.reason is Reason.MALFORMED_RECORD


def test_parse_record_takes_a_verified_credential() -> None:
    signers = SignerDirectory(CBP.did)
    verified = verify_credential(
        secure("PartyRegistration", documents.registration(BY_ID["P-NOPAL"], NOPAL.did).subject, CBP), at=AT
    )
    record = records.parse_record(verified, log_index=7, leaf_hash=b"\x00" * 32, signers=signers)
    assert isinstance(record, PartyRegistration)
    assert record.country.code == "MX"
    assert record.keys == (NOPAL.did,)


def test_status_records_name_the_ids_they_are_about() -> None:
    assert records.claimed_refs({"credentialSubject": {"certification": "C-U-003", "certifications": ["C-U-9"]}}) == (
        "C-U-003",
        "C-U-9",
    )


def test_a_later_registration_replaces_the_party_keys() -> None:
    rotated = SigningKey.from_seed(b"R" * 32)
    parsed = read(
        registration("P-NOPAL", NOPAL),
        registration("P-NOPAL", rotated),
        rfc8785.dumps(certification()),
        rfc8785.dumps(certification(rotated)),
    )
    assert isinstance(parsed[2], FailedRecord)
    assert parsed[2].reason is Reason.UNREGISTERED_SIGNER
    assert isinstance(parsed[3], CertificationOfOrigin)


def _sighting(key: SigningKey, sid: str) -> bytes:
    subject = {
        "id": sid,
        "type": "SerialSighting",
        "profile": "LS-STR-01",
        "serial": "LS25S700001",
        "seenOn": "2025-05-07",
        "port": "Laredo",
        "entryNumber": "E-2201",
    }
    return rfc8785.dumps(secure("SerialSighting", subject, key))


def test_a_registered_officer_may_sign_a_sighting_for_cbp() -> None:
    officer = SigningKey.from_seed(b"O" * 32)
    parsed = read(registration("P-OFFICER-DEMO", officer), _sighting(officer, "SS-OFFICER-1"))
    assert isinstance(parsed[1], record_types.SerialSighting)
    assert parsed[1].provenance.signer_party == "P-OFFICER-DEMO"


def test_a_trader_cannot_sign_a_sighting() -> None:
    parsed = read(registration("P-NOPAL", NOPAL), _sighting(NOPAL, "SS-TRADER-1"))
    assert isinstance(parsed[1], FailedRecord)
    assert parsed[1].reason is Reason.UNREGISTERED_SIGNER
