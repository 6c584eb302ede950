"""A log key and witness keys made from fixed test seeds, to sign checkpoints in tests.

These keys exist only for tests; the demo ledger has its own DEMO keys in ``resources``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ledger_client import checkpoint, cosignature, keys, merkle, note, wire, witness

ORIGIN = "test.example/ledger"
T0 = 1_700_000_000


def test_key(name: str, kind: keys.SignatureType) -> keys.SigningKey:
    return keys.SigningKey(name, kind, hashlib.sha256(f"test seed {name}".encode()).digest())


@dataclass
class SignedLog:
    """A log of ``entries`` with one log key and ``n_witnesses`` witness keys."""

    entries: list[bytes] = field(default_factory=list)
    origin: str = ORIGIN
    n_witnesses: int = 3
    log_key: keys.SigningKey = field(default_factory=lambda: test_key(ORIGIN, keys.SignatureType.ED25519))

    def __post_init__(self) -> None:
        self.witness_keys = [
            test_key(f"witness-{i}.test", keys.SignatureType.COSIGNATURE_V1) for i in range(self.n_witnesses)
        ]
        self.tree = merkle.HashTree(self.entries)

    def append(self, *entries: bytes) -> None:
        for e in entries:
            self.entries.append(e)
            self.tree.append_leaf_hash(merkle.leaf_hash(e))

    def body(self, size: int | None = None, root: bytes | None = None, origin: str | None = None) -> wire.Checkpoint:
        n = self.tree.size if size is None else size
        return wire.Checkpoint(origin or self.origin, n, root if root is not None else self.tree.root(n))

    def sign(
        self,
        body: wire.Checkpoint,
        *,
        cosigners: Sequence[int] | None = None,
        timestamp: int = T0,
        log_signs: bool = True,
    ) -> bytes:
        """The signed note of ``body``: log signature, then cosignatures of the chosen witnesses."""
        text = body.to_text()
        lines: list[wire.SignatureLine] = []
        if log_signs:
            lines.extend(note.sign_note(text, [self.log_key]).signatures)
        for i in range(len(self.witness_keys)) if cosigners is None else cosigners:
            lines.append(cosignature.cosign(self.witness_keys[i], text, timestamp))
        return wire.Note(text, tuple(lines)).to_bytes()

    def checkpoint(self, size: int | None = None, **options: object) -> bytes:
        return self.sign(self.body(size), **options)  # type: ignore[arg-type]

    def trust(self, quorum: int = 2, **options: object) -> checkpoint.LogTrust:
        policy = witness.QuorumPolicy(
            tuple(k.verifier() for k in self.witness_keys), quorum, **options  # type: ignore[arg-type]
        )
        return checkpoint.LogTrust(self.origin, self.log_key.verifier(), policy)

    def trust_json(self, quorum: int = 2) -> dict[str, object]:
        return {
            "log_vkey": self.log_key.verifier().to_vkey(),
            "expected_origin": self.origin,
            "witness_vkeys": [k.verifier().to_vkey() for k in self.witness_keys],
            "witness_quorum": quorum,
        }
