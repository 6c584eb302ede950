"""Verifying a secured VC 2.0 credential: proof, then data model, then status.

The order is fixed: nothing about a credential is believed before its proof
verifies (VC Data Integrity 1.0 §4.4), and status is read only for a credential
that is otherwise valid (Bitstring Status List v1.0). Failures raise; success
returns a ``VerifiedCredential`` whose document is the one the proof covers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from ledger_client.credentials import data_integrity, status_check, vc_model
from ledger_client.credentials.data_integrity import ASSERTION_METHOD, VerifiedProof
from ledger_client.credentials.key_lookup import KeyLookup
from ledger_client.credentials.status_check import StatusValue
from ledger_client.credentials.strict_json import JsonObject
from ledger_client.credentials.vc_model import CredentialClaims


@dataclass(frozen=True, slots=True)
class VerifiedCredential:
    """A credential whose proof, data model checks and status all passed; built only by this module.

    Attributes:
        proof: the verified proof (its ``document`` is the credential the proof covers).
        claims: id, types, issuer and validity period.
        statuses: every status entry read (none set).
    """

    proof: VerifiedProof
    claims: CredentialClaims
    statuses: tuple[StatusValue, ...]

    @property
    def document(self) -> JsonObject:
        """The verified credential, without its proof; only members the proof covers."""
        return self.proof.document

    @property
    def issuer(self) -> str:
        return self.claims.issuer


def check_verified_proof(
    proof: VerifiedProof,
    *,
    at: datetime,
    expected_type: str | None = None,
    keys: KeyLookup | None = None,
    status_lists: Mapping[str, JsonObject] | None = None,
    status_issuers: Collection[str] = (),
    allowed_contexts: Collection[str] | None = None,
) -> VerifiedCredential:
    """The credential checks that follow a verified proof: data model (VC 2.0), then status.

    Raises:
        CredentialValidityError: a subclass, from ``vc_model.check_credential``.
        CredentialStatusError: a subclass, from ``status_check.check_statuses``.
    """
    claims = vc_model.check_credential(proof, at=at, expected_type=expected_type, allowed_contexts=allowed_contexts)
    statuses = status_check.check_statuses(
        proof.document,
        issuer=claims.issuer,
        at=at,
        keys=keys,
        status_lists=status_lists,
        status_issuers=status_issuers,
    )
    return VerifiedCredential(proof=proof, claims=claims, statuses=statuses)


def verify_credential(
    document: JsonObject,
    *,
    at: datetime,
    expected_type: str | None = None,
    purpose: str = ASSERTION_METHOD,
    keys: KeyLookup | None = None,
    status_lists: Mapping[str, JsonObject] | None = None,
    status_issuers: Collection[str] = (),
    allowed_contexts: Collection[str] | None = None,
    domain: str | None = None,
    challenge: str | None = None,
) -> VerifiedCredential:
    """Verify a parsed secured credential at the time ``at``.

    1. The Data Integrity proof (``data_integrity.verify_proof``).
    2. The VC 2.0 checks on the document the proof covers (``vc_model.check_credential``).
    3. Every status entry (``status_check.check_statuses``).

    Args:
        document: the parsed credential (use ``strict_json.parse_json_object`` on received text).
        at: the evaluation time (aware); the verifier never reads the clock.
        expected_type: a ``type`` value the credential must have (e.g. ``CertificationOfOrigin``).
        purpose: the expected proof purpose.
        keys: trusted verification methods other than did:key.
        status_lists: status list credentials by URL, parsed.
        status_issuers: issuers trusted to publish status besides the credential's issuer.
        allowed_contexts: if given, the only ``@context`` URLs accepted after the v2 context.
        domain, challenge: values the proof must carry, when the caller requires them.

    Raises:
        CredentialFormatError, CredentialProofError, CredentialValidityError,
        CredentialStatusError (subclasses): the step that failed.
        ValueError: ``at`` is naive.
    """
    proof = data_integrity.verify_proof(document, at=at, purpose=purpose, keys=keys, domain=domain, challenge=challenge)
    return check_verified_proof(
        proof,
        at=at,
        expected_type=expected_type,
        keys=keys,
        status_lists=status_lists,
        status_issuers=status_issuers,
        allowed_contexts=allowed_contexts,
    )
