"""Errors of signed trade records: format, proof, validity, status, and key files.

Each credential error names the outcome it stands for in ``OUTCOME``, one of the
strings of ``ledger_client.credentials.ProofOutcome`` / ``CredentialOutcome``.
Values that came from the document (a verification method URL, an issuer, a
member name) stay in attributes and never reach ``str(exc)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ledger_client.errors.base import LedgerError, MalformedResponseError, VerificationError


class CredentialFormatError(MalformedResponseError):
    """A credential is not strict I-JSON, is over a limit, or lacks a member its spec requires.

    Attributes:
        location: where in the document the problem is, as a JSON path (may hold untrusted names).
    """

    USER_MESSAGE = "The credential is malformed: it is not a well-formed signed document."
    OUTCOME = "malformed"

    def __init__(self, message: str, *, what: str = "credential", location: str = "", received: bytes = b"") -> None:
        super().__init__(message, what=what, received=received)
        self.location = location

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "location": self.location, "outcome": self.OUTCOME}


class CredentialProofError(VerificationError):
    """The Data Integrity proof of a credential does not verify (VC Data Integrity 1.0 §4.4).

    Attributes:
        verification_method: the proof's ``verificationMethod`` (untrusted), "" when absent.
    """

    USER_MESSAGE = "The credential's signature does not verify: it was altered or not signed by its key."
    OUTCOME = "invalid_signature"

    def __init__(self, message: str, *, verification_method: str = "") -> None:
        super().__init__(message)
        self.verification_method = verification_method

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "outcome": self.OUTCOME,
            "verification_method": self.verification_method,
        }


class CredentialSignatureError(CredentialProofError):
    """The Ed25519 signature does not verify over the canonical proof configuration and document."""


class UnsupportedCryptosuiteError(CredentialProofError):
    """The proof is not a ``DataIntegrityProof`` with cryptosuite ``eddsa-jcs-2022``.

    Attributes:
        proof_type, cryptosuite: what the proof named (untrusted).
    """

    USER_MESSAGE = "The credential is signed with a method this workstation does not accept."
    OUTCOME = "unsupported_cryptosuite"

    def __init__(self, message: str, *, proof_type: str, cryptosuite: str, verification_method: str = "") -> None:
        super().__init__(message, verification_method=verification_method)
        self.proof_type = proof_type
        self.cryptosuite = cryptosuite

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "proof_type": self.proof_type, "cryptosuite": self.cryptosuite}


class UntrustedVerificationMethodError(CredentialProofError):
    """The proof's verification method is not a valid ``did:key`` and is not in the trusted key lookup,
    or it is not authorised for the proof's purpose."""

    USER_MESSAGE = "The credential's signing key is unknown to this workstation or cannot be resolved."
    OUTCOME = "unresolvable_verification_method"


class ProofContextMismatchError(CredentialProofError):
    """The document's ``@context`` does not begin with the proof's ``@context`` (vc-di-eddsa §3.3.2)."""

    USER_MESSAGE = "The credential's contexts do not match the contexts its signature covers."
    OUTCOME = "context_mismatch"


class ProofCreatedError(CredentialProofError):
    """The proof's ``created`` is not an XML Schema dateTimeStamp.

    Attributes:
        received: the value found (untrusted; JSON text of it).
    """

    USER_MESSAGE = "The credential's signature carries an invalid creation time."
    OUTCOME = "invalid_created"

    def __init__(self, message: str, *, received: str, verification_method: str = "") -> None:
        super().__init__(message, verification_method=verification_method)
        self.received = received

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "received": self.received}


class ProofPurposeError(CredentialProofError):
    """The proof was made for another purpose than the one expected (VC Data Integrity 1.0 §4.4).

    Attributes:
        expected: the purpose the caller asked for.
        received: the proof's ``proofPurpose`` (untrusted).
    """

    USER_MESSAGE = "The credential was signed for a different purpose than the one checked."
    OUTCOME = "wrong_proof_purpose"

    def __init__(self, message: str, *, expected: str, received: str, verification_method: str = "") -> None:
        super().__init__(message, verification_method=verification_method)
        self.expected = expected
        self.received = received

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "expected": self.expected, "received": self.received}


class ProofExpiredError(CredentialProofError):
    """The proof's ``expires`` instant is not after the evaluation time.

    Attributes:
        expires: the proof's ``expires`` (ISO text), at: the evaluation time (ISO text).
    """

    USER_MESSAGE = "The credential's signature has expired."
    OUTCOME = "proof_expired"

    def __init__(self, message: str, *, expires: str, at: str, verification_method: str = "") -> None:
        super().__init__(message, verification_method=verification_method)
        self.expires = expires
        self.at = at

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "expires": self.expires, "at": self.at}


