"""Node.seed loads pre-signed entries through admission, registrations first (the demo data path)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from ledger_client import keys, tiles
from ledger_client.credentials import strict_json
from ledger_node.errors import UnregisteredSignerError
from ledger_node.node import Node, NodeConfig
from ledger_node.sequencer import Acknowledgement
from tests.helpers.node_process import NodeParties, fixed_signing_key

PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


def open_node(tmp_path: Path) -> Node:
    config = NodeConfig(
        data_dir=tmp_path / "data",
        log_key=fixed_signing_key("seed", keys.SignatureType.ED25519),
        origin="test.example/seed",
        cbp_did=PARTIES.cbp.did,
    )
    return Node.open(config)


def run_seed(node: Node, entries: list[bytes]) -> list[Acknowledgement]:
    async def main() -> list[Acknowledgement]:
        task = asyncio.create_task(node.run())
        try:
            return await asyncio.wait_for(node.seed(entries), 60)
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    return asyncio.run(main())


def test_seed_registers_parties_before_their_records_and_keeps_the_order(tmp_path: Path) -> None:
    node = open_node(tmp_path)
    try:
        entries = [PARTIES.registration("P-NOPAL"), *(PARTIES.record(NOPAL, i) for i in range(5))]
        acks = run_seed(node, entries)
        assert [a.index for a in acks] == list(range(6))
        assert node.storage.read_entries(0, 6) == [strict_json.canonicalize(json.loads(e)) for e in entries]
        assert node.tile(tiles.TileId(0, 0, 6)) is not None
        assert node.tile(tiles.TileId(0, 0, 7)) is None  # wider than the published checkpoint
        assert node.bundle(tiles.BundleId(0, 6)) is not None
    finally:
        node.close()


def test_seeding_again_keeps_every_index(tmp_path: Path) -> None:
    entries = [PARTIES.registration("P-NOPAL"), PARTIES.record(NOPAL, 1)]
    first = open_node(tmp_path)
    try:
        run_seed(first, entries)
    finally:
        first.close()
    again = open_node(tmp_path)
    try:
        assert [a.index for a in run_seed(again, entries)] == [0, 1]
        assert again.registry.party_of(NOPAL.did) == "P-NOPAL"  # rebuilt from the log at start-up
    finally:
        again.close()


def test_seed_refuses_a_record_of_an_unregistered_party(tmp_path: Path) -> None:
    node = open_node(tmp_path)
    try:
        with pytest.raises(UnregisteredSignerError, match="no PartyRegistration"):
            run_seed(node, [PARTIES.record(NOPAL, 1)])
    finally:
        node.close()
