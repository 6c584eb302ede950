"""The ``eddsa-jcs-2022`` cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, §3.3).

Transformation is JCS (RFC 8785) of the parsed document; hashing is
``SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))`` (the proof configuration
hash first); the proof value is ``"z" + base58btc(Ed25519(seed, hashData))``.
Since the January 2025 revision, the proof carries a copy of the document's
``@context`` (Create Proof step 2), and a verifier that finds one requires the
document's ``@context`` to begin with it and then substitutes it, so the
verified document is exactly the one the proof covers.

No JSON-LD processing happens: ``@context`` values are hashed as plain JSON.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

from ledger_client.credentials import multikey, strict_json, xsd_datetime
from ledger_client.credentials.did_key import VerificationMethod
from ledger_client.credentials.signing_key import SigningKey
from ledger_client.credentials.strict_json import JsonObject, JsonValue
from ledger_client.errors import (
    CredentialFormatError,
    CredentialSignatureError,
    ProofContextMismatchError,
    ProofCreatedError,
    UnsupportedCryptosuiteError,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"


@dataclass(frozen=True, slots=True)
class ProofHashes:
    """The intermediate values of Transformation (§3.3.3) and Hashing (§3.3.4)."""

    canonical_proof_config: bytes
    canonical_document: bytes
    proof_config_hash: bytes
    document_hash: bytes

    @property
    def hash_data(self) -> bytes:
        """``proofConfigHash || documentHash``, the 64 bytes that are signed."""
        return self.proof_config_hash + self.document_hash


@dataclass(frozen=True, slots=True)
class SuiteVerification:
    """What §3.3.2 Verify Proof returns when the signature verifies.

    Attributes:
        document: the verified document: the unsecured document with the proof's ``@context``
            substituted, so members the proof does not cover (extra contexts) are dropped.
        proof: the proof, ``proofValue`` included.
        verification_method: the key that verified the signature.
        hashes: the canonical forms and hashes that were checked.
    """

    document: JsonObject
    proof: JsonObject
    verification_method: VerificationMethod
    hashes: ProofHashes


def hash_proof(proof_config: JsonObject, document: JsonObject) -> ProofHashes:
    """Transformation (§3.3.3: JCS of each) and Hashing (§3.3.4: SHA-256 of each, config first).

    Raises:
        CredentialFormatError: a value cannot be canonicalised.
    """
    canonical_config = strict_json.canonicalize(proof_config)
    canonical_document = strict_json.canonicalize(document)
    return ProofHashes(
        canonical_proof_config=canonical_config,
        canonical_document=canonical_document,
        proof_config_hash=hashlib.sha256(canonical_config).digest(),
        document_hash=hashlib.sha256(canonical_document).digest(),
    )


def _check_created(proof: JsonObject) -> None:
    """Proof Configuration (§3.3.5) step 3: ``created``, when present, is a dateTimeStamp."""
    if "created" not in proof:
        return
    created = proof["created"]
    if isinstance(created, str):
        try:
            xsd_datetime.parse_date_time_stamp(created)
        except ValueError:
            pass
        else:
            return
    method = proof.get("verificationMethod")
    raise ProofCreatedError(
        "the proof's created value is not an XML Schema dateTimeStamp",
        received=strict_json.canonicalize(created).decode("utf-8"),
        verification_method=method if isinstance(method, str) else "",
    )


def create_proof(unsecured: JsonObject, key: SigningKey, options: JsonObject) -> JsonObject:
    """§3.3.1 Create Proof (eddsa-jcs-2022): the proof object, ``proofValue`` included.

    1. ``proof`` = a deep copy of ``options``.
    2. If the document has ``@context``, set ``proof["@context"]`` to a copy of it.
    3. Proof Configuration (§3.3.5): ``type`` and ``cryptosuite`` must be this suite's,
       ``created`` a dateTimeStamp; canonicalise the configuration.
    4. Transformation (§3.3.3): the document must not hold a ``proof``; canonicalise it.
    5. Hashing (§3.3.4): ``hashData`` = SHA-256(config) || SHA-256(document).
    6. Proof Serialization (§3.3.6): Ed25519-sign ``hashData`` with the key.
    7. ``proofValue`` = ``"z"`` + base58btc(signature).

    Raises:
        ValueError: PROOF_GENERATION_ERROR: bad options, a document with a ``proof``, a value
            JCS cannot represent.
    """
    proof = strict_json.copy_object(options)  # step 1
    if "proofValue" in proof:
        raise ValueError("proof options must not contain a proofValue")
    if "@context" in unsecured:  # step 2
        proof["@context"] = strict_json.copy_json(unsecured["@context"])
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:  # step 3
        raise ValueError(f"proof options must name type {PROOF_TYPE} and cryptosuite {CRYPTOSUITE}")
    try:
        _check_created(proof)
    except ProofCreatedError:
        raise ValueError("proof option created is not an XML Schema dateTimeStamp") from None
    if "proof" in unsecured:  # step 4
        raise ValueError("the document to sign already has a proof")
    try:
        hashes = hash_proof(proof, unsecured)  # steps 3-5
    except CredentialFormatError as exc:
        raise ValueError("the document or options hold a value JCS cannot represent") from exc
    signature = key.sign(hashes.hash_data)  # step 6
    proof["proofValue"] = multikey.encode_signature(signature)  # step 7
    return proof


#: One verifier object per key (a ledger has few signers; building one costs a fifth of a verify).
_verify_key = functools.lru_cache(maxsize=1024)(nacl.signing.VerifyKey)


def _context_list(value: JsonValue, where: str) -> list[JsonValue]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise CredentialFormatError(f"the {where} @context is neither a string nor a list", location=where)


def _begins_with(document_context: list[JsonValue], proof_context: list[JsonValue]) -> bool:
    if len(proof_context) > len(document_context):
        return False
    return all(
        mine == theirs
        if isinstance(mine, str) or isinstance(theirs, str)
        else strict_json.canonicalize(mine) == strict_json.canonicalize(theirs)
        for mine, theirs in zip(document_context, proof_context, strict=False)
    )


def verify_proof(secured: JsonObject, resolve: Callable[[str], VerificationMethod]) -> SuiteVerification:
    """§3.3.2 Verify Proof (eddsa-jcs-2022); see :func:`_verify_proof`."""
    return _verify_proof(secured, resolve, check_signature=True)


def recorded_proof(secured: JsonObject, resolve: Callable[[str], VerificationMethod]) -> SuiteVerification:
    """What :func:`verify_proof` returned for a document it verified before, without the Ed25519 step.

    For entries a verifier already verified and recorded as verified (the mirror,
    at sync): every other step of §3.3.2 runs again, so the result holds exactly
    the document, key and hashes a verification gives. Never call it on a
    document whose signature was not verified and recorded.
    """
    return _verify_proof(secured, resolve, check_signature=False)


def _verify_proof(
    secured: JsonObject, resolve: Callable[[str], VerificationMethod], *, check_signature: bool
) -> SuiteVerification:
    """§3.3.2 Verify Proof (eddsa-jcs-2022), for a document with one proof object.

    ``resolve`` turns the proof's ``verificationMethod`` into a trusted key, or raises
    ``UntrustedVerificationMethodError``.

    1. ``unsecured`` = the document without ``proof``; ``proofOptions`` = the proof without
       ``proofValue`` (every other member, ``@context`` and unknown ones included, stays).
    2. Dispatch on (``type``, ``cryptosuite``): only ``DataIntegrityProof`` + ``eddsa-jcs-2022``.
    3. Decode ``proofValue``: ``z`` + base58btc of exactly 64 bytes (``u``/base64url refused).
    4. If ``proofOptions`` has ``@context``: the document's ``@context`` must begin with it,
       item by item; then replace the document's ``@context`` with it.
    5. Proof Configuration (§3.3.5): ``created``, if present, is a dateTimeStamp.
    6. Transformation and Hashing (§3.3.3, §3.3.4).
    7. Proof Verification (§3.3.7): resolve the key and Ed25519-verify ``hashData``.

    Raises:
        CredentialFormatError: no single proof object, or a proof member of the wrong shape.
        UnsupportedCryptosuiteError, ProofContextMismatchError, ProofCreatedError,
        UntrustedVerificationMethodError, CredentialSignatureError: as the steps say.
    """
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        raise CredentialFormatError("the document has no single proof object", location="proof")
    unsecured = {name: value for name, value in secured.items() if name != "proof"}  # step 1
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    method_url = proof.get("verificationMethod")
    if not isinstance(method_url, str):
        raise CredentialFormatError("the proof has no verificationMethod string", location="proof")
    proof_type, suite = proof.get("type"), proof.get("cryptosuite")
    if proof_type != PROOF_TYPE or suite != CRYPTOSUITE:  # step 2
        raise UnsupportedCryptosuiteError(
            f"only {PROOF_TYPE} with cryptosuite {CRYPTOSUITE} is accepted",
            proof_type=proof_type if isinstance(proof_type, str) else "",
            cryptosuite=suite if isinstance(suite, str) else "",
            verification_method=method_url,
        )
    proof_value = proof.get("proofValue")
    try:  # step 3
        signature = multikey.decode_signature(proof_value if isinstance(proof_value, str) else "")
    except ValueError:
        raise CredentialFormatError(
            "the proofValue is not a base58btc multibase Ed25519 signature of 64 bytes",
            location="proof.proofValue",
        ) from None
    if "@context" in options:  # step 4
        proof_context = _context_list(options["@context"], "proof")
        document_context = _context_list(unsecured.get("@context", []), "document")
        if not _begins_with(document_context, proof_context):
            raise ProofContextMismatchError(
                "the document's @context does not begin with the proof's @context",
                verification_method=method_url,
            )
        unsecured["@context"] = options["@context"]
    _check_created(options)  # step 5
    hashes = hash_proof(options, unsecured)  # step 6
    method = resolve(method_url)  # step 7
    try:
        if check_signature:
            _verify_key(method.public_key).verify(hashes.hash_data, signature)
    except nacl.exceptions.BadSignatureError:
        raise CredentialSignatureError(
            "the Ed25519 signature does not verify over the canonical proof configuration and document",
            verification_method=method_url,
        ) from None
    # New top-level objects; nested values are shared with ``secured`` (all are read-only data).
    return SuiteVerification(
        document=unsecured,
        proof=dict(proof),
        verification_method=method,
        hashes=hashes,
    )
