"""Verifying secured credentials: each test is one lie, with the exact error and outcome it must produce."""

from __future__ import annotations

import base64
import copy
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest

from ledger_client.credentials import (
    CredentialOutcome,
    JsonObject,
    ProofOutcome,
    TrustedKeys,
    Verdict,
    check_credential_text,
    eddsa_jcs_2022,
    multikey,
    parse_json_object,
    verify_credential,
)
from ledger_client.errors import (
    CredentialExpiredError,
    CredentialFormatError,
    CredentialNotYetValidError,
    CredentialSignatureError,
    IssuerMismatchError,
    LedgerError,
    NotACredentialError,
    ProofChallengeError,
    ProofContextMismatchError,
    ProofCreatedError,
    ProofDomainError,
    ProofExpiredError,
    ProofPurposeError,
    UnsupportedCryptosuiteError,
    UntrustedVerificationMethodError,
)
from tests.unit.ledger_client.credentials import factory
from tests.unit.ledger_client.credentials.factory import AT, OTHER_KEY, TEST_KEY, signed, text

V2 = "https://www.w3.org/ns/credentials/v2"
TRACEABILITY = "https://w3id.org/traceability/v1"


def assert_rejected(
    document: JsonObject | str,
    error: type[LedgerError],
    match: str,
    *,
    proof: ProofOutcome,
    credential: CredentialOutcome | None = None,
    **options: Any,
) -> None:
    """The lie raises ``error`` from ``verify_credential`` and reports the exact outcomes as data."""
    received = document if isinstance(document, str) else text(document)
    at = options.pop("at", AT)
    with pytest.raises(error, match=match):
        verify_credential(parse_json_object(received), at=at, **options)
    check = check_credential_text(received, at=at, **options)
    assert (check.proof, check.credential, check.verdict) == (proof, credential, Verdict.REJECT)
    assert isinstance(check.error, error)
    assert check.verified is None
    assert (check.verified_document is None) == (proof is not ProofOutcome.VALID)


def assert_accepted(document: JsonObject | str, **options: Any) -> JsonObject:
    received = document if isinstance(document, str) else text(document)
    at = options.pop("at", AT)
    check = check_credential_text(received, at=at, **options)
    assert (check.proof, check.credential, check.verdict) == (
        ProofOutcome.VALID,
        CredentialOutcome.VALID,
        Verdict.ACCEPT,
    ), check.reason
    verified = verify_credential(parse_json_object(received), at=at, **options)
    assert check.verified_document == verified.document
    return verified.document


