"""A full account of one inclusion claim, for people and scripts (the ``ledger-client`` verdicts).

:mod:`inclusion` fails closed and raises at the first problem. An auditor also
wants to know *which* parts held: did the Merkle math work out even though the
checkpoint could not be trusted? This module runs every check it can, records
each outcome, and names the verdict:

``valid``
    the note is well formed, no trusted line fails, the log key's line verifies,
    the origin matches, the witness quorum is met, and the proof reproduces the
    checkpoint's root at the checkpoint's size; unsigned cross-check values, if
    given, agree. Under the explicit "no witness" policy (quorum 0) the output
    says ``"witness_policy": "none"``, so nobody reads it as a witnessed answer.
``merkle_valid_checkpoint_unverifiable``
    the proof reproduces the root the checkpoint states, but this log cannot be
    checked at all: the trust file names no log key, or a key of a type this
    client does not support (Rekor v1's ECDSA, for example). Never "logged".
    When a usable log key is configured and no line verifies under it, the
    checkpoint is ``invalid``: it is not signed by the log, whoever else signed it.
``merkle_valid_no_checkpoint``
    the proof reproduces a root given without any checkpoint. Never "logged".
``invalid``
    anything else.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ledger_client import keys, merkle, note, trust, wire, witness
from ledger_client.errors import (
    InclusionProofError,
    MalformedResponseError,
    SignatureError,
    UnknownKeyError,
    WitnessQuorumError,
)


class Verdict(enum.Enum):
    VALID = "valid"
    INVALID = "invalid"
    MERKLE_VALID_CHECKPOINT_UNVERIFIABLE = "merkle_valid_checkpoint_unverifiable"
    MERKLE_VALID_NO_CHECKPOINT = "merkle_valid_no_checkpoint"


class NoteStatus(enum.Enum):
    OPENED = "opened"
    MALFORMED = "malformed"
    INVALID_SIGNATURE = "invalid_signature"
    NO_VERIFIABLE_SIGNATURE = "no_verifiable_signature"


class Outcome(enum.Enum):
    VALID = "valid"
    INVALID = "invalid"
    ABSENT = "absent"


_KEY_TYPE_NAMES = {keys.SignatureType.ED25519: "ed25519", keys.SignatureType.COSIGNATURE_V1: "cosignature/v1"}


def witness_json(key: keys.VerifierKey) -> dict[str, str]:
    """How one counted witness appears in every output: name, key ID and key type."""
    return {"name": key.name, "key_id": f"{key.key_id:08x}", "key_type": _KEY_TYPE_NAMES[key.type]}


def policy_json(config: trust.TrustConfig) -> dict[str, object]:
    """The witness policy a verdict was reached under ("none" for the explicit quorum of 0)."""
    if config.quorum == 0:
        return {"witness_policy": "none"}
    return {"witness_policy": "quorum", "witness_quorum": config.quorum, "witnesses_pinned": len(config.witnesses)}


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every outcome of one assessment. ``verdict`` is the only field that decides anything."""

    verdict: Verdict
    reason: str
    policy: dict[str, object]
    note: NoteStatus | None = None
    log_signature: Outcome = Outcome.ABSENT
    origin_ok: bool | None = None
    witnesses_verified: int = 0
    witnesses: tuple[keys.VerifierKey, ...] = ()
    inclusion: Outcome | None = None
    size_field_mismatch: bool = False
    root_field_mismatch: bool = False
    size: int | None = None
    root: bytes | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "verdict": self.verdict.value,
            "note": self.note.value if self.note else None,
            "log_signature": self.log_signature.value,
            "origin_ok": self.origin_ok,
            **self.policy,
            "witnesses_verified": self.witnesses_verified,
            "witnesses": [witness_json(k) for k in self.witnesses],
        }
        if self.inclusion is not None:
            out["inclusion"] = self.inclusion.value
            out["size_field_mismatch"] = self.size_field_mismatch
            out["root_field_mismatch"] = self.root_field_mismatch
        out["reason"] = self.reason
        if self.size is not None and self.root is not None:
            out["size"] = self.size
            out["root"] = base64.b64encode(self.root).decode("ascii")
        return out


@dataclass(frozen=True, slots=True)
class _CheckpointFacts:
    """What could be learned about a checkpoint before any Merkle math."""

    note: NoteStatus
    trusted: bool  # every checkpoint check passed
    reason: str
    log_signature: Outcome = Outcome.ABSENT
    origin_ok: bool | None = None
    witnesses_verified: int = 0
    witnesses: tuple[keys.VerifierKey, ...] = ()
    body: wire.Checkpoint | None = None


def _unverified_body(parsed: wire.Note) -> wire.Checkpoint | None:
    try:
        return wire.parse_checkpoint(parsed.text)
    except MalformedResponseError:
        return None


