"""One typed account of a credential check: proof outcome, credential outcome, verdict and reason.

``verify_credential`` raises on the first failure; ``check_credential_text``
runs the same verification on received text and reports what it found, for the
``verify-credential`` command and for screens that must show a reason. The
verdict is ``accept`` only when both outcomes are ``valid``.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from ledger_client.credentials import data_integrity, strict_json, vc
from ledger_client.credentials.data_integrity import ASSERTION_METHOD
from ledger_client.credentials.key_lookup import KeyLookup
from ledger_client.credentials.strict_json import JsonObject
from ledger_client.credentials.vc import VerifiedCredential
from ledger_client.errors import (
    CredentialFormatError,
    CredentialProofError,
    CredentialStatusError,
    CredentialValidityError,
    LedgerError,
)


class ProofOutcome(enum.StrEnum):
    """What became of the Data Integrity proof."""

    VALID = "valid"
    INVALID_SIGNATURE = "invalid_signature"
    MALFORMED = "malformed"
    UNSUPPORTED_CRYPTOSUITE = "unsupported_cryptosuite"
    UNRESOLVABLE_VERIFICATION_METHOD = "unresolvable_verification_method"
    CONTEXT_MISMATCH = "context_mismatch"
    INVALID_CREATED = "invalid_created"
    WRONG_PROOF_PURPOSE = "wrong_proof_purpose"
    PROOF_EXPIRED = "proof_expired"
    DOMAIN_MISMATCH = "domain_mismatch"
    CHALLENGE_MISMATCH = "challenge_mismatch"


class CredentialOutcome(enum.StrEnum):
    """What became of the credential checks (only reached when the proof is valid)."""

    VALID = "valid"
    NOT_A_CREDENTIAL = "not_a_credential"
    ISSUER_MISMATCH = "issuer_mismatch"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    STATUS_ERROR = "status_error"


class Verdict(enum.StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class CredentialCheck:
    """The account of one check. Built only by ``check_credential_text``.

    Attributes:
        proof: the proof outcome.
        credential: the credential outcome, ``None`` unless the proof is valid.
        reason: plain words we wrote (no text from the document).
        verified_document: the document the proof covers, ``None`` unless the proof is valid.
        verified: the verified credential, only when the verdict is accept.
        error: the error that decided a rejection, with its evidence in ``details()``.
    """

    proof: ProofOutcome
    credential: CredentialOutcome | None
    reason: str
    verified_document: JsonObject | None
    verified: VerifiedCredential | None
    error: LedgerError | None

    @property
    def verdict(self) -> Verdict:
        accepted = self.proof is ProofOutcome.VALID and self.credential is CredentialOutcome.VALID
        return Verdict.ACCEPT if accepted else Verdict.REJECT

    def to_json(self) -> JsonObject:
        """``proof``, ``credential``, ``verdict``, ``reason``, ``verified_document``."""
        return {
            "proof": self.proof.value,
            "credential": None if self.credential is None else self.credential.value,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "verified_document": self.verified_document,
        }


def check_credential_text(
    text: str,
    *,
    at: datetime,
    purpose: str = ASSERTION_METHOD,
    expected_type: str | None = None,
    keys: KeyLookup | None = None,
    status_lists: Mapping[str, JsonObject] | None = None,
    status_issuers: Collection[str] = (),
    allowed_contexts: Collection[str] | None = None,
    domain: str | None = None,
    challenge: str | None = None,
) -> CredentialCheck:
    """Parse received text strictly and verify it as ``vc.verify_credential`` does, reporting outcomes.

    Raises:
        ValueError: ``at`` is naive (a caller's bug, not a document's fault).
    """
    try:
        document = strict_json.parse_json_object(text)
        proof = data_integrity.verify_proof(
            document, at=at, purpose=purpose, keys=keys, domain=domain, challenge=challenge
        )
    except (CredentialFormatError, CredentialProofError) as exc:
        return CredentialCheck(ProofOutcome(exc.OUTCOME), None, f"{exc.user_message()} ({exc})", None, None, exc)
    try:
        verified = vc.check_verified_proof(
            proof,
            at=at,
            expected_type=expected_type,
            keys=keys,
            status_lists=status_lists,
            status_issuers=status_issuers,
            allowed_contexts=allowed_contexts,
        )
    except (CredentialValidityError, CredentialStatusError) as exc:
        outcome = CredentialOutcome(exc.OUTCOME)
        return CredentialCheck(ProofOutcome.VALID, outcome, f"{exc.user_message()} ({exc})", proof.document, None, exc)
    reason = "The proof verifies, the issuer signed it, and it is valid with no status set at the time checked."
    return CredentialCheck(ProofOutcome.VALID, CredentialOutcome.VALID, reason, proof.document, verified, None)
