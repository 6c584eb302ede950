"""Witness policy: k-of-n distinct trusted cosigners (c2sp.org/tlog-cosignature, "Client policy").

A policy is built once from the trust configuration and refuses misuse when
built. A quorum of zero is accepted only together with an empty witness list:
that is the explicit "no witness policy" of a log nobody cosigns (the Go
checksum database, an unwitnessed Rekor v2 shard), and every verdict under it
says so (:attr:`QuorumPolicy.unwitnessed`). Witnesses configured with a quorum
of zero would be silently ignored, so that is refused; a quorum above the
number of witnesses could never be met. One public key may not stand for two
witnesses: two names (or two key types) for one key would count one witness
twice.

A witness may be pinned with a cosignature/v1 key (type 0x04, which dates its
cosignature) or with a plain Ed25519 note key (type 0x01: older witness
deployments, the extra signers of the Go checksum database). A plain signature
carries no time, so under a maximum age it cannot count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from ledger_client import keys, note
from ledger_client.errors import WitnessQuorumError

#: Cosignatures dated further than this into the future are not counted.
DEFAULT_FUTURE_SKEW = 300


class WitnessPolicy(Protocol):
    """Decides whether an opened checkpoint note carries enough witness cosignatures."""

    @property
    def witness_keys(self) -> tuple[keys.VerifierKey, ...]:
        """The keys to open the note with, beside the log key."""
        ...

    @property
    def unwitnessed(self) -> bool:
        """True when the policy asks for no witness at all (stated in every verdict)."""
        ...

    def check(self, opened: note.OpenedNote) -> tuple[note.VerifiedSignature, ...]:
        """Return the cosignatures that counted. Raises WitnessQuorumError."""
        ...


@dataclass(frozen=True, slots=True)
class QuorumPolicy:
    """At least ``quorum`` of ``witnesses`` must have cosigned.

    Attributes:
        witnesses: the pinned witness keys (type 0x04 cosignature/v1, or type 0x01 Ed25519).
        quorum: how many distinct witnesses must cosign (1..len(witnesses); 0 only with no witnesses).
        max_age: when set, cosignatures older than this many seconds do not count.
        clock: POSIX seconds now; required with ``max_age``, and used to refuse
            cosignatures dated in the future.
    """

    witnesses: tuple[keys.VerifierKey, ...]
    quorum: int
    max_age: int | None = None
    clock: Callable[[], int] | None = None
    future_skew: int = DEFAULT_FUTURE_SKEW

    def __post_init__(self) -> None:
        if self.quorum < 0:
            raise ValueError("a witness quorum cannot be negative")
        if self.quorum == 0 and self.witnesses:
            # Pinned witnesses that never need to sign would read as a witnessed policy: refuse it.
            raise ValueError("a witness quorum of 0 is only accepted with an empty witness list")
        if self.quorum > len(self.witnesses):
            raise ValueError(f"a quorum of {self.quorum} cannot be met by {len(self.witnesses)} witnesses")
        if len({k.public_key for k in self.witnesses}) != len(self.witnesses):
            raise ValueError("one public key is configured for two witnesses")
        if self.max_age is not None and (self.max_age <= 0 or self.clock is None):
            raise ValueError("a maximum cosignature age needs a positive age and a clock")

    @classmethod
    def from_vkeys(
        cls,
        vkeys: Iterable[str],
        quorum: int,
        *,
        max_age: int | None = None,
        clock: Callable[[], int] | None = None,
    ) -> QuorumPolicy:
        """Build from verifier-key strings. Raises InvalidVerifierKeyError or ValueError."""
        witnesses = tuple(keys.VerifierKey.from_vkey(v) for v in vkeys)
        return cls(witnesses, quorum, max_age=max_age, clock=clock)

    @property
    def witness_keys(self) -> tuple[keys.VerifierKey, ...]:
        return self.witnesses

    @property
    def unwitnessed(self) -> bool:
        """True for the explicit "no witness" policy (quorum 0, no witnesses)."""
        return self.quorum == 0

    def check(self, opened: note.OpenedNote) -> tuple[note.VerifiedSignature, ...]:
        now = self.clock() if self.clock is not None else None
        counted: list[note.VerifiedSignature] = []
        refused: list[tuple[str, str]] = []
        for sig in opened.verified:
            if sig.key not in self.witnesses:
                continue
            if sig.timestamp is None:  # a type 0x01 signature: valid, but undated
                if self.max_age is not None:
                    refused.append((sig.key.name, "a plain Ed25519 signature carries no time to check its age"))
                else:
                    counted.append(sig)
            elif now is not None and sig.timestamp > now + self.future_skew:
                refused.append((sig.key.name, f"dated {sig.timestamp - now} s in the future"))
            elif now is not None and self.max_age is not None and now - sig.timestamp > self.max_age:
                refused.append((sig.key.name, f"{now - sig.timestamp} s old, over the limit of {self.max_age} s"))
            else:
                counted.append(sig)
        if len(counted) < self.quorum:
            raise WitnessQuorumError(
                f"{len(counted)} of the required {self.quorum} witnesses cosigned",
                required=self.quorum,
                verified=[s.key.name for s in counted],
                refused=refused,
            )
        return tuple(counted)
