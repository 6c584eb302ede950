"""Errors of the log: proofs, signatures, keys, origin, witnesses, forks and tiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ledger_client.errors.base import VerificationError


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


class UnprovableCheckpointError(LogForkError):
    """The log signed a checkpoint whose tree it does not serve: a tile or bundle under its size is missing.

    A signed tree size is a promise that every tile below it can be fetched
    (c2sp.org/tlog-tiles); a node that signs a size it cannot back (2**63-1, say)
    shows its readers a tree that does not exist. It is kept as evidence like a fork,
    never treated as a network failure, and never retried into trust.

    Attributes:
        size: the signed tree size.
        missing: the path the node answered 404 for.
    """

    USER_MESSAGE = "SECURITY ALERT: the ledger signed a checkpoint for a tree it cannot show."

    def __init__(
        self, message: str, *, trusted_checkpoint: bytes, new_checkpoint: bytes, size: int, missing: str
    ) -> None:
        super().__init__(message, trusted_checkpoint=trusted_checkpoint, new_checkpoint=new_checkpoint)
        self.size = size
        self.missing = missing

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "size": self.size, "missing": self.missing}


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
