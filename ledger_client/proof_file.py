"""Offline inclusion evidence: c2sp.org/tlog-proof@v1 files, written and verified.

A proof file carries a leaf index, its audit path and the signed, cosigned
checkpoint. Verifying one (tlog-proof, "Verification") takes the record's own
bytes, checks the checkpoint under the trust policy and the inclusion of
``leaf_hash(record)`` against the checkpoint's root. The ``extra`` line is
unauthenticated and never believed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger_client import checkpoint, inclusion, wire


def write(
    index: int, proof: Sequence[bytes], signed: checkpoint.VerifiedCheckpoint, extra: bytes | None = None
) -> bytes:
    """Serialise evidence for leaf ``index`` under a verified checkpoint."""
    if not 0 <= index < signed.size:
        raise ValueError(f"leaf {index} is not in a tree of size {signed.size}")
    return wire.ProofFile(index=index, proof=tuple(proof), checkpoint_note=signed.signed_note, extra=extra).to_bytes()


def verify(data: bytes, entry: bytes, trust: checkpoint.LogTrust) -> inclusion.VerifiedInclusion:
    """Check a proof file for the record ``entry``.

    Raises:
        MalformedResponseError: the file is not a tlog-proof@v1 file.
        VerificationError: the checkpoint or the inclusion does not verify (the subclass says which).
    """
    parsed = wire.parse_proof_file(data)
    signed = checkpoint.verify_checkpoint(parsed.checkpoint_note, trust)
    return inclusion.verify_entry(entry, parsed.index, parsed.proof, signed)
