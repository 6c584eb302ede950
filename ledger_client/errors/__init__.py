"""The one error taxonomy of ``ledger_client`` (docs/architecture.md §9, CONTRIBUTING.md §3).

Three kinds of failure use three mechanisms: a caller's bad argument is a
``ValueError``; a node or document that lied or sent junk is a ``LedgerError``;
our own broken invariant is an ``assert``.

Every class means one thing and carries its evidence as attributes. Text that
came from outside (a node's body, a key name from a note) never becomes part of
``str(exc)`` or ``user_message()``: it stays in its own attribute, and
``details()`` hands it over as data for a plain-text view.

The classes live in small modules by subject (``base``, ``log``, ``credentials``,
``cache``), which import nothing else from the project; import them from here.
"""

from __future__ import annotations

from ledger_client.errors.base import (
    LedgerError,
    MalformedResponseError,
    NetworkFailure,
    TransportError,
    VerificationError,
)
from ledger_client.errors.cache import (
    CacheCorruptedError,
    CacheError,
    CacheSchemaError,
    CacheWriteError,
    ForeignCacheError,
    StateConflictError,
    WrongPassphraseError,
)
from ledger_client.errors.credentials import (
    CredentialExpiredError,
    CredentialFormatError,
    CredentialNotYetValidError,
    CredentialProofError,
    CredentialRevokedError,
    CredentialSignatureError,
    CredentialStatusError,
    CredentialSuspendedError,
    CredentialValidityError,
    IssuerMismatchError,
    KeyFileError,
    NotACredentialError,
    ProofChallengeError,
    ProofContextMismatchError,
    ProofCreatedError,
    ProofDomainError,
    ProofExpiredError,
    ProofPurposeError,
    StatusListError,
    UnsupportedCryptosuiteError,
    UntrustedVerificationMethodError,
)
from ledger_client.errors.log import (
    ConsistencyProofError,
    InclusionProofError,
    LogForkError,
    LogSignatureMissingError,
    OriginMismatchError,
    SignatureError,
    TileMismatchError,
    UnknownKeyError,
    UnprovableCheckpointError,
    UnsignedFieldMismatchError,
    WitnessQuorumError,
)

__all__ = [
    "CacheCorruptedError",
    "CacheError",
    "CacheSchemaError",
    "CacheWriteError",
    "ConsistencyProofError",
    "CredentialExpiredError",
    "CredentialFormatError",
    "CredentialNotYetValidError",
    "CredentialProofError",
    "CredentialRevokedError",
    "CredentialSignatureError",
    "CredentialStatusError",
    "CredentialSuspendedError",
    "CredentialValidityError",
    "ForeignCacheError",
    "InclusionProofError",
    "IssuerMismatchError",
    "KeyFileError",
    "LedgerError",
    "LogForkError",
    "LogSignatureMissingError",
    "MalformedResponseError",
    "NetworkFailure",
    "NotACredentialError",
    "OriginMismatchError",
    "ProofChallengeError",
    "ProofContextMismatchError",
    "ProofCreatedError",
    "ProofDomainError",
    "ProofExpiredError",
    "ProofPurposeError",
    "SignatureError",
    "StateConflictError",
    "StatusListError",
    "TileMismatchError",
    "TransportError",
    "UnknownKeyError",
    "UnprovableCheckpointError",
    "UnsignedFieldMismatchError",
    "UnsupportedCryptosuiteError",
    "UntrustedVerificationMethodError",
    "VerificationError",
    "WitnessQuorumError",
    "WrongPassphraseError",
]