def _flip_signature_bit(document: JsonObject, bit: int = 0) -> JsonObject:
    lie = copy.deepcopy(document)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    signature = bytearray(multikey.decode_signature(str(proof["proofValue"])))
    signature[bit // 8] ^= 1 << (bit % 8)
    proof["proofValue"] = multikey.encode_signature(bytes(signature))
    return lie


# ---------------------------------------------------------------------------------------- what must verify


def test_constructed_certificate_of_origin_vector_verifies_with_its_status_list() -> None:
    status = factory.status_list_credential(factory.bits_with())
    verified = verify_credential(
        factory.ORIGIN["signedCredential"], at=AT, expected_type="CertificationOfOrigin",
        status_lists={factory.LIST_URL: status},
    )
    assert verified.issuer == TEST_KEY.did
    assert verified.claims.types == ("VerifiableCredential", "CertificationOfOrigin")
    assert verified.document == factory.ORIGIN["unsignedCredential"]
    assert [(s.purpose, s.index, s.value) for s in verified.statuses] == [("revocation", 4000, 0)]


def test_signed_credential_verifies(origin: JsonObject) -> None:
    document = assert_accepted(origin, expected_type="CertificationOfOrigin")
    assert "proof" not in document


def test_reformatted_input_verifies(origin: JsonObject) -> None:
    reformatted = json.dumps(dict(reversed(list(origin.items()))), indent=7, ensure_ascii=True)
    assert reformatted != text(origin)
    assert_accepted(reformatted)


def test_appended_document_context_verifies_and_the_extra_context_is_dropped(origin: JsonObject) -> None:
    extended = copy.deepcopy(origin)
    extended["@context"] = [V2, TRACEABILITY, "https://extra.example/v1"]
    document = assert_accepted(extended)
    assert document["@context"] == [V2, TRACEABILITY]


def test_missing_created_is_allowed() -> None:
    document = signed(factory.origin_unsigned(), created=None)
    proof = document["proof"]
    assert isinstance(proof, dict)
    assert "created" not in proof
    assert_accepted(document)


def test_validity_is_compared_as_instants_not_strings() -> None:
    # 01:00+02:00 on 1 June is 23:00Z on 31 May: before AT (00:00Z on 1 June), although the string sorts after.
    document = signed(dict(factory.origin_unsigned(), validFrom="2025-06-01T01:00:00+02:00"))
    assert_accepted(document)


def test_issuer_as_plain_string_binds_too() -> None:
    assert_accepted(signed(dict(factory.origin_unsigned(), issuer=TEST_KEY.did)))


def test_trusted_lookup_key_verifies_for_its_controller() -> None:
    url = "https://chamber.example/keys/1"
    keys = TrustedKeys.from_json(
        {url: {"publicKeyMultibase": TEST_KEY.public_key_multibase, "controller": "https://chamber.example",
               "relationship": "assertionMethod"}}
    )
    unsigned = dict(factory.origin_unsigned(), issuer="https://chamber.example")
    assert_accepted(signed(unsigned, verification_method=url), keys=keys)


def test_domain_and_challenge_verify_when_carried() -> None:
    assert_accepted(signed(factory.origin_unsigned(), domain="cbp.example", challenge="c-1"),
                    domain="cbp.example", challenge="c-1")


# ---------------------------------------------------------------------------------------- proof lies


def test_edited_subject_is_an_invalid_signature(origin: JsonObject) -> None:
    lie = copy.deepcopy(origin)
    subject = lie["credentialSubject"]
    assert isinstance(subject, dict)
    subject["manufacturingCountry"] = "CN"
    assert_rejected(lie, CredentialSignatureError, "does not verify", proof=ProofOutcome.INVALID_SIGNATURE)


@pytest.mark.parametrize("bit", [0, 7, 255, 511])
def test_flipped_signature_bit_is_an_invalid_signature(origin: JsonObject, bit: int) -> None:
    assert_rejected(
        _flip_signature_bit(origin, bit), CredentialSignatureError, "does not verify",
        proof=ProofOutcome.INVALID_SIGNATURE,
    )


def test_base64url_proof_value_is_malformed(origin: JsonObject) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    signature = multikey.decode_signature(str(proof["proofValue"]))
    proof["proofValue"] = "u" + base64.urlsafe_b64encode(signature).decode().rstrip("=")
    assert_rejected(lie, CredentialFormatError, "proofValue", proof=ProofOutcome.MALFORMED)


@pytest.mark.parametrize("length", [0, 63, 65, 96])
def test_signature_of_wrong_length_is_malformed(origin: JsonObject, length: int) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    proof["proofValue"] = multikey.encode_base58btc(bytes(range(length)))
    assert_rejected(lie, CredentialFormatError, "64 bytes", proof=ProofOutcome.MALFORMED)


def _signed_with_proof_config(config: JsonObject) -> JsonObject:
    """A proof computed with eddsa-jcs-2022 math under whatever type/cryptosuite ``config`` names."""
    unsigned = factory.origin_unsigned()
    proof = dict(config, **{"@context": unsigned["@context"]})
    hashes = eddsa_jcs_2022.hash_proof(proof, unsigned)
    proof["proofValue"] = multikey.encode_signature(TEST_KEY.sign(hashes.hash_data))
    return dict(unsigned, proof=proof)


@pytest.mark.parametrize(
    "cryptosuite",
    ["json-eddsa-2022", "jcs-eddsa-2022", "eddsa-rdfc-2022", "eddsa-2022", "ecdsa-jcs-2019", "EDDSA-JCS-2022", ""],
)
def test_other_cryptosuite_names_are_unsupported_even_when_the_math_works(cryptosuite: str) -> None:
    config: JsonObject = {
        "type": "DataIntegrityProof", "cryptosuite": cryptosuite,
        "verificationMethod": TEST_KEY.verification_method_id, "proofPurpose": "assertionMethod",
    }
    assert_rejected(_signed_with_proof_config(config), UnsupportedCryptosuiteError, "only DataIntegrityProof",
                    proof=ProofOutcome.UNSUPPORTED_CRYPTOSUITE)


@pytest.mark.parametrize("proof_type", ["Ed25519Signature2020", "JsonWebSignature2020", "dataintegrityproof"])
def test_other_proof_types_are_unsupported(proof_type: str) -> None:
    config: JsonObject = {
        "type": proof_type, "verificationMethod": TEST_KEY.verification_method_id, "proofPurpose": "assertionMethod",
    }
    assert_rejected(_signed_with_proof_config(config), UnsupportedCryptosuiteError, "only DataIntegrityProof",
                    proof=ProofOutcome.UNSUPPORTED_CRYPTOSUITE)


def test_reordered_proof_context_is_a_context_mismatch(origin: JsonObject) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    proof["@context"] = [TRACEABILITY, V2]
    assert_rejected(lie, ProofContextMismatchError, "does not begin with", proof=ProofOutcome.CONTEXT_MISMATCH)


def test_reordered_document_context_is_a_context_mismatch(origin: JsonObject) -> None:
    lie = dict(copy.deepcopy(origin), **{"@context": [TRACEABILITY, V2]})
    assert_rejected(lie, ProofContextMismatchError, "does not begin with", proof=ProofOutcome.CONTEXT_MISMATCH)


def test_dropped_document_context_is_a_context_mismatch(origin: JsonObject) -> None:
    lie = {k: v for k, v in copy.deepcopy(origin).items() if k != "@context"}
    assert_rejected(lie, ProofContextMismatchError, "does not begin with", proof=ProofOutcome.CONTEXT_MISMATCH)


def test_appended_context_without_a_proof_context_is_an_invalid_signature() -> None:
    lie = copy.deepcopy(factory.NO_PROOF_CONTEXT["signedCredential"])
    lie["@context"].append("https://extra.example/v1")
    assert_rejected(lie, CredentialSignatureError, "does not verify", proof=ProofOutcome.INVALID_SIGNATURE)


def test_duplicate_member_is_malformed(origin: JsonObject) -> None:
    received = text(origin).replace('"validFrom": ', '"validFrom": "2000-01-01T00:00:00Z", "validFrom": ', 1)
    assert received != text(origin)
    assert_rejected(received, CredentialFormatError, "duplicate member", proof=ProofOutcome.MALFORMED)


def test_duplicate_member_inside_the_proof_is_malformed(origin: JsonObject) -> None:
    received = text(origin).replace('"proofPurpose": ', '"proofPurpose": "authentication", "proofPurpose": ', 1)
    assert_rejected(received, CredentialFormatError, "duplicate member", proof=ProofOutcome.MALFORMED)


@pytest.mark.parametrize("where", ["top", "subject", "issuer", "proof"])
def test_unsigned_member_added_is_an_invalid_signature(origin: JsonObject, where: str) -> None:
    lie = copy.deepcopy(origin)
    target = lie if where == "top" else lie[{"subject": "credentialSubject"}.get(where, where)]
    assert isinstance(target, dict)
    target["note"] = "added after signing"
    assert_rejected(lie, CredentialSignatureError, "does not verify", proof=ProofOutcome.INVALID_SIGNATURE)


def test_swapped_verification_method_is_an_invalid_signature(origin: JsonObject) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    proof["verificationMethod"] = OTHER_KEY.verification_method_id
    assert_rejected(lie, CredentialSignatureError, "does not verify", proof=ProofOutcome.INVALID_SIGNATURE)


def test_did_key_with_a_fragment_naming_another_key_is_unresolvable(origin: JsonObject) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    proof["verificationMethod"] = f"{TEST_KEY.did}#{OTHER_KEY.public_key_multibase}"
    assert_rejected(lie, UntrustedVerificationMethodError, "fragment is not its key",
                    proof=ProofOutcome.UNRESOLVABLE_VERIFICATION_METHOD)


def test_key_in_the_fragment_of_an_unknown_url_is_unresolvable() -> None:
    url = f"https://attacker.example/keys#{TEST_KEY.public_key_multibase}"
    lie = signed(dict(factory.origin_unsigned(), issuer="https://attacker.example"), verification_method=url)
    assert_rejected(lie, UntrustedVerificationMethodError, "not among the trusted keys",
                    proof=ProofOutcome.UNRESOLVABLE_VERIFICATION_METHOD)


def test_lookup_key_listed_for_another_relationship_is_unresolvable() -> None:
    url = "https://chamber.example/keys/1"
    keys = TrustedKeys.from_json(
        {url: {"publicKeyMultibase": TEST_KEY.public_key_multibase, "controller": "https://chamber.example",
               "relationship": "authentication"}}
    )
    lie = signed(dict(factory.origin_unsigned(), issuer="https://chamber.example"), verification_method=url)
    assert_rejected(lie, UntrustedVerificationMethodError, "not authorised for assertionMethod",
                    proof=ProofOutcome.UNRESOLVABLE_VERIFICATION_METHOD, keys=keys)


def test_wrong_proof_purpose() -> None:
    lie = signed(factory.origin_unsigned(), proof_purpose="authentication")
    assert_rejected(lie, ProofPurposeError, "not made for assertionMethod", proof=ProofOutcome.WRONG_PROOF_PURPOSE)


@pytest.mark.parametrize(
    "created",
    ["2024-05-01", "2024-05-01T12:00:00", "2024-05-01 12:00:00Z", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
     "2024-05-01T24:00:00Z", "2024-05-01T12:00:00+15:00", "yesterday", "", 1714564800, None, ["2024-05-01T12:00:00Z"]],
)
def test_malformed_created_is_invalid_created(origin: JsonObject, created: Any) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    proof["created"] = created
    assert_rejected(lie, ProofCreatedError, "created value is not", proof=ProofOutcome.INVALID_CREATED)


def test_expired_proof() -> None:
    lie = signed(factory.origin_unsigned(), expires=datetime(2025, 1, 1, tzinfo=UTC))
    assert_rejected(lie, ProofExpiredError, "expired before", proof=ProofOutcome.PROOF_EXPIRED)
    assert_rejected(lie, ProofExpiredError, "expired before", proof=ProofOutcome.PROOF_EXPIRED,
                    at=datetime(2025, 1, 1, tzinfo=UTC))
    assert_accepted(lie, at=datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC))


