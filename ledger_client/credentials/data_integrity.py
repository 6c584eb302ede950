"""Data Integrity proof verification around the cryptosuite (W3C VC Data Integrity 1.0, §4.4 Verify Proof).

The generic checks (required members, expected purpose, domain, challenge,
expiry) run here; the signature itself is the cryptosuite's job
(``eddsa_jcs_2022.verify_proof``). The evaluation time is always passed in:
nothing here reads the clock. Only one proof object is supported; a list (a
proof set or chain) is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ledger_client.credentials import eddsa_jcs_2022, key_lookup, xsd_datetime
from ledger_client.credentials.did_key import VerificationMethod
from ledger_client.credentials.eddsa_jcs_2022 import ProofHashes
from ledger_client.credentials.key_lookup import KeyLookup
from ledger_client.credentials.strict_json import JsonObject, JsonValue
from ledger_client.errors import (
    CredentialFormatError,
    ProofChallengeError,
    ProofDomainError,
    ProofExpiredError,
    ProofPurposeError,
)

ASSERTION_METHOD = "assertionMethod"
_REQUIRED = ("type", "verificationMethod", "proofPurpose", "proofValue")
_OPTIONAL_STRINGS = ("cryptosuite", "created", "expires", "challenge", "nonce", "id")


@dataclass(frozen=True, slots=True)
class VerifiedProof:
    """A proof that verified; built only by ``verify_proof``.

    Attributes:
        document: the document the proof covers (the proof's ``@context``, no ``proof`` member).
        proof: the proof object as received.
        verification_method: the resolved key; ``controller`` is who signed.
        purpose: the proof purpose that was required and found.
        created, expires: the proof's times, when present.
        hashes: the canonical forms and hashes that were signed.
    """

    document: JsonObject
    proof: JsonObject
    verification_method: VerificationMethod
    purpose: str
    created: datetime | None
    expires: datetime | None
    hashes: ProofHashes


def _strings(value: JsonValue) -> frozenset[str] | None:
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return frozenset(item for item in value if isinstance(item, str))
    return None


def _proof_object(document: JsonObject) -> JsonObject:
    """Steps 1-3: the document and its proof are maps, with the required string members."""
    proof = document.get("proof")
    if isinstance(proof, list):
        raise CredentialFormatError("proof sets and chains (a list of proofs) are not supported", location="proof")
    if not isinstance(proof, dict):
        raise CredentialFormatError("the document has no proof object", location="proof")
    for name in _REQUIRED:
        if not isinstance(proof.get(name), str):
            raise CredentialFormatError(f"the proof has no {name} string", location=f"proof.{name}")
    for name in _OPTIONAL_STRINGS:
        if name in proof and not isinstance(proof[name], str):
            if name == "created":
                continue  # reported by the cryptosuite as invalid_created
            raise CredentialFormatError(f"the proof's {name} is not a string", location=f"proof.{name}")
    if "domain" in proof and _strings(proof["domain"]) is None:
        raise CredentialFormatError("the proof's domain is not a string or list of strings", location="proof.domain")
    if "previousProof" in proof:
        raise CredentialFormatError("proof chains (previousProof) are not supported", location="proof.previousProof")
    return proof


def verify_proof(
    document: JsonObject,
    *,
    at: datetime,
    purpose: str = ASSERTION_METHOD,
    keys: KeyLookup | None = None,
    domain: str | None = None,
    challenge: str | None = None,
) -> VerifiedProof:
    """Verify the one Data Integrity proof of a parsed document (VC Data Integrity 1.0 §4.4).

    1-3. The document and ``proof`` are maps; ``type``, ``verificationMethod``, ``proofPurpose``
         and ``proofValue`` are strings.
    4. ``proofPurpose`` equals the expected ``purpose``.
    5. If ``domain`` is given, the proof's ``domain`` holds exactly that string.
    6. If ``challenge`` is given, the proof's ``challenge`` equals it.
    7. If the proof has ``expires``, ``at`` is before it (§2.1 Proofs, ``expires``).
    8. Run the cryptosuite's Verify Proof; the verification method is resolved for the
       relationship named by ``purpose`` (did:key by computation, anything else only via ``keys``).

    Args:
        document: the parsed secured document (from ``strict_json.parse_json_object``).
        at: the time of interest, an aware datetime.
        purpose: the proof purpose the caller expects.
        keys: trusted verification methods other than did:key.
        domain, challenge: required values, when the caller asked for them.

    Returns:
        The verified proof, holding the document it covers.

    Raises:
        CredentialFormatError: steps 1-3, or a malformed ``expires``.
        ProofPurposeError, ProofDomainError, ProofChallengeError, ProofExpiredError: steps 4-7.
        CredentialProofError (a subclass): the cryptosuite's checks, step 8.
        ValueError: ``at`` is naive.
    """
    return _checked(document, at, purpose, keys, domain, challenge, eddsa_jcs_2022.verify_proof)


_Suite = Callable[[JsonObject, Callable[[str], VerificationMethod]], eddsa_jcs_2022.SuiteVerification]


def _checked(  # noqa: PLR0917 - verify_proof's arguments and the suite step
    document: JsonObject,
    at: datetime,
    purpose: str,
    keys: KeyLookup | None,
    domain: str | None,
    challenge: str | None,
    suite: _Suite,
) -> VerifiedProof:
    xsd_datetime.require_aware(at, "the evaluation time")
    proof = _proof_object(document)  # steps 1-3
    method_url = str(proof["verificationMethod"])
    if proof["proofPurpose"] != purpose:  # step 4
        raise ProofPurposeError(
            f"the proof was not made for {purpose}",
            expected=purpose,
            received=str(proof["proofPurpose"]),
            verification_method=method_url,
        )
    if domain is not None and _strings(proof.get("domain")) != frozenset({domain}):  # step 5
        raise ProofDomainError("the proof was not made for the expected domain", verification_method=method_url)
    if challenge is not None and proof.get("challenge") != challenge:  # step 6
        raise ProofChallengeError("the proof does not carry the expected challenge", verification_method=method_url)
    expires = None
    if "expires" in proof:  # step 7
        try:
            expires = xsd_datetime.parse_date_time_stamp(str(proof["expires"]))
        except ValueError:
            raise CredentialFormatError(
                "the proof's expires is not an XML Schema dateTimeStamp", location="proof.expires"
            ) from None
        if at >= expires:
            raise ProofExpiredError(
                "the proof expired before the evaluation time",
                expires=expires.isoformat(),
                at=at.isoformat(),
                verification_method=method_url,
            )

    def resolve(url: str) -> VerificationMethod:
        return key_lookup.resolve(url, purpose, keys)

    verified = suite(document, resolve)  # step 8
    created_text = proof.get("created")
    return VerifiedProof(
        document=verified.document,
        proof=verified.proof,
        verification_method=verified.verification_method,
        purpose=purpose,
        created=xsd_datetime.parse_date_time_stamp(created_text) if isinstance(created_text, str) else None,
        expires=expires,
        hashes=verified.hashes,
    )


def recorded_proof(document: JsonObject, *, at: datetime, keys: KeyLookup | None = None) -> VerifiedProof:
    """The :class:`VerifiedProof` of a document whose proof was verified and recorded as verified before.

    One verification per entry: the mirror verifies each logged credential's proof
    once, at sync, and stores the outcome in the encrypted cache. Readers of the
    mirror rebuild the verified proof with this, from an entry stored as verified:
    every step of :func:`verify_proof` runs again except the Ed25519 signature
    check (the cost of the first verification). Never call it on other documents.

    Raises:
        as :func:`verify_proof`, but never ``CredentialSignatureError``.
    """
    return _checked(document, at, ASSERTION_METHOD, keys, None, None, eddsa_jcs_2022.recorded_proof)