class ProofDomainError(CredentialProofError):
    """The caller expected a ``domain`` the proof does not carry (INVALID_DOMAIN_ERROR)."""

    USER_MESSAGE = "The credential's signature was made for another domain."
    OUTCOME = "domain_mismatch"


class ProofChallengeError(CredentialProofError):
    """The caller expected a ``challenge`` the proof does not carry (INVALID_CHALLENGE_ERROR)."""

    USER_MESSAGE = "The credential's signature does not answer the expected challenge."
    OUTCOME = "challenge_mismatch"


class CredentialValidityError(VerificationError):
    """The proof verified, but the document is not a credential valid at the evaluation time (VC 2.0)."""

    USER_MESSAGE = "The credential is signed, but it is not valid."
    OUTCOME = "not_a_credential"


class NotACredentialError(CredentialValidityError):
    """The signed document is not a VC 2.0 credential of the expected type.

    Attributes:
        problem: a short code we chose ("context", "type", "issuer", "subject", "validity_dates").
    """

    USER_MESSAGE = "The signed document is not a credential of the expected kind."
    OUTCOME = "not_a_credential"

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message)
        self.problem = problem

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "outcome": self.OUTCOME, "problem": self.problem}


class IssuerMismatchError(CredentialValidityError):
    """The credential's ``issuer`` is not the controller of the key that signed it.

    Attributes:
        issuer: the credential's issuer id (untrusted), controller: the signing key's controller.
    """

    USER_MESSAGE = "The credential names an issuer other than the party whose key signed it."
    OUTCOME = "issuer_mismatch"

    def __init__(self, message: str, *, issuer: str, controller: str) -> None:
        super().__init__(message)
        self.issuer = issuer
        self.controller = controller

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "outcome": self.OUTCOME,
            "issuer": self.issuer,
            "controller": self.controller,
        }


class _CredentialWindowError(CredentialValidityError):
    """Shared shape of the two validity-period failures: the bound and the evaluation time (ISO text)."""

    def __init__(self, message: str, *, bound: str, at: str) -> None:
        super().__init__(message)
        self.bound = bound
        self.at = at

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "outcome": self.OUTCOME, "bound": self.bound, "at": self.at}


class CredentialNotYetValidError(_CredentialWindowError):
    """The evaluation time is before the credential's ``validFrom`` (``bound``)."""

    USER_MESSAGE = "The credential is not valid yet."
    OUTCOME = "not_yet_valid"


class CredentialExpiredError(_CredentialWindowError):
    """The evaluation time is at or after the credential's ``validUntil`` (``bound``)."""

    USER_MESSAGE = "The credential has expired."
    OUTCOME = "expired"


class CredentialStatusError(VerificationError):
    """The credential's status is not good (Bitstring Status List v1.0).

    Attributes:
        status_list: the ``statusListCredential`` URL (untrusted), purpose: the entry's purpose,
        index: the entry's index (``None`` when it could not be read).
    """

    USER_MESSAGE = "The credential's status is not good."
    OUTCOME = "status_error"

    def __init__(self, message: str, *, status_list: str, purpose: str, index: int | None) -> None:
        super().__init__(message)
        self.status_list = status_list
        self.purpose = purpose
        self.index = index

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "outcome": self.OUTCOME,
            "status_list": self.status_list,
            "purpose": self.purpose,
            "index": self.index,
        }


class CredentialRevokedError(CredentialStatusError):
    """The issuer has revoked the credential: its revocation status entry is set."""

    USER_MESSAGE = "The credential has been revoked by its issuer."
    OUTCOME = "revoked"


class CredentialSuspendedError(CredentialStatusError):
    """The issuer has suspended the credential: its suspension status entry is set."""

    USER_MESSAGE = "The credential is suspended by its issuer."
    OUTCOME = "suspended"


class StatusListError(CredentialStatusError):
    """The status could not be determined, so it is unknown, which is never good.

    Attributes:
        code: the Bitstring Status List error type (``STATUS_RETRIEVAL_ERROR``,
            ``STATUS_VERIFICATION_ERROR``, ``STATUS_LIST_LENGTH_ERROR``, ``RANGE_ERROR``,
            ``MALFORMED_VALUE_ERROR``).
    """

    USER_MESSAGE = "The credential's status could not be determined, so it cannot be trusted."
    OUTCOME = "status_error"

    def __init__(self, message: str, *, code: str, status_list: str, purpose: str, index: int | None) -> None:
        super().__init__(message, status_list=status_list, purpose=purpose, index=index)
        self.code = code

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "code": self.code}


class KeyFileError(LedgerError):
    """A signing-key file could not be used: unreadable, malformed, or readable by others.

    Attributes:
        path: the file, problem: a short code ("unreadable", "permissions", "malformed", "exists").
    """

    USER_MESSAGE = "The signing-key file cannot be used."

    def __init__(self, message: str, *, path: str, problem: str) -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "path": self.path, "problem": self.problem}