def test_malformed_expires_is_malformed(origin: JsonObject) -> None:
    lie = copy.deepcopy(origin)
    proof = lie["proof"]
    assert isinstance(proof, dict)
    proof["expires"] = "2030-01-01"
    assert_rejected(lie, CredentialFormatError, "expires", proof=ProofOutcome.MALFORMED)


def test_domain_not_carried() -> None:
    lie = signed(factory.origin_unsigned(), domain="other.example")
    assert_rejected(lie, ProofDomainError, "expected domain", proof=ProofOutcome.DOMAIN_MISMATCH,
                    domain="cbp.example")


def test_challenge_not_carried(origin: JsonObject) -> None:
    assert_rejected(origin, ProofChallengeError, "expected challenge", proof=ProofOutcome.CHALLENGE_MISMATCH,
                    challenge="c-1")


def test_nfd_spelling_of_a_signed_nfc_string_is_an_invalid_signature() -> None:
    unsigned = factory.origin_unsigned()
    issuer = unsigned["issuer"]
    assert isinstance(issuer, dict)
    issuer["name"] = unicodedata.normalize("NFC", "Camera di Commercio, Città di Milano")
    document = signed(unsigned)
    assert_accepted(document)
    lie = copy.deepcopy(document)
    lie_issuer = lie["issuer"]
    assert isinstance(lie_issuer, dict)
    lie_issuer["name"] = unicodedata.normalize("NFD", str(lie_issuer["name"]))
    assert lie_issuer["name"] != issuer["name"]
    assert_rejected(lie, CredentialSignatureError, "does not verify", proof=ProofOutcome.INVALID_SIGNATURE)


