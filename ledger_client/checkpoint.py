"""Accepting a checkpoint: signed note + log key + origin + witness policy.

Steps (docs/protocol.md §5.2 rule 6 and §6.4; c2sp.org/tlog-checkpoint, tlog-cosignature):

1. parse the signed note strictly;
2. open it with the log key and the witness keys (a failing trusted line rejects it);
3. require the log's own key among the verified signers;
4. parse the checkpoint body;
5. require the configured origin, compared exactly;
6. apply the witness policy.

Only :func:`verify_checkpoint` builds a :class:`VerifiedCheckpoint`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger_client import keys, note, wire, witness
from ledger_client.errors import LogSignatureMissingError, OriginMismatchError


@dataclass(frozen=True, slots=True)
class LogTrust:
    """What the workstation trusts about one log: its origin, its key and its witnesses."""

    origin: str
    log_key: keys.VerifierKey
    witness_policy: witness.WitnessPolicy

    def __post_init__(self) -> None:
        if self.log_key.type is not keys.SignatureType.ED25519:
            raise ValueError("a log signs checkpoints with a type 0x01 Ed25519 key")
        if not self.origin or "\n" in self.origin:
            raise ValueError("the expected origin is one non-empty line")
        # A plain (type 0x01) witness key equal to the log key would let the log's own signature
        # count as a witness; a cosignature/v1 key signs a different message, so only 0x01 is compared.
        if any(
            k.type is keys.SignatureType.ED25519 and k.public_key == self.log_key.public_key
            for k in self.witness_policy.witness_keys
        ):
            raise ValueError("the log key cannot also be a witness")


@dataclass(frozen=True, slots=True)
class VerifiedCheckpoint:
    """A checkpoint that passed every step above.

    Attributes:
        checkpoint: origin, size, root and extension lines.
        signed_note: the signed note exactly as received (evidence).
        witnesses: the cosignatures that counted toward the quorum.
        unwitnessed: accepted under the explicit "no witness" policy (quorum 0).
    """

    checkpoint: wire.Checkpoint
    signed_note: bytes
    witnesses: tuple[note.VerifiedSignature, ...]
    unwitnessed: bool = False

    @property
    def size(self) -> int:
        return self.checkpoint.size

    @property
    def root(self) -> bytes:
        return self.checkpoint.root

    @property
    def origin(self) -> str:
        return self.checkpoint.origin


def open_log_note(data: bytes, trust: LogTrust) -> tuple[note.OpenedNote, wire.Checkpoint]:
    """Steps 1-5: the note is signed by the log for the expected origin (no witness check).

    Raises:
        MalformedResponseError, SignatureError, UnknownKeyError,
        LogSignatureMissingError, OriginMismatchError.
    """
    parsed = wire.parse_note(data)  # 1
    opened = note.open_note(parsed, (trust.log_key, *trust.witness_policy.witness_keys))  # 2
    if opened.signed_by(trust.log_key) is None:  # 3
        raise LogSignatureMissingError(
            "the checkpoint is not signed by the log key",
            verified_signers=[v.key.name for v in opened.verified],
        )
    body = wire.parse_checkpoint(opened.text)  # 4
    if body.origin != trust.origin:  # 5
        raise OriginMismatchError(
            "the checkpoint's origin is not the configured one", expected=trust.origin, received=body.origin
        )
    return opened, body


def verify_checkpoint(data: bytes, trust: LogTrust) -> VerifiedCheckpoint:
    """Steps 1-6. Raises any of the errors of :func:`open_log_note`, or WitnessQuorumError."""
    opened, body = open_log_note(data, trust)
    counted = trust.witness_policy.check(opened)  # 6
    return VerifiedCheckpoint(
        checkpoint=body, signed_note=bytes(data), witnesses=counted, unwitnessed=trust.witness_policy.unwitnessed
    )
