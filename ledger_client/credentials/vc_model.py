"""The VC Data Model 2.0 checks applied to a document whose proof has verified.

They read only the verified document (the one the proof covers) and are
ordered as the data model presents the properties: ``@context`` (§4.3),
``type`` (§4.5), ``credentialSubject`` (§4.8), ``issuer`` (§4.7) bound to the
signing key's controller (VC Data Integrity 1.0, "Relationship to
Verifiable Credentials"), and the validity period (§4.9), compared as instants.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from ledger_client.credentials import xsd_datetime
from ledger_client.credentials.data_integrity import VerifiedProof
from ledger_client.credentials.strict_json import JsonObject, JsonValue
from ledger_client.errors import (
    CredentialExpiredError,
    CredentialNotYetValidError,
    IssuerMismatchError,
    NotACredentialError,
)

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CREDENTIAL_TYPE = "VerifiableCredential"


@dataclass(frozen=True, slots=True)
class CredentialClaims:
    """The VC-level facts of a checked credential.

    Attributes:
        id: the credential's ``id``, if any.
        types: every value of ``type``.
        issuer: the issuer id, equal to the signing key's controller.
        valid_from, valid_until: the validity period, when given.
    """

    id: str | None
    types: tuple[str, ...]
    issuer: str
    valid_from: datetime | None
    valid_until: datetime | None


def _types(value: JsonValue) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return tuple(item for item in value if isinstance(item, str))
    return None


def issuer_id(document: JsonObject) -> str:
    """The credential's issuer: ``issuer`` when a string, ``issuer.id`` when an object.

    Raises:
        NotACredentialError: no issuer of either shape.
    """
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    if not isinstance(issuer, str) or not issuer:
        raise NotACredentialError("the credential has no issuer URL", problem="issuer")
    return issuer


def _moment(document: JsonObject, name: str) -> datetime | None:
    value = document.get(name)
    if value is None and name not in document:
        return None
    if isinstance(value, str):
        try:
            return xsd_datetime.parse_date_time_stamp(value)
        except ValueError:
            pass
    raise NotACredentialError(f"{name} is not an XML Schema dateTimeStamp", problem="validity_dates")


def check_credential(
    proof: VerifiedProof,
    *,
    at: datetime,
    expected_type: str | None = None,
    allowed_contexts: Collection[str] | None = None,
) -> CredentialClaims:
    """Apply the VC Data Model 2.0 checks to the document a verified proof covers.

    1. ``@context`` is a list whose first item is exactly the v2 context; the others are URLs or
       objects (and, if ``allowed_contexts`` is given, URLs from it).
    2. ``type`` includes ``VerifiableCredential`` and, if given, ``expected_type``.
    3. ``credentialSubject`` is an object or a non-empty list of objects.
    4. ``issuer`` (or ``issuer.id``) equals the controller of the key that signed.
    5. ``validFrom`` ≤ ``validUntil`` when both are present, and ``validFrom`` ≤ ``at`` < ``validUntil``.

    Raises:
        NotACredentialError: steps 1-3, a missing issuer, or malformed or inverted dates.
        IssuerMismatchError: step 4.
        CredentialNotYetValidError, CredentialExpiredError: step 5.
        ValueError: ``at`` is naive.
    """
    xsd_datetime.require_aware(at, "the evaluation time")
    document = proof.document
    context = document.get("@context")  # step 1
    if not isinstance(context, list) or not context or context[0] != V2_CONTEXT:
        raise NotACredentialError("the first @context is not the VC 2.0 context", problem="context")
    for item in context[1:]:
        if isinstance(item, str) and (allowed_contexts is None or item in allowed_contexts):
            continue
        if isinstance(item, dict) and allowed_contexts is None:
            continue
        raise NotACredentialError("a @context item is not an accepted context", problem="context")
    types = _types(document.get("type"))  # step 2
    if types is None or CREDENTIAL_TYPE not in types:
        raise NotACredentialError("the type does not include VerifiableCredential", problem="type")
    if expected_type is not None and expected_type not in types:
        raise NotACredentialError(f"the type does not include {expected_type}", problem="type")
    subject = document.get("credentialSubject")  # step 3
    subjects = subject if isinstance(subject, list) else [subject]
    if not subjects or not all(isinstance(item, dict) for item in subjects):
        raise NotACredentialError("credentialSubject is not an object or list of objects", problem="subject")
    issuer = issuer_id(document)  # step 4
    controller = proof.verification_method.controller
    if issuer != controller:
        raise IssuerMismatchError(
            "the credential's issuer is not the controller of the key that signed it",
            issuer=issuer,
            controller=controller,
        )
    valid_from, valid_until = _moment(document, "validFrom"), _moment(document, "validUntil")  # step 5
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise NotACredentialError("validUntil is before validFrom", problem="validity_dates")
    if valid_from is not None and at < valid_from:
        raise CredentialNotYetValidError(
            "the evaluation time is before validFrom", bound=valid_from.isoformat(), at=at.isoformat()
        )
    if valid_until is not None and at >= valid_until:
        raise CredentialExpiredError(
            "the evaluation time is at or after validUntil", bound=valid_until.isoformat(), at=at.isoformat()
        )
    credential_id = document.get("id")
    return CredentialClaims(
        id=credential_id if isinstance(credential_id, str) else None,
        types=types,
        issuer=issuer,
        valid_from=valid_from,
        valid_until=valid_until,
    )
