"""Benchmark of the verification core, each figure beside its in-run baseline.

1. Opening a checkpoint with a log signature and 3 cosignatures (parse, verify 4
   signatures, check origin and quorum) vs 4 raw pynacl verifies.   goal <= 1.3x
2. Verifying a depth-20 inclusion proof vs 21 raw hashlib.sha256 calls.  goal <= 1.5x
3. Rebuilding an inclusion and a consistency proof from the tiles of a 1M-leaf tree.

Run: ``.venv/bin/python bench/verify.py``
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import nacl.signing

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import timing
from ledger_client import checkpoint, merkle, tile_proofs, wire
from tests.helpers import tile_log
from tests.helpers.signed_log import SignedLog


def bench_checkpoint() -> None:
    log = SignedLog([b"x"] * 1000, n_witnesses=3)
    data = log.checkpoint()
    trust = log.trust(quorum=3)
    parsed = wire.parse_note(data)
    pairs = []
    for line, key in zip(parsed.signatures, [log.log_key, *log.witness_keys], strict=True):
        verify_key = nacl.signing.VerifyKey(key.verifier().public_key)
        if key is log.log_key:
            pairs.append((verify_key, parsed.text.encode(), line.signature))
        else:
            msg = f"cosignature/v1\ntime {int.from_bytes(line.signature[:8], 'big')}\n{parsed.text}".encode()
            pairs.append((verify_key, msg, line.signature[8:]))

    def raw() -> None:
        for vk, msg, sig in pairs:
            vk.verify(msg, sig)

    def ours() -> None:
        checkpoint.verify_checkpoint(data, trust)

    measured, base = timing.compare(ours, raw, number=200)
    timing.row("open checkpoint: log sig + 3 cosigs, quorum 3", measured, base, 1.3)


def bench_inclusion() -> None:
    size = 1 << 20
    tree = merkle.HashTree(b"%d" % i for i in range(size))
    index = 123_457
    proof = merkle.inclusion_proof(index, size, tree.subtree_hash)
    assert len(proof) == 20
    root = tree.root()
    entry = b"%d" % index
    inputs = [b"\x01" + bytes(64)] * 20 + [b"\x00" + entry]
    sha = hashlib.sha256

    def raw() -> None:
        for buf in inputs:
            sha(buf).digest()

    def ours() -> None:  # what inclusion.verify_entry does: hash the entry, then walk the path
        merkle.verify_inclusion(merkle.leaf_hash(entry), index, size, proof, root)

    measured, base = timing.compare(ours, raw, number=10_000)
    timing.row("verify depth-20 inclusion proof (leaf hash + 20 nodes)", measured, base, 1.5)


def bench_tiles() -> None:
    start = time.perf_counter()
    root, tiles = tile_log.build_tiles(1_000_000)
    print(f"  (built the tiles of a 1,000,000-leaf tree in {time.perf_counter() - start:.1f} s)")
    source = tile_log.DictTileSource(tiles)
    index = [0]

    def cold_inclusion() -> None:
        tree = tile_proofs.TileTree(1_000_000, root, source)
        index[0] = (index[0] + 7919) % 1_000_000
        tree.inclusion_proof(index[0])

    def cold_consistency() -> None:
        tree = tile_proofs.TileTree(1_000_000, root, source)
        index[0] = (index[0] + 7919) % 1_000_000
        tree.consistency_proof(index[0] + 1)

    warm = tile_proofs.TileTree(1_000_000, root, source)

    def warm_inclusion() -> None:
        index[0] = (index[0] + 7919) % 1_000_000
        warm.inclusion_proof(index[0])

    timing.row("1M-leaf tree: root check + inclusion proof from tiles", timing.per_call(cold_inclusion, number=200))
    timing.row("1M-leaf tree: root check + consistency proof from tiles", timing.per_call(cold_consistency, number=200))
    timing.row("1M-leaf tree: inclusion proof, tiles already verified", timing.per_call(warm_inclusion, number=2000))


def main() -> None:
    print("bench/verify.py: the verification core, median per operation")
    bench_checkpoint()
    bench_inclusion()
    bench_tiles()


if __name__ == "__main__":
    main()
