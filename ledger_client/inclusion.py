"""Inclusion of an entry under a verified checkpoint, and consistency between two checkpoints.

The size and root always come from the signed checkpoint (docs/protocol.md §9): a value
from anywhere else is a cross-check whose disagreement is an error, never a
substitute. Between two verified checkpoints, a smaller or inconsistent newer
one is a fork or a rollback (:class:`LogForkError`), which is kept as evidence
and never retried.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from ledger_client import merkle
from ledger_client.checkpoint import VerifiedCheckpoint
from ledger_client.errors import ConsistencyProofError, LogForkError, UnsignedFieldMismatchError


@dataclass(frozen=True, slots=True)
class VerifiedInclusion:
    """An entry proven to be at ``index`` of the tree a verified checkpoint commits to."""

    checkpoint: VerifiedCheckpoint
    index: int
    leaf_hash: bytes
    proof: tuple[bytes, ...]


def check_unsigned_fields(
    checkpoint: VerifiedCheckpoint, *, size: int | None = None, root: bytes | None = None
) -> None:
    """Compare values that came from outside the signed checkpoint with it.

    Raises:
        UnsignedFieldMismatchError: a value disagrees with the signed one.
    """
    if size is not None and size != checkpoint.size:
        raise UnsignedFieldMismatchError(
            "the unsigned tree size disagrees with the signed checkpoint",
            field="size",
            signed=str(checkpoint.size),
            unsigned=str(size),
        )
    if root is not None and root != checkpoint.root:
        raise UnsignedFieldMismatchError(
            "the unsigned root disagrees with the signed checkpoint",
            field="root",
            signed=base64.b64encode(checkpoint.root).decode("ascii"),
            unsigned=base64.b64encode(root).decode("ascii"),
        )


def verify_entry(entry: bytes, index: int, proof: Sequence[bytes], checkpoint: VerifiedCheckpoint) -> VerifiedInclusion:
    """Prove that the exact bytes ``entry`` are leaf ``index`` under ``checkpoint``.

    Raises:
        InclusionProofError: the audit path does not reproduce the checkpoint's root at its size.
    """
    leaf = merkle.leaf_hash(entry)
    merkle.verify_inclusion(leaf, index, checkpoint.size, proof, checkpoint.root)
    return VerifiedInclusion(checkpoint=checkpoint, index=index, leaf_hash=leaf, proof=tuple(proof))


def verify_extension(old: VerifiedCheckpoint, new: VerifiedCheckpoint, proof: Sequence[bytes]) -> None:
    """Require ``new`` to extend ``old`` (RFC 9162 §2.1.4.2), or raise the fork evidence.

    Raises:
        LogForkError: ``new`` is smaller than ``old``, or not consistent with it.
        ValueError: the two checkpoints are of different logs (a caller's mistake).
    """
    if old.origin != new.origin:
        raise ValueError("checkpoints of two different logs cannot be compared")

    def fork(why: str) -> LogForkError:
        return LogForkError(why, trusted_checkpoint=old.signed_note, new_checkpoint=new.signed_note, proof=proof)

    if new.size < old.size:
        raise fork(f"rollback: the log now claims size {new.size}, below the {old.size} it signed before")
    if old.size == 0:
        if proof:
            raise fork("a proof from the empty tree must be empty")
        return
    try:
        merkle.verify_consistency(old.size, new.size, old.root, new.root, proof)
    except ConsistencyProofError as exc:
        raise fork(f"fork: the checkpoint of size {new.size} is not consistent with size {old.size}") from exc
