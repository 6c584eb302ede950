"""Many clients submitting at once: every entry gets one index, none is lost, duplicates share theirs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from ledger_client.credentials import strict_json
from tests.helpers.node_process import LedgerProcess, NodeParties, log_trust, start_node, verify_node

ORIGIN = "test.example/concurrency"
PARTIES = NodeParties()
CLIENTS = 16
PER_CLIENT = 12


@pytest.fixture
def node(tmp_path: Path) -> Iterator[LedgerProcess]:
    with start_node(tmp_path, origin=ORIGIN, cbp_did=PARTIES.cbp.did) as running:
        yield running


@pytest.mark.slow
def test_concurrent_clients_get_unique_indexes_and_lose_nothing(node: LedgerProcess) -> None:
    party_ids = [f"P-{n}" for n in range(4)]
    for party in party_ids:
        assert requests.post(node.url + "/add-entry", data=PARTIES.registration(party), timeout=30).ok
    bodies = [
        [PARTIES.record(PARTIES.party_key(party_ids[c % 4]), f"{c}-{i}") for i in range(PER_CLIENT)]
        for c in range(CLIENTS)
    ]
    shared = PARTIES.record(PARTIES.party_key("P-0"), "submitted by everyone")

    def client(mine: list[bytes]) -> list[tuple[int, bytes, bytes]]:
        session = requests.Session()
        out = []
        for body in [shared, *mine, shared]:
            answer = session.post(node.url + "/add-entry", data=body, timeout=60)
            assert answer.status_code == 200, answer.text
            out.append((answer.json()["index"], body, answer.json()["checkpoint"].encode()))
        return out

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = [row for rows in pool.map(client, bodies) for row in rows]
    by_index: dict[int, bytes] = {}
    for index, body, _ in results:
        entry = strict_json.canonicalize(json.loads(body))
        assert by_index.setdefault(index, entry) == entry, f"index {index} was given to two entries"
    assert len(by_index) == CLIENTS * PER_CLIENT + 1
    assert sorted(by_index) == list(range(len(party_ids), len(party_ids) + len(by_index)))
    notes = sorted({note for _, _, note in results})
    served = verify_node(node.url, log_trust(ORIGIN, node.vkey), acknowledged=by_index, checkpoints=notes)
    assert served.size == len(party_ids) + len(by_index)
