"""Admission refuses each bad submission with its own error, and keeps the JCS canonical bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ledger_client import merkle
from ledger_client.credentials import ProofOptions, SigningKey, sign_credential, strict_json
from ledger_client.credentials.vc_model import V2_CONTEXT
from ledger_node import admission, registry
from ledger_node.errors import (
    EntryTooLargeError,
    MalformedEntryError,
    ProofRejectedError,
    UnregisteredSignerError,
)
from tests.helpers.node_process import NodeParties, to_body

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


def fresh_registry() -> registry.Registry:
    return registry.Registry(PARTIES.cbp.did)


def registered() -> registry.Registry:
    parties = fresh_registry()
    parties.observe(admission.admit(PARTIES.registration("P-NOPAL"), parties, at=NOW).data)
    return parties


def test_cbp_may_register_a_party_and_the_entry_is_the_jcs_canonical_bytes() -> None:
    body = PARTIES.registration("P-NOPAL")
    entry = admission.admit(body, fresh_registry(), at=NOW)
    assert entry.data == strict_json.canonicalize(json.loads(body))
    assert entry.leaf_hash == merkle.leaf_hash(entry.data)
    assert (entry.signer, entry.party) == (PARTIES.cbp.did, "CBP")


def test_a_registered_party_may_write() -> None:
    entry = admission.admit(PARTIES.record(NOPAL, 1), registered(), at=NOW)
    assert entry.party == "P-NOPAL"


def test_a_signer_without_registration_is_refused() -> None:
    with pytest.raises(UnregisteredSignerError, match="no PartyRegistration") as caught:
        admission.admit(PARTIES.record(NOPAL, 1), fresh_registry(), at=NOW)
    assert caught.value.status == 403


def test_a_party_cannot_register_another_party() -> None:
    other = PARTIES.party_key("P-OTHER")
    forged = to_body(PARTIES.sign(NOPAL, ["PartyRegistration"], {"id": "P-OTHER", "keys": [other.did]}))
    with pytest.raises(UnregisteredSignerError, match="only CBP"):
        admission.admit(forged, registered(), at=NOW)


def test_a_registration_without_keys_is_malformed() -> None:
    bad = to_body(PARTIES.sign(PARTIES.cbp, ["PartyRegistration"], {"id": "P-X", "keys": ["https://x"]}))
    with pytest.raises(MalformedEntryError, match="subject is malformed"):
        admission.admit(bad, fresh_registry(), at=NOW)


def test_a_body_over_64_kib_is_refused_with_413() -> None:
    with pytest.raises(EntryTooLargeError, match="over the limit") as caught:
        admission.admit(b" " * (64 * 1024 + 1), registered(), at=NOW)
    assert caught.value.status == 413


def test_non_utf8_text_is_malformed() -> None:
    with pytest.raises(MalformedEntryError, match="not UTF-8"):
        admission.admit(b'{"a": "\xff"}', registered(), at=NOW)


@pytest.mark.parametrize(
    "text",
    ['{"a": 1, "a": 2}', "[1, 2]", '{"n": NaN}', '{"big": 9007199254740993}', "{", '{"s": "\\ud800"}'],
    ids=["duplicate member", "array", "NaN", "unsafe integer", "truncated", "lone surrogate"],
)
def test_text_that_is_not_one_i_json_object_is_malformed(text: str) -> None:
    with pytest.raises(MalformedEntryError, match="not one I-JSON object") as caught:
        admission.admit(text.encode(), registered(), at=NOW)
    assert caught.value.status == 400


def test_a_json_object_without_a_proof_is_not_a_secured_credential() -> None:
    with pytest.raises(MalformedEntryError, match="not a secured credential"):
        admission.admit(b'{"type": ["VerifiableCredential"]}', registered(), at=NOW)


def test_a_tampered_credential_fails_its_proof_with_422() -> None:
    document = json.loads(PARTIES.record(NOPAL, 1))
    document["credentialSubject"]["id"] = "urn:test:tampered"
    with pytest.raises(ProofRejectedError, match="proof does not verify") as caught:
        admission.admit(to_body(document), registered(), at=NOW)
    assert caught.value.status == 422


def test_an_issuer_that_did_not_sign_is_refused() -> None:
    document = PARTIES.sign(NOPAL, ["TestRecord"], {"id": "urn:test:x"})
    document["issuer"] = PARTIES.cbp.did  # the proof covers issuer, so re-sign with a lying issuer
    del document["proof"]
    from ledger_client.credentials import ProofOptions, sign_credential

    lying = sign_credential(document, NOPAL, ProofOptions())
    with pytest.raises(ProofRejectedError, match="issuer is not the controller"):
        admission.admit(to_body(lying), registered(), at=NOW)


def test_a_later_registration_replaces_the_party_keys() -> None:
    parties = registered()
    new_key = PARTIES.party_key("P-NOPAL new")
    parties.observe(admission.admit(PARTIES.registration("P-NOPAL", new_key), parties, at=NOW).data)
    assert parties.party_of(new_key.did) == "P-NOPAL"
    assert parties.party_of(NOPAL.did) is None


def test_a_registration_not_issued_by_cbp_registers_nobody() -> None:
    parties = fresh_registry()
    forged = strict_json.canonicalize(
        PARTIES.sign(NOPAL, ["PartyRegistration"], {"id": "P-NOPAL", "keys": [NOPAL.did]})
    )
    parties.observe(forged)
    assert parties.party_of(NOPAL.did) is None


def _web_registered(dids: list[str]) -> registry.Registry:
    subject = {"id": "P-NOPAL", "type": "Party", "keys": [NOPAL.did], "dids": dids}
    parties = fresh_registry()
    body = to_body(PARTIES.sign(PARTIES.cbp, ["PartyRegistration"], subject))
    parties.observe(admission.admit(body, parties, at=NOW).data)
    return parties


def _web_record(web: str, key: SigningKey) -> bytes:
    document = {
        "@context": [V2_CONTEXT],
        "type": ["VerifiableCredential", "CertificationOfOrigin"],
        "issuer": web,
        "credentialSubject": {"id": "C-WEB-1"},
    }
    method = f"{web}#{key.did.removeprefix('did:key:')}"
    return to_body(sign_credential(document, key, ProofOptions(created=NOW, verification_method=method)))


def test_a_did_web_issuer_listed_by_its_registration_may_write_with_a_listed_key() -> None:
    entry = admission.admit(
        _web_record("did:web:nopal.example", NOPAL), _web_registered(["did:web:nopal.example"]), at=NOW
    )
    assert (entry.signer, entry.party) == ("did:web:nopal.example", "P-NOPAL")


@pytest.mark.parametrize(
    ("listed", "key"),
    [([], NOPAL), (["did:web:nopal.example"], PARTIES.party_key("P-OTHER"))],
    ids=["did:web not listed", "key not listed"],
)
def test_a_did_web_issuer_not_bound_to_its_key_is_refused(listed: list[str], key: SigningKey) -> None:
    with pytest.raises(UnregisteredSignerError):
        admission.admit(_web_record("did:web:nopal.example", key), _web_registered(listed), at=NOW)


def test_a_registration_listing_a_did_that_is_not_did_web_is_malformed() -> None:
    subject = {"id": "P-NOPAL", "type": "Party", "keys": [NOPAL.did], "dids": ["did:example:x"]}
    with pytest.raises(MalformedEntryError):
        admission.admit(to_body(PARTIES.sign(PARTIES.cbp, ["PartyRegistration"], subject)), fresh_registry(), at=NOW)
