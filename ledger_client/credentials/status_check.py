"""Checking a credential's ``credentialStatus`` against status list credentials the caller supplied.

Bitstring Status List v1.0, Validate Algorithm, with the list credentials
given by URL (the verifier never fetches anything). Any failure makes the
status unknown (``StatusListError``), which is never treated as good. A status
list is trusted only when its own proof verifies with the same suite, it is a
valid ``BitstringStatusListCredential`` whose ``id`` is the URL the entry names,
and its issuer is the credential's issuer or one the caller trusts for status.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from ledger_client.credentials import data_integrity, status_list, vc_model
from ledger_client.credentials.key_lookup import KeyLookup
from ledger_client.credentials.status_list import StatusEntry
from ledger_client.credentials.strict_json import JsonObject, JsonValue
from ledger_client.errors import (
    CredentialFormatError,
    CredentialProofError,
    CredentialRevokedError,
    CredentialStatusError,
    CredentialSuspendedError,
    CredentialValidityError,
    StatusListError,
)


@dataclass(frozen=True, slots=True)
class StatusValue:
    """The status read for one entry of a credential.

    Attributes:
        list_url: the status list credential it was read from.
        purpose: ``revocation``, ``suspension``, ``refresh`` or ``message``.
        index: the entry's ``statusListIndex``.
        value: the entry's bits (0: not revoked / not suspended).
        message: for ``message`` entries, the matching ``statusMessage`` text (issuer's, untrusted).
    """

    list_url: str
    purpose: str
    index: int
    value: int
    message: str | None = None


@dataclass(frozen=True, slots=True)
class _TrustedList:
    purposes: frozenset[str]
    bits: bytes


def _entries(document: JsonObject) -> list[StatusEntry]:
    status = document.get("credentialStatus")
    if status is None and "credentialStatus" not in document:
        return []
    items = status if isinstance(status, list) else [status]
    if not items:
        raise StatusListError(
            "credentialStatus is an empty list", code="MALFORMED_VALUE_ERROR", status_list="", purpose="", index=None
        )
    return [StatusEntry.from_json(item) for item in items]


def _purposes(value: JsonValue) -> frozenset[str] | None:
    """The list's ``statusPurpose``: one string or a non-empty list of strings."""
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return frozenset(item for item in value if isinstance(item, str))
    return None


def _trusted_list(
    entry: StatusEntry,
    list_document: JsonObject | None,
    *,
    issuer: str,
    at: datetime,
    keys: KeyLookup | None,
    status_issuers: Collection[str],
) -> _TrustedList:
    """Validate Algorithm step 1: dereference the list credential and verify it."""

    def error(message: str, code: str = "STATUS_VERIFICATION_ERROR") -> StatusListError:
        return StatusListError(message, code=code, status_list=entry.list_url, purpose=entry.purpose, index=entry.index)

    if list_document is None:
        raise error("no status list credential was supplied for this URL", "STATUS_RETRIEVAL_ERROR")
    try:
        proof = data_integrity.verify_proof(list_document, at=at, keys=keys)
        claims = vc_model.check_credential(proof, at=at, expected_type=status_list.LIST_CREDENTIAL_TYPE)
    except (CredentialFormatError, CredentialProofError, CredentialValidityError) as exc:
        raise error("the status list credential does not verify") from exc
    if claims.id != entry.list_url:
        raise error("the status list credential's id is not the URL the entry names")
    if claims.issuer != issuer and claims.issuer not in status_issuers:
        raise error("the status list is issued by a party not trusted for this credential's status")
    subject = proof.document.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != status_list.LIST_TYPE:
        raise error("the status list credential's subject is not a BitstringStatusList", "MALFORMED_VALUE_ERROR")
    purposes, encoded = subject.get("statusPurpose"), subject.get("encodedList")
    purpose_set = _purposes(purposes)
    if purpose_set is None or not isinstance(encoded, str):
        raise error("the status list lacks statusPurpose or encodedList", "MALFORMED_VALUE_ERROR")
    try:
        bits = status_list.decode_bitstring(encoded)
    except ValueError as exc:
        raise error("the status list's encodedList cannot be decoded", "MALFORMED_VALUE_ERROR") from exc
    return _TrustedList(purpose_set, bits)


def _read(entry: StatusEntry, trusted: _TrustedList) -> StatusValue:
    """Validate Algorithm steps 2-5 on a verified list."""

    def error(message: str, code: str) -> StatusListError:
        return StatusListError(message, code=code, status_list=entry.list_url, purpose=entry.purpose, index=entry.index)

    if entry.purpose not in status_list.PURPOSES or entry.purpose not in trusted.purposes:  # step 2
        raise error("the entry's statusPurpose is not a purpose of the status list", "STATUS_VERIFICATION_ERROR")
    if len(trusted.bits) * 8 // entry.size < status_list.MIN_ENTRIES:  # step 3
        raise error("the status list has fewer than 131,072 entries", "STATUS_LIST_LENGTH_ERROR")
    try:
        value = status_list.read_status(trusted.bits, entry.index, entry.size)  # step 4
    except ValueError as exc:
        raise error("the status index is outside the status list", "RANGE_ERROR") from exc
    message = dict(entry.messages).get(value) if entry.messages else None  # step 5
    return StatusValue(entry.list_url, entry.purpose, entry.index, value, message)


def check_statuses(
    document: JsonObject,
    *,
    issuer: str,
    at: datetime,
    keys: KeyLookup | None = None,
    status_lists: Mapping[str, JsonObject] | None = None,
    status_issuers: Collection[str] = (),
) -> tuple[StatusValue, ...]:
    """Read every ``credentialStatus`` entry of a verified credential (Bitstring Status List v1.0).

    Args:
        document: the verified credential document.
        issuer: its verified issuer.
        at: the evaluation time (also for the list credentials' proofs and validity).
        keys: trusted verification methods for the list credentials (did:key needs none).
        status_lists: parsed list credentials by ``statusListCredential`` URL.
        status_issuers: issuers trusted for status besides the credential's own issuer.

    Returns:
        Every status read; all revocation and suspension values are 0.

    Raises:
        CredentialRevokedError, CredentialSuspendedError: a revocation / suspension entry is set.
        StatusListError: any status could not be determined (reported only when nothing is set).
    """
    lists = status_lists or {}
    trusted: dict[str, _TrustedList] = {}
    values: list[StatusValue] = []
    unknown: list[StatusListError] = []
    for entry in _entries(document):
        try:
            if entry.list_url not in trusted:
                trusted[entry.list_url] = _trusted_list(
                    entry, lists.get(entry.list_url), issuer=issuer, at=at, keys=keys, status_issuers=status_issuers
                )
            values.append(_read(entry, trusted[entry.list_url]))
        except StatusListError as exc:
            unknown.append(exc)
    for purpose, error_class in (("revocation", CredentialRevokedError), ("suspension", CredentialSuspendedError)):
        for value in values:
            if value.purpose == purpose and value.value:
                raise _set(error_class, value)
    if unknown:
        raise unknown[0]
    return tuple(values)


def _set(error_class: type[CredentialStatusError], value: StatusValue) -> CredentialStatusError:
    word = "revoked" if error_class is CredentialRevokedError else "suspended"
    return error_class(
        f"the issuer's status list marks the credential {word}",
        status_list=value.list_url,
        purpose=value.purpose,
        index=value.index,
    )
