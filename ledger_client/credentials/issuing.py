"""Issuing: securing a credential with an ``eddsa-jcs-2022`` proof (VC Data Integrity 1.0 §4.2 Add Proof).

The issuer's clock is never read here: ``created`` is whatever the caller puts
in ``ProofOptions`` (the ``sign-credential`` command passes the current time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ledger_client.credentials import did_key, eddsa_jcs_2022, strict_json, xsd_datetime
from ledger_client.credentials.data_integrity import ASSERTION_METHOD
from ledger_client.credentials.signing_key import SigningKey
from ledger_client.credentials.strict_json import JsonObject, JsonValue
from ledger_client.errors import CredentialFormatError


@dataclass(frozen=True, slots=True)
class ProofOptions:
    """The proof options a signer chooses (VC Data Integrity 1.0 §2.1 Proofs).

    Attributes:
        created: when the proof was made (aware), or ``None`` to omit it (it is optional).
        expires: when the proof stops being valid (aware), or ``None``.
        proof_purpose: ``assertionMethod`` for credentials.
        verification_method: the key's URL; defaults to the signing key's did:key method.
        domain, challenge: optional values a verifier may require.
    """

    created: datetime | None = None
    expires: datetime | None = None
    proof_purpose: str = ASSERTION_METHOD
    verification_method: str | None = None
    domain: str | None = None
    challenge: str | None = None

    def __post_init__(self) -> None:
        for name, moment in (("created", self.created), ("expires", self.expires)):
            if moment is not None:
                xsd_datetime.require_aware(moment, name)
        if self.created is not None and self.expires is not None and self.expires <= self.created:
            raise ValueError("a proof cannot expire before it is created")

    def to_json(self, key: SigningKey) -> JsonObject:
        """The options as the JSON proof configuration, in the member order of the spec's examples."""
        options: JsonObject = {"type": eddsa_jcs_2022.PROOF_TYPE, "cryptosuite": eddsa_jcs_2022.CRYPTOSUITE}
        if self.created is not None:
            options["created"] = xsd_datetime.format_date_time_stamp(self.created)
        options["verificationMethod"] = self.verification_method or key.verification_method_id
        options["proofPurpose"] = self.proof_purpose
        extra: tuple[tuple[str, JsonValue], ...] = (
            ("expires", None if self.expires is None else xsd_datetime.format_date_time_stamp(self.expires)),
            ("domain", self.domain),
            ("challenge", self.challenge),
        )
        options.update((name, value) for name, value in extra if value is not None)
        return options


def sign_credential(
    document: Mapping[str, JsonValue], signing_key: SigningKey, options: ProofOptions | None = None
) -> JsonObject:
    """Return a copy of ``document`` secured with an ``eddsa-jcs-2022`` proof (§4.2 Add Proof).

    The document is signed as given: no member is added or changed other than ``proof``.
    A did:key verification method must name the signing key itself, so the output verifies.

    Raises:
        ValueError: the document has a ``proof`` or is not I-JSON, or the options name another
            did:key than the signing key's.
    """
    options = options or ProofOptions()
    unsecured = strict_json.copy_object(dict(document))
    try:
        strict_json.check_i_json(unsecured)
    except CredentialFormatError as exc:
        raise ValueError("the document to sign is not I-JSON") from exc
    proof_options = options.to_json(signing_key)
    method = str(proof_options["verificationMethod"])
    if method.startswith(did_key.PREFIX) and method != signing_key.verification_method_id:
        raise ValueError("the did:key verification method does not name the signing key")
    proof = eddsa_jcs_2022.create_proof(unsecured, signing_key, proof_options)
    signed = strict_json.copy_object(unsecured)
    signed["proof"] = proof
    return signed
