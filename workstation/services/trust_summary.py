"""What a trust file pins, in a form the first-run and settings dialogs can list (Qt-free)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import ledger_client


@dataclass(frozen=True, slots=True)
class PinnedKey:
    """One key the trust file pins.

    Attributes:
        role: "Log", "Witness" or "CBP issuer".
        name: the key's name (from the agency's file: show as plain text).
        key_id: the key ID in hex, or the did:key for an issuer.
    """

    role: str
    name: str
    key_id: str


@dataclass(frozen=True, slots=True)
class TrustSummary:
    """A parsed trust file: the ledger it names, its witness quorum and the keys it pins."""

    origin: str
    quorum: int
    witnesses: int
    keys: tuple[PinnedKey, ...]
    raw: Mapping[str, object]

    @classmethod
    def from_config(cls, config: ledger_client.TrustConfig, raw: Mapping[str, object]) -> TrustSummary:
        pinned: list[PinnedKey] = []
        if config.log_key is not None:
            pinned.append(PinnedKey("Log", config.log_key.name, f"{config.log_key.key_id:08x}"))
        pinned.extend(PinnedKey("Witness", w.name, f"{w.key_id:08x}") for w in config.witnesses)
        pinned.extend(PinnedKey("CBP issuer", "CBP", did) for did in config.issuer_keys)
        return cls(config.origin, config.quorum, len(config.witnesses), tuple(pinned), dict(raw))