@pytest.mark.parametrize(
    ("lie", "change", "match"),
    [
        ("proof_set", lambda d: d.update(proof=[d["proof"], d["proof"]]), "proof sets and chains"),
        ("no_proof", lambda d: d.pop("proof"), "no proof object"),
        ("proof_is_a_string", lambda d: d.update(proof="z123"), "no proof object"),
        ("no_verification_method", lambda d: d["proof"].pop("verificationMethod"), "no verificationMethod"),
        ("no_purpose", lambda d: d["proof"].pop("proofPurpose"), "no proofPurpose"),
        ("no_proof_value", lambda d: d["proof"].pop("proofValue"), "no proofValue"),
        ("numeric_proof_value", lambda d: d["proof"].update(proofValue=7), "no proofValue"),
        ("previous_proof", lambda d: d["proof"].update(previousProof="urn:uuid:1"), "proof chains"),
        ("domain_object", lambda d: d["proof"].update(domain={"a": 1}), "domain"),
        ("numeric_nonce", lambda d: d["proof"].update(nonce=1), "nonce"),
    ],
)
def test_malformed_proof(origin: JsonObject, lie: str, change: Any, match: str) -> None:
    document = copy.deepcopy(origin)
    change(document)
    assert_rejected(document, CredentialFormatError, match, proof=ProofOutcome.MALFORMED)


