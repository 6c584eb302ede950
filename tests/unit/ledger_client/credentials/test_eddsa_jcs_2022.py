"""The eddsa-jcs-2022 cryptosuite against every published and constructed vector, intermediates included."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest

from ledger_client.credentials import did_key, eddsa_jcs_2022, multikey, sign_credential, strict_json
from ledger_client.credentials.issuing import ProofOptions
from ledger_client.credentials.xsd_datetime import parse_date_time_stamp
from tests.unit.ledger_client.credentials.factory import NO_PROOF_CONTEXT, OFFICIAL, ORIGIN, TEST_KEY

SIGNED_VECTORS = [OFFICIAL, ORIGIN]


def _resolve(url: str) -> did_key.VerificationMethod:
    return did_key.resolve_verification_method(url)


@pytest.mark.parametrize("vector", SIGNED_VECTORS, ids=["official", "certificate_of_origin"])
class TestCreateProofReproducesVector:
    def test_canonical_document(self, vector: dict[str, Any]) -> None:
        canonical = strict_json.canonicalize(vector["unsignedCredential"])
        assert canonical == vector["canonicalDocument"].encode("utf-8")
        assert hashlib.sha256(canonical).hexdigest() == vector["documentHashHex"]

    def test_canonical_proof_config_includes_the_copied_context(self, vector: dict[str, Any]) -> None:
        config = dict(vector["proofOptions"], **{"@context": vector["unsignedCredential"]["@context"]})
        hashes = eddsa_jcs_2022.hash_proof(config, vector["unsignedCredential"])
        assert hashes.canonical_proof_config == vector["canonicalProofConfig"].encode("utf-8")
        assert hashes.proof_config_hash.hex() == vector["proofConfigHashHex"]
        assert hashes.document_hash.hex() == vector["documentHashHex"]

    def test_hash_data_is_config_hash_then_document_hash(self, vector: dict[str, Any]) -> None:
        config = dict(vector["proofOptions"], **{"@context": vector["unsignedCredential"]["@context"]})
        hashes = eddsa_jcs_2022.hash_proof(config, vector["unsignedCredential"])
        assert hashes.hash_data.hex() == vector["hashDataHex"]
        assert vector["hashDataHex"] == vector["proofConfigHashHex"] + vector["documentHashHex"]

    def test_signature_and_proof_value(self, vector: dict[str, Any]) -> None:
        signature = TEST_KEY.sign(bytes.fromhex(vector["hashDataHex"]))
        assert signature.hex() == vector["signatureHex"]
        assert multikey.encode_signature(signature) == vector["proofValue"]
        assert multikey.decode_signature(vector["proofValue"]).hex() == vector["signatureHex"]

    def test_create_proof_gives_the_signed_credential_byte_for_byte(self, vector: dict[str, Any]) -> None:
        proof = eddsa_jcs_2022.create_proof(vector["unsignedCredential"], TEST_KEY, vector["proofOptions"])
        signed = dict(copy.deepcopy(vector["unsignedCredential"]), proof=proof)
        assert json.dumps(signed) == json.dumps(vector["signedCredential"])
        assert strict_json.canonicalize(signed) == strict_json.canonicalize(vector["signedCredential"])

    def test_sign_credential_gives_the_signed_credential_byte_for_byte(self, vector: dict[str, Any]) -> None:
        options = vector["proofOptions"]
        signed = sign_credential(
            vector["unsignedCredential"],
            TEST_KEY,
            ProofOptions(created=parse_date_time_stamp(options["created"]), proof_purpose=options["proofPurpose"]),
        )
        assert json.dumps(signed) == json.dumps(vector["signedCredential"])

    def test_signed_vector_verifies_and_returns_the_covered_document(self, vector: dict[str, Any]) -> None:
        result = eddsa_jcs_2022.verify_proof(vector["signedCredential"], _resolve)
        assert result.document == vector["unsignedCredential"]
        assert result.hashes.hash_data.hex() == vector["hashDataHex"]
        assert result.verification_method.controller == TEST_KEY.did


def test_official_proof_config_file_is_the_options_plus_context() -> None:
    expected = dict(OFFICIAL["proofOptions"], **{"@context": OFFICIAL["unsignedCredential"]["@context"]})
    assert OFFICIAL["proofConfigFile"] == expected


class TestProofWithoutContext:
    """The 2024-08 form of the vector: the proof has no @context, so step 4 is skipped."""

    def test_canonical_proof_config_has_no_context(self) -> None:
        options = {k: v for k, v in NO_PROOF_CONTEXT["signedCredential"]["proof"].items() if k != "proofValue"}
        unsecured = {k: v for k, v in NO_PROOF_CONTEXT["signedCredential"].items() if k != "proof"}
        hashes = eddsa_jcs_2022.hash_proof(options, unsecured)
        assert hashes.canonical_proof_config == NO_PROOF_CONTEXT["canonicalProofConfig"].encode("utf-8")
        assert hashes.proof_config_hash.hex() == NO_PROOF_CONTEXT["proofConfigHashHex"]
        assert hashes.document_hash.hex() == NO_PROOF_CONTEXT["documentHashHex"]
        assert hashes.hash_data.hex() == NO_PROOF_CONTEXT["hashDataHex"]

    def test_signature_is_reproduced_and_verifies(self) -> None:
        signature = TEST_KEY.sign(bytes.fromhex(NO_PROOF_CONTEXT["hashDataHex"]))
        assert signature.hex() == NO_PROOF_CONTEXT["signatureHex"]
        assert multikey.encode_signature(signature) == NO_PROOF_CONTEXT["signedCredential"]["proof"]["proofValue"]
        result = eddsa_jcs_2022.verify_proof(NO_PROOF_CONTEXT["signedCredential"], _resolve)
        assert result.document == OFFICIAL["unsignedCredential"]

    def test_same_document_hash_as_the_official_vector(self) -> None:
        assert NO_PROOF_CONTEXT["documentHashHex"] == OFFICIAL["documentHashHex"]


@pytest.mark.parametrize(
    ("lie", "options", "match"),
    [
        ("other_cryptosuite", {"cryptosuite": "eddsa-rdfc-2022"}, "must name type"),
        ("other_type", {"type": "Ed25519Signature2020"}, "must name type"),
        ("created_without_zone", {"created": "2024-05-01T12:00:00"}, "created is not"),
        ("proof_value_in_options", {"proofValue": "z1"}, "must not contain a proofValue"),
    ],
)
def test_create_proof_refuses_bad_options(lie: str, options: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        eddsa_jcs_2022.create_proof(OFFICIAL["unsignedCredential"], TEST_KEY, {**OFFICIAL["proofOptions"], **options})


def test_create_proof_refuses_a_document_that_already_has_a_proof() -> None:
    with pytest.raises(ValueError, match="already has a proof"):
        eddsa_jcs_2022.create_proof(OFFICIAL["signedCredential"], TEST_KEY, OFFICIAL["proofOptions"])


def test_create_proof_refuses_values_jcs_cannot_represent() -> None:
    with pytest.raises(ValueError, match="JCS cannot represent"):
        eddsa_jcs_2022.create_proof({"n": 2**60}, TEST_KEY, OFFICIAL["proofOptions"])


def test_sign_credential_refuses_a_did_key_method_of_another_key() -> None:
    other = did_key.verification_method_id("did:key:" + OFFICIAL["keyPair"]["publicKeyMultibase"])
    with pytest.raises(ValueError, match="does not name the signing key"):
        sign_credential({"a": 1}, TEST_KEY.from_seed(bytes(32)), ProofOptions(verification_method=other))


def test_sign_credential_refuses_non_i_json_documents() -> None:
    with pytest.raises(ValueError, match="not I-JSON"):
        sign_credential({"a": float("inf")}, TEST_KEY)


def test_sign_credential_does_not_alter_its_input() -> None:
    unsigned = copy.deepcopy(OFFICIAL["unsignedCredential"])
    sign_credential(unsigned, TEST_KEY)
    assert unsigned == OFFICIAL["unsignedCredential"]
