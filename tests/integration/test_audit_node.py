"""``ledger-client audit`` on our own node over loopback: a witnessed log of two entry bundles, then a later size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from ledger_client import keys
from ledger_client.cli import main
from tests.helpers.node_process import (
    LedgerProcess,
    NodeParties,
    fixed_signing_key,
    running,
    start_node,
    start_witness,
    wait_until_published,
)

ORIGIN = "test.example/audit"
PARTIES = NodeParties()
NOPAL = PARTIES.party_key("P-NOPAL")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main.main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def _fill(node: LedgerProcess, serials: range, *, register: bool = False) -> int:
    session = requests.Session()
    if register:
        assert session.post(node.url + "/add-entry", data=PARTIES.registration("P-NOPAL"), timeout=10).ok
    for serial in serials:
        assert session.post(node.url + "/add-entry", data=PARTIES.record(NOPAL, serial), timeout=10).ok
    return wait_until_published(node)


def test_audit_of_a_real_node_over_loopback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log_key = fixed_signing_key(ORIGIN, keys.SignatureType.ED25519)
    witness = start_witness(tmp_path, logs={ORIGIN: log_key.verifier().to_vkey()})
    with running(witness):
        node = start_node(tmp_path, origin=ORIGIN, cbp_did=PARTIES.cbp.did, witnesses=[witness], quorum=1, key=log_key)
        with running(node):
            assert _fill(node, range(9), register=True) == 10
            early = tmp_path / "early-checkpoint"
            early.write_bytes(requests.get(node.url + "/checkpoint", timeout=10).content)
            size = _fill(node, range(9, 300))
            trust = tmp_path / "trust.json"
            policy = {"witness_vkeys": [witness.vkey], "witness_quorum": 1}
            trust.write_text(json.dumps({"log_vkey": node.vkey, "expected_origin": ORIGIN, **policy}))
            args = ["audit", node.url, "--trust", str(trust), "--entries", "--since", str(early), "--quiet"]
            code, out = run(capsys, *args)
    assert (code, out["verdict"], out["size"], out["witness_policy"], out["witnesses_verified"]) == (
        0, "valid", 301, "quorum", 1
    )  # fmt: skip
    assert size == 301
    report = out["audit"]
    assert isinstance(report, dict)
    assert (report["bundles_checked"], report["entries_checked"], report["disagreement"]) == (2, 301, None)
    since = out["since"]
    assert isinstance(since, dict)
    assert (since["verdict"], since["size"], since["consistent"]) == ("valid", 10, True)
