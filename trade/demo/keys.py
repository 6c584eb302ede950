"""DEMO keys, derived deterministically from the seed: CBP, every party, the log and its witness.

These keys are published with the source code and protect nothing; they exist so
that the demo ledger can be rebuilt byte for byte.

>>> keys = DemoKeys(seed=7)
>>> keys.party("P-NOPAL").did == DemoKeys(seed=7).party("P-NOPAL").did
True
>>> keys.log.verifier().name
'demo.customs-ledger.example/log'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ledger_client import keys as note_keys
from ledger_client.credentials import SigningKey

LOG_ORIGIN = "demo.customs-ledger.example/log"
WITNESS_NAME = "demo-witness.customs-ledger.example"


def derive_seed(seed: int, label: str) -> bytes:
    """32 bytes for ``label``: SHA-256 over a fixed prefix, the seed and the label."""
    return hashlib.sha256(f"customs-workstation DEMO key|{seed}|{label}".encode()).digest()


@dataclass(frozen=True, slots=True)
class DemoKeys:
    """Every DEMO key of one seed."""

    seed: int

    def party(self, party_id: str) -> SigningKey:
        """The credential-signing key of a party (``CBP`` for CBP)."""
        return SigningKey.from_seed(derive_seed(self.seed, f"party/{party_id}"))

    @property
    def cbp(self) -> SigningKey:
        return self.party("CBP")

    @property
    def log(self) -> note_keys.SigningKey:
        """The log's checkpoint-signing key (signed-note type 0x01)."""
        return note_keys.SigningKey(LOG_ORIGIN, note_keys.SignatureType.ED25519, derive_seed(self.seed, "log"))

    @property
    def witness(self) -> note_keys.SigningKey:
        """The demo witness's cosigning key (tlog-cosignature type 0x04)."""
        return note_keys.SigningKey(
            WITNESS_NAME, note_keys.SignatureType.COSIGNATURE_V1, derive_seed(self.seed, "witness")
        )
