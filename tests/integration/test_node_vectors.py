"""A node fed the entries of the golang/mod test log serves tiles byte-identical to tiled_tree_leaf_n_70000.json.

The entries (``leaf <i>``) are not credentials, so they are sequenced through
the node's own :class:`~ledger_node.sequencer.Sequencer` and storage (as
``Node.seed`` would, minus admission), with a checkpoint published at each
size the vector lists; then ``ledger-node serve`` serves that data directory
and every tile and root is fetched over HTTP.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
import requests

from ledger_client import keys, merkle, tile_proofs, wire
from ledger_node import node as node_module
from ledger_node.metrics import Metrics
from ledger_node.registry import Registry
from ledger_node.sequencer import Sequencer
from ledger_node.sqlite_storage import SqliteStorage
from ledger_node.witness_client import Cosigner
from tests.helpers import assets
from tests.helpers.node_process import (
    HttpTileSource,
    NodeParties,
    fixed_signing_key,
    log_trust,
    running,
    start_node,
    verify_node,
)
from tests.helpers.tile_log import leaf_entries

VECTOR = assets.load("tiled_tree_leaf_n_70000")
ORIGIN = "test.example/leaf-n"
KEY = fixed_signing_key("leaf-n", keys.SignatureType.ED25519)
PARTIES = NodeParties()


def sequence(data_dir: Path, sizes: list[int]) -> dict[int, bytes]:
    """Sequence ``leaf 0 ..`` so that a checkpoint is published at each size; returns the notes by size."""
    data_dir.mkdir(parents=True)
    storage = SqliteStorage(data_dir / node_module.DATABASE_NAME, ORIGIN)
    sequencer = Sequencer(storage, KEY, ORIGIN, Cosigner((), 0), Registry(PARTIES.cbp.did), Metrics(), max_delay=0)
    notes: dict[int, bytes] = {}

    async def main() -> None:
        task = asyncio.create_task(sequencer.run())
        done = 0
        for size in sizes:
            entries = leaf_entries(size - done, start=done)
            acks = await asyncio.gather(*(sequencer.submit(e, merkle.leaf_hash(e)) for e in entries))
            assert [a.index for a in acks] == list(range(done, size))
            assert sequencer.published is not None
            notes[sequencer.published.size] = sequencer.published.note
            done = size
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    try:
        asyncio.run(main())
    finally:
        storage.close()
    return notes


@pytest.mark.slow
def test_served_tiles_and_roots_are_byte_identical_to_the_vector(tmp_path: Path) -> None:
    sizes = sorted(int(s) for s in VECTOR["root_by_tree_size_hex"] if s != "0")
    notes = sequence(tmp_path / "node" / "data", sizes)
    for size_text, root_hex in VECTOR["root_by_tree_size_hex"].items():
        if size_text != "0":
            published = wire.parse_checkpoint(wire.parse_note(notes[int(size_text)]).text)
            assert published.root.hex() == root_hex, size_text
    node = start_node(tmp_path, origin=ORIGIN, cbp_did=PARTIES.cbp.did, key=KEY)
    with running(node):
        source = HttpTileSource(node.url)
        for expected in VECTOR["tiles_for_tree_size"].values():
            for tile in expected:
                served = source.get(tile["path"])
                assert hashlib.sha256(served).hexdigest() == tile["sha256_of_tile_bytes"], tile["path"]
        body = verify_node(node.url, log_trust(ORIGIN, KEY.verifier().to_vkey()), checkpoints=list(notes.values()))
        assert body.root.hex() == VECTOR["root_by_tree_size_hex"]["70000"]
        assert requests.get(node.url + "/tile/0/274", timeout=10).status_code == 404
        for proof in VECTOR["inclusion"][:50]:
            tree = tile_proofs.TileTree(
                proof["tree_size"], bytes.fromhex(VECTOR["root_by_tree_size_hex"][str(proof["tree_size"])]), source
            )
            assert [h.hex() for h in tree.inclusion_proof(proof["leaf_index"])] == proof["proof_hex"]
