"""Admission in worker processes: the same verdicts as in-process, and no worker outlives a killed node."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from ledger_node import admission
from ledger_node.admission_pool import AdmissionPool
from ledger_node.errors import MalformedEntryError, ProofRejectedError, UnregisteredSignerError
from tests.helpers import processes
from tests.helpers.node_process import NodeParties, running, start_node, to_body

PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


def test_the_pool_gives_the_same_answers_as_admission_in_process() -> None:
    good = PARTIES.record(NOPAL, 1)
    document = json.loads(good)
    document["credentialSubject"]["edited"] = "after signing"
    registration_by_a_party = PARTIES.sign(NOPAL, ["PartyRegistration"], {"id": "P-X", "type": "Party"})
    bodies = [good, b"\xff", to_body(document), to_body(registration_by_a_party)]

    async def examine_all(pool: AdmissionPool) -> list[object]:
        async def one(body: bytes) -> object:
            try:
                return await pool.examine(body)
            except admission.AdmissionError as exc:
                return type(exc)

        return list(await asyncio.gather(*(one(b) for b in bodies)))

    pool = AdmissionPool(PARTIES.cbp.did, 2)
    try:
        pooled = asyncio.run(examine_all(pool))
    finally:
        pool.close()
    inline = asyncio.run(examine_all(AdmissionPool(PARTIES.cbp.did, 0)))
    assert pooled == inline
    assert isinstance(pooled[0], admission.ExaminedEntry)
    assert pooled[0] == admission.examine(good, PARTIES.cbp.did, at=datetime.now(UTC))
    assert pooled[1:] == [MalformedEntryError, ProofRejectedError, UnregisteredSignerError]


@pytest.mark.slow
def test_admission_workers_exit_when_the_node_is_killed(tmp_path: Path) -> None:
    node = start_node(
        tmp_path, origin="test.example/pool", cbp_did=PARTIES.cbp.did, extra_args=["--admission-workers", "2"]
    )
    with running(node):
        assert requests.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=30).ok
        workers = processes.children(node.process.pid)
        assert workers, "the node runs its admission in worker processes"
        os.kill(node.process.pid, signal.SIGKILL)
        node.process.wait(timeout=10)
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [
        pid for pid in workers if Path(f"/proc/{pid}").exists() and "spawn" in Path(f"/proc/{pid}/cmdline").read_text()
    ]
    assert alive == []
