"""SIGKILL at each persistence step, restart, and prove through the client that nothing acknowledged is lost.

The node also writes its read path as files (``--tiles-dir``): right after the
crash, and again after the restart, ``ledger_client.audit`` must accept the
directory's checkpoint from its files alone.

The node kills itself (``LEDGER_NODE_CRASH_AT``, ledger_node.faults) in the batch
of one unacknowledged entry, after earlier entries were acknowledged. After a
restart, the tile-only verifier must find every acknowledged entry at its index,
every checkpoint seen (from the node and from the witness) must be consistent
with every other, and the entry that was in flight is either logged or not
(never half): resubmitting it gets an index under a new checkpoint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ledger_client import audit, audit_source, checkpoint, keys
from ledger_client.credentials import strict_json
from ledger_node.faults import STEPS
from tests.helpers.node_process import (
    LedgerProcess,
    NodeParties,
    log_trust,
    restart,
    running,
    start_node,
    start_witness,
    verify_node,
    wait_until_published,
)

PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


def log_key(step: str) -> keys.SigningKey:
    origin = f"test.example/crash-{step}"
    return keys.SigningKey(origin, keys.SignatureType.ED25519, hashlib.sha256(origin.encode()).digest())


@pytest.fixture(scope="module")
def witness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LedgerProcess]:
    """One witness for every crash test, each with its own log origin."""
    logs = {log_key(step).name: log_key(step).verifier().to_vkey() for step in STEPS}
    with start_witness(tmp_path_factory.mktemp("faults"), logs=logs) as running_witness:
        yield running_witness


def audit_files(directory: Path, trust: checkpoint.LogTrust) -> int:
    """The size of the directory's checkpoint, after checking that its files reproduce it."""
    verified = checkpoint.verify_checkpoint((directory / "checkpoint").read_bytes(), trust)
    result = audit.audit_tree(verified.size, verified.root, audit_source.DirectorySource(directory), entries=True)
    assert result.ok, result.disagreement
    return verified.size


def canonical(body: bytes) -> bytes:
    return strict_json.canonicalize(json.loads(body))


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_each_step_loses_no_acknowledged_entry(tmp_path: Path, witness: LedgerProcess, step: str) -> None:
    key = log_key(step)
    origin = key.name
    trust = log_trust(origin, key.verifier().to_vkey(), [witness.vkey], quorum=1)
    files = tmp_path / "tiles"
    node = start_node(
        tmp_path, origin=origin, cbp_did=PARTIES.cbp.did, witnesses=[witness], key=key,
        extra_args=["--tiles-dir", str(files)],
    )  # fmt: skip
    acknowledged: dict[int, bytes] = {}
    notes: list[bytes] = []
    try:
        for body in [PARTIES.registration("P-NOPAL"), *(PARTIES.record(NOPAL, i) for i in range(3))]:
            answer = requests.post(node.url + "/add-entry", data=body, timeout=30).json()
            acknowledged[answer["index"]] = canonical(body)
            notes.append(answer["checkpoint"].encode())

        node = restart(node, env={"LEDGER_NODE_CRASH_AT": step})
        in_flight = PARTIES.record(NOPAL, "in flight")
        with pytest.raises(requests.ConnectionError):
            requests.post(node.url + "/add-entry", data=in_flight, timeout=30)
        assert node.wait_exit() == -9, node.log_text()
        assert audit_files(files, trust) in (4, 5)  # the files prove whatever checkpoint they show

        node = restart(node)
        verify_node(node.url, trust, acknowledged=acknowledged, checkpoints=notes, witnessed=True)
        answer = requests.post(node.url + "/add-entry", data=in_flight, timeout=30)
        assert answer.status_code == 200, answer.text
        acknowledged[answer.json()["index"]] = canonical(in_flight)
        notes.append(answer.json()["checkpoint"].encode())
        origin_hash = hashlib.sha256(origin.encode()).hexdigest()
        notes.append(requests.get(f"{witness.url}/{origin_hash}/checkpoint", timeout=10).content)
        after = requests.post(node.url + "/add-entry", data=PARTIES.record(NOPAL, "after"), timeout=30)
        acknowledged[after.json()["index"]] = canonical(PARTIES.record(NOPAL, "after"))
        notes.append(after.json()["checkpoint"].encode())
        served = verify_node(node.url, trust, acknowledged=acknowledged, checkpoints=notes, witnessed=True)
        assert served.size == 6
        assert sorted(acknowledged) == list(range(6))
        assert audit_files(files, trust) == 6
    finally:
        with running(node):
            pass


@pytest.mark.slow
def test_a_crash_while_recovering_is_recovered_too(tmp_path: Path, witness: LedgerProcess) -> None:
    """Killed after storing, then killed again after signing the recovery batch: the third start publishes."""
    key = log_key("after-store")
    node = start_node(tmp_path, origin=key.name, cbp_did=PARTIES.cbp.did, name="twice", key=key)
    trust = log_trust(key.name, key.verifier().to_vkey())
    try:
        first = requests.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=30).json()
        node = restart(node, env={"LEDGER_NODE_CRASH_AT": "after-store"})
        with pytest.raises(requests.ConnectionError):
            requests.post(node.url + "/add-entry", data=PARTIES.record(NOPAL, 1), timeout=30)
        node.wait_exit()
        try:
            again = restart(node, env={"LEDGER_NODE_CRASH_AT": "after-sign"})
        except RuntimeError:
            pass  # it died recovering before it answered /healthz (launch reaped it)
        else:
            assert again.wait_exit() == -9  # it answered /healthz first, then died recovering
    finally:
        with running(node):
            pass
    node = restart(node)
    with running(node):
        assert wait_until_published(node) == 2  # the stored entry is published by the recovery
        acknowledged = {first["index"]: canonical(PARTIES.registration("P-NOPAL"))}
        body = verify_node(node.url, trust, acknowledged=acknowledged, checkpoints=[first["checkpoint"].encode()])
        assert body.size == 2