def _examine_checkpoint(data: bytes, config: trust.TrustConfig, clock: Callable[[], int] | None) -> _CheckpointFacts:
    try:
        parsed = wire.parse_note(data)
    except MalformedResponseError as exc:
        return _CheckpointFacts(NoteStatus.MALFORMED, False, f"the checkpoint note is malformed: {exc}")
    if config.log_key is None:
        return _CheckpointFacts(
            NoteStatus.NO_VERIFIABLE_SIGNATURE,
            False,
            config.log_key_problem or "no log key is trusted",
            body=_unverified_body(parsed),
        )
    policy = witness.QuorumPolicy(config.witnesses, config.quorum, max_age=config.max_age, clock=clock)
    try:
        opened = note.open_note(parsed, (config.log_key, *config.witnesses))
    except SignatureError as exc:
        return _CheckpointFacts(NoteStatus.INVALID_SIGNATURE, False, f"a trusted signature fails: {exc}")
    except UnknownKeyError:
        return _CheckpointFacts(
            NoteStatus.NO_VERIFIABLE_SIGNATURE,
            False,
            "no signature line belongs to a trusted key",
            body=_unverified_body(parsed),
        )
    cosigned = sum(1 for v in opened.verified if v.key != config.log_key)
    if opened.signed_by(config.log_key) is None:
        return _CheckpointFacts(
            NoteStatus.OPENED,
            False,
            "the checkpoint is not signed by the log key",
            witnesses_verified=cosigned,
            body=_unverified_body(parsed),
        )
    body = _unverified_body(parsed)
    if body is None:
        return _CheckpointFacts(
            NoteStatus.MALFORMED, False, "the signed text is not a checkpoint", log_signature=Outcome.VALID
        )
    signed = _CheckpointFacts(
        NoteStatus.OPENED,
        False,
        "",
        log_signature=Outcome.VALID,
        origin_ok=body.origin == config.origin,
        witnesses_verified=cosigned,
        body=body,
    )
    if body.origin != config.origin:
        return replace(signed, reason="the checkpoint is for another origin")
    try:
        counted = policy.check(opened)
    except WitnessQuorumError as exc:
        return replace(signed, reason=f"witness quorum not met: {exc}", witnesses_verified=len(exc.verified))
    reason = "checkpoint verified" if config.quorum else "checkpoint verified (no witness policy: nobody cosigned it)"
    return replace(
        signed,
        trusted=True,
        reason=reason,
        witnesses_verified=len(counted),
        witnesses=tuple(v.key for v in counted),
    )


def assess_checkpoint(data: bytes, config: trust.TrustConfig, clock: Callable[[], int] | None = None) -> Assessment:
    """Every check that applies to a checkpoint alone; the verdict is ``valid`` or ``invalid``."""
    facts = _examine_checkpoint(data, config, clock)
    return Assessment(
        verdict=Verdict.VALID if facts.trusted else Verdict.INVALID,
        reason=facts.reason,
        policy=policy_json(config),
        note=facts.note,
        log_signature=facts.log_signature,
        origin_ok=facts.origin_ok,
        witnesses_verified=facts.witnesses_verified,
        witnesses=facts.witnesses,
        size=facts.body.size if facts.body else None,
        root=facts.body.root if facts.body else None,
    )


def _merkle_holds(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    try:
        merkle.verify_inclusion(leaf, index, size, proof, root)
    except InclusionProofError:
        return False
    return True


def assess_inclusion(
    entry: bytes,
    index: int,
    proof: Sequence[bytes],
    *,
    checkpoint_note: bytes | None,
    config: trust.TrustConfig,
    unsigned_size: int | None = None,
    unsigned_root: bytes | None = None,
    clock: Callable[[], int] | None = None,
) -> Assessment:
    """Assess the claim "``entry`` is leaf ``index``", with or without a checkpoint.

    Raises:
        ValueError: there is neither a checkpoint nor both unsigned values to check against.
    """
    leaf = merkle.leaf_hash(entry)
    if checkpoint_note is None:
        if unsigned_size is None or unsigned_root is None:
            raise ValueError("without a checkpoint, both an unsigned size and an unsigned root are needed")
        holds = _merkle_holds(leaf, index, unsigned_size, proof, unsigned_root)
        return Assessment(
            policy=policy_json(config),
            verdict=Verdict.MERKLE_VALID_NO_CHECKPOINT if holds else Verdict.INVALID,
            reason=(
                "the proof reproduces the given root, but there is no signed checkpoint"
                if holds
                else "the proof does not reproduce the given root"
            ),
            inclusion=Outcome.VALID if holds else Outcome.INVALID,
        )
    facts = _examine_checkpoint(checkpoint_note, config, clock)
    base = Assessment(
        verdict=Verdict.INVALID,
        reason=facts.reason,
        policy=policy_json(config),
        note=facts.note,
        log_signature=facts.log_signature,
        origin_ok=facts.origin_ok,
        witnesses_verified=facts.witnesses_verified,
        witnesses=facts.witnesses,
    )
    if facts.body is None:  # no size or root to prove against: only unsigned values are left
        holds = (
            unsigned_size is not None
            and unsigned_root is not None
            and _merkle_holds(leaf, index, unsigned_size, proof, unsigned_root)
        )
        return replace(base, inclusion=Outcome.VALID if holds else Outcome.INVALID)
    body = facts.body
    size_mismatch = unsigned_size is not None and unsigned_size != body.size
    root_mismatch = unsigned_root is not None and unsigned_root != body.root
    holds = _merkle_holds(leaf, index, body.size, proof, body.root)
    if not holds:
        verdict, reason = Verdict.INVALID, "the proof does not lead to the checkpoint's root at its size"
    elif size_mismatch or root_mismatch:
        verdict, reason = Verdict.INVALID, "a size or root given outside the checkpoint disagrees with it"
    elif facts.trusted:
        verdict = Verdict.VALID
        reason = (
            "the entry is included under a verified, witnessed checkpoint"
            if config.quorum
            else "the entry is included under a verified checkpoint (no witness policy)"
        )
    elif config.log_key is None:  # only a log we cannot check at all is "unverifiable"
        verdict = Verdict.MERKLE_VALID_CHECKPOINT_UNVERIFIABLE
        reason = f"the proof matches the checkpoint's root, but the checkpoint is unverifiable: {facts.reason}"
    else:
        verdict, reason = Verdict.INVALID, facts.reason
    return replace(
        base,
        verdict=verdict,
        reason=reason,
        inclusion=Outcome.VALID if holds else Outcome.INVALID,
        size_field_mismatch=size_mismatch,
        root_field_mismatch=root_mismatch,
        size=body.size,
        root=body.root,
    )
