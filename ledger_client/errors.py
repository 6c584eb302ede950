"""The one error taxonomy of ``ledger_client`` (ARCHITECTURE §9, STYLE §3).

Three kinds of failure use three mechanisms: a caller's bad argument is a
``ValueError``; a node or document that lied or sent junk is a ``LedgerError``;
our own broken invariant is an ``assert``.

Every class means one thing and carries its evidence as attributes. Text that
came from outside (a node's body, a key name from a note) never becomes part of
``str(exc)`` or ``user_message()``: it stays in its own attribute, and
``details()`` hands it over as data for a plain-text view.

This module imports nothing from the project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class LedgerError(Exception):
    """Anything the ledger, a node or a document got wrong."""

    #: Fixed text we wrote, safe to show to an officer.
    USER_MESSAGE = "The ledger sent something that could not be used."

    def user_message(self) -> str:
        """A plain sentence for an officer; never contains untrusted text."""
        return self.USER_MESSAGE

    def details(self) -> Mapping[str, object]:
        """The evidence, as data (may include untrusted text: show it as plain text)."""
        return {"error": type(self).__name__, "message": str(self)}


# ---------------------------------------------------------------------------- transport


class TransportError(LedgerError):
    """The request did not complete: timeout, refused connection or an HTTP error status.

    Attributes:
        url: what was asked for.
        status: the HTTP status, when a response arrived.
        body: up to 4 KiB of an error answer's body (untrusted text).
    """

    USER_MESSAGE = "The ledger node could not be reached or refused the request."

    def __init__(self, message: str, *, url: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.body = bytes(body[:4096])

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "url": self.url,
            "status": self.status,
            "body": self.body.decode("utf-8", "replace"),
        }


class MalformedResponseError(LedgerError):
    """Bytes from outside could not be parsed, or were over a limit.

    Attributes:
        what: which kind of object was being parsed ("checkpoint", "proof", ...).
        received: up to 256 bytes of what was received, as evidence (untrusted).
    """

    USER_MESSAGE = "The ledger sent data that is malformed or over a size limit."

    def __init__(self, message: str, *, what: str, received: bytes = b"") -> None:
        super().__init__(message)
        self.what = what
        self.received = bytes(received[:256])

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "what": self.what, "received": self.received.hex()}


# ---------------------------------------------------------------------------- verification


class VerificationError(LedgerError):
    """A cryptographic or structural check failed: the data is not what it claims."""

    USER_MESSAGE = "Verification failed: the ledger data does not prove what it claims."


class InclusionProofError(VerificationError):
    """An audit path does not lead from the leaf to the signed root (RFC 9162 §2.1.3.2).

    Attributes:
        index, size: the claimed position and tree size.
    """

    USER_MESSAGE = "The inclusion proof does not show that this record is in the ledger."

    def __init__(self, message: str, *, index: int, size: int) -> None:
        super().__init__(message)
        self.index = index
        self.size = size

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "index": self.index, "size": self.size}


class ConsistencyProofError(VerificationError):
    """A consistency proof does not link the old tree to the new one (RFC 9162 §2.1.4.2)."""

    USER_MESSAGE = "The ledger could not prove that its history is unchanged."

    def __init__(self, message: str, *, old_size: int, new_size: int) -> None:
        super().__init__(message)
        self.old_size = old_size
        self.new_size = new_size

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "old_size": self.old_size, "new_size": self.new_size}


class SignatureError(VerificationError):
    """A signature line from a trusted key does not verify (signed-note rule 2).

    Attributes:
        key_name: the trusted key whose line failed.
    """

    USER_MESSAGE = "A signature from a trusted key does not verify: the data was altered."

    def __init__(self, message: str, *, key_name: str) -> None:
        super().__init__(message)
        self.key_name = key_name

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "key_name": self.key_name}


class UnknownKeyError(VerificationError):
    """No signature line is from a trusted key (signed-note rule 3).

    Attributes:
        signers: (name, key id) of every line seen; untrusted text.
    """

    USER_MESSAGE = "The data is not signed by any key this workstation trusts."

    def __init__(self, message: str, *, signers: Sequence[tuple[str, int]] = ()) -> None:
        super().__init__(message)
        self.signers = tuple(signers)

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "signers": [{"name": n, "key_id": f"{k:08x}"} for n, k in self.signers],
        }


class LogSignatureMissingError(VerificationError):
    """A note opened, but the log's own key is not among its verified signers.

    Attributes:
        verified_signers: names of the trusted keys that did verify.
    """

    USER_MESSAGE = "The checkpoint is not signed by the ledger's own key."

    def __init__(self, message: str, *, verified_signers: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.verified_signers = tuple(verified_signers)

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "verified_signers": list(self.verified_signers)}


class OriginMismatchError(VerificationError):
    """A checkpoint names a log other than the one configured.

    Attributes:
        expected: the configured origin.
        received: the checkpoint's origin line (untrusted).
    """

    USER_MESSAGE = "The checkpoint belongs to a different ledger."

    def __init__(self, message: str, *, expected: str, received: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.received = received

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "expected": self.expected, "received": self.received}


class WitnessQuorumError(VerificationError):
    """Fewer distinct trusted witnesses cosigned than the policy requires.

    Attributes:
        required: the quorum k.
        verified: names of the witnesses whose cosignatures verified and counted.
        refused: (witness name, why) for cosignatures that verified but did not count
            (too old, dated in the future).
    """

    USER_MESSAGE = "Too few independent witnesses confirmed this checkpoint."

    def __init__(
        self,
        message: str,
        *,
        required: int,
        verified: Sequence[str],
        refused: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.required = required
        self.verified = tuple(verified)
        self.refused = tuple(refused)

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "required": self.required,
            "verified": list(self.verified),
            "refused": [{"witness": w, "why": why} for w, why in self.refused],
        }


class UnsignedFieldMismatchError(VerificationError):
    """A size or root given outside the signed checkpoint disagrees with it.

    Such values (a bundle's ``treeSize``, an API's ``rootHash``) are cross-checks
    only; a disagreement means someone is not telling the truth.

    Attributes:
        field: "size" or "root".
        signed, unsigned: the two values, as text.
    """

    USER_MESSAGE = "A tree size or root supplied with the proof disagrees with the signed checkpoint."

    def __init__(self, message: str, *, field: str, signed: str, unsigned: str) -> None:
        super().__init__(message)
        self.field = field
        self.signed = signed
        self.unsigned = unsigned

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "field": self.field,
            "signed": self.signed,
            "unsigned": self.unsigned,
        }


class LogForkError(VerificationError):
    """The log showed two views that cannot both be true: a fork or a rollback.

    This is a security alert, never a reason to retry.

    Attributes:
        trusted_checkpoint: the signed note text we had verified before.
        new_checkpoint: the signed note text that contradicts it.
        proof: the consistency proof offered, if any.
    """

    USER_MESSAGE = "SECURITY ALERT: the ledger presented a history that contradicts what it signed before."

    def __init__(
        self,
        message: str,
        *,
        trusted_checkpoint: bytes,
        new_checkpoint: bytes,
        proof: Sequence[bytes] = (),
    ) -> None:
        super().__init__(message)
        self.trusted_checkpoint = trusted_checkpoint
        self.new_checkpoint = new_checkpoint
        self.proof = tuple(proof)

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "trusted_checkpoint": self.trusted_checkpoint.decode("utf-8", "replace"),
            "new_checkpoint": self.new_checkpoint.decode("utf-8", "replace"),
            "proof": [p.hex() for p in self.proof],
        }


class TileMismatchError(VerificationError):
    """Tiles served by the log do not hash up to the signed root (c2sp.org/tlog-tiles).

    Either a full tile does not hash to its entry one level up (an already
    verified tile), or the right-edge tiles do not reproduce the checkpoint root.

    Attributes:
        tile_paths: the tile or tiles that failed to reproduce the trusted hash.
        size: the signed tree size the tiles were read for.
    """

    USER_MESSAGE = "The ledger served tree data that does not match its signed checkpoint."

    def __init__(self, message: str, *, tile_paths: Sequence[str], size: int) -> None:
        super().__init__(message)
        self.tile_paths = tuple(tile_paths)
        self.size = size

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "tile_paths": list(self.tile_paths), "size": self.size}


# ---------------------------------------------------------------------------- credentials (issue 4)
#
# Each credential error names the outcome it stands for in ``OUTCOME``, one of the
# strings of ``ledger_client.credentials.ProofOutcome`` / ``CredentialOutcome``.
# Values that came from the document (a verification method URL, an issuer, a
# member name) stay in attributes and never reach ``str(exc)``.


class CredentialFormatError(MalformedResponseError):
    """A credential is not strict I-JSON, is over a limit, or lacks a member its spec requires.

    Attributes:
        location: where in the document the problem is, as a JSON path (may hold untrusted names).
    """

    USER_MESSAGE = "The credential is malformed: it is not a well-formed signed document."
    OUTCOME = "malformed"

    def __init__(
        self, message: str, *, what: str = "credential", location: str = "", received: bytes = b""
    ) -> None:
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


# ---------------------------------------------------------------------------- the encrypted cache (issue 7)


class CacheError(LedgerError):
    """The officer's encrypted cache could not be used.

    Attributes:
        path: the cache file.
    """

    USER_MESSAGE = "The local encrypted cache could not be used."

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "path": self.path}


class WrongPassphraseError(CacheError):
    """The passphrase does not open this cache (the file itself looks intact)."""

    USER_MESSAGE = "The passphrase is not correct for this profile."


class CacheCorruptedError(CacheError):
    """The file is not a cache, or it is damaged; it was moved aside, never deleted.

    Attributes:
        moved_to: where the damaged file now is (None when it could not be moved).
    """

    USER_MESSAGE = "The local cache is damaged. It was set aside and can be rebuilt from the ledger."

    def __init__(self, message: str, *, path: str, moved_to: str | None) -> None:
        super().__init__(message, path=path)
        self.moved_to = moved_to

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "moved_to": self.moved_to}


class ForeignCacheError(CacheError):
    """The cache mirrors another ledger (its origin differs from the trusted one).

    Attributes:
        expected: the trusted origin; found: the cache's origin.
    """

    USER_MESSAGE = "This cache belongs to a different ledger than the one configured."

    def __init__(self, message: str, *, path: str, expected: str, found: str) -> None:
        super().__init__(message, path=path)
        self.expected = expected
        self.found = found

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "expected": self.expected, "found": self.found}


class CacheWriteError(CacheError):
    """The cache could not be written: the disk is full or the file or folder is read-only.

    Attributes:
        problem: "disk_full" or "read_only".
    """

    USER_MESSAGE = "The local cache cannot be written (the disk is full or read-only). Nothing was lost."

    def __init__(self, message: str, *, path: str, problem: str) -> None:
        super().__init__(message, path=path)
        self.problem = problem

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "problem": self.problem}


class CacheSchemaError(CacheError):
    """The cache was written by a newer version of the workstation than this one.

    Attributes:
        version: the schema version found; supported: the newest this code knows.
    """

    USER_MESSAGE = "The local cache was made by a newer version of the workstation."

    def __init__(self, message: str, *, path: str, version: int, supported: int) -> None:
        super().__init__(message, path=path)
        self.version = version
        self.supported = supported

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "version": self.version, "supported": self.supported}


class StateConflictError(LedgerError):
    """The stored verified checkpoint changed under us (compare-and-swap lost): another sync ran."""

    USER_MESSAGE = "Another synchronisation changed the ledger state at the same time; try again."