@pytest.mark.parametrize("received", ["", "null", "[]", '"vc"', "{", '{"a": NaN}'])
def test_text_that_is_not_a_json_object_is_malformed(received: str) -> None:
    check = check_credential_text(received, at=AT)
    assert (check.proof, check.credential, check.verdict) == (ProofOutcome.MALFORMED, None, Verdict.REJECT)


# ---------------------------------------------------------------------------------------- credential lies


def test_issuer_not_the_controller_of_the_signing_key() -> None:
    unsigned = factory.origin_unsigned()
    issuer = unsigned["issuer"]
    assert isinstance(issuer, dict)
    issuer["id"] = OTHER_KEY.did
    assert_rejected(signed(unsigned), IssuerMismatchError, "not the controller", proof=ProofOutcome.VALID,
                    credential=CredentialOutcome.ISSUER_MISMATCH)


def test_official_vector_has_an_issuer_its_did_key_cannot_speak_for() -> None:
    for vector in (factory.OFFICIAL, factory.NO_PROOF_CONTEXT):
        assert_rejected(vector["signedCredential"], IssuerMismatchError, "not the controller",
                        proof=ProofOutcome.VALID, credential=CredentialOutcome.ISSUER_MISMATCH)


def test_not_yet_valid_credential() -> None:
    window = {"validFrom": "2030-01-01T00:00:00Z", "validUntil": "2031-01-01T00:00:00Z"}
    document = signed(dict(factory.origin_unsigned(), **window))
    assert_rejected(document, CredentialNotYetValidError, "before validFrom", proof=ProofOutcome.VALID,
                    credential=CredentialOutcome.NOT_YET_VALID)


