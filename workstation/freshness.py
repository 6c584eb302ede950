"""How fresh the trust root is: the age of the last verified checkpoint against two limits.

A verdict rests on the mirror's last verified checkpoint. The longer ago that
checkpoint was cosigned, the more the ledger may have moved on (a revocation,
a new record) without this workstation knowing. Two limits apply:

* the *warning* limit, a profile setting (24 hours unless changed): past it the
  banner and ``workstation sync`` say the checkpoint is stale, verdicts are still given;
* the *refusal* limit, set by the agency in the trust file
  (``max_checkpoint_age_seconds``, optional): past it no verdict is given until
  a sync brings a fresher checkpoint.

The age runs from the newest counted witness cosignature (the witnesses' word
that the log was at that size then), or from when this workstation verified the
checkpoint when no cosignature carries a time. Qt-free; the clock is the caller's.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

import ledger_client

#: The trust-file member that sets the refusal limit (seconds; optional).
TRUST_MEMBER = "max_checkpoint_age_seconds"
#: The warning limit when the profile does not set one.
DEFAULT_WARN_AFTER_SECONDS = 24 * 3600


class Level(enum.Enum):
    """Where the checkpoint's age stands against the limits."""

    FRESH = "FRESH"
    STALE = "STALE"  # past the warning limit: verdicts are given with a warning
    TOO_OLD = "TOO_OLD"  # past the trust file's limit: no verdicts
    NO_CHECKPOINT = "NO_CHECKPOINT"


@dataclass(frozen=True, slots=True)
class FreshnessPolicy:
    """The two limits, in seconds (``refuse_after`` is None when the trust file sets none)."""

    warn_after: int = DEFAULT_WARN_AFTER_SECONDS
    refuse_after: int | None = None

    def __post_init__(self) -> None:
        if self.warn_after <= 0:
            raise ValueError("the warning limit must be a positive number of seconds")
        if self.refuse_after is not None and self.refuse_after <= 0:
            raise ValueError("the refusal limit must be a positive number of seconds")


@dataclass(frozen=True, slots=True)
class Freshness:
    """The assessment at one moment.

    Attributes:
        level: FRESH, STALE, TOO_OLD or NO_CHECKPOINT.
        age_seconds: the checkpoint's age (None without a checkpoint).
        policy: the limits it was judged against.
        reason: one sentence saying why the level is what it is (our words).
    """

    level: Level
    age_seconds: int | None
    policy: FreshnessPolicy
    reason: str

    @property
    def warns(self) -> bool:
        return self.level in {Level.STALE, Level.TOO_OLD}

    @property
    def refuses_verdicts(self) -> bool:
        return self.level is Level.TOO_OLD

    def to_json(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "age_seconds": self.age_seconds,
            "warn_after_seconds": self.policy.warn_after,
            "refuse_after_seconds": self.policy.refuse_after,
            "reason": self.reason,
        }


def _hours(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "1 hour" if hours == 1 else f"{hours:,} hours"
    return f"{seconds:,} seconds"


def assess(anchor: int | None, now: int, policy: FreshnessPolicy) -> Freshness:
    """Judge a checkpoint whose age runs from ``anchor`` (POSIX seconds; None: no checkpoint)."""
    if anchor is None:
        return Freshness(Level.NO_CHECKPOINT, None, policy, "no checkpoint has been verified yet")
    age = max(now - anchor, 0)
    if policy.refuse_after is not None and age > policy.refuse_after:
        return Freshness(
            Level.TOO_OLD,
            age,
            policy,
            f"the checkpoint is older than the trust file's limit of {_hours(policy.refuse_after)}:"
            " sync before any verdict",
        )
    if age > policy.warn_after:
        return Freshness(
            Level.STALE, age, policy, f"the checkpoint is older than the warning limit of {_hours(policy.warn_after)}"
        )
    return Freshness(Level.FRESH, age, policy, "the checkpoint is within the warning limit")


def anchor_of(verified: ledger_client.VerifiedCheckpoint | None, verified_at: int | None) -> int | None:
    """When the checkpoint's age starts: its newest counted cosignature's time, else when it was verified."""
    if verified is None:
        return None
    stamps = [w.timestamp for w in verified.witnesses if w.timestamp is not None]
    return max(stamps) if stamps else verified_at


def refuse_after_from_trust(trust: Mapping[str, object]) -> int | None:
    """The trust file's refusal limit, parsed strictly.

    Raises:
        TrustFileError: the member is present but not a positive whole number of seconds.
    """
    value = trust.get(TRUST_MEMBER)
    if value is None and TRUST_MEMBER not in trust:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ledger_client.TrustFileError(f"{TRUST_MEMBER} must be a positive whole number of seconds")
    return value


class CheckpointTooOldError(ledger_client.LedgerError):
    """No verdict: the last verified checkpoint is older than the trust file allows.

    Attributes:
        freshness: the assessment that refused (age and limits).
    """

    USER_MESSAGE = (
        "No verdict can be given: the last verified checkpoint is older than the agency's trust file allows."
        " Synchronize with the ledger, then check again."
    )

    def __init__(self, freshness: Freshness) -> None:
        super().__init__(freshness.reason)
        self.freshness = freshness

    def details(self) -> Mapping[str, object]:
        return {"error": type(self).__name__, "message": str(self), **self.freshness.to_json()}