@pytest.mark.parametrize(
    ("valid_until", "at"),
    [
        ("2030-12-31T23:59:59Z", datetime(2031, 1, 1, tzinfo=UTC)),
        ("2030-12-31T23:59:59Z", datetime(2030, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("2025-06-01T01:00:00+02:00", AT),  # 23:00Z on 31 May, before AT although the string sorts after
    ],
)
def test_expired_credential(valid_until: str, at: datetime) -> None:
    document = signed(dict(factory.origin_unsigned(), validUntil=valid_until))
    assert_rejected(document, CredentialExpiredError, "validUntil", proof=ProofOutcome.VALID,
                    credential=CredentialOutcome.EXPIRED, at=at)


@pytest.mark.parametrize(
    ("lie", "change", "match"),
    [
        ("v1_context", {"@context": ["https://www.w3.org/2018/credentials/v1"]}, "first @context"),
        ("v2_context_not_first", {"@context": [TRACEABILITY, V2]}, "first @context"),
        ("context_string", {"@context": V2}, "first @context"),
        ("numeric_context_item", {"@context": [V2, 7]}, "not an accepted context"),
        ("no_credential_type", {"type": ["CertificationOfOrigin"]}, "VerifiableCredential"),
        ("type_not_strings", {"type": ["VerifiableCredential", 1]}, "VerifiableCredential"),
        ("no_subject", {"credentialSubject": None}, "credentialSubject"),
        ("empty_subject_list", {"credentialSubject": []}, "credentialSubject"),
        ("no_issuer", {"issuer": None}, "no issuer"),
        ("issuer_object_without_id", {"issuer": {"name": "x"}}, "no issuer"),
        ("valid_from_date_only", {"validFrom": "2019-12-11"}, "validFrom is not"),
        ("valid_until_number", {"validUntil": 1}, "validUntil is not"),
        ("valid_until_before_valid_from", {"validUntil": "2019-01-01T00:00:00Z"}, "before validFrom"),
    ],
)
def test_not_a_credential(lie: str, change: dict[str, Any], match: str) -> None:
    unsigned = factory.origin_unsigned()
    unsigned.update(change)
    assert_rejected(signed(unsigned), NotACredentialError, match, proof=ProofOutcome.VALID,
                    credential=CredentialOutcome.NOT_A_CREDENTIAL)


def test_unexpected_credential_type() -> None:
    assert_rejected(factory.origin_signed(), NotACredentialError, "does not include TrademarkLicence",
                    proof=ProofOutcome.VALID, credential=CredentialOutcome.NOT_A_CREDENTIAL,
                    expected_type="TrademarkLicence")


def test_context_outside_the_allow_list() -> None:
    assert_rejected(factory.origin_signed(), NotACredentialError, "not an accepted context",
                    proof=ProofOutcome.VALID, credential=CredentialOutcome.NOT_A_CREDENTIAL,
                    allowed_contexts={"https://other.example/v1"})
    assert_accepted(factory.origin_signed(), allowed_contexts={TRACEABILITY})


# ---------------------------------------------------------------------------------------- errors and evidence


def test_untrusted_text_stays_out_of_the_message() -> None:
    url = "https://attacker.example/<b>officer, accept this</b>"
    lie = signed(factory.origin_unsigned(), verification_method=url)
    check = check_credential_text(text(lie), at=AT)
    assert check.error is not None
    assert "attacker" not in str(check.error)
    assert "attacker" not in check.reason
    assert check.error.details()["verification_method"] == url


def test_naive_evaluation_time_is_a_caller_error(origin: JsonObject) -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        verify_credential(origin, at=datetime(2025, 1, 1))


def test_verified_document_is_a_copy_the_caller_cannot_use_to_change_the_input(origin: JsonObject) -> None:
    verified = verify_credential(origin, at=AT)
    verified.document["issuer"] = "changed"
    assert origin["issuer"] != "changed"


def test_json_output_has_exactly_the_documented_members(origin: JsonObject) -> None:
    out = check_credential_text(text(origin), at=AT).to_json()
    assert list(out) == ["proof", "credential", "verdict", "reason", "verified_document"]
    assert (out["proof"], out["credential"], out["verdict"]) == ("valid", "valid", "accept")
